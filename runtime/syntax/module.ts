// The module as the decoder produces it and the text parser builds it: the
// abstract syntax of the spec, with index spaces as plain numbers.
// Function bodies are flat instruction lists in binary order (structured
// control as block/loop/if/else/try/catch/end markers), which is what the
// validator's algorithm and the compiler both walk.

import type {
  BlockType, GlobalType, HeapType, MemoryType, RecGroup, SubType, TableType, ValType,
} from './types.js';

/** Where a piece of text came from: 1-based line and column, 0-based offsets. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly start: number; // character offset in the file
  readonly end: number;
}

export interface MemArg {
  readonly align: number; // log2
  readonly offset: bigint | number; // u64 for memory64, else u32
  readonly memory: number;
}

/** `catch`, `catch_ref`, `catch_all`, `catch_all_ref` clauses of try_table. */
export interface CatchClause {
  readonly kind: 'catch' | 'catch_ref' | 'catch_all' | 'catch_all_ref';
  readonly tag: number; // -1 for catch_all*
  readonly label: number;
}

/** A handler clause of `resume`/`resume_throw`: `(on $tag $label)` or `(on $tag switch)`. */
export interface ResumeHandler {
  readonly tag: number;
  readonly label: number; // -1 for `switch`
}

/**
 * One instruction. `op` is an id from opcodes.ts; the other fields are set
 * according to the opcode's ImmKind:
 *   label/func/type/local/global/table/memory/tag/data/elem → `index`
 *   callIndirect → index = type, index2 = table
 *   tableInit → index = elem, index2 = table; tableCopy → index = dst, index2 = src
 *   memoryInit → index = data, index2 = memory; memoryCopy → index = dst, index2 = src
 *   typeType/typeTag/typeField/typeLen/typeData/typeElem → index, index2
 *   block/tryTable → blockType (+ catches); brTable → labels + index (default)
 *   memarg → memArg; i32/f32 → value (f32 as raw u32 bits); i64/f64 → value (bigint, raw bits for f64)
 *   heapType/refType → heapType; selectT → types
 *   resume, resume_throw_ref → index, handlers; resumeThrow → index, index2 (tag), handlers
 *   brOnCast → index (label), heapType, heapType2, castFlags
 */
export interface Instr {
  op: number;
  index: number;
  index2: number;
  /** Byte offset of the opcode in the module binary (code section offsets are module offsets). */
  offset: number;
  blockType?: BlockType;
  labels?: number[];
  memArg?: MemArg;
  value?: number | bigint;
  heapType?: HeapType;
  heapType2?: HeapType;
  castFlags?: number;
  types?: ValType[];
  catches?: CatchClause[];
  handlers?: ResumeHandler[];
  /** Source span when the instruction came from text. */
  span?: Span;
}

/** A constant expression (global initialisers, segment offsets, element items). */
export type ConstExpr = Instr[];

export interface Func {
  readonly typeIndex: number;
  /** Declared locals (not parameters), one entry per local. */
  readonly locals: ValType[];
  readonly body: Instr[]; // ends with the function's final `end`
  /** Byte offset of the function body (its size field) in the module. */
  readonly bodyOffset: number;
  /** Byte offset just past the body. */
  readonly bodyEnd: number;
  readonly span?: Span;
}

export type ImportDesc =
  | { readonly kind: 'func'; readonly typeIndex: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly typeIndex: number };

export type ExternKind = ImportDesc['kind'];

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

export interface Table {
  readonly type: TableType;
  /** Initialiser for every element (function-references tables); null elements otherwise. */
  readonly init?: ConstExpr;
}

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export type SegmentMode =
  | { readonly kind: 'passive' }
  | { readonly kind: 'declarative' }
  | { readonly kind: 'active'; readonly index: number; readonly offset: ConstExpr };

export interface ElemSegment {
  readonly type: ValType;
  /** Each item as a constant expression (ref.func i, ref.null t, global.get…). */
  readonly items: ConstExpr[];
  readonly mode: SegmentMode; // active: index = table
}

export interface DataSegment {
  readonly bytes: Uint8Array;
  readonly mode: SegmentMode; // active: index = memory
}

export interface Tag {
  readonly typeIndex: number;
}

export interface CustomSection {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Binary id of the section it follows (0 when first). */
  readonly after: number;
  readonly offset: number;
}

/** What the `name` custom section says; every map is keyed by index. */
export interface NameSection {
  module?: string;
  funcs: Map<number, string>;
  locals: Map<number, Map<number, string>>; // func index → local index → name
  labels: Map<number, Map<number, string>>;
  types: Map<number, string>;
  fields: Map<number, Map<number, string>>;
  tables: Map<number, string>;
  memories: Map<number, string>;
  globals: Map<number, string>;
  elems: Map<number, string>;
  datas: Map<number, string>;
  tags: Map<number, string>;
}

export function emptyNames(): NameSection {
  return {
    funcs: new Map(), locals: new Map(), labels: new Map(), types: new Map(), fields: new Map(),
    tables: new Map(), memories: new Map(), globals: new Map(), elems: new Map(),
    datas: new Map(), tags: new Map(),
  };
}

export interface Module {
  types: SubType[];
  recGroups: RecGroup[];
  imports: Import[];
  /** Defined functions (their function indices follow the imported ones). */
  funcs: Func[];
  tables: Table[];
  memories: MemoryType[];
  globals: Global[];
  tags: Tag[];
  exports: Export[];
  start?: number;
  elems: ElemSegment[];
  datas: DataSegment[];
  dataCount?: number;
  customs: CustomSection[];
  names: NameSection;
}

export function emptyModule(): Module {
  return {
    types: [], recGroups: [], imports: [], funcs: [], tables: [], memories: [], globals: [],
    tags: [], exports: [], elems: [], datas: [], customs: [], names: emptyNames(),
  };
}

/** Counts of imported entities per index space, which the defined ones follow. */
export interface ImportCounts {
  funcs: number;
  tables: number;
  memories: number;
  globals: number;
  tags: number;
}

export function importCounts(m: Module): ImportCounts {
  const c: ImportCounts = { funcs: 0, tables: 0, memories: 0, globals: 0, tags: 0 };
  for (const imp of m.imports) {
    switch (imp.desc.kind) {
      case 'func': c.funcs++; break;
      case 'table': c.tables++; break;
      case 'memory': c.memories++; break;
      case 'global': c.globals++; break;
      case 'tag': c.tags++; break;
    }
  }
  return c;
}

/** The type index of function `funcIndex` (imported or defined). */
export function funcTypeIndex(m: Module, funcIndex: number): number {
  let i = 0;
  for (const imp of m.imports) {
    if (imp.desc.kind === 'func') {
      if (i === funcIndex) return imp.desc.typeIndex;
      i++;
    }
  }
  const defined = m.funcs[funcIndex - i];
  if (!defined) throw new RangeError(`function index ${funcIndex} out of range`);
  return defined.typeIndex;
}
