// Numeric helpers the run loop calls for the less common operations. The
// frequent ones (32-bit arithmetic, 64-bit add/sub/logic/compare on two
// 32-bit halves, float arithmetic) are written inline in the loop.
//
// 64-bit values are (lo, hi) pairs of signed 32-bit words. Helpers that
// produce one write it into `out64` (index 0 = lo, 1 = hi) to avoid
// allocating.

import { Trap } from '../errors.js';

export const out64 = new Int32Array(2);

/** 64-bit multiply, low 64 bits of the product, from 16-bit limbs (exact in doubles). */
export function mul64(alo: number, ahi: number, blo: number, bhi: number): void {
  const a0 = alo & 0xffff, a1 = alo >>> 16, b0 = blo & 0xffff, b1 = blo >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  out64[0] = (p00 & 0xffff) | (mid << 16);
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + Math.floor(mid / 65536);
  out64[1] = (carry + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
}

export function shl64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { out64[0] = lo; out64[1] = hi; } else if (n < 32) {
    out64[1] = (hi << n) | (lo >>> (32 - n));
    out64[0] = lo << n;
  } else { out64[1] = lo << (n - 32); out64[0] = 0; }
}

export function shrS64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { out64[0] = lo; out64[1] = hi; } else if (n < 32) {
    out64[0] = (lo >>> n) | (hi << (32 - n));
    out64[1] = hi >> n;
  } else { out64[0] = hi >> (n - 32); out64[1] = hi >> 31; }
}

export function shrU64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { out64[0] = lo; out64[1] = hi; } else if (n < 32) {
    out64[0] = (lo >>> n) | (hi << (32 - n));
    out64[1] = hi >>> n;
  } else { out64[0] = hi >>> (n - 32); out64[1] = 0; }
}

export function rotl64(lo: number, hi: number, n: number): void {
  n &= 63;
  if (n === 0) { out64[0] = lo; out64[1] = hi; return; }
  if (n >= 32) { const t = lo; lo = hi; hi = t; n -= 32; }
  if (n === 0) { out64[0] = lo; out64[1] = hi; return; }
  out64[1] = (hi << n) | (lo >>> (32 - n));
  out64[0] = (lo << n) | (hi >>> (32 - n));
}

export function rotr64(lo: number, hi: number, n: number): void {
  rotl64(lo, hi, (64 - (n & 63)) & 63);
}

export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

export function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

export function ctz64(lo: number, hi: number): number {
  return lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
}

export function popcnt32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

// ---- floats ----

/** Round to nearest, ties to even (f32 callers store the result back into a Float32Array). */
export function nearest(x: number): number {
  const r = Math.round(x); // ties go toward +∞
  // A tie that went up to an odd number goes back down (keeps -0 for -0.5).
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function fmin(a: number, b: number): number {
  if (a !== a || b !== b) return a + b; // a NaN input gives a (quiet) NaN
  return Math.min(a, b); // Math.min orders -0 below +0, as wasm requires
}

export function fmax(a: number, b: number): number {
  if (a !== a || b !== b) return a + b;
  return Math.max(a, b);
}

// ---- conversions ----

function truncChecks(x: number, min: number, maxExclusive: number): number {
  if (x !== x) throw new Trap('conversion', 'invalid conversion to integer');
  const t = Math.trunc(x);
  if (t < min || t >= maxExclusive) throw new Trap('integer-overflow', 'integer overflow');
  return t;
}

export function truncI32S(x: number): number {
  return truncChecks(x, -2147483648, 2147483648) | 0;
}
export function truncI32U(x: number): number {
  return truncChecks(x, 0, 4294967296) | 0;
}

/** Writes the truncation of an integral double in [-2^63, 2^64) into out64 (two's complement). */
function splitInt(t: number): void {
  if (t >= 0) {
    out64[0] = t % 4294967296 | 0;
    out64[1] = Math.floor(t / 4294967296) | 0;
  } else {
    // -t is exact; negate the 64-bit magnitude.
    const m = -t;
    const lo = m % 4294967296, hi = Math.floor(m / 4294967296);
    out64[0] = (-lo) | 0;
    out64[1] = (~hi + (lo === 0 ? 1 : 0)) | 0;
  }
}

export function truncI64S(x: number): void {
  splitInt(truncChecks(x, -9223372036854775808, 9223372036854775808));
}
export function truncI64U(x: number): void {
  splitInt(truncChecks(x, 0, 18446744073709551616));
}

function satTrunc(x: number, min: number, max: number): number {
  if (x !== x) return 0;
  const t = Math.trunc(x);
  return t < min ? min : t > max ? max : t;
}
export function truncSatI32S(x: number): number {
  return satTrunc(x, -2147483648, 2147483647) | 0;
}
export function truncSatI32U(x: number): number {
  return satTrunc(x, 0, 4294967295) | 0;
}
export function truncSatI64S(x: number): void {
  if (x !== x) { out64[0] = 0; out64[1] = 0; return; }
  if (x >= 9223372036854775808) { out64[0] = -1; out64[1] = 0x7fffffff; return; }
  if (x < -9223372036854775808) { out64[0] = 0; out64[1] = -2147483648; return; }
  splitInt(Math.trunc(x));
}
export function truncSatI64U(x: number): void {
  if (x !== x || x <= -1) { out64[0] = 0; out64[1] = 0; return; }
  if (x >= 18446744073709551616) { out64[0] = -1; out64[1] = -1; return; }
  splitInt(Math.trunc(x));
}

const TWO_32 = 4294967296;

/** A signed 64-bit integer as the nearest double (exact below 2^53, else correctly rounded). */
export function i64ToF64(lo: number, hi: number): number {
  if ((hi === 0 && lo >= 0) || (hi === -1 && lo < 0)) return lo; // fits 32 bits
  if (hi > -0x200000 && hi < 0x200000) return hi * TWO_32 + (lo >>> 0); // |v| < 2^53: exact
  return Number(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0)));
}

export function u64ToF64(lo: number, hi: number): number {
  if (hi >= 0 && hi < 0x200000) return hi * TWO_32 + (lo >>> 0);
  return Number((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}

/**
 * A 64-bit integer magnitude rounded to f32 in one step. Going through a
 * double would round twice; instead the value is first cut to 53 bits with
 * the dropped bits folded into a sticky lowest bit (round-to-odd), which the
 * final rounding to 24 bits then gets right.
 */
function magnitudeToF32(m: bigint): number {
  if (m < 1n << 53n) return Math.fround(Number(m));
  const shift = BigInt(m.toString(2).length - 53);
  const sticky = (m & ((1n << shift) - 1n)) !== 0n ? 1n : 0n;
  return Math.fround(Number((m >> shift) | sticky) * 2 ** Number(shift));
}

export function i64ToF32(lo: number, hi: number): number {
  if (hi > -0x200000 && hi < 0x200000) return Math.fround(hi * TWO_32 + (lo >>> 0));
  const v = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));
  return v < 0n ? -magnitudeToF32(-v) : magnitudeToF32(v);
}

export function u64ToF32(lo: number, hi: number): number {
  if (hi >= 0 && hi < 0x200000) return Math.fround(hi * TWO_32 + (lo >>> 0));
  return magnitudeToF32((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}
