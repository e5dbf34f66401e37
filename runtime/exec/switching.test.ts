import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../errors.js';
import { hostFunction } from '../host/spectest.js';
import { getExport } from '../index.js';
import { WasmException } from '../objects/tag.js';
import { Store } from '../objects/store.js';
import { I32 } from '../syntax/types.js';
import { chainOf, liveContinuations, type StackView } from './continuations.js';
import { ensureCompiled, run } from './interpreter.js';
import { RunResult, Stack } from './stack.js';
import { i32, load } from './testing.js';

// A generator of 0..n-1 and a consumer summing what it yields; `$emit` (an
// import) sees every value, so the test can check the order of events.
const GENERATOR = `(module
  (import "host" "emit" (func $emit (param i32)))
  (type $gft (func (param i32)))
  (type $gct (cont $gft))
  (type $kft (func))
  (type $kct (cont $kft))
  (tag $yield (param i32))
  (func $gen (param $n i32)
    (local $i i32)
    (block $end (loop $l
      (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
      (suspend $yield (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
  (elem declare func $gen)
  (func (export "sum") (param $n i32) (result i32)
    (local $sum i32) (local $k (ref null $kct))
    (local.set $k (cont.bind $gct $kct (local.get $n) (cont.new $gct (ref.func $gen))))
    (block $done (loop $next
      (block $on_yield (result i32 (ref $kct))
        (resume $kct (on $yield $on_yield) (local.get $k))
        (br $done))
      (local.set $k)
      (call $emit (local.tee $sum (i32.add (local.get $sum))))
      (br $next)))
    (local.get $sum)))`;

function emitter(store: Store, out: number[]) {
  return { host: { emit: { kind: 'func' as const, func: hostFunction(store, 'emit', [I32], [], ([v]) => { out.push((v as { value: number }).value); return []; }) } } };
}

test('a generator yields values to its consumer, one resume/suspend per value', () => {
  const store = new Store();
  const seen: number[] = [];
  const m = load(GENERATOR, emitter(store, seen), store);
  assert.equal(m.one('sum', i32(5)), 10);
  assert.deepEqual(seen, [0, 1, 3, 6, 10]);
  // Finished continuations are not live any more; their stacks are reused.
  assert.equal(liveContinuations(store).length, 0);
  assert.equal(m.one('sum', i32(1000)), 499500);
});

test('a continuation is one-shot: resuming a consumed reference traps, in every consuming instruction', () => {
  const m = load(`(module
    (type $ft (func)) (type $ct (cont $ft))
    (tag $e)
    (func $f)
    (elem declare func $f)
    (func (export "twice") (local $k (ref null $ct))
      (local.set $k (cont.new $ct (ref.func $f)))
      (resume $ct (local.get $k))
      (resume $ct (local.get $k)))
    (func (export "bind-then-resume") (local $k (ref null $ct))
      (local.set $k (cont.new $ct (ref.func $f)))
      (drop (cont.bind $ct $ct (local.get $k)))
      (resume $ct (local.get $k)))
    (func (export "null") (resume $ct (ref.null $ct))))`);
  for (const name of ['twice', 'bind-then-resume']) {
    assert.throws(() => m.call(name), (e: unknown) => e instanceof Trap && e.kind === 'continuation' && e.message === 'continuation already consumed');
  }
  assert.throws(() => m.call('null'), (e: unknown) => e instanceof Trap && e.message === 'null continuation reference');
});

test('switch hands control straight to another continuation (ping-pong)', () => {
  const m = load(`(module
    (rec (type $ft (func (param i32 (ref null $ct)) (result i32))) (type $ct (cont $ft)))
    (tag $swap (result i32))
    (global $log (mut i32) (i32.const 0))
    ;; Each side adds its mark to the log, then passes the count on to the other.
    (func $side (type $ft) (param $n i32) (param $other (ref null $ct)) (result i32)
      (loop $l
        (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (local.get $n)))
        (if (i32.lt_u (global.get $log) (i32.const 100000))
          (then
            (switch $ct $swap (i32.sub (i32.const 3) (local.get $n)) (local.get $other))
            (local.set $other) (local.set $n)
            (br $l))))
      (global.get $log))
    (elem declare func $side)
    (func (export "pingpong") (result i32)
      (resume $ct (on $swap switch) (i32.const 1) (cont.new $ct (ref.func $side)) (cont.new $ct (ref.func $side)))))`);
  assert.equal(m.one('pingpong'), 121212);
});

test('an exception thrown inside a continuation propagates to the resumer', () => {
  const m = load(`(module
    (type $ft (func)) (type $ct (cont $ft))
    (tag $exn (param i32))
    (tag $y)
    (func $body (suspend $y) (throw $exn (i32.const 42)))
    (func $thrower (throw $exn (i32.const 9)))
    (elem declare func $body $thrower)
    (func (export "catch") (result i32)
      (block $h (result i32)
        (try_table (catch $exn $h)
          (block $s (result (ref $ct))
            (resume $ct (on $y $s) (cont.new $ct (ref.func $body)))
            (unreachable))
          (resume $ct))
        (unreachable)))
    (func (export "uncaught") (resume $ct (cont.new $ct (ref.func $thrower)))))`);
  assert.equal(m.one('catch'), 42);
  // With no handler anywhere it leaves the invoke, as from any function.
  assert.throws(() => m.call('uncaught'), (e: unknown) => e instanceof WasmException && (e.payload[0] as { value: number }).value === 9);
});

test('resume_throw raises the exception at the suspension point, where the continuation may catch it', () => {
  const m = load(`(module
    (type $ft (func (result i32))) (type $ct (cont $ft))
    (tag $exn (param i32))
    (tag $y)
    (func $body (result i32)
      (block $h (result i32)
        (try_table (catch $exn $h) (suspend $y))
        (i32.const -1))
      (i32.add (i32.const 100)))
    (elem declare func $body)
    (func (export "inside") (result i32) (local (ref null $ct))
      (block $s (result (ref $ct))
        (drop (resume $ct (on $y $s) (cont.new $ct (ref.func $body))))
        (unreachable))
      (local.set 0)
      (resume_throw $ct $exn (i32.const 5) (local.get 0)))
    (func (export "fresh") (result i32)
      (resume_throw $ct $exn (i32.const 7) (cont.new $ct (ref.func $body)))))`);
  assert.equal(m.one('inside'), 105);
  // A fresh continuation has not started: the exception leaves it at once.
  assert.throws(() => m.call('fresh'), (e: unknown) => e instanceof WasmException && (e.payload[0] as { value: number }).value === 7);
});

test('suspend with no matching handler traps "unhandled tag"; the chain is unwound and the store reusable', () => {
  const m = load(`(module
    (type $ft (func)) (type $ct (cont $ft))
    (tag $a) (tag $b)
    (func $body (suspend $b))
    (elem declare func $body)
    (func (export "f")
      (block $h (result (ref $ct))
        (resume $ct (on $a $h) (cont.new $ct (ref.func $body)))
        (return))
      (drop))
    (func (export "top") (suspend $a)))`);
  for (const name of ['f', 'top']) {
    assert.throws(() => m.call(name), (e: unknown) => e instanceof Trap && e.kind === 'unhandled-tag' && e.message.startsWith('unhandled tag'));
  }
  assert.equal(liveContinuations(m.store).length, 0);
});

test('the debugger sees states, creation site, handlers, the chain and the last suspend', () => {
  const store = new Store();
  let during: StackView[] = [];
  const inspect = hostFunction(store, 'inspect', [], [], () => { during = liveContinuations(store); return []; });
  const m = load(`(module
    (import "host" "inspect" (func $inspect))
    (type $ft (func)) (type $ct (cont $ft))
    (tag $y)
    (func $body (call $inspect) (suspend $y))
    (elem declare func $body)
    (global $k (mut (ref null $ct)) (ref.null $ct))
    (func $make (result (ref $ct)) (cont.new $ct (ref.func $body)))
    (func (export "go")
      (block $h (result (ref $ct))
        (resume $ct (on $y $h) (call $make))
        (return))
      (global.set $k)))`, { host: { inspect: { kind: 'func', func: inspect } } }, store);
  m.call('go');
  assert.equal(during.length, 1);
  const running = during[0]!;
  assert.equal(running.state, 'running');
  assert.deepEqual(running.handlers, [{ tag: 'y', kind: 'label', target: '$h' }]);
  assert.equal(running.frames[0]!.func, 'body');
  assert.deepEqual(running.created!.frames.map((f) => f.func), ['make', 'go']); // unnamed: its export name
  assert.ok(running.created!.frames[0]!.offset > 0);
  const after = liveContinuations(store);
  assert.equal(after.length, 1);
  assert.equal(after[0]!.state, 'suspended');
  assert.equal(after[0]!.lastSuspend!.how, 'suspend');
  assert.equal(after[0]!.lastSuspend!.at.func, 'body');
  assert.deepEqual(after[0]!.handlers, []);
});

test('a run sliced by fuel continues inside the continuation it stopped in; chainOf shows the chain', () => {
  const store = new Store();
  const m = load(GENERATOR, emitter(store, []), store);
  const e = getExport(m.inst, 'sum');
  if (!e || e.kind !== 'func') throw new Error('no sum');
  ensureCompiled(e.func);
  const root = new Stack(100, 10000);
  root.enter(e.func, [i32(50)]);
  let slices = 0;
  let sawChain = false;
  let outcome: RunResult;
  while ((outcome = run(root, store, 3)) === RunResult.OutOfFuel) {
    slices++;
    const chain = chainOf(root);
    if (chain.length === 2) {
      sawChain = true;
      assert.equal(chain[1]!.state, 'parent');
      assert.equal(chain[0]!.parent, chain[1]!.id);
    }
  }
  assert.equal(outcome, RunResult.Done);
  assert.ok(slices > 50 && sawChain);
  assert.deepEqual(root.readValues(0, [I32]), [i32(1225)]);
});
