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
import type { MemoryInstance } from '../objects/memory.js';
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

  constructor(readonly maxDepth: number, readonly maxSlots: number) {
    this.allocate(Math.min(INITIAL_SLOTS, maxSlots) * 2);
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
