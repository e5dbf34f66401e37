// A Stack is the unit of execution: a frame stack and the value slots of all
// its frames, in flat typed storage, separate from the run loop. A wasm thread
// runs one Stack at a time; a continuation will own one; the debugger reads
// frames from one. Nothing about a Stack lives in the JS call stack, so a run
// can stop after any instruction and resume later.
//
// Slots are 8 bytes, viewed as 32-bit words (i32, f32 bits, i64/f64 halves,
// little-endian low word first), as float64 and as int64 over one buffer;
// references sit in a parallel JS array indexed by slot.

import { Trap, EngineBug } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import type { ModuleInstance } from '../objects/instance.js';
import type { MemoryInstance } from '../objects/memory.js';
import type { TagInstance } from '../objects/tag.js';
import type { ResumeTable } from './compiled.js';
import type { ExceptionRef } from '../objects/tag.js';
import type { Reference, Value } from '../objects/values.js';
import { F32, F64, I32, I64, isRef, valTypeToString, type ValType } from '../syntax/types.js';

const INITIAL_SLOTS = 1024;
const INITIAL_FRAMES = 64;

/** Why a run stopped. */
export const enum RunResult {
  /** The bottom frame returned; results are in slots 0.. */
  Done = 0,
  Trap = 1,
  /** An exception left the bottom frame (`stack.exception`). */
  Exception = 2,
  /** The fuel ran out; run again to continue. */
  OutOfFuel = 3,
  /** The thread must wait (`stack.wait` or `stack.pending`); deliver the outcome, then run again. */
  Blocked = 4,
  /** A debugger's BREAK code: the top frame's pc is at it. Set `passBreak` to run the instruction it covers. */
  Break = 5,
}

/** A `memory.atomic.wait` that parked the stack: its result (0 ok, 2 timed-out) goes to word `dst`. */
export interface AtomicWait {
  readonly memory: MemoryInstance;
  readonly address: number;
  /** Nanoseconds; negative: forever. */
  readonly timeoutNs: number;
  readonly dst: number;
}

/** A host call whose results are a promise: they go to word `base`; `tail` if it was a return_call. */
export interface PendingHostCall {
  readonly promise: PromiseLike<unknown>;
  readonly func: FuncInstance;
  readonly base: number;
  tail: boolean;
}

/**
 * Where a stack is in its life: the main stack of a run, or a continuation's.
 *   fresh      made by cont.new, never resumed
 *   running    the top of its chain, executing
 *   parent     resumed another stack and waits for it (has handlers installed above it)
 *   suspended  detached by suspend or switch; resumable through a continuation reference
 *   returned   its bottom frame returned, or it was unwound by an exception or a trap
 */
export type StackState = 'fresh' | 'running' | 'parent' | 'suspended' | 'returned';

/** A (function, internal pc) pair: a frame as recorded for the debugger. */
export interface FrameSite {
  readonly func: FuncInstance;
  readonly pc: number;
}

/** Where a continuation was made: the `cont.new` and the frames of the stack that ran it. */
export interface CreationSite {
  /** Id of the creating stack. */
  readonly stack: number;
  /** Innermost first; at most CREATION_FRAMES of them. */
  readonly frames: readonly FrameSite[];
}


let nextStackId = 1;

/**
 * Continuation stacks of a store counted by state, so that a debugger can say
 * "100,000 suspended" without visiting them. Live stacks only, give or take
 * stacks the GC has collected but whose finalizer has not run yet.
 */
export type StateCounts = Record<StackState, number>;

/**
 * A continuation stack's entry in its store's counts. Separate from the Stack
 * so that a FinalizationRegistry can hold it (it must not reference the
 * stack) and take the collected stack's last state off the counts.
 */
export class ContTally {
  // Numbers, not state names: a keyed update by name costs the resume/suspend
  // round trip tens of nanoseconds; a typed array element costs next to none.
  constructor(readonly counts: Int32Array, public code: number) {}
}

export class Stack {
  buffer!: ArrayBuffer;
  i32!: Int32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  i64!: BigInt64Array;
  u64!: BigUint64Array;
  refs: (Reference | null)[] = [];
  /** Capacity in 32-bit words. */
  words = 0;

  /** Frames: function, frame base (word offset), pc (saved: the top frame's current pc, callers' return pcs). */
  frameFunc: FuncInstance[] = [];
  frameFp: Int32Array = new Int32Array(INITIAL_FRAMES);
  framePc: Int32Array = new Int32Array(INITIAL_FRAMES);
  depth = 0;

  /** Set when a run ends in a trap or an uncaught exception. */
  trap: Trap | null = null;
  exception: ExceptionRef | null = null;
  /** Set when a run ends Blocked: what the stack waits for. */
  wait: AtomicWait | null = null;
  pending: PendingHostCall | null = null;
  /** Set by a debugger before running again from a BREAK: execute the covered instruction instead of stopping. */
  passBreak = false;
  /**
   * Root, set by a debugger: a trap, or an exception no frame of the chain
   * catches, leaves the chain linked as it was (the faulting continuation on
   * top) so the stop can show it; the debugger abandons it (switching.ts
   * abandonChain) when it lets the thread go.
   */
  keepChainOnTrap = false;

  // ---- stack switching (operations in switching.ts) ----
  // A chain is a linked list from its active top through `parent` down to
  // the root (the stack a run started on). A continuation is a *segment* of
  // stacks: its bottom is what a reference names; `segmentTop` is where it
  // continues. Linking and unlinking are pointer writes: a switch costs the
  // same however deep the stacks are.

  /** For the debugger: stable while this object lives. */
  readonly id = nextStackId++;
  state: StackState = 'running';
  /** The stack that resumed this one, while it is linked into a chain. */
  parent: Stack | null = null;
  /** The handler clauses the parent's resume installed, and the instance their tags resolve in. */
  handlers: ResumeTable | null = null;
  handlerInst: ModuleInstance | null = null;
  /** Word offset in the parent's slots where this stack's results go when it returns. */
  returnBase = 0;
  /** Segment bottom: the stack in the segment that continues when it is resumed. */
  segmentTop: Stack = this;
  /** Word offset where the values of the next resume land (the entry params of a fresh stack). */
  resumeDst = 0;
  /** Bumped whenever a reference to this stack is consumed: older references are stale. */
  generation = 0;
  /** Root: the active top of its chain, where a run continues. */
  chainTop: Stack = this;
  created: CreationSite | null = null;
  /**
   * Where it last gave up control (`suspend` or `switch`): function, return
   * pc after the instruction, tag. Fields, not an object, so that a suspend
   * allocates nothing but the continuation reference.
   */
  suspendTag: TagInstance | null = null;
  suspendFunc: FuncInstance | null = null;
  suspendPc = 0;
  suspendedBySwitch = false;
  /**
   * Continuation stacks only (null for roots): the per-store count this stack
   * is tallied in, moved at each state transition (switching.ts setState).
   */
  tally: ContTally | null = null;

  constructor(readonly maxDepth: number, readonly maxSlots: number, initialSlots = INITIAL_SLOTS, initialFrames = INITIAL_FRAMES) {
    if (initialFrames !== INITIAL_FRAMES) {
      this.frameFp = new Int32Array(initialFrames);
      this.framePc = new Int32Array(initialFrames);
    }
    this.allocate(Math.min(initialSlots, maxSlots) * 2);
  }

  private allocate(words: number): void {
    const buffer = new ArrayBuffer(words * 4);
    if (this.buffer) new Int32Array(buffer).set(this.i32);
    this.buffer = buffer;
    this.words = words;
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.i64 = new BigInt64Array(buffer);
    this.u64 = new BigUint64Array(buffer);
    // Keep the reference array packed (no holes), so element access stays fast.
    for (let i = this.refs.length; i < words >> 1; i++) this.refs.push(null);
  }

  /** Makes room for `words` words of slots, or traps when that passes the limit. */
  growSlots(words: number): void {
    if (words > this.maxSlots * 2) throw new Trap('exhaustion', 'call stack exhausted');
    let next = this.words * 2;
    while (next < words) next *= 2;
    this.allocate(Math.min(next, this.maxSlots * 2));
  }

  /** Makes room for one more frame, or traps at the depth limit. */
  growFrames(): void {
    const cap = this.frameFp.length;
    if (cap >= this.maxDepth) throw new Trap('exhaustion', 'call stack exhausted');
    const next = Math.min(cap * 2, this.maxDepth);
    const fp = new Int32Array(next); fp.set(this.frameFp); this.frameFp = fp;
    const pc = new Int32Array(next); pc.set(this.framePc); this.framePc = pc;
  }

  /** Pushes the bottom frame of a fresh run: `func` with `args` in slots 0.. */
  enter(func: FuncInstance, args: readonly Value[]): void {
    const code = func.code;
    if (!code) throw new EngineBug('enter: function not compiled');
    if (code.frameWords > this.words) this.growSlots(code.frameWords);
    this.writeValues(0, func.type.params, args);
    const I = this.i32;
    for (let k = code.paramWords; k < code.localWords; k++) I[k] = 0;
    for (const slot of code.refLocals) this.refs[slot] = null;
    this.frameFunc[0] = func;
    this.frameFp[0] = 0;
    this.framePc[0] = 0;
    this.depth = 1;
    this.trap = null;
    this.exception = null;
    this.wait = null;
    this.pending = null;
    this.chainTop = this;
    this.state = 'running';
  }

  /**
   * Makes this a fresh continuation stack for `func`: its bottom frame is set
   * up, and the arguments arrive later (cont.bind, resume) at `resumeDst`.
   */
  prepare(func: FuncInstance): void {
    const code = func.code;
    if (!code) throw new EngineBug('prepare: function not compiled');
    if (code.frameWords > this.words) this.growSlots(code.frameWords);
    const I = this.i32;
    for (let k = code.paramWords; k < code.localWords; k++) I[k] = 0;
    for (const slot of code.refLocals) this.refs[slot] = null;
    this.frameFunc[0] = func;
    this.frameFp[0] = 0;
    this.framePc[0] = 0;
    this.depth = 1;
    this.state = 'fresh';
    this.parent = null;
    this.handlers = null;
    this.handlerInst = null;
    this.segmentTop = this;
    this.resumeDst = 0;
    this.chainTop = this;
    this.suspendTag = null;
    this.trap = null;
    this.exception = null;
  }

  /** Copies `n` values (words and references) from `src` at word `from` to this stack at word `to`. */
  copyValuesFrom(src: Stack, from: number, to: number, n: number): void {
    const si = src.i32, di = this.i32, sr = src.refs, dr = this.refs;
    for (let k = 0; k < 2 * n; k++) di[to + k] = si[from + k]!;
    for (let k = 0; k < 2 * n; k += 2) dr[(to + k) >> 1] = sr[(from + k) >> 1] ?? null;
  }

  /** Reads values of the given types from consecutive slots starting at word offset `at`. */
  readValues(at: number, types: readonly ValType[]): Value[] {
    const out: Value[] = new Array<Value>(types.length);
    for (let i = 0; i < types.length; i++) out[i] = this.readValue(at + 2 * i, types[i]!);
    return out;
  }

  readValue(word: number, t: ValType): Value {
    switch (t) {
      case I32: return { type: 'i32', value: this.i32[word]! };
      case I64: return { type: 'i64', value: this.i64[word >> 1]! };
      case F32: return { type: 'f32', bits: this.i32[word]! >>> 0 };
      case F64: return { type: 'f64', bits: this.u64[word >> 1]! };
    }
    if (isRef(t)) return { type: 'ref', valType: t, ref: this.refs[word >> 1] ?? null };
    throw new EngineBug(`cannot read a ${valTypeToString(t)} slot`);
  }

  writeValues(at: number, types: readonly ValType[], values: readonly Value[]): void {
    for (let i = 0; i < types.length; i++) this.writeValue(at + 2 * i, types[i]!, values[i]!);
  }

  writeValue(word: number, t: ValType, v: Value): void {
    switch (v.type) {
      case 'i32': if (t === I32) { this.i32[word] = v.value; return; } break;
      case 'f32': if (t === F32) { this.i32[word] = v.bits | 0; return; } break;
      case 'i64': if (t === I64) { this.i64[word >> 1] = v.value; return; } break;
      case 'f64': if (t === F64) { this.u64[word >> 1] = BigInt.asUintN(64, v.bits); return; } break;
      case 'ref': if (isRef(t)) { this.refs[word >> 1] = v.ref; return; } break;
      case 'v128': break;
    }
    throw new Trap('host', `type mismatch: expected ${valTypeToString(t)}, got ${v.type}`);
  }
}
