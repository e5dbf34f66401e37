// How a wasm value reads in the Variables view, the hover and the REPL.

import type { DebugValue } from '../runtime/debug/api.js';
import { memoryReference } from './references.js';

/** The value's text; integers in hex when the client asks (format.hex). */
export function valueText(v: DebugValue, hex = false): string {
  if (hex) {
    const raw = v.value;
    if (raw.type === 'i32') return `0x${(raw.value >>> 0).toString(16)}`;
    if (raw.type === 'i64') return `0x${BigInt.asUintN(64, raw.value).toString(16)}`;
    if (raw.type === 'f32') return `0x${(raw.bits >>> 0).toString(16).padStart(8, '0')}`;
    if (raw.type === 'f64') return `0x${raw.bits.toString(16).padStart(16, '0')}`;
  }
  return v.text;
}

/** An i32 may be a pointer into memory 0: give it a memory reference so "View Binary Data" works. */
export function valueMemoryReference(v: DebugValue): string | undefined {
  const raw = v.value;
  if (raw.type === 'i32') return memoryReference({ module: 0, memory: 0, address: raw.value >>> 0 });
  return undefined;
}
