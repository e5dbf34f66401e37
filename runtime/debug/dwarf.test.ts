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

const SHAPES = join('..', '..', '..', 'test', 'programs', 'c', 'shapes-O0.wasm');

test('C variables: locals with C types and values, pointers to structs expand, globals, member access', async () => {
  const s = await session(SHAPES);
  const file = s.target.sources().find((f) => f.endsWith('/shapes.c'))!;
  s.target.setSourceBreakpoints(file, [{ location: { kind: 'source', file, line: 65 } }]);
  s.target.start();
  const stop = await s.stop();
  const [top, caller] = s.target.chain(stop.thread)[0]!.frames;
  assert.equal(top!.name, 'sum_list');
  const locals = s.target.sourceVariables!(top!.handle, 'locals')!;
  assert.deepEqual(locals.map((v) => [v.name, v.type]), [['head', 'const node_t *'], ['total', 'int'], ['p', 'const node_t *']]);
  assert.equal(locals[1]!.text, '0');
  const p = locals[2]!;
  assert.equal(p.expandable, true);
  // push() puts 0 + argc … 4 + argc in front: the head holds 5 (argc is 1).
  assert.deepEqual(s.target.children(top!.handle, p).map((c) => [c.name, c.type]), [['value', 'int'], ['next', 'struct node *']]);
  assert.equal(s.target.children(top!.handle, p)[0]!.text, '5');
  assert.equal(s.target.evaluate('p->next->value', top!.handle).text, '4');
  assert.equal(s.target.evaluate('origin.x', top!.handle).text, '3');
  const main = s.target.sourceVariables!(caller!.handle, 'locals')!;
  const box = main.find((v) => v.name === 'box')!;
  assert.equal(box.type, 'struct shape');
  assert.match(box.text, /name = 0x[0-9a-f]+ "box".*colour = GREEN/);
  assert.equal(s.target.evaluate('box.corners[2].y', caller!.handle).text, '3');
  assert.equal(s.target.evaluate('argc', caller!.handle).text, '1');
  const globals = s.target.sourceVariables!(top!.handle, 'globals')!;
  assert.equal(globals.find((g) => g.name === 'origin')?.type, 'struct point');
  s.target.terminate();
});

test('line steps in, over and out through C functions', async () => {
  const s = await session(SHAPES);
  const file = s.target.sources().find((f) => f.endsWith('/shapes.c'))!;
  s.target.setSourceBreakpoints(file, [{ location: { kind: 'source', file, line: 76 } }]);
  s.target.start();
  const stop = await s.stop();
  s.target.setSourceBreakpoints(file, []);
  const where = (): string => {
    const f = s.target.chain(stop.thread)[0]!.frames[0]!;
    return `${f.name}:${f.source?.line}`;
  };
  const seen: string[] = [];
  for (const kind of ['in', 'over', 'over', 'out', 'over', 'in', 'out'] as const) {
    s.target.step(stop.thread, kind, 'line');
    assert.equal((await s.stop()).reason, 'step');
    seen.push(where());
  }
  // Out stops back in the caller's line of the call; the next step over leaves it.
  assert.deepEqual(seen, ['sum_list:62', 'sum_list:63', 'sum_list:64', 'main:76', 'main:77', 'factorial:49', 'main:77']);
  s.target.terminate();
});
