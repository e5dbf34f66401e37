// `wasmdbg debug` as users meet it: the real bundle, commands piped on
// stdin, and bad input ending in one readable line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');

function debug(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'debug', ...args], { cwd: root, input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('commands piped on stdin run as a transcript; --break applies before run', () => {
  const r = debug(['examples/hello.wat', '--invoke', 'main', '--break', '$fib'], 'run\nprint $n\nquit\n');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Breakpoint 1 at examples\/hello\.wat:\d+ \(func 1 @ 0x[0-9a-f]+\)\n\(wasmdbg\) run\n/);
  assert.match(r.stdout, /hit breakpoint 1, \$fib at examples\/hello\.wat:/);
  assert.match(r.stdout, /\(wasmdbg\) print \$n\n\$n = 40 \(i32\)\n\(wasmdbg\) quit\n\[Program terminated\]\n$/);
});

test('bad programs, options and command files: one line, non-zero exit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmdbg-debug-'));
  const bad = join(dir, 'bad.wat');
  writeFileSync(bad, '(module (func (export "_start") (i32.const 1)))');
  for (const [args, pattern] of [
    [[join(dir, 'missing.wat')], /cannot read file/],
    [[bad], /bad\.wat:1:\d+: invalid module: type mismatch/],
    [['examples/demo/demo.wat', '--commands', join(dir, 'none')], /--commands .*cannot read file/],
    [['examples/demo/demo.wat', '--break', 'a b'], /--break a b: not a location/],
    [['examples/demo/demo.wat', '--seed', 'x'], /--seed takes an integer/],
    [[], /debug takes exactly one program file/],
  ] as const) {
    const r = debug([...args]);
    assert.notEqual(r.code, 0, `${args.join(' ')} should fail`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('commands running out terminate the program', () => {
  const r = debug(['examples/demo/demo.wat', '--break', '$worker'], 'run\n');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /hit breakpoint 1, \$worker/);
  assert.doesNotMatch(r.stdout, /worker: sum/);
});
