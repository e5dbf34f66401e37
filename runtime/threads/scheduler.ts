// Wasm threads as green threads: one JS event loop runs every thread for a
// slice of fuel at a time, in an order drawn from a seeded PRNG, so a run can
// be repeated exactly (same seed, same interleaving) and another seed shakes
// out other interleavings.
//
// A thread blocks in three ways, none of which blocks Node:
//   - `memory.atomic.wait`: parked on the memory's waiter queue for its
//     address until a `notify` (result 0) or its timeout (result 2);
//   - a host function that returned a promise: only that thread waits, the
//     others keep running; the settled results (or the error, as a trap) are
//     delivered and the thread continues;
//   - (later) a debugger pause.
// Timeouts run on a real clock (performance.now, and setTimeout when every
// thread waits with a timeout) or on a virtual one that jumps to the next
// deadline when nothing else can run. When every live thread waits forever
// the scheduler stops with a DeadlockError naming who waits where.
//
// The core (`runSlice`) is synchronous; `run` is the async driver that also
// awaits host promises and timers, `runSync` the driver for callers that
// cannot await (the .wast runner) and never see host promises.

import { EngineBug, Trap } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import type { MemoryInstance, Waiter } from '../objects/memory.js';
import type { Store } from '../objects/store.js';
import { WasmException } from '../objects/tag.js';
import type { Value } from '../objects/values.js';
import { completeHostCall, hostError } from '../exec/host-call.js';
import { returned } from '../exec/switching.js';
import { ensureCompiled, run } from '../exec/interpreter.js';
import { RunResult, Stack } from '../exec/stack.js';

export type ThreadStatus = 'runnable' | 'waiting-address' | 'waiting-host' | 'exited';

/** How a thread ended. */
export type ThreadOutcome =
  | { readonly kind: 'returned'; readonly values: Value[] }
  | { readonly kind: 'trapped'; readonly error: Error }
  | { readonly kind: 'killed'; readonly reason: string };

export class DeadlockError extends Error {
  override readonly name = 'DeadlockError';
}

export class Thread {
  status: ThreadStatus = 'runnable';
  outcome: ThreadOutcome | null = null;
  /**
   * While waiting on an address (memory.atomic.wait, or a host futex wait that
   * sets it): where, and the deadline (scheduler clock, ms; Infinity: none).
   */
  waitAddress = -1;
  deadline = Infinity;
  waiter: (Waiter & { readonly memory: MemoryInstance }) | null = null;
  /** Settled host results waiting to be delivered when the thread next runs. */
  settled: { ok: true; value: unknown } | { ok: false; error: unknown } | null = null;
  /** Called once when the thread exits. */
  readonly onExit: ((t: Thread) => void)[] = [];
  /** Free for the embedder (the WASI program keeps its instance here). */
  data: unknown = undefined;

  constructor(
    readonly id: number,
    public name: string,
    readonly stack: Stack,
    readonly entry: FuncInstance,
    readonly args: readonly Value[],
  ) {}

  describe(): string {
    return `thread ${this.id} · ${this.name}`;
  }
}

export interface SchedulerOptions {
  /** PRNG seed for the choice of the next thread (default 1). */
  readonly seed?: number;
  /** Fuel (taken branches and calls) per slice; default 10,000. */
  readonly slice?: number;
  /** 'real' (default): timeouts take wall time; 'virtual': time jumps when every thread waits. */
  readonly clock?: 'real' | 'virtual';
  /** Record the id of the thread of every slice in `trace`. */
  readonly trace?: boolean;
}

/** xorshift32: small, fast, and the same on every platform. */
class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed | 0) || 0x9e3779b9;
    for (let i = 0; i < 4; i++) this.next();
  }
  next(): number {
    let x = this.s;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.s = x | 0;
    return x >>> 0;
  }
  below(n: number): number {
    return this.next() % n;
  }
}

/** What a debugger (runtime/debug/) hears from the scheduler. */
export interface SchedulerDebugHooks {
  /** A thread's run stopped at a BREAK code. True: run on past it; false: leave the thread there (still runnable). */
  onBreak(t: Thread): boolean;
  /** A thread is about to exit (not killed). True holds it, not runnable, until `release(t)`. */
  onExit(t: Thread, outcome: ThreadOutcome): boolean;
  /** Before a thread's slice. False: do not run it now (the debugger stops there). */
  beforeSlice(t: Thread): boolean;
}

/** How many breakpoints a slice may pass before it yields (a step through a long loop must still let pause in). */
const MAX_PASSES_PER_SLICE = 10_000;

export class Scheduler {
  /** Live threads (exited ones are dropped), in creation order. */
  readonly threads: Thread[] = [];
  readonly trace: number[] | null;
  readonly slice: number;
  readonly clock: 'real' | 'virtual';
  private readonly rng: Prng;
  private nextId = 1;
  private virtualNow = 0;
  private runnable: Thread[] = [];
  /** Threads waiting on an address with a finite timeout. */
  private timedWaiters = 0;
  /** Set by `stop`: the run ends, every live thread is killed. */
  private stopped: string | null = null;
  /** The thread whose slice is running (host functions ask who called them), else null. */
  current: Thread | null = null;
  /** Set while a debugger is attached. */
  debug: SchedulerDebugHooks | null = null;
  /** When set, only this thread runs; the others stay frozen (a debugger's single-thread continue). */
  only: Thread | null = null;
  /** Threads a debugger holds at their exit, and how they will end. */
  private readonly held = new Map<Thread, ThreadOutcome>();
  /** Resolves the driver's idle wait when a host promise settles. */
  private wake: (() => void) | null = null;

  constructor(readonly store: Store, options: SchedulerOptions = {}) {
    this.rng = new Prng(options.seed ?? 1);
    this.slice = options.slice ?? 10_000;
    this.clock = options.clock ?? 'real';
    this.trace = options.trace ? [] : null;
  }

  now(): number {
    return this.clock === 'real' ? performance.now() : this.virtualNow;
  }

  /** The id the next `spawn` will give. */
  get nextThreadId(): number {
    return this.nextId;
  }

  /** Creates a thread that will run `func(args)`; ids count from 1. */
  spawn(func: FuncInstance, args: readonly Value[], name?: string): Thread {
    const limits = this.store.limits;
    const stack = new Stack(limits.maxCallDepth, limits.maxStackSlots);
    const t = new Thread(this.nextId++, name ?? func.name, stack, func, args);
    if (!func.host) {
      ensureCompiled(func);
      stack.enter(func, args);
    }
    this.threads.push(t);
    this.runnable.push(t);
    this.notifyDriver();
    return t;
  }

  /** Ends the run: every live thread is killed with `reason` (a trap or exit elsewhere). */
  stop(reason: string): void {
    if (this.stopped !== null) return;
    this.stopped = reason;
    for (const t of [...this.threads]) this.exit(t, { kind: 'killed', reason });
    this.notifyDriver();
  }

  get isStopped(): boolean {
    return this.stopped !== null;
  }

  /**
   * Runs one runnable thread (chosen by the PRNG) for one slice. Returns false
   * when no thread is runnable (after waking any whose timeout passed).
   */
  runSlice(): boolean {
    if (this.stopped !== null) return false;
    this.expireTimeouts();
    const r = this.runnable;
    if (r.length === 0) return false;
    let t: Thread;
    if (this.only !== null) {
      if (!r.includes(this.only)) return false;
      t = this.only;
    } else {
      t = r[r.length === 1 ? 0 : this.rng.below(r.length)]!;
    }
    if (this.debug !== null && !this.debug.beforeSlice(t)) return true;
    this.trace?.push(t.id);
    this.step(t);
    return true;
  }

  /** Runs until `until()` holds or every thread exited; throws DeadlockError when stuck. Never awaits. */
  runSync(until: () => boolean = () => false): void {
    while (!until()) {
      if (this.runSlice()) continue;
      if (this.threads.length === 0 || this.stopped !== null) return;
      if (this.threads.some((t) => t.status === 'waiting-host')) {
        throw new EngineBug('runSync: a thread waits on a host promise; use run()');
      }
      if (!this.passTime()) throw this.deadlock();
    }
  }

  /** Runs until `until()` holds or every thread exited, awaiting host promises and timers. */
  async run(until: () => boolean = () => false): Promise<void> {
    let lastYield = performance.now();
    while (!until()) {
      if (this.runSlice()) {
        // Let settled promises and I/O callbacks in now and then.
        if (performance.now() - lastYield > 20) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
        continue;
      }
      if (this.threads.length === 0 || this.stopped !== null) return;
      if (this.threads.some((t) => t.status === 'waiting-host')) {
        if (await this.idle(this.nextDeadline())) throw this.deadlock();
        lastYield = performance.now();
        continue;
      }
      const deadline = this.nextDeadline();
      if (deadline === Infinity) throw this.deadlock();
      if (this.clock === 'virtual') this.passTime();
      else await this.idle(deadline);
      lastYield = performance.now();
    }
  }

  /**
   * Sleeps until a host promise settles or the clock reaches `deadline`.
   * Resolves true when Node's event loop ran dry first (nothing can ever
   * settle the promises the threads wait on: a deadlock).
   */
  private idle(deadline: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (stuck: boolean): void => {
        if (timer) clearTimeout(timer);
        process.off('beforeExit', dry);
        this.wake = null;
        resolve(stuck);
      };
      const dry = (): void => finish(true);
      this.wake = () => finish(false);
      if (deadline !== Infinity) timer = setTimeout(() => finish(false), Math.max(0, deadline - this.now()));
      else process.once('beforeExit', dry);
    });
  }

  private notifyDriver(): void {
    const w = this.wake;
    if (w) w();
  }

  private nextDeadline(): number {
    let d = Infinity;
    for (const t of this.threads) if (t.status === 'waiting-address' && t.deadline < d) d = t.deadline;
    return d;
  }

  /** Virtual clock (or a caller that cannot sleep): jump to the next deadline. False when no thread has one. */
  passTime(): boolean {
    const d = this.nextDeadline();
    if (d === Infinity) return false;
    if (this.clock === 'virtual') this.virtualNow = Math.max(this.virtualNow, d);
    this.expireTimeouts(d);
    return true;
  }

  /** Times out the waits whose deadline is past (or at most `upTo`). */
  private expireTimeouts(upTo = -Infinity): void {
    if (this.timedWaiters === 0) return;
    const limit = Math.max(this.now(), upTo);
    for (const t of this.threads) {
      if (t.status === 'waiting-address' && t.deadline <= limit) {
        const w = t.waiter!;
        w.memory.removeWaiter(t.waitAddress, w);
        this.resumeFromWait(t, 2);
      }
    }
  }

  /** "deadlock: thread 1 waits on 0x1000, thread 2 waits on 0x1008". */
  deadlockMessage(): string {
    const parts = this.threads.map((t) => t.waitAddress >= 0
      ? `thread ${t.id} waits on 0x${t.waitAddress.toString(16)}`
      : t.status === 'waiting-host' ? `thread ${t.id} waits on host function ${t.stack.pending?.func.name ?? '?'}`
        : `thread ${t.id} is ${t.status}`);
    return `deadlock: ${parts.join(', ')}`;
  }

  private deadlock(): DeadlockError {
    const err = new DeadlockError(this.deadlockMessage());
    this.stop(err.message);
    return err;
  }

  private resumeFromWait(t: Thread, result: number): void {
    // The wait happened on the active stack of the thread's chain (a continuation's, maybe).
    const active = t.stack.chainTop;
    const w = active.wait;
    if (w) active.i32[w.dst] = result;
    active.wait = null;
    if (t.deadline !== Infinity) this.timedWaiters--;
    t.waiter = null;
    t.waitAddress = -1;
    t.deadline = Infinity;
    t.status = 'runnable';
    this.runnable.push(t);
  }

  /** Runs `t` for one slice and files it by how it stopped. */
  private step(t: Thread): void {
    const stack = t.stack;
    if (t.entry.host && t.stack.depth === 0 && t.settled === null && t.stack.pending === null) {
      this.startHostEntry(t);
      return;
    }
    if (t.settled !== null) {
      const s = t.settled;
      t.settled = null;
      const active = stack.chainTop; // the stack of the chain that made the host call
      let finished: boolean;
      try {
        if (!s.ok) throw hostError(s.error, active.pending!.func);
        finished = completeHostCall(active, s.value);
      } catch (e) {
        active.pending = null;
        this.exit(t, { kind: 'trapped', error: e instanceof Error ? e : new Error(String(e)) });
        return;
      }
      // A tail call from a continuation's bottom frame returns to its resumer, not from the thread.
      if (finished && active !== stack) { returned(this.store, stack, active); finished = false; }
      if (finished || stack.depth === 0) {
        this.exit(t, { kind: 'returned', values: stack.readValues(0, t.entry.type.results) });
        return;
      }
    }
    let outcome: RunResult;
    try {
      this.current = t;
      outcome = run(stack, this.store, this.slice);
      for (let passes = 0; outcome === RunResult.Break && this.debug !== null && this.debug.onBreak(t); passes++) {
        stack.chainTop.passBreak = true;
        if (passes === MAX_PASSES_PER_SLICE) { outcome = RunResult.OutOfFuel; break; }
        outcome = run(stack, this.store, this.slice);
      }
    } catch (e) {
      // An engine bug: end this thread with it rather than take the loop down.
      this.exit(t, { kind: 'trapped', error: e instanceof Error ? e : new Error(String(e)) });
      return;
    } finally {
      this.current = null;
    }
    if (this.stopped !== null) return; // a host call in this slice stopped everything
    switch (outcome) {
      case RunResult.Done:
        this.exit(t, { kind: 'returned', values: stack.readValues(0, t.entry.type.results) });
        return;
      case RunResult.Trap:
        this.exit(t, { kind: 'trapped', error: stack.trap! });
        return;
      case RunResult.Exception:
        this.exit(t, { kind: 'trapped', error: new WasmException(stack.exception!) });
        return;
      case RunResult.OutOfFuel:
      case RunResult.Break: // a debugger stops here; stays runnable
        return; // stays runnable
      case RunResult.Blocked:
        this.block(t);
        return;
    }
  }

  private startHostEntry(t: Thread): void {
    let results: unknown;
    try {
      this.current = t;
      results = t.entry.host!([...t.args]);
    } catch (e) {
      this.exit(t, { kind: 'trapped', error: hostError(e, t.entry) });
      return;
    } finally {
      this.current = null;
    }
    if (results && typeof (results as { then?: unknown }).then === 'function') {
      t.stack.pending = { promise: results as PromiseLike<unknown>, func: t.entry, base: 0, tail: false };
      this.block(t);
      return;
    }
    this.exit(t, { kind: 'returned', values: results as Value[] });
  }

  private block(t: Thread): void {
    this.removeRunnable(t);
    const stack = t.stack.chainTop; // what blocked: the active stack of the thread's chain
    if (stack.wait) {
      const w = stack.wait;
      t.status = 'waiting-address';
      t.waitAddress = w.address;
      t.deadline = w.timeoutNs < 0 ? Infinity : this.now() + w.timeoutNs / 1e6;
      if (t.deadline !== Infinity) this.timedWaiters++;
      const waiter = { memory: w.memory, wake: () => { if (t.status === 'waiting-address') this.resumeFromWait(t, 0); } };
      t.waiter = waiter;
      let queue = w.memory.waiters.get(w.address);
      if (!queue) w.memory.waiters.set(w.address, (queue = []));
      queue.push(waiter);
      return;
    }
    const p = stack.pending;
    if (!p) throw new EngineBug('blocked without a reason');
    t.status = 'waiting-host';
    const settle = (s: NonNullable<Thread['settled']>): void => {
      if (t.status !== 'waiting-host') return; // killed meanwhile
      t.settled = s;
      t.waitAddress = -1;
      t.status = 'runnable';
      this.runnable.push(t);
      this.notifyDriver();
    };
    p.promise.then((value) => settle({ ok: true, value }), (error: unknown) => settle({ ok: false, error }));
  }

  private removeRunnable(t: Thread): void {
    const i = this.runnable.indexOf(t);
    if (i >= 0) this.runnable.splice(i, 1);
  }

  /** Lets a thread held at its exit (SchedulerDebugHooks.onExit) exit. */
  release(t: Thread): void {
    const outcome = this.held.get(t);
    if (!outcome) return;
    this.held.delete(t);
    this.exit(t, outcome, true);
  }

  /** Whether a debugger holds `t` at its exit. */
  isHeld(t: Thread): boolean {
    return this.held.has(t);
  }

  private exit(t: Thread, outcome: ThreadOutcome, released = false): void {
    if (t.status === 'exited') return;
    if (!released && outcome.kind !== 'killed' && this.debug !== null && this.debug.onExit(t, outcome)) {
      this.held.set(t, outcome);
      this.removeRunnable(t);
      return;
    }
    this.held.delete(t);
    if (t.waiter) {
      t.waiter.memory.removeWaiter(t.waitAddress, t.waiter);
      if (t.deadline !== Infinity) this.timedWaiters--;
    }
    t.waiter = null;
    t.status = 'exited';
    t.outcome = outcome;
    this.removeRunnable(t);
    const i = this.threads.indexOf(t);
    if (i >= 0) this.threads.splice(i, 1);
    for (const f of t.onExit) f(t);
  }
}

/** The results of a returned thread, or its error thrown (a Trap, WasmException, or the kill reason as a Trap). */
export function threadResults(t: Thread): Value[] {
  const o = t.outcome;
  if (!o) throw new EngineBug(`${t.describe()} has not exited`);
  if (o.kind === 'returned') return o.values;
  if (o.kind === 'trapped') throw o.error;
  throw new Trap('other', o.reason);
}
