import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../errors.js';
import { getExport, hostFunction, type ModuleInstance } from '../index.js';
import type { FuncInstance } from '../objects/func.js';
import { Store } from '../objects/store.js';
import { i32, i64, load } from '../exec/testing.js';
import { I32 } from '../syntax/types.js';
import { DeadlockError, Scheduler, threadResults } from './scheduler.js';

function fn(inst: ModuleInstance, name: string): FuncInstance {
  const e = getExport(inst, name);
  if (!e || e.kind !== 'func') throw new Error(`no function ${name}`);
  return e.func;
}

const ATOMICS = `(module
  (memory (export "mem") 1 1 shared)
  (func (export "load8") (param i32) (result i32) (i32.atomic.load8_u (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.atomic.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.atomic.store (local.get 0) (local.get 1)))
  (func (export "store64") (param i32 i64) (i64.atomic.store (local.get 0) (local.get 1)))
  (func (export "add") (param i32 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "sub16") (param i32 i32) (result i32) (i32.atomic.rmw16.sub_u (local.get 0) (local.get 1)))
  (func (export "xchg64") (param i32 i64) (result i64) (i64.atomic.rmw.xchg (local.get 0) (local.get 1)))
  (func (export "cmpxchg8") (param i32 i32 i32) (result i32) (i32.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "cmpxchg64_32") (param i32 i64 i64) (result i64) (i64.atomic.rmw32.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait") (param i32 i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
)`;

test('atomic loads, stores, rmw and cmpxchg at every width', () => {
  const m = load(ATOMICS);
  m.call('store', i32(0), i32(0x11223344));
  assert.equal(m.one('load8', i32(1)), 0x33);
  assert.equal(m.one('add', i32(0), i32(1)), 0x11223344);
  assert.equal(m.one('sub16', i32(0), i32(0x3346)), 0x3345);
  assert.equal((m.one('load64', i32(0)) as bigint) & 0xffffffffn, 0x1122ffffn);
  m.call('store64', i32(8), i64(-1n));
  assert.equal(m.one('xchg64', i32(8), i64(5n)), -1n);
  assert.equal(m.one('cmpxchg8', i32(0), i32(0x1ff), i32(0x1ab)), 0xff); // expected wraps to 0xff: matches
  assert.equal(m.one('load8', i32(0)), 0xab);
  assert.equal(m.one('cmpxchg64_32', i32(8), i64(0x100000005n), i64(7n)), 5n);
  assert.equal(m.one('load64', i32(8)), 7n);
});

test('atomic alignment, bounds and shared-memory rules', () => {
  const m = load(ATOMICS);
  const trapsWith = (f: () => unknown, msg: string): void =>
    assert.throws(f, (e: unknown) => e instanceof Trap && e.message === msg);
  trapsWith(() => m.call('store', i32(2), i32(0)), 'unaligned atomic');
  trapsWith(() => m.call('load64', i32(65532)), 'unaligned atomic');
  trapsWith(() => m.call('load64', i32(65536)), 'out of bounds memory access');
  assert.equal(m.one('wait', i32(0), i32(1), i64(-1n)), 1); // not-equal
  assert.equal(m.one('wait', i32(0), i32(0), i64(0n)), 2); // timed-out at once
  assert.equal(m.one('notify', i32(0), i32(5)), 0);
  const plain = load('(module (memory 1) (func (export "w") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0))) (func (export "n") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 1))))');
  trapsWith(() => plain.call('w'), 'expected shared memory');
  assert.equal(plain.one('n'), 0);
});

const WAITER = `(module
  (memory (export "mem") 1 1 shared)
  (func (export "wait") (param i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (i32.const 0) (local.get 1)))
  (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
  ;; spins until [addr] becomes non-zero
  (func (export "spin") (param i32) (loop (br_if 0 (i32.eqz (i32.atomic.load (local.get 0))))))
  (func (export "set") (param i32) (i32.atomic.store (local.get 0) (i32.const 1)))
  ;; appends its id to a log at 0x100 in a loop
  (func (export "log") (param $id i32) (param $n i32) (local $p i32)
    (loop
      (local.set $p (i32.atomic.rmw.add (i32.const 0x100) (i32.const 1)))
      (i32.store8 (i32.add (i32.const 0x104) (local.get $p)) (local.get $id))
      (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
)`;

test('wait parks a thread until notify (FIFO), notify returns the count', () => {
  const m = load(WAITER);
  const s = new Scheduler(m.store, { clock: 'virtual' });
  const a = s.spawn(fn(m.inst, 'wait'), [i32(16), i64(-1n)]);
  s.runSync(() => a.status === 'waiting-address');
  const b = s.spawn(fn(m.inst, 'wait'), [i32(16), i64(-1n)]);
  s.runSync(() => b.status === 'waiting-address');
  const mem = fn(m.inst, 'wait').instance!.memories[0]!;
  assert.deepEqual(mem.waiters.get(16)?.length, 2);
  assert.equal(m.one('notify', i32(16), i32(1)), 1);
  assert.equal(a.status, 'runnable');
  assert.equal(b.status, 'waiting-address');
  assert.equal(m.one('notify', i32(16), i32(9)), 1);
  s.runSync();
  assert.deepEqual(threadResults(a), [i32(0)]);
  assert.deepEqual(threadResults(b), [i32(0)]);
});

test('timeouts: virtual clock jumps, real clock sleeps', async () => {
  const m = load(WAITER);
  const s = new Scheduler(m.store, { clock: 'virtual' });
  const t = s.spawn(fn(m.inst, 'wait'), [i32(0), i64(5_000_000_000n)]);
  s.runSync();
  assert.deepEqual(threadResults(t), [i32(2)]);
  const r = new Scheduler(m.store, { clock: 'real' });
  const t2 = r.spawn(fn(m.inst, 'wait'), [i32(0), i64(20_000_000n)]);
  const start = performance.now();
  await r.run();
  assert.deepEqual(threadResults(t2), [i32(2)]);
  assert.ok(performance.now() - start >= 15);
});

test('a spinning thread makes progress by fuel slicing', () => {
  const m = load(WAITER);
  const s = new Scheduler(m.store, { slice: 100 });
  const spin = s.spawn(fn(m.inst, 'spin'), [i32(32)]);
  s.spawn(fn(m.inst, 'set'), [i32(32)]);
  s.runSync();
  assert.deepEqual(threadResults(spin), []);
});

test('every thread blocked forever: a deadlock error naming the addresses', () => {
  const m = load(WAITER);
  const s = new Scheduler(m.store);
  s.spawn(fn(m.inst, 'wait'), [i32(0x1000), i64(-1n)]);
  s.spawn(fn(m.inst, 'wait'), [i32(0x1008), i64(-1n)]);
  assert.throws(() => s.runSync(), (e: unknown) => e instanceof DeadlockError
    && e.message === 'deadlock: thread 1 waits on 0x1000, thread 2 waits on 0x1008');
});

function interleaving(seed: number): string {
  const m = load(WAITER);
  const s = new Scheduler(m.store, { seed, slice: 3, trace: true });
  for (let id = 1; id <= 4; id++) s.spawn(fn(m.inst, 'log'), [i32(id), i32(40)]);
  s.runSync();
  const mem = fn(m.inst, 'log').instance!.memories[0]!;
  return Array.from(mem.bytes.subarray(0x104, 0x104 + 160)).join('') + '|' + s.trace!.join('');
}

test('same seed: the same interleaving; another seed: another one', () => {
  const a = interleaving(7);
  assert.equal(interleaving(7), a);
  assert.notEqual(interleaving(8), a);
});

test('an async host function blocks only its thread; its rejection traps that thread', async () => {
  const store = new Store();
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const slow = hostFunction(store, 'slow', [I32], [I32], async (args) => {
    await gate;
    return [i32((args[0] as { value: number }).value * 2)];
  });
  const bad = hostFunction(store, 'bad', [], [], () => Promise.reject(new Error('nope')));
  const m = load(`(module
    (import "h" "slow" (func $slow (param i32) (result i32)))
    (import "h" "bad" (func $bad))
    (memory 1 1 shared)
    (func (export "callSlow") (result i32) (call $slow (i32.const 21)))
    (func (export "tailSlow") (result i32) (return_call $slow (i32.const 5)))
    (func (export "callBad") (call $bad))
    (func (export "count") (param i32) (result i32) (local $i i32)
      (loop (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if 0 (i32.lt_u (local.get $i) (local.get 0))))
      (local.get $i))
  )`, { h: { slow: { kind: 'func', func: slow }, bad: { kind: 'func', func: bad } } }, store);
  const s = new Scheduler(store, { slice: 50 });
  const a = s.spawn(fn(m.inst, 'callSlow'), []);
  const b = s.spawn(fn(m.inst, 'tailSlow'), []);
  const c = s.spawn(fn(m.inst, 'count'), [i32(10_000)]);
  const d = s.spawn(fn(m.inst, 'callBad'), []);
  const running = s.run();
  for (let i = 0; i < 200 && c.status !== 'exited'; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(c.status, 'exited'); // kept running while a and b wait
  assert.equal(a.status, 'waiting-host');
  release();
  await running;
  assert.deepEqual(threadResults(a), [i32(42)]);
  assert.deepEqual(threadResults(b), [i32(10)]);
  assert.deepEqual(threadResults(c), [i32(10_000)]);
  assert.throws(() => threadResults(d), (e: unknown) => e instanceof Trap && /nope/.test(e.message));
});
