import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ScriptRunner } from '../script/runner.js';
import { parseScript } from '../text/script.js';
import { i32, load } from '../exec/testing.js';
import { getExport } from '../index.js';
import type { FuncInstance } from '../objects/func.js';
import { Scheduler } from './scheduler.js';

function runWast(text: string): ReturnType<ScriptRunner['run']> {
  return new ScriptRunner('test.wast').run(parseScript(text, 'test.wast'));
}

test('.wast thread/wait: a deadlocked script thread fails its check with the message; the others pass', () => {
  const report = runWast(readFileSync(__filename.replace(/script-threads\.test\.ts$/, 'testdata-deadlock.wast'), 'utf8'));
  assert.equal(report.failed, 1);
  assert.equal(report.skipped, 0);
  assert.match(report.failures[0]!.reason!, /deadlock: thread 1 waits on 0x8/);
  assert.equal(report.passed, 8);
});

test('memory growth by one thread is seen by the others', () => {
  const m = load(`(module
    (memory (export "mem") 1 4 shared)
    (func (export "grow") (result i32) (memory.grow (i32.const 2)))
    (func (export "poke") (result i32)
      (loop (br_if 0 (i32.lt_u (memory.size) (i32.const 3))))
      (i32.atomic.store (i32.const 0x2fffc) (i32.const 7))
      (i32.atomic.load (i32.const 0x2fffc))))`);
  const s = new Scheduler(m.store, { slice: 10 });
  const f = (n: string): FuncInstance => {
    const e = getExport(m.inst, n);
    if (e?.kind !== 'func') throw new Error(n);
    return e.func;
  };
  const poke = s.spawn(f('poke'), []);
  s.runSlice(); // poke is spinning on memory.size, then the other thread grows the memory
  assert.equal(poke.status, 'runnable');
  s.spawn(f('grow'), []);
  s.runSync();
  assert.deepEqual(poke.outcome, { kind: 'returned', values: [i32(7)] });
});
