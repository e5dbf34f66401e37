// The threads proposal's atomic memory instructions, off the interpreter's hot
// path: each internal atomic code carries the wasm opcode, from which a table
// gives the access width and value type. Every access goes through the Atomics
// API on typed-array views of the memory's buffer (it works on plain
// ArrayBuffers too), so accesses to a SharedArrayBuffer are indivisible even
// if another agent shares it. Alignment is checked before bounds, as the spec
// (and its test suite) order them.

import { Trap } from '../errors.js';
import type { MemoryInstance } from '../objects/memory.js';
import { OPCODES } from '../syntax/opcodes.js';
import { memoryTrap } from './bulk.js';

/** Per wasm opcode id: access size in bytes (1, 2, 4, 8) and whether the value is an i64; 0 for others. */
const SIZE = new Map<number, number>();
const IS64 = new Set<number>();
/** rmw opcode id → operation index (0 add, 1 sub, 2 and, 3 or, 4 xor, 5 xchg, 6 cmpxchg). */
const RMW_OP = new Map<number, number>();
const RMW_NAMES = ['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'];

for (const op of OPCODES) {
  if (op.feature !== 'threads') continue;
  const m = /^(i32|i64)\.atomic\.(load|store|rmw)(8|16|32)?(?:_u)?(?:\.(\w+?)(?:_u)?)?$/.exec(op.name);
  if (!m) continue;
  const bits = m[3] ? Number(m[3]) : m[1] === 'i64' ? 64 : 32;
  SIZE.set(op.id, bits / 8);
  if (m[1] === 'i64') IS64.add(op.id);
  if (m[2] === 'rmw') RMW_OP.set(op.id, RMW_NAMES.indexOf(m[4]!));
}
SIZE.set(OPCODES.find((o) => o.name === 'memory.atomic.wait32')!.id, 4);
SIZE.set(OPCODES.find((o) => o.name === 'memory.atomic.wait64')!.id, 8);

function unaligned(): Trap {
  return new Trap('atomic', 'unaligned atomic');
}

/** Checks alignment then bounds of an `n`-byte atomic access at `ea`. */
export function checkAtomic(mem: MemoryInstance, ea: number, n: number): void {
  if (ea % n !== 0) throw unaligned();
  if (ea + n > mem.byteLength) throw memoryTrap();
}

function read64(I: Int32Array, at: number): bigint {
  return (BigInt(I[at + 1]! >>> 0) << 32n) | BigInt(I[at]! >>> 0);
}
function write64(I: Int32Array, at: number, v: bigint): void {
  I[at] = Number(v & 0xffffffffn) | 0;
  I[at + 1] = Number(v >> 32n) | 0;
}

/** Reads `n` bytes at `ea` (aligned, in bounds) as an unsigned number (n <= 4). */
function loadN(mem: MemoryInstance, n: number, ea: number): number {
  const v = mem.atomicViews();
  switch (n) {
    case 1: return Atomics.load(v.u8, ea);
    case 2: return Atomics.load(v.u16, ea >> 1);
    default: return Atomics.load(v.u32, ea >> 2);
  }
}

/** i32/i64.atomic.load*: the value goes to word `d` of `I` (zero-extended). */
export function atomicLoad(mem: MemoryInstance, op: number, ea: number, I: Int32Array, d: number): void {
  const n = SIZE.get(op)!;
  checkAtomic(mem, ea, n);
  if (n === 8) { write64(I, d, Atomics.load(mem.atomicViews().u64, ea >> 3)); return; }
  I[d] = loadN(mem, n, ea) | 0;
  if (IS64.has(op)) I[d + 1] = 0;
}

/** i32/i64.atomic.store*: the value from word `s` of `I` (wrapped to the width). */
export function atomicStore(mem: MemoryInstance, op: number, ea: number, I: Int32Array, s: number): void {
  const n = SIZE.get(op)!;
  checkAtomic(mem, ea, n);
  const v = mem.atomicViews();
  switch (n) {
    case 1: Atomics.store(v.u8, ea, I[s]!); return;
    case 2: Atomics.store(v.u16, ea >> 1, I[s]!); return;
    case 4: Atomics.store(v.u32, ea >> 2, I[s]!); return;
    default: Atomics.store(v.u64, ea >> 3, BigInt.asUintN(64, read64(I, s)));
  }
}

type View = Uint8Array | Uint16Array | Uint32Array;

function rmwNarrow(view: View, index: number, op: number, value: number): number {
  switch (op) {
    case 0: return Atomics.add(view, index, value);
    case 1: return Atomics.sub(view, index, value);
    case 2: return Atomics.and(view, index, value);
    case 3: return Atomics.or(view, index, value);
    case 4: return Atomics.xor(view, index, value);
    default: return Atomics.exchange(view, index, value);
  }
}

function rmw64(view: BigUint64Array, index: number, op: number, value: bigint): bigint {
  switch (op) {
    case 0: return Atomics.add(view, index, value);
    case 1: return Atomics.sub(view, index, value);
    case 2: return Atomics.and(view, index, value);
    case 3: return Atomics.or(view, index, value);
    case 4: return Atomics.xor(view, index, value);
    default: return Atomics.exchange(view, index, value);
  }
}

function narrowView(mem: MemoryInstance, n: number, ea: number): [View, number] {
  const v = mem.atomicViews();
  return n === 1 ? [v.u8, ea] : n === 2 ? [v.u16, ea >> 1] : [v.u32, ea >> 2];
}

/** The rmw family except cmpxchg: the old value to word `d`, operand at word `s`. */
export function atomicRmw(mem: MemoryInstance, op: number, ea: number, I: Int32Array, d: number, s: number): void {
  const n = SIZE.get(op)!;
  checkAtomic(mem, ea, n);
  const kind = RMW_OP.get(op)!;
  if (n === 8) {
    write64(I, d, rmw64(mem.atomicViews().u64, ea >> 3, kind, BigInt.asUintN(64, read64(I, s))));
    return;
  }
  const [view, index] = narrowView(mem, n, ea);
  const old = rmwNarrow(view, index, kind, I[s]! >>> 0);
  I[d] = old | 0;
  if (IS64.has(op)) I[d + 1] = 0;
}

/** cmpxchg: replaces the value with word `r` if it equals word `e`; the old value to `d`. */
export function atomicCmpxchg(mem: MemoryInstance, op: number, ea: number, I: Int32Array, d: number, e: number, r: number): void {
  const n = SIZE.get(op)!;
  checkAtomic(mem, ea, n);
  if (n === 8) {
    write64(I, d, Atomics.compareExchange(mem.atomicViews().u64, ea >> 3,
      BigInt.asUintN(64, read64(I, e)), BigInt.asUintN(64, read64(I, r))));
    return;
  }
  const [view, index] = narrowView(mem, n, ea);
  // Both operands are wrapped to the access width, the loaded value is zero-extended.
  const mask = n === 4 ? 0xffffffff : (1 << (n * 8)) - 1;
  const old = Atomics.compareExchange(view, index, (I[e]! & mask) >>> 0, (I[r]! & mask) >>> 0);
  I[d] = old | 0;
  if (IS64.has(op)) I[d + 1] = 0;
}

/** memory.atomic.notify: wakes up to `count` threads waiting on `ea`; 0 on an unshared memory. */
export function atomicNotify(mem: MemoryInstance, ea: number, count: number): number {
  checkAtomic(mem, ea, 4);
  if (!mem.type.shared) return 0;
  return mem.notify(ea, count >>> 0);
}

/** What memory.atomic.wait does without blocking: 1 "not-equal", 2 "timed-out" (timeout 0), or -1 to block. */
export function atomicWaitCheck(mem: MemoryInstance, op: number, ea: number, I: Int32Array, e: number, timeoutNs: number): number {
  const n = SIZE.get(op)!;
  checkAtomic(mem, ea, n);
  if (!mem.type.shared) throw new Trap('atomic', 'expected shared memory');
  const v = mem.atomicViews();
  const equal = n === 8
    ? Atomics.load(v.u64, ea >> 3) === BigInt.asUintN(64, read64(I, e))
    : Atomics.load(v.i32, ea >> 2) === I[e];
  if (!equal) return 1;
  return timeoutNs === 0 ? 2 : -1;
}

/** An i64 timeout in nanoseconds from two words; negative means forever (-1). */
export function timeoutOf(I: Int32Array, at: number): number {
  const hi = I[at + 1]!;
  if (hi < 0) return -1;
  return hi * 4294967296 + (I[at]! >>> 0);
}
