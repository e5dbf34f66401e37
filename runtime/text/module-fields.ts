// Module fields of the text format. Parsing is two passes over the fields:
//   1. collect every field's identifier into its index space (so code can
//      refer to functions, globals, segments … defined further down), and
//      check that imports precede definitions;
//   2. parse the type definitions, then every other field in order.

import type {
  ConstExpr, DataSegment, ElemSegment, Export, ExternKind, Func, Instr, Module, SegmentMode,
} from '../syntax/module.js';
import { emptyModule } from '../syntax/module.js';
import type { ValType } from '../syntax/types.js';
import { AbsHeap, refType } from '../syntax/types.js';
import { opByName } from '../syntax/opcodes.js';
import { applyModuleAnnotations, nameAnnotationAt } from './annotations.js';
import type { Cursor } from './cursor.js';
import { type IdSpace, ModuleContext } from './context.js';
import { CodeScope, InstrParser } from './instrs.js';
import { Tok, type Token, tokenSpan } from './lexer.js';
import {
  isRefType, parseGlobalType, parseMemoryType, parseRefType, parseTableType, parseTypeDefBody,
  parseTypeUse, parseValType,
} from './types-text.js';

const OP_END = opByName('end')!.id;
const OP_REF_FUNC = opByName('ref.func')!.id;
const OP_I32_CONST = opByName('i32.const')!.id;
const OP_I64_CONST = opByName('i64.const')!.id;
/** Element segments listing function indices have type `(ref func)` (as the decoder gives them). */
const FUNC_INDEX_ELEM_TYPE = refType(AbsHeap.Func, false);
const PAGE_SIZE = 65536;

interface FieldRef {
  readonly kw: string;
  readonly open: number; // token index of `(`
  readonly close: number; // token index of `)`
}

const DEFINITION_WORDS: Record<string, string> = {
  func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag',
};

/**
 * Parses the fields of one module, from the cursor up to (not including) the
 * `)` that closes the module (or the end of input for a bare list of fields).
 */
export function parseModuleFields(c: Cursor, moduleName?: string): Module {
  const module = emptyModule();
  if (moduleName !== undefined) module.names.module = moduleName;
  const ctx = new ModuleContext(c, module);
  const from = c.pos;
  const fields = scanFields(ctx);
  const end = c.pos;
  if (c.table.annotations.length > 0) {
    applyModuleAnnotations(c.table, module, from, end, new Set(fields.map((f) => f.open)),
      fields.filter((f) => f.kw === 'start' || f.kw === 'export').map((f) => [f.open, f.close] as const));
  }
  parseTypes(ctx, fields);
  const p = new FieldParser(ctx);
  for (const f of fields) {
    if (f.kw === 'type' || f.kw === 'rec') continue;
    c.pos = f.open + 2;
    p.parseField(f);
    c.expectRParen();
  }
  c.pos = end;
  finishTypes(ctx);
  if (ctx.usesDataIndex) module.dataCount = module.datas.length;
  return module;
}

/** Pass 1: field boundaries and identifiers. */
function scanFields(ctx: ModuleContext): FieldRef[] {
  const c: Cursor = ctx.c;
  const fields: FieldRef[] = [];
  let firstDefinition: string | undefined;
  const noteImport = (t: Token): void => {
    if (firstDefinition) c.fail(`import after ${firstDefinition}`, t);
  };
  while (c.isLParen()) {
    const open = c.pos;
    const close = c.closeOf(open);
    const kwTok = c.peek(1);
    if (kwTok.kind !== Tok.Atom) c.unexpected(kwTok);
    const kw = kwTok.text;
    c.pos = open + 2;
    switch (kw) {
      case 'type':
        ctx.types.add(c, c.optId());
        break;
      case 'rec':
        while (c.isField('type')) {
          const inner = c.pos;
          c.pos += 2;
          ctx.types.add(c, c.optId());
          c.pos = c.closeOf(inner) + 1;
        }
        break;
      case 'func': case 'table': case 'memory': case 'global': case 'tag': {
        const id = c.optId();
        while (c.isField('export')) c.pos = c.closeOf(c.pos) + 1;
        const isImport = c.isField('import');
        if (isImport) noteImport(kwTok);
        else firstDefinition ??= DEFINITION_WORDS[kw];
        spaceOf(ctx, kw).add(c, id);
        if (!isImport && (kw === 'table' || kw === 'memory')) {
          // `(table … (elem …))` / `(memory (data …))` define a segment too.
          for (let i = c.pos; i < close; i = c.closeOf(i) + 1) {
            if (c.table.kinds[i] !== Tok.LParen) continue;
            if (kw === 'table' && c.table.isAtom(i + 1, 'elem')) ctx.elems.add(c, undefined);
            if (kw === 'memory' && c.table.isAtom(i + 1, 'data')) ctx.datas.add(c, undefined);
          }
        }
        break;
      }
      case 'import': {
        noteImport(kwTok);
        c.string();
        c.string();
        c.expectLParen();
        const kind = c.next();
        if (kind.kind !== Tok.Atom || !(kind.text in DEFINITION_WORDS)) c.unexpected(kind);
        spaceOf(ctx, kind.text).add(c, c.optId());
        break;
      }
      case 'elem':
        ctx.elems.add(c, c.optId());
        break;
      case 'data':
        ctx.datas.add(c, c.optId());
        break;
      case 'export': case 'start':
        break;
      default:
        c.unexpected(kwTok);
    }
    if (c.table.kinds[close] !== Tok.RParen) c.fail('unexpected end', c.tokenAt(close));
    fields.push({ kw, open, close });
    c.pos = close + 1;
  }
  return fields;
}

function spaceOf(ctx: ModuleContext, kw: string): IdSpace {
  switch (kw) {
    case 'func': return ctx.funcs;
    case 'table': return ctx.tables;
    case 'memory': return ctx.memories;
    case 'global': return ctx.globals;
    default: return ctx.tags;
  }
}

/** Pass 2a: the explicit type definitions, so later fields can look their signatures up. */
function parseTypes(ctx: ModuleContext, fields: readonly FieldRef[]): void {
  const c: Cursor = ctx.c;
  const m = ctx.module;
  const typeField = (): void => {
    c.expectField('type');
    const id = c.optId();
    const index = m.types.length;
    if (id) m.names.types.set(index, id.text.slice(1));
    m.types.push(parseTypeDefBody(ctx, index));
    c.expectRParen();
  };
  for (const f of fields) {
    if (f.kw === 'type') {
      c.pos = f.open;
      m.recGroups.push({ start: m.types.length, count: 1 });
      typeField();
    } else if (f.kw === 'rec') {
      c.pos = f.open + 2;
      const start = m.types.length;
      while (c.isField('type')) typeField();
      c.expectRParen();
      m.recGroups.push({ start, count: m.types.length - start });
    }
  }
}

/** Appends the implicit function types, each in its own rec group. */
function finishTypes(ctx: ModuleContext): void {
  const m = ctx.module;
  for (const t of ctx.implicitTypes) {
    m.recGroups.push({ start: m.types.length, count: 1 });
    m.types.push(t);
  }
  ctx.implicitTypes.length = 0;
}

class FieldParser {
  private readonly c: Cursor;
  private readonly m: Module;
  /** Running index per space, in field order (imports come first, so this is the index). */
  private readonly next = { func: 0, table: 0, memory: 0, global: 0, tag: 0, elem: 0, data: 0 };
  private sawStart = false;

  constructor(private readonly ctx: ModuleContext) {
    this.c = ctx.c;
    this.m = ctx.module;
  }

  parseField(f: FieldRef): void {
    switch (f.kw) {
      case 'func': return this.func(f);
      case 'table': return this.table();
      case 'memory': return this.memory();
      case 'global': return this.global();
      case 'tag': return this.tag();
      case 'import': return this.import();
      case 'export': return this.export();
      case 'start': return this.start(f);
      case 'elem': return this.elem();
      case 'data': return this.data();
    }
  }

  private recordName(map: Map<number, string>, index: number, id: Token | undefined): void {
    if (id) map.set(index, id.text.slice(1));
  }

  /** `(@name "…")` right here overrides the `$id` as the entity's name. */
  private annotatedName(map: Map<number, string>, index: number): void {
    if (this.c.table.annotations.length === 0) return;
    const name = nameAnnotationAt(this.c.table, this.c.pos);
    if (name !== undefined) map.set(index, name);
  }

  /** `(export "n")*` then an optional `(import "m" "n")` after a definition's id. */
  private inlineExportsAndImport(kind: ExternKind, index: number): { module: string; name: string } | undefined {
    const c: Cursor = this.c;
    while (c.isField('export')) {
      c.next(); c.next();
      this.m.exports.push({ name: c.name(), kind, index });
      c.expectRParen();
    }
    if (!c.isField('import')) return undefined;
    c.next(); c.next();
    const module = c.name();
    const name = c.name();
    c.expectRParen();
    return { module, name };
  }

  private func(f: FieldRef): void {
    const c: Cursor = this.c;
    const ctx = this.ctx;
    const first = c.tokenAt(f.open);
    const id = c.optId();
    const index = this.next.func++;
    this.recordName(this.m.names.funcs, index, id);
    this.annotatedName(this.m.names.funcs, index);
    const imp = this.inlineExportsAndImport('func', index);
    const use = parseTypeUse(ctx, true);
    if (imp) {
      this.m.imports.push({ ...imp, desc: { kind: 'func', typeIndex: use.typeIndex } });
      return;
    }
    const scope = new CodeScope();
    const localNames = new Map<number, string>();
    if (use.paramNames.length === 0) scope.locals.count = use.paramCount;
    for (const name of use.paramNames) {
      const i = scope.locals.add(c, name);
      if (name) localNames.set(i, name.text.slice(1));
    }
    const locals: ValType[] = [];
    while (c.isField('local')) {
      c.next(); c.next();
      if (c.isId()) {
        const name = c.next();
        const i = scope.locals.add(c, name);
        localNames.set(i, name.text.slice(1));
        locals.push(parseValType(ctx));
      } else {
        while (!c.isRParen()) {
          locals.push(parseValType(ctx));
          scope.locals.add(c, undefined);
        }
      }
      c.expectRParen();
    }
    if (localNames.size > 0) this.m.names.locals.set(index, localNames);
    const body: Instr[] = [];
    new InstrParser(ctx, scope).parseInstrs(body);
    if (scope.labelNames.size > 0) this.m.names.labels.set(index, scope.labelNames);
    const close = c.peek();
    if (close.kind !== Tok.RParen) c.unexpected(close);
    body.push(this.endInstr(close));
    const func: Func = {
      typeIndex: use.typeIndex, locals, body, bodyOffset: 0, bodyEnd: 0,
      span: { file: c.file, line: first.line, column: first.column, start: first.start, end: close.end },
    };
    this.m.funcs.push(func);
  }

  private endInstr(t: Token): Instr {
    return { op: OP_END, index: 0, index2: 0, offset: 0, span: tokenSpan(this.c.file, t) };
  }

  /** Instructions up to the closing `)`, plus the final `end`. */
  private constExprBody(): ConstExpr {
    const out: Instr[] = [];
    new InstrParser(this.ctx, new CodeScope()).parseInstrs(out);
    const close = this.c.peek();
    if (close.kind !== Tok.RParen) this.c.unexpected(close);
    out.push(this.endInstr(close));
    return out;
  }

  /** `(kw instr*)` where kw is offset/item, or else one folded instruction. */
  private wrappedExpr(kw: string): ConstExpr {
    const c: Cursor = this.c;
    if (c.isField(kw)) {
      c.next(); c.next();
      const e = this.constExprBody();
      c.expectRParen();
      return e;
    }
    if (!c.isLParen()) c.unexpected();
    const close = c.tokenAt(c.closeOf(c.pos));
    const out: Instr[] = [];
    new InstrParser(this.ctx, new CodeScope()).parseFoldedInstr(out);
    out.push(this.endInstr(close));
    return out;
  }

  private table(): void {
    const c: Cursor = this.c;
    const ctx = this.ctx;
    const id = c.optId();
    const index = this.next.table++;
    this.recordName(this.m.names.tables, index, id);
    const imp = this.inlineExportsAndImport('table', index);
    if (imp) {
      this.m.imports.push({ ...imp, desc: { kind: 'table', type: parseTableType(ctx) } });
      return;
    }
    // Abbreviation: `addrtype? reftype (elem …)` sizes the table to its elements.
    const k = c.isAtom('i64') || c.isAtom('i32') ? 1 : 0;
    const save = c.pos;
    c.pos += k;
    if (isRefType(c)) {
      const index64 = k === 1 && c.table.isAtom(save, 'i64');
      const elem = parseRefType(ctx);
      c.expectField('elem');
      // The segment has the table's element type (as in the spec's desugaring),
      // even when written as a list of function indices.
      const seg = { ...this.elemList(elem, true), type: elem };
      c.expectRParen();
      const n = seg.items.length;
      this.m.tables.push({ type: { elem, min: n, max: n, index64 } });
      const offset = this.zeroOffset(index64, c.tokenAt(save));
      this.m.elems.push({ ...seg, mode: { kind: 'active', index, offset } });
      this.next.elem++;
      return;
    }
    c.pos = save;
    const type = parseTableType(ctx);
    if (c.isRParen()) {
      this.m.tables.push({ type });
    } else {
      this.m.tables.push({ type, init: this.constExprBody() });
    }
  }

  private zeroOffset(index64: boolean, t: Token): ConstExpr {
    const span = tokenSpan(this.c.file, t);
    return [
      index64
        ? { op: OP_I64_CONST, index: 0, index2: 0, offset: 0, value: 0n, span }
        : { op: OP_I32_CONST, index: 0, index2: 0, offset: 0, value: 0, span },
      { op: OP_END, index: 0, index2: 0, offset: 0, span },
    ];
  }

  private memory(): void {
    const c: Cursor = this.c;
    const id = c.optId();
    const index = this.next.memory++;
    this.recordName(this.m.names.memories, index, id);
    const imp = this.inlineExportsAndImport('memory', index);
    if (imp) {
      this.m.imports.push({ ...imp, desc: { kind: 'memory', type: parseMemoryType(this.ctx) } });
      return;
    }
    const save = c.pos;
    const index64 = c.isAtom('i64');
    if (c.isAtom('i64') || c.isAtom('i32')) c.next();
    if (c.isField('data')) {
      // `(memory (data "…"))`: as many pages as the bytes need, and an active segment at 0.
      c.next(); c.next();
      const bytes = this.strings();
      c.expectRParen();
      const pages = Math.ceil(bytes.length / PAGE_SIZE);
      this.m.memories.push({ min: pages, max: pages, shared: false, index64 });
      this.m.datas.push({ bytes, mode: { kind: 'active', index, offset: this.zeroOffset(index64, c.tokenAt(save)) } });
      this.next.data++;
      return;
    }
    c.pos = save;
    this.m.memories.push(parseMemoryType(this.ctx));
  }

  private strings(): Uint8Array {
    const c: Cursor = this.c;
    const parts: Uint8Array[] = [];
    let total = 0;
    while (c.isString()) {
      const b = c.next().bytes!;
      parts.push(b);
      total += b.length;
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  private global(): void {
    const c: Cursor = this.c;
    const id = c.optId();
    const index = this.next.global++;
    this.recordName(this.m.names.globals, index, id);
    const imp = this.inlineExportsAndImport('global', index);
    const type = parseGlobalType(this.ctx);
    if (imp) {
      this.m.imports.push({ ...imp, desc: { kind: 'global', type } });
      return;
    }
    this.m.globals.push({ type, init: this.constExprBody() });
  }

  private tag(): void {
    const c: Cursor = this.c;
    const id = c.optId();
    const index = this.next.tag++;
    this.recordName(this.m.names.tags, index, id);
    this.annotatedName(this.m.names.tags, index);
    const imp = this.inlineExportsAndImport('tag', index);
    const use = parseTypeUse(this.ctx, true);
    if (imp) {
      this.m.imports.push({ ...imp, desc: { kind: 'tag', typeIndex: use.typeIndex } });
      return;
    }
    this.m.tags.push({ typeIndex: use.typeIndex });
  }

  private import(): void {
    const c: Cursor = this.c;
    const ctx = this.ctx;
    const module = c.name();
    const name = c.name();
    c.expectLParen();
    const kind = c.next().text as ExternKind;
    const id = c.optId();
    switch (kind) {
      case 'func': {
        const index = this.next.func++;
        this.recordName(this.m.names.funcs, index, id);
        const use = parseTypeUse(ctx, true);
        this.m.imports.push({ module, name, desc: { kind, typeIndex: use.typeIndex } });
        break;
      }
      case 'tag': {
        const index = this.next.tag++;
        this.recordName(this.m.names.tags, index, id);
        this.m.imports.push({ module, name, desc: { kind, typeIndex: parseTypeUse(ctx, true).typeIndex } });
        break;
      }
      case 'table': {
        this.recordName(this.m.names.tables, this.next.table++, id);
        this.m.imports.push({ module, name, desc: { kind, type: parseTableType(ctx) } });
        break;
      }
      case 'memory': {
        this.recordName(this.m.names.memories, this.next.memory++, id);
        this.m.imports.push({ module, name, desc: { kind, type: parseMemoryType(ctx) } });
        break;
      }
      case 'global': {
        this.recordName(this.m.names.globals, this.next.global++, id);
        this.m.imports.push({ module, name, desc: { kind, type: parseGlobalType(ctx) } });
        break;
      }
    }
    c.expectRParen();
  }

  private export(): void {
    const c: Cursor = this.c;
    const name = c.name();
    c.expectLParen();
    const kindTok = c.next();
    const kind = kindTok.text;
    if (kindTok.kind !== Tok.Atom || !(kind in DEFINITION_WORDS)) c.unexpected(kindTok);
    const index = spaceOf(this.ctx, kind).resolve(c);
    c.expectRParen();
    const e: Export = { name, kind: kind as ExternKind, index };
    this.m.exports.push(e);
  }

  private start(f: FieldRef): void {
    if (this.sawStart) this.c.fail('multiple start sections', this.c.tokenAt(f.open + 1));
    this.sawStart = true;
    this.m.start = this.ctx.funcs.resolve(this.c);
  }

  /**
   * An element list: `func x*`, `reftype expr*`, or (when `bareFuncs`) just
   * `x*`, as after an active segment's offset or inside a table's `(elem …)`.
   */
  private elemList(tableElem: ValType | undefined, bareFuncs: boolean): Pick<ElemSegment, 'type' | 'items'> {
    const c: Cursor = this.c;
    if (c.isAtom('func')) {
      c.next();
      return { type: FUNC_INDEX_ELEM_TYPE, items: this.funcItems() };
    }
    if (isRefType(c)) {
      const type = parseRefType(this.ctx);
      return { type, items: this.exprItems() };
    }
    if (bareFuncs && (c.isId() || c.isNat() || c.isRParen())) {
      return { type: FUNC_INDEX_ELEM_TYPE, items: this.funcItems() };
    }
    if (tableElem !== undefined && c.isLParen()) return { type: tableElem, items: this.exprItems() };
    return c.unexpected();
  }

  private funcItems(): ConstExpr[] {
    const c: Cursor = this.c;
    const items: ConstExpr[] = [];
    while (c.isId() || c.isNat()) {
      const t = c.peek();
      const index = this.ctx.funcs.resolve(c);
      const span = tokenSpan(c.file, t);
      items.push([
        { op: OP_REF_FUNC, index, index2: 0, offset: 0, span },
        { op: OP_END, index: 0, index2: 0, offset: 0, span },
      ]);
    }
    return items;
  }

  private exprItems(): ConstExpr[] {
    const items: ConstExpr[] = [];
    while (this.c.isLParen()) items.push(this.wrappedExpr('item'));
    return items;
  }

  private elem(): void {
    const c: Cursor = this.c;
    const id = c.optId();
    const index = this.next.elem++;
    this.recordName(this.m.names.elems, index, id);
    let mode: SegmentMode;
    let tableIndex: number | undefined;
    if (c.isField('table')) {
      c.next(); c.next();
      tableIndex = this.ctx.tables.resolve(c);
      c.expectRParen();
    } else if (c.isNat() || c.isId()) {
      tableIndex = this.ctx.tables.resolve(c); // legacy `(elem 0 (offset …) …)`
    }
    if (c.isAtom('declare')) {
      c.next();
      mode = { kind: 'declarative' };
    } else if (tableIndex !== undefined || (c.isLParen() && !c.isAtom('ref', 1))) {
      mode = { kind: 'active', index: tableIndex ?? 0, offset: this.wrappedExpr('offset') };
    } else {
      mode = { kind: 'passive' };
    }
    const list = this.elemList(undefined, mode.kind === 'active');
    this.m.elems.push({ ...list, mode });
  }

  private data(): void {
    const c: Cursor = this.c;
    const id = c.optId();
    const index = this.next.data++;
    this.recordName(this.m.names.datas, index, id);
    let memory: number | undefined;
    if (c.isField('memory')) {
      c.next(); c.next();
      memory = this.ctx.memories.resolve(c);
      c.expectRParen();
    } else if (c.isNat() || c.isId()) {
      memory = this.ctx.memories.resolve(c);
    }
    let mode: SegmentMode = { kind: 'passive' };
    if (memory !== undefined || c.isLParen()) {
      mode = { kind: 'active', index: memory ?? 0, offset: this.wrappedExpr('offset') };
    }
    const seg: DataSegment = { bytes: this.strings(), mode };
    this.m.datas.push(seg);
  }
}
