// Decoding of the type grammar: value, reference and heap types, limits,
// table/memory/global types, block types and the type section's rec groups of
// sub/composite types (GC and stack-switching types included).

import { CompileError } from '../errors.js';
import {
  F32, F64, I16, I32, I64, I8, V128, heapIndex, isAbstractHeapCode, refType,
} from '../syntax/types.js';
import type {
  BlockType, CompositeType, FieldType, GlobalType, HeapType, MemoryType, SubType, TableType, ValType,
} from '../syntax/types.js';
import { EMPTY_BLOCK } from '../syntax/types.js';
import type { ByteReader } from './reader.js';

/** Binary codes of the type constructors. */
export const enum TypeCode {
  RefNonNull = 0x64,
  RefNull = 0x63,
  Func = 0x60,
  Struct = 0x5f,
  Array = 0x5e,
  Cont = 0x5d,
  SubFinal = 0x4f,
  Sub = 0x50,
  Rec = 0x4e,
  EmptyBlock = 0x40,
}

/**
 * Concrete type indices are packed into value types (types.ts), which only
 * has room for about 2^30 of them. No module can define that many types, so
 * anything this large is certainly an unknown type.
 */
const MAX_TYPE_INDEX = 1 << 24;

export function unsupportedSimd(offset: number): CompileError {
  return new CompileError('unsupported', 'SIMD is not supported yet', { kind: 'binary', offset });
}

/** A heap type: an abstract type's one-byte code or a non-negative s33 type index. */
export function readHeapType(r: ByteReader): HeapType {
  const start = r.pos;
  const v = r.s33();
  if (v >= 0) {
    if (v >= MAX_TYPE_INDEX) {
      throw new CompileError('invalid', `unknown type ${v}`, { kind: 'binary', offset: start });
    }
    return heapIndex(v);
  }
  // A negative one-byte s33 is the byte minus 0x80; abstract codes are 0x40..0x7f.
  const code = v + 0x80;
  if (v < -0x40 || !isAbstractHeapCode(code)) r.fail('malformed heap type', start);
  return code;
}

/** The reference type starting with byte `b` (already consumed at `at`), or -1 if `b` starts none. */
function refTypeAfter(r: ByteReader, b: number): ValType {
  if (b === TypeCode.RefNonNull) return refType(readHeapType(r), false);
  if (b === TypeCode.RefNull) return refType(readHeapType(r), true);
  if (isAbstractHeapCode(b)) return refType(b, true); // shorthand: funcref, externref, …
  return -1;
}

export function readRefType(r: ByteReader): ValType {
  const at = r.pos;
  const b = r.u8();
  const t = refTypeAfter(r, b);
  if (t < 0) failTypeCode(r, b, 'malformed reference type', at);
  return t;
}

export function readValType(r: ByteReader): ValType {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case I32: case I64: case F32: case F64: return b;
    case V128: throw unsupportedSimd(at);
  }
  const t = refTypeAfter(r, b);
  if (t < 0) failTypeCode(r, b, 'malformed value type', at);
  return t;
}

function readStorageType(r: ByteReader): ValType {
  const b = r.peek();
  if (b === I8 || b === I16) {
    r.pos++;
    return b;
  }
  return readValType(r);
}

export function readMutability(r: ByteReader): boolean {
  const at = r.pos;
  const m = r.u8();
  if (m > 1) r.fail('malformed mutability', at);
  return m === 1;
}

function readFieldType(r: ByteReader): FieldType {
  const type = readStorageType(r);
  return { type, mutable: readMutability(r) };
}

export function readValTypes(r: ByteReader): ValType[] {
  const n = r.count();
  const out: ValType[] = new Array<ValType>(n);
  for (let i = 0; i < n; i++) out[i] = readValType(r);
  return out;
}

export function readTypeIndex(r: ByteReader): number {
  return r.u32();
}

/**
 * Type constructors are one-byte negative s7 LEBs in the spec's grammar; a
 * continuation bit means a longer (hence over-long) LEB rather than an
 * unknown code.
 */
function failTypeCode(r: ByteReader, b: number, message: string, at: number): never {
  return r.fail(b & 0x80 ? 'integer representation too long' : message, at);
}

function readCompositeType(r: ByteReader): CompositeType {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case TypeCode.Func: {
      const params = readValTypes(r);
      return { kind: 'func', func: { params, results: readValTypes(r) } };
    }
    case TypeCode.Struct: {
      const n = r.count();
      const fields: FieldType[] = new Array<FieldType>(n);
      for (let i = 0; i < n; i++) fields[i] = readFieldType(r);
      return { kind: 'struct', fields };
    }
    case TypeCode.Array:
      return { kind: 'array', element: readFieldType(r) };
    case TypeCode.Cont:
      return { kind: 'cont', funcTypeIndex: readTypeIndex(r) };
    default:
      return failTypeCode(r, b, 'malformed composite type', at);
  }
}

export function readSubType(r: ByteReader): SubType {
  const b = r.peek();
  if (b === TypeCode.Sub || b === TypeCode.SubFinal) {
    r.pos++;
    const n = r.count();
    const supertypes: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) supertypes[i] = readTypeIndex(r);
    return { final: b === TypeCode.SubFinal, supertypes, composite: readCompositeType(r) };
  }
  return { final: true, supertypes: [], composite: readCompositeType(r) };
}

/** One rec group (explicit `0x4e vec(subtype)` or a lone subtype), appended to `types`. */
export function readRecGroup(r: ByteReader, types: SubType[]): { start: number; count: number } {
  const start = types.length;
  if (r.peek() === TypeCode.Rec) {
    r.pos++;
    const n = r.count();
    for (let i = 0; i < n; i++) types.push(readSubType(r));
    return { start, count: n };
  }
  types.push(readSubType(r));
  return { start, count: 1 };
}

// Limits flags: bit 0 = has maximum, bit 1 = shared (memories only), bit 2 = 64-bit indices.
const LIMIT_HAS_MAX = 0x01;
const LIMIT_SHARED = 0x02;
const LIMIT_INDEX64 = 0x04;

interface RawLimits {
  min: number;
  max?: number;
  shared: boolean;
  index64: boolean;
}

function readLimits(r: ByteReader, allowed: number): RawLimits {
  const at = r.pos;
  const flags = r.u8();
  if (flags & ~allowed) r.fail('malformed limits flags', at);
  const index64 = (flags & LIMIT_INDEX64) !== 0;
  // Limits are u64 whatever the index type (the validator checks the range).
  // Values beyond 2^53 lose precision as numbers, but they stay far above
  // every size limit, which is all the validator asks of them.
  const min = Number(r.u64());
  const limits: RawLimits = { min, shared: (flags & LIMIT_SHARED) !== 0, index64 };
  if (flags & LIMIT_HAS_MAX) limits.max = Number(r.u64());
  return limits;
}

export function readMemoryType(r: ByteReader): MemoryType {
  const { min, max, shared, index64 } = readLimits(r, LIMIT_HAS_MAX | LIMIT_SHARED | LIMIT_INDEX64);
  return max === undefined ? { min, shared, index64 } : { min, max, shared, index64 };
}

export function readTableType(r: ByteReader): TableType {
  const elem = readRefType(r);
  const { min, max, index64 } = readLimits(r, LIMIT_HAS_MAX | LIMIT_INDEX64);
  return max === undefined ? { elem, min, index64 } : { elem, min, max, index64 };
}

export function readGlobalType(r: ByteReader): GlobalType {
  const type = readValType(r);
  return { type, mutable: readMutability(r) };
}

/** A block type: 0x40 (empty), a value type, or a non-negative s33 type index. */
export function readBlockType(r: ByteReader): BlockType {
  const b = r.peek();
  if (b === TypeCode.EmptyBlock) {
    r.pos++;
    return EMPTY_BLOCK;
  }
  // One-byte negative s33 values (0x40..0x7f) are value types.
  if ((b & 0xc0) === 0x40) return { kind: 'value', type: readValType(r) };
  const at = r.pos;
  const index = r.s33();
  if (index < 0) r.fail('malformed block type', at);
  return { kind: 'index', index };
}
