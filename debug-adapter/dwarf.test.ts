// Source-level C debugging over the wire: `node dist/debugAdapter.js` on C
// programs with DWARF — the threaded pool (examples/threads/c/pool.wasm) and
// the struct-heavy shapes program (test/programs/c/shapes-O0.wasm).

import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { adapterPath, ensureBuilt } from './testBuild.js';

const root = resolve(__dirname, '..');
const pool = join(root, 'examples', 'threads', 'c', 'pool.wasm');
const poolC = join(root, 'examples', 'threads', 'c', 'pool.c');
const shapes = join(root, 'test', 'programs', 'c', 'shapes-O0.wasm');
const shapesC = join(root, 'test', 'programs', 'c', 'shapes.c');

/** The 1-based line of `file` holding `text`. */
function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `no "${text}" in ${file}`);
  return i + 1;
}

let dc: DebugClient;
before(() => ensureBuilt());
beforeEach(async () => {
  dc = new DebugClient('node', adapterPath, 'wasmdbg');
  dc.defaultTimeout = 10_000;
  await dc.start();
  await dc.initializeRequest({ adapterID: 'wasmdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
});
afterEach(async () => {
  await dc.stop();
});

async function launchTo(program: string, source: string, lines: number[]): Promise<DebugProtocol.StoppedEvent> {
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  const set = await dc.setBreakpointsRequest({ source: { path: source }, breakpoints: lines.map((line) => ({ line })) });
  for (const bp of set.body.breakpoints) assert.ok(bp.verified, `breakpoint not verified: ${JSON.stringify(bp)}`);
  const stopped = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

async function scope(frameId: number, name: string): Promise<Map<string, DebugProtocol.Variable>> {
  const scopes = await dc.scopesRequest({ frameId });
  const s = scopes.body.scopes.find((x) => x.name === name);
  assert.ok(s, `no scope ${name} in ${scopes.body.scopes.map((x) => x.name).join(', ')}`);
  const vars = await dc.variablesRequest({ variablesReference: s.variablesReference });
  return new Map(vars.body.variables.map((v) => [v.name, v]));
}

describe('C through DWARF over DAP (node dist/debugAdapter.js)', { timeout: 60_000 }, () => {
  it('stops a spawned thread on a C line of its worker: C frames with file:line, C locals, step over line by line', async () => {
    const line = lineOf(poolC, 'for (int i = s->index');
    const e = await launchTo(pool, poolC, [line]);
    assert.equal(e.body.reason, 'breakpoint');
    assert.notEqual(e.body.threadId, 1);
    const thread = e.body.threadId!;
    const st = await dc.stackTraceRequest({ threadId: thread });
    const top = st.body.stackFrames[0]!;
    assert.equal(top.name, 'thread_main');
    assert.equal(top.source?.path, poolC);
    assert.equal(top.line, line);
    // Down to the thread's entry (wasi_thread_start is assembly: no DWARF, shown by its wasm name).
    assert.match(st.body.stackFrames[st.body.stackFrames.length - 1]!.name, /wasi_thread_start/);

    const scopes = (await dc.scopesRequest({ frameId: top.id })).body.scopes.map((s) => s.name);
    assert.deepEqual(scopes.slice(0, 2), ['Locals (C)', 'Globals (C)']);
    assert.ok(scopes.includes('Locals'), 'the wasm scopes stay');
    const locals = await scope(top.id, 'Locals (C)');
    assert.equal(locals.get('tid')?.type, 'int');
    assert.equal(locals.get('s')?.type, 'struct start *');
    assert.equal(locals.get('sum')?.type, 'int');
    // The worker's struct start: its index is the worker number, 0…3.
    const s = locals.get('s')!;
    assert.ok(s.variablesReference > 0, 'a struct pointer expands');
    const fields = new Map((await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables.map((v) => [v.name, v]));
    assert.deepEqual([...fields.keys()], ['stack_top', 'index']);
    const index = Number(fields.get('index')!.value);
    assert.ok(index >= 0 && index < 4);
    const ev = await dc.evaluateRequest({ expression: 's->index', frameId: top.id, context: 'watch' });
    assert.equal(Number(ev.body.result), index);
    assert.equal(ev.body.type, 'int');

    // Step over, line by line, in that thread alone.
    await dc.setBreakpointsRequest({ source: { path: poolC }, breakpoints: [] });
    const seen: number[] = [];
    for (let k = 0; k < 2; k++) {
      const stopped = dc.waitForEvent('stopped');
      await dc.nextRequest({ threadId: thread, singleThread: true, granularity: 'statement' } as DebugProtocol.NextArguments);
      await stopped;
      seen.push((await dc.stackTraceRequest({ threadId: thread, levels: 1 })).body.stackFrames[0]!.line);
    }
    assert.deepEqual(seen, [line + 1, line + 2]);
  });

  it('expands struct pointers and structs of shapes.c, and evaluates member and index access', async () => {
    const e = await launchTo(shapes, shapesC, [lineOf(shapesC, 'total += square(p->value)')]);
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    const [top, caller] = st.body.stackFrames;
    assert.equal(top!.name, 'sum_list');
    assert.equal(caller!.name, 'main');
    assert.equal(caller!.line, lineOf(shapesC, 'grid[1][2] = sum_list(list)'));
    const locals = await scope(top!.id, 'Locals (C)');
    const p = locals.get('p')!;
    assert.equal(p.type, 'const node_t *');
    const node = (await dc.variablesRequest({ variablesReference: p.variablesReference })).body.variables;
    assert.deepEqual(node.map((v) => [v.name, v.type]), [['value', 'int'], ['next', 'struct node *']]);
    assert.equal(node[0]!.value, '5');
    const ev = async (expression: string, frameId: number): Promise<string> => (await dc.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
    assert.equal(await ev('p->next->value', top!.id), '4');
    assert.equal(await ev('box.corners[2].y', caller!.id), '3');
    assert.equal(await ev('origin.x', top!.id), '3');
    const main = await scope(caller!.id, 'Locals (C)');
    const box = main.get('box')!;
    assert.equal(box.type, 'struct shape');
    const members = (await dc.variablesRequest({ variablesReference: box.variablesReference })).body.variables.map((v) => v.name);
    assert.deepEqual(members.slice(0, 3), ['name', 'corners', 'colour']);
    const globals = await scope(top!.id, 'Globals (C)');
    assert.equal(globals.get('origin')?.type, 'struct point');
  });

  it('corrupt DWARF: a warning in the output, and the program is debugged without it', async () => {
    const bytes = readFileSync(shapes);
    // Scramble .debug_info's contents (after its name), keeping the module valid.
    const at = Buffer.from(bytes).indexOf('.debug_info') + '.debug_info'.length;
    for (let i = at; i < at + 64; i++) bytes[i] = 0xff;
    const dir = mkdtempSync(join(tmpdir(), 'wasmdbg-dwarf-'));
    const bad = join(dir, 'shapes.wasm');
    writeFileSync(bad, bytes);
    copyFileSync(shapesC, join(dir, 'shapes.c'));
    const output: string[] = [];
    dc.on('output', (o: DebugProtocol.OutputEvent) => output.push(o.body.output));
    const initialized = dc.waitForEvent('initialized');
    await dc.launchRequest({ program: bad } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    const exited = dc.waitForEvent('terminated');
    await dc.configurationDoneRequest();
    await exited;
    assert.ok(output.some((o) => /DWARF/.test(o)), `no DWARF warning in ${JSON.stringify(output)}`);
    assert.ok(output.some((o) => /box/.test(o)), 'the program ran');
  });
});
