// Source-level debugging of C through DWARF in the engine: positions, C
// function names, line breakpoints and line steps in the threaded C example.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { session } from './testutil.js';

// session() takes paths relative to runtime/debug/fixtures.
const POOL = join('..', '..', '..', 'examples', 'threads', 'c', 'pool.wasm');

/** pool.c as the engine names it (the DWARF has the absolute path of the build). */
const poolC = (t: { sources(): string[] }): string => {
  const f = t.sources().find((x) => x.endsWith('/examples/threads/c/pool.c'));
  assert.ok(f, 'pool.c is a source');
  return f;
};

test('a C line breakpoint in a worker stops a spawned thread there, with C names and lines', async () => {
  const s = await session(POOL);
  const POOL_C = poolC(s.target);
  const [bp] = s.target.setSourceBreakpoints(POOL_C, [{ location: { kind: 'source', file: POOL_C, line: 30 } }]);
  assert.equal(bp!.verified, true);
  assert.equal(bp!.source?.file, POOL_C);
  assert.equal(bp!.source?.line, 30);
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'breakpoint');
  assert.notEqual(stop.thread, 1);
  const top = s.target.chain(stop.thread)[0]!.frames[0]!;
  assert.equal(top.name, 'thread_main');
  assert.deepEqual([top.source?.file, top.source?.line], [POOL_C, 30]);
  s.target.terminate();
});

test('a breakpoint on a C line without code moves to the next line with code', async () => {
  const s = await session(POOL);
  const POOL_C = poolC(s.target);
  const [bp] = s.target.setSourceBreakpoints(POOL_C, [{ location: { kind: 'source', file: POOL_C, line: 26 } }]);
  assert.equal(bp!.verified, true);
  assert.ok(bp!.source!.line >= 27 && bp!.source!.line <= 29);
  s.target.terminate();
});

test('line steps over C statements move line by line in the stopped thread', async () => {
  const s = await session(POOL);
  const POOL_C = poolC(s.target);
  s.target.setSourceBreakpoints(POOL_C, [{ location: { kind: 'source', file: POOL_C, line: 31 } }]);
  s.target.start();
  const stop = await s.stop();
  s.target.setSourceBreakpoints(POOL_C, []);
  const lines: number[] = [];
  for (let i = 0; i < 2; i++) {
    s.target.step(stop.thread, 'over', 'line', true);
    const e = await s.stop();
    assert.equal(e.reason, 'step');
    lines.push(s.target.chain(stop.thread)[0]!.frames[0]!.source!.line);
  }
  assert.deepEqual(lines, [32, 33]);
  s.target.terminate();
});
