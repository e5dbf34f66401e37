// The CLI as users meet it: the real bundle, real files, real exit codes.
// Bad input must give one readable line naming the file and the place, a
// non-zero exit, and never a JS stack trace.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'wasmdbg-cli-'));

function wasmdbg(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function assertCleanError(r: ReturnType<typeof wasmdbg>, pattern: RegExp): void {
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no JS stack trace');
  assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
}

test('the bundle exists (npm test builds it first)', () => {
  assert.ok(existsSync(cli), 'run `npm run build` first');
});

test('run prints the results of an invoked export', () => {
  const r = wasmdbg('run', join(root, 'examples', 'hello.wat'), '--invoke', 'main');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'i64:2432902008278974155');
});

test('run converts arguments to the parameter types and rejects bad ones', () => {
  const add = file('add.wat', '(module (func (export "add") (param i32 i64) (result i64) (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1))))');
  const ok = wasmdbg('run', add, '--invoke', 'add', '--', '-5', '100000000000');
  assert.equal(ok.stdout.trim(), 'i64:99999999995');
  assertCleanError(wasmdbg('run', add, '--invoke', 'add', '--', 'x', '1'), /argument 1 of add: 'x' is not a valid i32/);
  assertCleanError(wasmdbg('run', add, '--invoke', 'add', '--', '1'), /takes 2 argument/);
});

test('an unreadable file names the file', () => {
  assertCleanError(wasmdbg('run', join(dir, 'missing.wasm')), /missing\.wasm: cannot read file \(ENOENT\)/);
});

test('a malformed binary gives the file and byte offset', () => {
  const bad = file('bad.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0x01]));
  assertCleanError(wasmdbg('run', bad), /bad\.wasm:0x[0-9a-f]+: malformed module: /);
});

test('an invalid module gives the file and location', () => {
  const invalid = file('invalid.wat', '(module\n  (func (result i32)\n    (i64.const 1)))');
  assertCleanError(wasmdbg('run', invalid), /invalid\.wat:3:\d+: invalid module: type mismatch/);
});

test('text that does not parse gives file:line:column', () => {
  const broken = file('broken.wat', '(module\n  (func (i32.frobnicate)))');
  assertCleanError(wasmdbg('run', broken), /broken\.wat:2:\d+: malformed module: unknown operator/);
});

test('a trap exits with 134 and says where', () => {
  const trap = file('trap.wat', '(module (func (export "f") unreachable))');
  const r = wasmdbg('run', trap, '--invoke', 'f');
  assert.equal(r.code, 134);
  assert.match(r.stderr, /trap.*unreachable/);
});

test('wast prints per-file counts and a closing total line', () => {
  const script = file('s.wast', '(module (func (export "one") (result i32) (i32.const 1)))\n(assert_return (invoke "one") (i32.const 1))\n(assert_return (invoke "one") (i32.const 2))\n');
  const r = wasmdbg('wast', '--verbose', script);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /s\.wast:3: assert_return: got i32:1/);
  assert.equal(r.stdout.trim().split('\n').pop(), '2 passed, 1 failed');
});

test('unknown commands and options are usage errors (exit 2)', () => {
  assert.equal(wasmdbg('frobnicate').code, 2);
  assert.equal(wasmdbg('wast', '--nope').code, 2);
});
