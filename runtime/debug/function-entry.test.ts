// A function breakpoint stops once per call, at the function's entry, even
// when the body opens with a loop (whose first instruction runs every
// iteration): debug code starts with an entry stop point no branch returns to.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './target.js';
import type { StopEvent } from './api.js';

const PROGRAM = `(module
  (func $count (export "count") (param $n i32) (result i32)
    (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func (export "main") (result i32)
    (i32.add (call $count (i32.const 5)) (call $count (i32.const 3)))))`;

test('a function breakpoint on a function that opens with a loop stops once per call', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasmdbg-entry-'));
  const program = join(dir, 'loop-entry.wat');
  writeFileSync(program, PROGRAM);
  const target = await launch({ program, invoke: 'main' });
  const stops: StopEvent[] = [];
  let exitCode: number | undefined;
  const done = new Promise<void>((resolve) => target.on('exited', (e) => { exitCode = e.exitCode; resolve(); }));
  target.on('stopped', (e) => {
    stops.push(e);
    const frame = target.chain(e.thread)[0]!.frames[0]!;
    // At entry nothing has run yet: $i is still 0.
    assert.equal(target.locals(frame.handle).find((l) => l.name === '$i')?.text, '0');
    target.continue();
  });
  const [state] = target.setFunctionBreakpoints([{ location: { kind: 'function', name: '$count' } }]);
  assert.ok(state?.verified);
  target.start();
  await done;
  assert.equal(exitCode, 0);
  assert.deepEqual(stops.map((s) => s.reason), ['function-breakpoint', 'function-breakpoint'], 'two calls, two stops (not one per iteration)');
});
