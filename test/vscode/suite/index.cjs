// Runs inside VS Code's extension host (no mocha: a few checks in order).
// Exported `run` is what @vscode/test-electron calls; a rejection fails the run.
/* eslint-disable @typescript-eslint/no-require-imports -- the extension host loads a test suite as CommonJS, and `vscode` exists only as a require there */
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const checks = [
  ['the extension activates on a .wat file', async () => {
    const ws = vscode.workspace.workspaceFolders[0].uri.fsPath;
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(ws, 'demo.wat')));
    const ext = vscode.extensions.getExtension('wasmdbg.wasmdbg');
    assert.ok(ext, 'extension wasmdbg.wasmdbg is installed');
    await ext.activate();
    assert.equal(ext.isActive, true);
  }],
  ['its commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['wasmdbg.debugFile', 'wasmdbg.runFile', 'wasmdbg.stackChains.refresh']) assert.ok(all.includes(c), c);
  }],
  ['a WAT document gets a diagnostic for an unknown local', async () => {
    const ws = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const uri = vscode.Uri.file(path.join(ws, 'broken.wat'));
    await vscode.window.showTextDocument(uri);
    const end = Date.now() + 20_000;
    while (Date.now() < end && !vscode.languages.getDiagnostics(uri).some((d) => /nope/.test(d.message))) await new Promise((r) => setTimeout(r, 200));
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => /nope/.test(d.message)));
  }],
];

exports.run = async function run() {
  let failed = 0;
  for (const [name, fn] of checks) {
    try { await fn(); console.log(`ok   ${name}`); } catch (e) { failed++; console.log(`FAIL ${name}: ${e && e.message}`); }
  }
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} check(s) failed`);
};
