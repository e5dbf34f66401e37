import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinkError, Trap } from '../errors.js';
import { Store } from '../objects/store.js';
import { TagInstance, WasmException } from '../objects/tag.js';
import { FuncInstance } from '../objects/func.js';
import { hostFunction, hostFuncTypeId } from '../host/spectest.js';
import { compileModule, getExport, instantiate, invoke } from '../index.js';
import { watToBinary } from '../text/wat.js';
import { I32 } from '../syntax/types.js';
import { RunResult, Stack } from './stack.js';
import { ensureCompiled, run } from './interpreter.js';
import { i32, i64, load } from './testing.js';

test('deep recursion ends in an exhaustion trap, not a JS RangeError', () => {
  const m = load(`(module (func $f (export "f") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1))))`);
  assert.throws(() => m.call('f', i32(0)), (e: unknown) => e instanceof Trap && e.kind === 'exhaustion' && e.message === 'call stack exhausted');
  // The engine is usable afterwards.
  assert.throws(() => m.call('f', i32(0)), (e: unknown) => e instanceof Trap && e.kind === 'exhaustion');
});

test('the call depth limit is configurable, and deep but bounded recursion works', () => {
  const wat = `(module (func $sum (export "sum") (param i32) (result i64)
    (if (result i64) (i32.eqz (local.get 0)) (then (i64.const 0))
      (else (i64.add (i64.extend_i32_u (local.get 0)) (call $sum (i32.sub (local.get 0) (i32.const 1))))))))`;
  const m = load(wat);
  assert.equal(m.one('sum', i32(40000)), 800020000n);
  const small = load(wat, {}, new Store({ maxCallDepth: 100 }));
  assert.equal(small.one('sum', i32(98)), 4851n);
  assert.throws(() => small.call('sum', i32(200)), (e: unknown) => e instanceof Trap && e.kind === 'exhaustion');
});

test('tail calls run in constant frame space (1e6 mutual return_calls)', () => {
  const m = load(`(module
    (func $even (export "even") (param i64) (result i32)
      (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
    (func $odd (param i64) (result i32)
      (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0)) (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))
    (type $t (func (param i32 i32) (result i32)))
    (table funcref (elem $count))
    (func $count (type $t)
      (if (result i32) (i32.eqz (local.get 0)) (then (local.get 1))
        (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 2)) (i32.const 0)))))
    (func (export "count") (param i32) (result i32) (call $count (local.get 0) (i32.const 0))))`, {}, new Store({ maxCallDepth: 50 }));
  assert.equal(m.one('even', i64(1_000_000n)), 1);
  assert.equal(m.one('even', i64(1_000_001n)), 0);
  assert.equal(m.one('count', i32(1_000_000)), 2_000_000);
});

test('blocks, loops and br_table carry multiple values', () => {
  const m = load(`(module
    (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
    (func (export "pick") (param i32) (result i32)
      (block $a (result i32) (block $b (result i32) (block $c (result i32)
        (i32.const 10) (local.get 0) (br_table $a $b $c))
        (i32.const 1) (i32.add)) (i32.const 2) (i32.add)))
    (func (export "loopsum") (param i32) (result i32) (local i32)
      (loop $l
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
      (local.get 1))
    (func (export "tee_order") (param i32) (result i32)
      ;; the old value of local 0 is on the stack when local.set changes it
      (local.get 0) (local.set 0 (i32.const 5)) (local.get 0) (i32.sub)))`);
  assert.deepEqual(m.call('swap', i32(1), i32(2)), [i32(2), i32(1)]);
  assert.equal(m.one('pick', i32(0)), 10);
  assert.equal(m.one('pick', i32(1)), 12);
  assert.equal(m.one('pick', i32(2)), 13);
  assert.equal(m.one('pick', i32(99)), 13);
  assert.equal(m.one('loopsum', i32(100)), 5050);
  assert.equal(m.one('tee_order', i32(8)), 3);
});

const exceptions = `(module
  (import "host" "throw" (func $host_throw (param i32)))
  (import "host" "callback" (func $callback (param i32)))
  (tag $e (export "e") (param i32))
  (tag $f (param i64 i32))
  (func $thrower (export "thrower") (param i32) (throw $e (local.get 0)))
  (func $deep (param i32) (if (local.get 0) (then (call $deep (i32.sub (local.get 0) (i32.const 1)))) (else (call $thrower (i32.const 7)))))
  (func (export "catch_deep") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $deep (local.get 0)))
      (i32.const -1)))
  (func (export "catch_ref_rethrow") (result i32)
    (block $outer (result i32)
      (try_table (catch $e $outer)
        (block $h (result i32 exnref)
          (try_table (catch_ref $e $h) (throw $e (i32.const 5)))
          (unreachable))
        (throw_ref))
      (i32.const -1)))
  (func (export "catch_all_multi") (result i64)
    (block $h (result i64 i32)
      (try_table (catch $f $h) (throw $f (i64.const 9) (i32.const 1)))
      (unreachable))
    (drop))
  (func (export "legacy") (param i32) (result i32)
    (try (result i32)
      (do (try (result i32)
        (do (call $thrower (local.get 0)) (i32.const 0))
        (catch $e (i32.add (i32.const 100)) (rethrow 0))))
      (catch $e (i32.add (i32.const 1000)))))
  (func (export "delegated") (result i32)
    (try (result i32)
      (do (try (do (try (do (call $thrower (i32.const 3))) (delegate 1)))
             (catch_all (return (i32.const -1)))) (i32.const 0))
      (catch $e)))
  (func (export "from_host") (param i32) (result i32)
    (block $h (result i32) (try_table (catch $e $h) (call $host_throw (local.get 0))) (i32.const -1)))
  (func (export "through_host") (param i32) (result i32)
    (block $h (result i32) (try_table (catch $e $h) (call $callback (local.get 0))) (i32.const -1)))
  (func (export "uncaught") (param i32) (call $deep (local.get 0)))
  (func (export "trap_not_caught") (result i32)
    (block $h (try_table (catch_all $h) (unreachable))) (i32.const 1))
)`;

test('exceptions: across frames, catch_ref/throw_ref, legacy try/rethrow/delegate, host functions', () => {
  const store = new Store();
  const tagType = { params: [I32], results: [] };
  const tagHolder: { tag?: TagInstance; self?: FuncInstance } = {};
  const throwFromHost = hostFunction(store, 'throw', [I32], [], (args) => {
    throw new WasmException(tagHolder.tag!, [args[0]!]);
  });
  const callback = hostFunction(store, 'callback', [I32], [], (args) => invoke(store, tagHolder.self!, args));
  const m = load(exceptions, { host: { throw: { kind: 'func', func: throwFromHost }, callback: { kind: 'func', func: callback } } }, store);
  const tagExport = m.exp('e');
  assert.equal(tagExport.kind, 'tag');
  if (tagExport.kind === 'tag') tagHolder.tag = tagExport.tag;
  const thrower = m.exp('thrower');
  if (thrower.kind === 'func') tagHolder.self = thrower.func;
  assert.equal(hostFuncTypeId(store, tagType), tagHolder.tag!.typeId);

  assert.equal(m.one('catch_deep', i32(50)), 7);
  assert.equal(m.one('catch_ref_rethrow'), 5);
  assert.equal(m.one('catch_all_multi'), 9n);
  assert.equal(m.one('legacy', i32(1)), 1001); // rethrow re-raises the caught exception unchanged
  assert.equal(m.one('delegated'), 3);
  assert.equal(m.one('from_host', i32(12)), 12);
  assert.equal(m.one('through_host', i32(13)), 13);
  assert.throws(() => m.call('uncaught', i32(3)), (e: unknown) =>
    e instanceof WasmException && e.tag === tagHolder.tag && e.payload.length === 1 && e.payload[0]!.type === 'i32' && e.payload[0]!.value === 7);
  assert.throws(() => m.call('trap_not_caught'), (e: unknown) => e instanceof Trap && e.kind === 'unreachable');
});

test('host functions: errors become traps; wrong result arity is reported', () => {
  const store = new Store();
  const bad = hostFunction(store, 'bad', [], [I32], () => { throw new Error('boom'); });
  const short = hostFunction(store, 'short', [], [I32], () => []);
  const m = load(`(module (import "h" "bad" (func $bad (result i32))) (import "h" "short" (func $short (result i32)))
    (func (export "bad") (result i32) (call $bad)) (func (export "short") (result i32) (call $short)))`,
  { h: { bad: { kind: 'func', func: bad }, short: { kind: 'func', func: short } } }, store);
  assert.throws(() => m.call('bad'), (e: unknown) => e instanceof Trap && e.kind === 'host' && /boom/.test(e.message));
  assert.throws(() => m.call('short'), (e: unknown) => e instanceof Trap && e.kind === 'host');
});

test('instantiation: unknown and incompatible imports are LinkErrors; start runs', () => {
  const store = new Store();
  const bytes = watToBinary(`(module (import "m" "f" (func (param i32))))`, 't.wat').bytes;
  const compiled = compileModule(bytes);
  assert.throws(() => instantiate(store, compiled, () => undefined), (e: unknown) => e instanceof LinkError && /unknown import/.test(e.message));
  const wrong = hostFunction(store, 'f', [], [], () => []);
  assert.throws(() => instantiate(store, compiled, () => ({ kind: 'func', func: wrong })),
    (e: unknown) => e instanceof LinkError && /incompatible import type/.test(e.message));
  const started = load(`(module (global $g (export "g") (mut i32) (i32.const 1)) (func $s (global.set $g (i32.const 42))) (start $s))`, {}, store);
  const g = started.exp('g');
  assert.ok(g.kind === 'global' && g.global.getValue().type === 'i32' && (g.global.getValue() as { value: number }).value === 42);
});

test('a run can stop when its fuel is spent and resume where it stopped', () => {
  const store = new Store();
  const m = load(`(module (func $f (export "f") (param i32) (result i32) (local i32)
    (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 3))) (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1)))`, {}, store);
  const f = getExport(m.inst, 'f');
  assert.ok(f && f.kind === 'func');
  ensureCompiled(f.func);
  const stack = new Stack(100, 10000);
  stack.enter(f.func, [i32(1000)]);
  let slices = 0;
  let outcome: RunResult;
  while ((outcome = run(stack, store, 7)) === RunResult.OutOfFuel) slices++;
  assert.equal(outcome, RunResult.Done);
  assert.ok(slices >= 100, `ran in ${slices} slices`);
  assert.deepEqual(stack.readValues(0, [I32]), [i32(3000)]);
});
