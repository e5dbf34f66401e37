// Scale: 100,000 live suspended continuations at once (issue 4). Each one is
// created, run to its first `suspend`, and parked in a table; then all are
// resumed to completion, so they are real continuations, not just objects.
// Reports the memory each one costs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compileModule, getExport, instantiate, invoke, Store } from '../../runtime/index.js';
import { i32 } from '../../runtime/objects/values.js';
import { watToBinary } from '../../runtime/text/wat.js';

const PARKED = 100_000;

const PROGRAM = `
(module
  (type $f (func))
  (type $c (cont $f))
  (tag $yield)
  (table $conts 0 (ref null $c))
  (global $finished (mut i32) (i32.const 0))
  (func $body
    (suspend $yield)
    (global.set $finished (i32.add (global.get $finished) (i32.const 1))))
  (elem declare func $body)

  ;; Creates n continuations, runs each to its suspend, parks it in the table.
  (func (export "park") (param $n i32) (result i32)
    (local $i i32) (local $k (ref null $c))
    (drop (table.grow $conts (ref.null $c) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (block $on_yield (result (ref $c))
          (resume $c (on $yield $on_yield) (cont.new $c (ref.func $body)))
          (unreachable))
        (local.set $k)
        (table.set $conts (local.get $i) (local.get $k))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (table.size $conts))

  ;; Resumes every parked continuation; each returns after its suspend.
  (func (export "finish") (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (table.size $conts)))
        (resume $c (ref.as_non_null (table.get $conts (local.get $i))))
        (table.set $conts (local.get $i) (ref.null $c))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.get $finished)))
`;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

test(`${PARKED.toLocaleString('en')} live suspended continuations fit in memory`, () => {
  const store = new Store();
  const instance = instantiate(store, compileModule(watToBinary(PROGRAM, 'park.wat').bytes), () => undefined);
  const call = (name: string, ...args: number[]) => {
    const f = getExport(instance, name);
    assert.ok(f?.kind === 'func');
    return invoke(store, f.func, args.map(i32));
  };
  collectGarbage();
  const before = process.memoryUsage();
  const started = performance.now();
  assert.deepEqual(call('park', PARKED), [i32(PARKED)]);
  const parkMs = performance.now() - started;
  collectGarbage();
  const after = process.memoryUsage();
  const bytes = (after.heapUsed - before.heapUsed) + (after.arrayBuffers - before.arrayBuffers);
  const perContinuation = bytes / PARKED;
  console.log(`${PARKED} suspended continuations: ${(bytes / 2 ** 20).toFixed(0)} MiB, ${perContinuation.toFixed(0)} bytes each, parked in ${parkMs.toFixed(0)} ms`);
  // Generous bound: the point is that they fit (tens of KB each would not scale).
  assert.ok(perContinuation < 16_384, `${perContinuation} bytes per continuation`);
  assert.deepEqual(call('finish'), [i32(PARKED)]);
});
