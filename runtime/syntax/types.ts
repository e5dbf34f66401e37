// WebAssembly types, as the decoder, the text parser, the validator and the
// engine share them.
//
// A value type is packed into one small integer so that the validator can
// compare types with `===` and keep them in typed arrays:
//   - number and vector types are their binary codes (0x7f i32 … 0x7b v128);
//   - a reference type is REF_BIT | heap << 1 | nullable, where `heap` is
//     either an abstract heap type (its binary code, 0x40..0x7f) or a
//     concrete type index plus HEAP_INDEX_BASE.
// Concrete type indices are relative to the module that mentions them; the
// engine maps them to store-wide canonical ids (see runtime/valid/canon.ts)
// when types from two modules must be compared.

export type ValType = number;
export type HeapType = number;

export const I32: ValType = 0x7f;
export const I64: ValType = 0x7e;
export const F32: ValType = 0x7d;
export const F64: ValType = 0x7c;
export const V128: ValType = 0x7b;

/** Packed storage types of GC struct/array fields. */
export const I8: ValType = 0x78;
export const I16: ValType = 0x77;

// Abstract heap types, by their binary codes.
export const enum AbsHeap {
  NoExn = 0x74,
  NoFunc = 0x73,
  NoExtern = 0x72,
  None = 0x71,
  Func = 0x70,
  Extern = 0x6f,
  Any = 0x6e,
  Eq = 0x6d,
  I31 = 0x6c,
  Struct = 0x6b,
  Array = 0x6a,
  Exn = 0x69,
  Cont = 0x68,
  NoCont = 0x75,
}

const REF_BIT = 0x10000;
/** Heap values at or above this encode a concrete type index. */
export const HEAP_INDEX_BASE = 0x100;

export function heapIndex(typeIndex: number): HeapType {
  return typeIndex + HEAP_INDEX_BASE;
}
export function isConcreteHeap(h: HeapType): boolean {
  return h >= HEAP_INDEX_BASE;
}
export function heapTypeIndex(h: HeapType): number {
  return h - HEAP_INDEX_BASE;
}

export function refType(heap: HeapType, nullable: boolean): ValType {
  return REF_BIT + heap * 2 + (nullable ? 1 : 0);
}
export function isRef(t: ValType): boolean {
  return t >= REF_BIT;
}
export function isNum(t: ValType): boolean {
  return t === I32 || t === I64 || t === F32 || t === F64;
}
export function refHeap(t: ValType): HeapType {
  return (t - REF_BIT) >> 1;
}
export function refNullable(t: ValType): boolean {
  return ((t - REF_BIT) & 1) === 1;
}
export function asNullable(t: ValType): ValType {
  return isRef(t) ? t | 1 : t;
}
export function asNonNullable(t: ValType): ValType {
  return isRef(t) ? t & ~1 : t;
}

export const FUNCREF: ValType = refType(AbsHeap.Func, true);
export const EXTERNREF: ValType = refType(AbsHeap.Extern, true);
export const EXNREF: ValType = refType(AbsHeap.Exn, true);
export const ANYREF: ValType = refType(AbsHeap.Any, true);

/** Which abstract hierarchy (func, extern, any, exn, cont) a heap type's top is. */
export function abstractTop(h: AbsHeap): AbsHeap {
  switch (h) {
    case AbsHeap.Func: case AbsHeap.NoFunc: return AbsHeap.Func;
    case AbsHeap.Extern: case AbsHeap.NoExtern: return AbsHeap.Extern;
    case AbsHeap.Exn: case AbsHeap.NoExn: return AbsHeap.Exn;
    case AbsHeap.Cont: case AbsHeap.NoCont: return AbsHeap.Cont;
    default: return AbsHeap.Any;
  }
}
/** The bottom type of an abstract hierarchy. */
export function abstractBottom(top: AbsHeap): AbsHeap {
  switch (top) {
    case AbsHeap.Func: return AbsHeap.NoFunc;
    case AbsHeap.Extern: return AbsHeap.NoExtern;
    case AbsHeap.Exn: return AbsHeap.NoExn;
    case AbsHeap.Cont: return AbsHeap.NoCont;
    default: return AbsHeap.None;
  }
}

const ABS_HEAP_NAMES: Record<number, string> = {
  [AbsHeap.NoExn]: 'noexn', [AbsHeap.NoFunc]: 'nofunc', [AbsHeap.NoExtern]: 'noextern',
  [AbsHeap.None]: 'none', [AbsHeap.Func]: 'func', [AbsHeap.Extern]: 'extern',
  [AbsHeap.Any]: 'any', [AbsHeap.Eq]: 'eq', [AbsHeap.I31]: 'i31',
  [AbsHeap.Struct]: 'struct', [AbsHeap.Array]: 'array', [AbsHeap.Exn]: 'exn',
  [AbsHeap.Cont]: 'cont', [AbsHeap.NoCont]: 'nocont',
};
export const ABS_HEAP_BY_NAME: ReadonlyMap<string, AbsHeap> = new Map(
  Object.entries(ABS_HEAP_NAMES).map(([code, name]) => [name, Number(code) as AbsHeap]),
);

export function isAbstractHeapCode(code: number): boolean {
  return code in ABS_HEAP_NAMES;
}

export function heapTypeToString(h: HeapType): string {
  return isConcreteHeap(h) ? String(heapTypeIndex(h)) : (ABS_HEAP_NAMES[h] ?? `heap?${h}`);
}

export function valTypeToString(t: ValType): string {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case I8: return 'i8';
    case I16: return 'i16';
  }
  if (!isRef(t)) return `type?${t}`;
  const h = refHeap(t);
  if (refNullable(t) && !isConcreteHeap(h)) {
    // The short forms people read in error messages: funcref, externref, …
    return `${heapTypeToString(h)}ref`;
  }
  return `(ref ${refNullable(t) ? 'null ' : ''}${heapTypeToString(h)})`;
}

/** A function type: parameter and result types. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface FieldType {
  readonly type: ValType; // may be I8/I16 (packed)
  readonly mutable: boolean;
}

/** The composite types a type definition can have. */
export type CompositeType =
  | { readonly kind: 'func'; readonly func: FuncType }
  | { readonly kind: 'struct'; readonly fields: readonly FieldType[] }
  | { readonly kind: 'array'; readonly element: FieldType }
  /** `(cont $ft)`: a continuation whose stack expects to be resumed as $ft. */
  | { readonly kind: 'cont'; readonly funcTypeIndex: number };

/** A type definition: a composite type with its declared supertypes. */
export interface SubType {
  readonly final: boolean;
  readonly supertypes: readonly number[]; // type indices (at most one today)
  readonly composite: CompositeType;
}

/** One `rec` group of the type section: a run of consecutive type indices. */
export interface RecGroup {
  readonly start: number;
  readonly count: number;
}

export interface Limits {
  readonly min: bigint | number;
  readonly max?: bigint | number;
}

export interface MemoryType {
  readonly min: number; // in 64 KiB pages (memory64 sizes beyond 2^53 are rejected)
  readonly max?: number;
  readonly shared: boolean;
  readonly index64: boolean; // memory64: addresses are i64
  readonly pageSizeLog2?: number; // custom-page-sizes; default 16
}

export interface TableType {
  readonly elem: ValType;
  readonly min: number;
  readonly max?: number;
  readonly index64: boolean;
}

export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

/** Block types: empty, a single result, or a function type by index. */
export type BlockType =
  | { readonly kind: 'empty' }
  | { readonly kind: 'value'; readonly type: ValType }
  | { readonly kind: 'index'; readonly index: number };

export const EMPTY_BLOCK: BlockType = { kind: 'empty' };

export function funcTypeToString(ft: FuncType): string {
  return `[${ft.params.map(valTypeToString).join(' ')}] -> [${ft.results.map(valTypeToString).join(' ')}]`;
}
