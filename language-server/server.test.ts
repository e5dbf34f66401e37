// The real server process over stdio, driven by a JSON-RPC protocol
// connection: diagnostics arrive after a didOpen, and a hover comes back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';

test('the server answers over stdio: diagnostics on open and change, hover, definition', { timeout: 30_000 }, async () => {
  const server = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'server.ts'), '--stdio'], {
    cwd: join(__dirname, '..'), stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const diagnostics: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.push(p);
    waiters.splice(0).forEach((w) => w());
  });
  const nextDiagnostics = async (count: number): Promise<PublishDiagnosticsParams> => {
    while (diagnostics.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
    return diagnostics[count - 1]!;
  };
  conn.listen();
  try {
    const init = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }) as { capabilities: Record<string, unknown> };
    assert.equal(init.capabilities.hoverProvider, true);
    assert.deepEqual(init.capabilities.renameProvider, { prepareProvider: true });
    await conn.sendNotification('initialized', {});

    const uri = 'file:///test/add.wat';
    const text = '(module\n  (func $add (param $a i32) (param $b i32) (result i32)\n    local.get $a\n    local.get $b\n    i32.add))\n';
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'wat', version: 1, text } });
    const first = await nextDiagnostics(1);
    assert.equal(first.uri, uri);
    assert.deepEqual(first.diagnostics, []);

    // Break it with an incremental change: `i32.add` → `i32.addd` (line 4, after column 11).
    await conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 11 }, end: { line: 4, character: 11 } }, text: 'd' }],
    });
    const second = await nextDiagnostics(2);
    assert.equal(second.version, 2);
    assert.equal(second.diagnostics.length, 1);
    assert.deepEqual(second.diagnostics[0]!.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 12 } });
    const message = second.diagnostics[0]!.message;
    assert.match(typeof message === 'string' ? message : message.value, /unknown operator i32\.addd/);

    const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 15 } }) as { contents: { value: string } };
    assert.match(hover.contents.value, /\(param \$b i32\)/);
    const def = await conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 2, character: 15 } }) as { range: { start: { line: number; character: number } } };
    assert.deepEqual(def.range.start, { line: 1, character: 20 });

    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    server.kill();
  }
});
