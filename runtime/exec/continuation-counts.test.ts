import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { hostFunction } from '../host/spectest.js';
import { Store } from '../objects/store.js';
import type { StackState, StateCounts } from './stack.js';
import { continuationCounts, continuationStacks, findContinuationStack } from './switching.js';
import { i32, load } from './testing.js';

// Continuations parked in a table, each moved through its states by an export,
// so the test can check the counts after every transition. $body calls the
// host while running (and, nested, while its resumer is a parent), suspends
// once, then returns.
const PROGRAM = `(module
  (import "host" "inspect" (func $inspect))
  (type $ft (func)) (type $ct (cont $ft))
  (tag $y)
  (table $k 8 (ref null $ct))
  (global $inner (mut (ref null $ct)) (ref.null $ct))
  (func $body (call $inspect) (suspend $y))
  (func $outer (call $inspect)
    (block $h (result (ref $ct))
      (resume $ct (on $y $h) (cont.new $ct (ref.func $body)))
      (return))
    (global.set $inner))
  (elem declare func $body $outer)
  (func (export "make") (param $i i32)
    (table.set $k (local.get $i) (cont.new $ct (ref.func $body))))
  (func (export "makeOuter") (param $i i32)
    (table.set $k (local.get $i) (cont.new $ct (ref.func $outer))))
  ;; First resume: runs to the suspend and parks the continuation again.
  (func (export "step") (param $i i32) (local $r (ref null $ct))
    (block $h (result (ref $ct))
      (resume $ct (on $y $h) (ref.as_non_null (table.get $k (local.get $i))))
      (table.set $k (local.get $i) (ref.null $ct))
      (return))
    (local.set $r)
    (table.set $k (local.get $i) (local.get $r)))
  (func (export "drop") (param $i i32)
    (table.set $k (local.get $i) (ref.null $ct)))
  (func (export "dropInner") (global.set $inner (ref.null $ct)))
  ;; The interpreter leaves stale references in the slots of finished frames;
  ;; entering a function with reference locals nulls them, so that dropped
  ;; continuations really are unreachable.
  (func (export "scrub")
    (local (ref null $ct) (ref null $ct) (ref null $ct) (ref null $ct) (ref null $ct) (ref null $ct) (ref null $ct) (ref null $ct))))`;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Finalizers run as tasks after a collection: give them their turn. */
async function collectAndFinalize(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The counts as a walk of the live stacks finds them: what the incremental counts must equal. */
function walked(store: Store): StateCounts {
  const c: StateCounts = { fresh: 0, running: 0, parent: 0, suspended: 0, returned: 0 };
  for (const s of continuationStacks(store)) c[s.state]++;
  return c;
}

function live(c: StateCounts): Partial<Record<StackState, number>> {
  const out: Partial<Record<StackState, number>> = {};
  for (const st of ['fresh', 'running', 'parent', 'suspended'] as const) if (c[st] !== 0) out[st] = c[st];
  return out;
}

test('continuation counts follow create, resume, suspend, return and drop (with gc)', async () => {
  const store = new Store();
  const during: StateCounts[] = [];
  const inspect = hostFunction(store, 'inspect', [], [], () => { during.push(continuationCounts(store)); return []; });
  const m = load(PROGRAM, { host: { inspect: { kind: 'func', func: inspect } } }, store);
  const check = (expected: Partial<Record<StackState, number>>): void => {
    const counts = continuationCounts(store);
    assert.deepEqual(counts, walked(store));
    assert.deepEqual(live(counts), expected);
  };

  check({});
  m.call('make', i32(0));
  m.call('make', i32(1));
  check({ fresh: 2 });

  m.call('step', i32(0)); // runs to its suspend
  assert.deepEqual(live(during.pop()!), { fresh: 1, running: 1 });
  check({ fresh: 1, suspended: 1 });

  m.call('step', i32(0)); // resumed again: returns
  check({ fresh: 1 });
  assert.equal(continuationCounts(store).returned, 1); // pooled for reuse, not live

  // Nested: while $body runs, $outer is its parent.
  m.call('makeOuter', i32(2));
  check({ fresh: 2 }); // the pooled stack came back fresh
  m.call('step', i32(2));
  assert.deepEqual(live(during.shift()!), { fresh: 1, running: 1 });
  assert.deepEqual(live(during.shift()!), { fresh: 1, running: 1, parent: 1 });
  check({ fresh: 1, suspended: 1 }); // $outer returned after catching $body's suspend; $body is parked in $inner

  // Dropped continuations leave the counts once collected: fresh and suspended alike.
  m.call('make', i32(3));
  m.call('step', i32(3));
  m.call('drop', i32(1));
  m.call('drop', i32(3));
  m.call('dropInner');
  m.call('scrub');
  await collectAndFinalize();
  check({});
  assert.deepEqual(continuationCounts(store), walked(store));
});

test('findContinuationStack finds live stacks by id among collected ones', async () => {
  const store = new Store();
  const inspect = hostFunction(store, 'inspect', [], [], () => []);
  const m = load(PROGRAM, { host: { inspect: { kind: 'func', func: inspect } } }, store);
  for (let i = 0; i < 8; i++) m.call('make', i32(i));
  const ids = continuationStacks(store).map((s) => s.id);
  assert.equal(ids.length, 8);
  for (const i of [0, 2, 3, 4, 7]) m.call('drop', i32(i));
  await collectAndFinalize();
  const kept = [1, 5, 6].map((i) => ids[i]!);
  assert.deepEqual(continuationStacks(store).map((s) => s.id), kept);
  for (const id of kept) assert.equal(findContinuationStack(store, id)?.id, id);
  for (const i of [0, 2, 3, 4, 7]) assert.equal(findContinuationStack(store, ids[i]!), undefined);
  assert.equal(findContinuationStack(store, -1), undefined);
  assert.deepEqual(live(continuationCounts(store)), { fresh: 3 });
});
