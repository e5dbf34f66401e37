// Values as they cross the boundary between the engine and its embedder (the
// spec runner, the CLI, host functions, the debugger). Floats travel as raw
// IEEE bits so that NaN payloads survive: a JS number cannot carry an f32
// signalling NaN faithfully.

import type { ValType } from '../syntax/types.js';

/**
 * A reference value. Null is `null`; anything else is an engine object
 * (function instance, exception, continuation) or an ExternRef made by a host.
 */
export type Reference = object;

export type Value =
  | { readonly type: 'i32'; readonly value: number } // signed 32-bit
  | { readonly type: 'i64'; readonly value: bigint } // signed 64-bit
  | { readonly type: 'f32'; readonly bits: number } // unsigned 32-bit pattern
  | { readonly type: 'f64'; readonly bits: bigint } // unsigned 64-bit pattern
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  | { readonly type: 'ref'; readonly valType: ValType; readonly ref: Reference | null };

/** A host value passed into wasm as an externref. Identity is the host's object. */
export class ExternRef {
  constructor(readonly host: unknown) {}
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const u64Scratch = new BigUint64Array(f64Scratch.buffer);

export function i32(value: number): Value {
  return { type: 'i32', value: value | 0 };
}
export function i64(value: bigint): Value {
  return { type: 'i64', value: BigInt.asIntN(64, value) };
}
export function f32(x: number): Value {
  f32Scratch[0] = x;
  return { type: 'f32', bits: u32Scratch[0]! };
}
export function f64(x: number): Value {
  f64Scratch[0] = x;
  return { type: 'f64', bits: u64Scratch[0]! };
}
export function f32Bits(bits: number): Value {
  return { type: 'f32', bits: bits >>> 0 };
}
export function f64Bits(bits: bigint): Value {
  return { type: 'f64', bits: BigInt.asUintN(64, bits) };
}
export function f32FromBits(bits: number): number {
  u32Scratch[0] = bits;
  return f32Scratch[0]!;
}
export function f64FromBits(bits: bigint): number {
  u64Scratch[0] = bits;
  return f64Scratch[0]!;
}

export function valueToString(v: Value): string {
  switch (v.type) {
    case 'i32': return `i32:${v.value}`;
    case 'i64': return `i64:${v.value}`;
    case 'f32': return `f32:${formatFloat(f32FromBits(v.bits), v.bits.toString(16))}`;
    case 'f64': return `f64:${formatFloat(f64FromBits(v.bits), v.bits.toString(16))}`;
    case 'v128': return `v128:${[...v.bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    case 'ref': return v.ref === null ? 'ref.null' : `ref:${refToString(v.ref)}`;
  }
}

function formatFloat(x: number, hexBits: string): string {
  return Number.isNaN(x) ? `nan(0x${hexBits})` : Object.is(x, -0) ? '-0' : String(x);
}

function refToString(r: Reference): string {
  if (r instanceof ExternRef) return `extern(${String(r.host)})`;
  const named = r as { describe?: () => string };
  return typeof named.describe === 'function' ? named.describe() : r.constructor.name;
}
