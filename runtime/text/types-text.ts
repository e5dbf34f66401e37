// Types in the text format: value, heap and reference types, signatures and
// type uses, type definitions (func/struct/array/cont, `sub`, `rec`), and the
// limits of tables and memories.

import type {
  CompositeType, FieldType, FuncType, GlobalType, HeapType, MemoryType, SubType, TableType, ValType,
} from '../syntax/types.js';
import {
  ABS_HEAP_BY_NAME, AbsHeap, F32, F64, heapIndex, I16, I32, I64, I8, refType, V128,
} from '../syntax/types.js';
import type { Cursor } from './cursor.js';
import { type ModuleContext, readU32, sameFuncType } from './context.js';
import { Tok, type Token } from './lexer.js';
import { parseNat } from './numbers.js';

const NUM_TYPES: ReadonlyMap<string, ValType> = new Map([
  ['i32', I32], ['i64', I64], ['f32', F32], ['f64', F64], ['v128', V128],
]);

/** `funcref` and friends: nullable references to an abstract heap type. */
const REF_SHORTHANDS: ReadonlyMap<string, ValType> = new Map([
  ['funcref', AbsHeap.Func], ['externref', AbsHeap.Extern], ['anyref', AbsHeap.Any],
  ['eqref', AbsHeap.Eq], ['i31ref', AbsHeap.I31], ['structref', AbsHeap.Struct],
  ['arrayref', AbsHeap.Array], ['nullref', AbsHeap.None], ['nullfuncref', AbsHeap.NoFunc],
  ['nullexternref', AbsHeap.NoExtern], ['exnref', AbsHeap.Exn], ['nullexnref', AbsHeap.NoExn],
  ['contref', AbsHeap.Cont], ['nullcontref', AbsHeap.NoCont],
].map(([name, heap]) => [name as string, refType(heap as number, true)]));

/** A heap type: an abstract one by name, or a type index. */
export function parseHeapType(ctx: ModuleContext): HeapType {
  const c: Cursor = ctx.c;
  const t = c.peek();
  if (t.kind === Tok.Atom) {
    const abs = ABS_HEAP_BY_NAME.get(t.text);
    if (abs !== undefined) { c.next(); return abs; }
  }
  if (t.kind === Tok.Id || c.isNat()) return heapIndex(ctx.types.resolve(c));
  return c.unexpected(t);
}

/** Is the cursor at a reference type (`funcref` or `(ref …)`)? */
export function isRefType(c: Cursor): boolean {
  const t = c.peek();
  return (t.kind === Tok.Atom && REF_SHORTHANDS.has(t.text)) || c.isField('ref');
}

export function parseRefType(ctx: ModuleContext): ValType {
  const c: Cursor = ctx.c;
  const t = c.peek();
  if (t.kind === Tok.Atom) {
    const short = REF_SHORTHANDS.get(t.text);
    if (short !== undefined) { c.next(); return short; }
    return c.unexpected(t);
  }
  c.expectField('ref');
  let nullable = false;
  if (c.isAtom('null')) { c.next(); nullable = true; }
  const heap = parseHeapType(ctx);
  c.expectRParen();
  return refType(heap, nullable);
}

export function isValType(c: Cursor): boolean {
  const t = c.peek();
  return (t.kind === Tok.Atom && NUM_TYPES.has(t.text)) || isRefType(c);
}

export function parseValType(ctx: ModuleContext): ValType {
  const t = ctx.c.peek();
  if (t.kind === Tok.Atom) {
    const num = NUM_TYPES.get(t.text);
    if (num !== undefined) { ctx.c.next(); return num; }
  }
  return parseRefType(ctx);
}

/** `(param $x t)` / `(param t*)` lists; returns the names (undefined when anonymous). */
export function parseParams(ctx: ModuleContext, types: ValType[], names: (Token | undefined)[] | null): void {
  const c: Cursor = ctx.c;
  while (c.isField('param')) {
    c.next(); c.next();
    if (c.isId()) {
      const id = c.next();
      if (names === null) c.fail('unexpected token', id);
      types.push(parseValType(ctx));
      names.push(id);
    } else {
      while (!c.isRParen()) {
        types.push(parseValType(ctx));
        names?.push(undefined);
      }
    }
    c.expectRParen();
  }
}

export function parseResults(ctx: ModuleContext, types: ValType[]): void {
  const c: Cursor = ctx.c;
  while (c.isField('result')) {
    c.next(); c.next();
    while (!c.isRParen()) types.push(parseValType(ctx));
    c.expectRParen();
  }
}

export interface TypeUse {
  readonly typeIndex: number;
  /** Parameter count of the signature (locals are numbered after them). */
  readonly paramCount: number;
  /** Parameter names, when the signature was written inline. */
  readonly paramNames: readonly (Token | undefined)[];
  /** The signature was written inline without `(type …)`. */
  readonly inlineOnly: boolean;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/**
 * `(type x)? (param …)* (result …)*`. With both, the inline signature must be
 * the type's; with only the inline part, the type is found or added.
 * `allowNames` is false where parameters cannot be named (call_indirect, blocks).
 */
export function parseTypeUse(ctx: ModuleContext, allowNames: boolean): TypeUse {
  const c: Cursor = ctx.c;
  let explicit: number | undefined;
  let typeTok: Token | undefined;
  if (c.isField('type')) {
    c.next();
    typeTok = c.next();
    explicit = ctx.types.resolve(c);
    c.expectRParen();
  }
  const params: ValType[] = [];
  const results: ValType[] = [];
  const names: (Token | undefined)[] = [];
  parseParams(ctx, params, allowNames ? names : null);
  parseResults(ctx, results);
  // Parameters after results, or a type use after either, are out of order.
  if (c.isField('param') || c.isField('type')) c.unexpected(c.peek(1));
  if (explicit !== undefined) {
    const ft = ctx.funcTypeAt(explicit);
    if (params.length > 0 || results.length > 0) {
      if (explicit >= ctx.module.types.length + ctx.implicitTypes.length) c.fail(`unknown type ${explicit}`, typeTok);
      if (!ft || !sameFuncType(ft, { params, results })) c.fail('inline function type', typeTok);
      return { typeIndex: explicit, paramCount: params.length, paramNames: names, inlineOnly: false, params, results };
    }
    const fparams = ft?.params ?? [];
    return {
      typeIndex: explicit, paramCount: fparams.length, paramNames: [], inlineOnly: false,
      params: fparams, results: ft?.results ?? [],
    };
  }
  const typeIndex = ctx.inlineFuncType({ params, results });
  return { typeIndex, paramCount: params.length, paramNames: names, inlineOnly: true, params, results };
}

function parseStorageType(ctx: ModuleContext): ValType {
  const c: Cursor = ctx.c;
  if (c.isAtom('i8')) { c.next(); return I8; }
  if (c.isAtom('i16')) { c.next(); return I16; }
  return parseValType(ctx);
}

function parseFieldType(ctx: ModuleContext): FieldType {
  const c: Cursor = ctx.c;
  if (c.isField('mut')) {
    c.next(); c.next();
    const type = parseStorageType(ctx);
    c.expectRParen();
    return { type, mutable: true };
  }
  return { type: parseStorageType(ctx), mutable: false };
}

function parseCompositeType(ctx: ModuleContext, typeIndex: number): CompositeType {
  const c: Cursor = ctx.c;
  c.expectLParen();
  const head = c.next();
  let composite: CompositeType;
  switch (head.kind === Tok.Atom ? head.text : '') {
    case 'func': {
      const params: ValType[] = [];
      const results: ValType[] = [];
      parseParams(ctx, params, []);
      parseResults(ctx, results);
      const func: FuncType = { params, results };
      composite = { kind: 'func', func };
      break;
    }
    case 'struct': {
      const fields: FieldType[] = [];
      const fieldIds = new Map<string, number>();
      while (c.isField('field')) {
        c.next(); c.next();
        if (c.isId()) {
          const id = c.next();
          if (fieldIds.has(id.text)) c.fail(`duplicate field ${id.text}`, id);
          fieldIds.set(id.text, fields.length);
          let names = ctx.module.names.fields.get(typeIndex);
          if (!names) ctx.module.names.fields.set(typeIndex, names = new Map());
          names.set(fields.length, id.text.slice(1));
          fields.push(parseFieldType(ctx));
        } else {
          while (!c.isRParen()) fields.push(parseFieldType(ctx));
        }
        c.expectRParen();
      }
      if (fieldIds.size > 0) ctx.fieldIds.set(typeIndex, fieldIds);
      composite = { kind: 'struct', fields };
      break;
    }
    case 'array':
      composite = { kind: 'array', element: parseFieldType(ctx) };
      break;
    case 'cont':
      composite = { kind: 'cont', funcTypeIndex: ctx.types.resolve(c) };
      break;
    default:
      return c.unexpected(head);
  }
  c.expectRParen();
  return composite;
}

/** The body of a `(type $t? …)` field after its id: a composite type or `(sub final? $super* comp)`. */
export function parseTypeDefBody(ctx: ModuleContext, typeIndex: number): SubType {
  const c: Cursor = ctx.c;
  if (c.isField('sub')) {
    c.next(); c.next();
    let final = false;
    if (c.isAtom('final')) { c.next(); final = true; }
    const supertypes: number[] = [];
    while (c.isId() || c.isNat()) supertypes.push(ctx.types.resolve(c));
    const composite = parseCompositeType(ctx, typeIndex);
    c.expectRParen();
    return { final, supertypes, composite };
  }
  return { final: true, supertypes: [], composite: parseCompositeType(ctx, typeIndex) };
}

/** `i32`/`i64` before limits: the address type of a table or memory. */
function parseAddressType(c: Cursor): boolean {
  if (c.isAtom('i64')) { c.next(); return true; }
  if (c.isAtom('i32')) c.next();
  return false;
}

/**
 * A limit bound. Bounds are read as u64 whatever the address type (as the
 * current spec does): a too-large bound is a validation error, not a syntax one.
 */
function readBound(c: Cursor): number {
  const t = c.peek();
  const n = c.literal(parseNat);
  if (n >= 1n << 64n) c.fail('i64 constant out of range', t);
  return Number(n);
}

export function parseMemoryType(ctx: ModuleContext): MemoryType {
  const c: Cursor = ctx.c;
  const index64 = parseAddressType(c);
  const min = readBound(c);
  const max = c.isNat() ? readBound(c) : undefined;
  let shared = false;
  if (c.isAtom('shared')) { c.next(); shared = true; } else if (c.isAtom('unshared')) c.next();
  let pageSizeLog2: number | undefined;
  if (c.isField('pagesize')) {
    c.next(); c.next();
    const t = c.peek();
    const size = readU32(c);
    if (size === 0 || (size & (size - 1)) !== 0) c.fail('invalid custom page size', t);
    pageSizeLog2 = Math.log2(size);
    c.expectRParen();
  }
  return {
    min, shared, index64,
    ...(max !== undefined ? { max } : {}),
    ...(pageSizeLog2 !== undefined ? { pageSizeLog2 } : {}),
  };
}

/** `addrtype? min max? reftype`. */
export function parseTableType(ctx: ModuleContext): TableType {
  const c: Cursor = ctx.c;
  const index64 = parseAddressType(c);
  const min = readBound(c);
  const max = c.isNat() ? readBound(c) : undefined;
  const elem = parseRefType(ctx);
  return { elem, min, index64, ...(max !== undefined ? { max } : {}) };
}

export function parseGlobalType(ctx: ModuleContext): GlobalType {
  const c: Cursor = ctx.c;
  if (c.isField('mut')) {
    c.next(); c.next();
    const type = parseValType(ctx);
    c.expectRParen();
    return { type, mutable: true };
  }
  return { type: parseValType(ctx), mutable: false };
}
