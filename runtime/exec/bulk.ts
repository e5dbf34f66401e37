// Memory and table operations that are not on the hot path: bulk memory,
// table access, and loads/stores on memories other than memory 0. Operands
// arrive as unsigned 32-bit numbers; every bounds check happens before any
// write, as the spec requires for these instructions.

import { Trap } from '../errors.js';
import type { DataInstance, ElemInstance } from '../objects/instance.js';
import type { MemoryInstance } from '../objects/memory.js';
import type { TableInstance } from '../objects/table.js';
import type { Reference } from '../objects/values.js';
import { Op } from '../syntax/opcodes.js';

export function memoryTrap(): Trap {
  return new Trap('memory', 'out of bounds memory access');
}
export function tableTrap(): Trap {
  return new Trap('table', 'out of bounds table access');
}

export function memoryFill(mem: MemoryInstance, d: number, value: number, n: number): void {
  if (d + n > mem.byteLength) throw memoryTrap();
  mem.bytes.fill(value & 0xff, d, d + n);
}

export function memoryCopy(dst: MemoryInstance, src: MemoryInstance, d: number, s: number, n: number): void {
  if (d + n > dst.byteLength || s + n > src.byteLength) throw memoryTrap();
  if (dst === src) dst.bytes.copyWithin(d, s, s + n);
  else dst.bytes.set(src.bytes.subarray(s, s + n), d);
}

export function memoryInit(mem: MemoryInstance, data: DataInstance, d: number, s: number, n: number): void {
  if (s + n > data.bytes.length || d + n > mem.byteLength) throw memoryTrap();
  mem.bytes.set(data.bytes.subarray(s, s + n), d);
}

export function tableGet(t: TableInstance, i: number): Reference | null {
  if (i >= t.elements.length) throw tableTrap();
  return t.elements[i]!;
}

export function tableSet(t: TableInstance, i: number, v: Reference | null): void {
  if (i >= t.elements.length) throw tableTrap();
  t.elements[i] = v;
}

export function tableFill(t: TableInstance, i: number, v: Reference | null, n: number): void {
  if (i + n > t.elements.length) throw tableTrap();
  t.elements.fill(v, i, i + n);
}

export function tableCopy(dst: TableInstance, src: TableInstance, d: number, s: number, n: number): void {
  if (d + n > dst.elements.length || s + n > src.elements.length) throw tableTrap();
  if (dst === src) dst.elements.copyWithin(d, s, s + n);
  else for (let k = 0; k < n; k++) dst.elements[d + k] = src.elements[s + k]!;
}

export function tableInit(t: TableInstance, elem: ElemInstance, d: number, s: number, n: number): void {
  if (s + n > elem.refs.length || d + n > t.elements.length) throw tableTrap();
  for (let k = 0; k < n; k++) t.elements[d + k] = elem.refs[s + k]!;
}

/**
 * A load from any memory by wasm opcode; writes the 32-bit result, or the
 * low and high words of a 64-bit one, into `out` at `at`.
 */
export function loadAny(mem: MemoryInstance, op: number, ea: number, out: Int32Array, at: number): void {
  const size = accessSize(op);
  if (ea + size > mem.byteLength) throw memoryTrap();
  const v = mem.view;
  switch (op) {
    case Op['i32.load']: case Op['f32.load']: out[at] = v.getInt32(ea, true); return;
    case Op['i64.load']: case Op['f64.load']: out[at] = v.getInt32(ea, true); out[at + 1] = v.getInt32(ea + 4, true); return;
    case Op['i32.load8_s']: out[at] = v.getInt8(ea); return;
    case Op['i32.load8_u']: out[at] = v.getUint8(ea); return;
    case Op['i32.load16_s']: out[at] = v.getInt16(ea, true); return;
    case Op['i32.load16_u']: out[at] = v.getUint16(ea, true); return;
    case Op['i64.load8_s']: out[at] = v.getInt8(ea); out[at + 1] = out[at]! >> 31; return;
    case Op['i64.load8_u']: out[at] = v.getUint8(ea); out[at + 1] = 0; return;
    case Op['i64.load16_s']: out[at] = v.getInt16(ea, true); out[at + 1] = out[at]! >> 31; return;
    case Op['i64.load16_u']: out[at] = v.getUint16(ea, true); out[at + 1] = 0; return;
    case Op['i64.load32_s']: out[at] = v.getInt32(ea, true); out[at + 1] = out[at]! >> 31; return;
    case Op['i64.load32_u']: out[at] = v.getInt32(ea, true); out[at + 1] = 0; return;
  }
  throw new Trap('other', `unknown load opcode ${op}`);
}

export function storeAny(mem: MemoryInstance, op: number, ea: number, src: Int32Array, at: number): void {
  const size = accessSize(op);
  if (ea + size > mem.byteLength) throw memoryTrap();
  const v = mem.view;
  switch (op) {
    case Op['i32.store']: case Op['f32.store']: case Op['i64.store32']: v.setInt32(ea, src[at]!, true); return;
    case Op['i64.store']: case Op['f64.store']: v.setInt32(ea, src[at]!, true); v.setInt32(ea + 4, src[at + 1]!, true); return;
    case Op['i32.store8']: case Op['i64.store8']: v.setInt8(ea, src[at]!); return;
    case Op['i32.store16']: case Op['i64.store16']: v.setInt16(ea, src[at]!, true); return;
  }
  throw new Trap('other', `unknown store opcode ${op}`);
}

function accessSize(op: number): number {
  switch (op) {
    case Op['i64.load']: case Op['f64.load']: case Op['i64.store']: case Op['f64.store']: return 8;
    case Op['i32.load']: case Op['f32.load']: case Op['i64.load32_s']: case Op['i64.load32_u']:
    case Op['i32.store']: case Op['f32.store']: case Op['i64.store32']: return 4;
    case Op['i32.load16_s']: case Op['i32.load16_u']: case Op['i64.load16_s']: case Op['i64.load16_u']:
    case Op['i32.store16']: case Op['i64.store16']: return 2;
    default: return 1;
  }
}
