// Encoding of the type grammar, the inverse of decode-types.ts.

import {
  heapTypeIndex, isConcreteHeap, isRef, refHeap, refNullable,
} from '../syntax/types.js';
import type {
  BlockType, CompositeType, FieldType, GlobalType, HeapType, MemoryType, SubType, TableType, ValType,
} from '../syntax/types.js';
import { TypeCode } from './decode-types.js';
import type { ByteWriter } from './writer.js';

export function writeHeapType(w: ByteWriter, h: HeapType): void {
  if (isConcreteHeap(h)) w.s33(heapTypeIndex(h));
  else w.u8(h); // abstract codes are one-byte negative s33 values
}

export function writeValType(w: ByteWriter, t: ValType): void {
  if (!isRef(t)) {
    w.u8(t);
    return;
  }
  const h = refHeap(t);
  const nullable = refNullable(t);
  if (nullable && !isConcreteHeap(h)) {
    w.u8(h); // shorthand: funcref, externref, …
    return;
  }
  w.u8(nullable ? TypeCode.RefNull : TypeCode.RefNonNull);
  writeHeapType(w, h);
}

export function writeValTypes(w: ByteWriter, ts: readonly ValType[]): void {
  w.u32(ts.length);
  for (const t of ts) writeValType(w, t);
}

function writeFieldType(w: ByteWriter, f: FieldType): void {
  writeValType(w, f.type); // i8/i16 are their own one-byte codes
  w.u8(f.mutable ? 1 : 0);
}

function writeCompositeType(w: ByteWriter, c: CompositeType): void {
  switch (c.kind) {
    case 'func':
      w.u8(TypeCode.Func);
      writeValTypes(w, c.func.params);
      writeValTypes(w, c.func.results);
      return;
    case 'struct':
      w.u8(TypeCode.Struct);
      w.u32(c.fields.length);
      for (const f of c.fields) writeFieldType(w, f);
      return;
    case 'array':
      w.u8(TypeCode.Array);
      writeFieldType(w, c.element);
      return;
    case 'cont':
      w.u8(TypeCode.Cont);
      w.u32(c.funcTypeIndex);
      return;
  }
}

export function writeSubType(w: ByteWriter, t: SubType): void {
  // A final type without supertypes has the short form: just the composite type.
  if (!t.final || t.supertypes.length > 0) {
    w.u8(t.final ? TypeCode.SubFinal : TypeCode.Sub);
    w.u32(t.supertypes.length);
    for (const s of t.supertypes) w.u32(s);
  }
  writeCompositeType(w, t.composite);
}

function writeLimits(
  w: ByteWriter, min: number, max: number | undefined, shared: boolean, index64: boolean,
): void {
  w.u8((max !== undefined ? 0x01 : 0) | (shared ? 0x02 : 0) | (index64 ? 0x04 : 0));
  // Limits are u64 in the binary format whatever the index type.
  w.u64(min);
  if (max !== undefined) w.u64(max);
}

export function writeMemoryType(w: ByteWriter, t: MemoryType): void {
  writeLimits(w, t.min, t.max, t.shared, t.index64);
}

export function writeTableType(w: ByteWriter, t: TableType): void {
  writeValType(w, t.elem);
  writeLimits(w, t.min, t.max, false, t.index64);
}

export function writeGlobalType(w: ByteWriter, t: GlobalType): void {
  writeValType(w, t.type);
  w.u8(t.mutable ? 1 : 0);
}

export function writeBlockType(w: ByteWriter, bt: BlockType): void {
  switch (bt.kind) {
    case 'empty': w.u8(TypeCode.EmptyBlock); return;
    case 'value': writeValType(w, bt.type); return;
    case 'index': w.s33(bt.index); return;
  }
}
