// memory64 and table64: reading 64-bit addresses, indices and lengths.
//
// i64 operands sit in two 32-bit words (low first). The engine never has a
// memory above 4 GiB (MAX_PAGES) nor a table near 2^32 elements, so a value
// that does not fit 32 bits is always out of bounds; these helpers turn the
// 64-bit operands into numbers the 32-bit paths handle, without ever letting
// the high word be silently dropped.

import type { DataInstance } from '../objects/instance.js';
import type { MemoryInstance } from '../objects/memory.js';
import { memoryCopy, memoryFill, memoryInit, memoryTrap } from './bulk.js';

const TWO_32 = 4294967296;

/**
 * The unsigned 64-bit value at `at` as a number: exact below 2^53; above
 * that it may round, but never below 2^53, far past every bound it meets.
 */
export function u64At(I: Int32Array, at: number): number {
  return (I[at + 1]! >>> 0) * TWO_32 + (I[at]! >>> 0);
}

/**
 * `addr64`: address + offset as the spec computes it (no wrap-around at
 * 2^64), which must fit 32 bits, else the access is out of bounds. Returns
 * the exact effective address as an i32 word for the 32-bit access that
 * follows (with offset 0), which checks the access size against the memory.
 */
export function effectiveAddress64(I: Int32Array, at: number, offsetLo: number, offsetHi: number): number {
  const ea = u64At(I, at) + (offsetHi >>> 0) * TWO_32 + (offsetLo >>> 0);
  if (ea > 0xffff_ffff) throw memoryTrap();
  return ea | 0;
}

/**
 * `index64`: an i64 table index (or length, or memory.grow delta) as u32,
 * saturating at 2^32 - 1: no table reaches that length and no memory can grow
 * by that many pages, so the saturated value fails exactly when the real one does.
 */
export function saturatedIndex(I: Int32Array, at: number): number {
  return I[at + 1] !== 0 ? -1 : I[at]!;
}

/** Reads operand `at` as i64 when `wide` is set, else as u32. */
function operand(I: Int32Array, at: number, wide: boolean): number {
  return wide ? u64At(I, at) : I[at]! >>> 0;
}

export function memoryFill64(mem: MemoryInstance, I: Int32Array, d: number, v: number, n: number): void {
  memoryFill(mem, u64At(I, d), I[v]!, u64At(I, n));
}

/** `wide` bits: 1 the destination address, 2 the source address, 4 the length are i64. */
export function memoryCopy64(dst: MemoryInstance, src: MemoryInstance, I: Int32Array, d: number, s: number, n: number, wide: number): void {
  memoryCopy(dst, src, operand(I, d, (wide & 1) !== 0), operand(I, s, (wide & 2) !== 0), operand(I, n, (wide & 4) !== 0));
}

/** Only the destination address is i64: the data segment side is always 32-bit. */
export function memoryInit64(mem: MemoryInstance, data: DataInstance, I: Int32Array, d: number, s: number, n: number): void {
  memoryInit(mem, data, u64At(I, d), I[s]! >>> 0, I[n]! >>> 0);
}
