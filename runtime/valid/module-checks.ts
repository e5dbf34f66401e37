// Module-level validation: the type section (including declared subtyping),
// imports, tables, memories, globals, tags, segments, exports and the start
// function. Function bodies are func-validator.ts's job.

import type { SourceLocation } from '../errors.js';
import type { ExternKind } from '../syntax/module.js';
import {
  heapIndex, I32, I64, isRef, refNullable,
  type FieldType, type GlobalType, type MemoryType, type TableType,
} from '../syntax/types.js';
import { checkConstExpr } from './const-expr.js';
import type { ValidationContext } from './context.js';
import type { ModuleTypes } from './module-types.js';
import { invalid, spanLocation } from './report.js';

/** Every type definition is well-formed and every `sub` declaration really is a subtype. */
export function checkTypeSection(types: ModuleTypes): void {
  const defs = types.module.types;
  for (let i = 0; i < defs.length; i++) {
    const t = defs[i]!;
    const c = t.composite;
    switch (c.kind) {
      case 'func':
        for (const v of c.func.params) types.checkValType(v);
        for (const v of c.func.results) types.checkValType(v);
        break;
      case 'struct':
        for (const f of c.fields) types.checkValType(f.type);
        break;
      case 'array':
        types.checkValType(c.element.type);
        break;
      case 'cont': {
        const target = defs[c.funcTypeIndex];
        if (!target) throw invalid(`unknown type ${c.funcTypeIndex}`);
        if (target.composite.kind !== 'func') throw invalid(`non-function type ${c.funcTypeIndex}`);
        break;
      }
    }
    for (const s of t.supertypes) {
      if (s >= i) throw invalid(`unknown type ${s}: a supertype must be defined before its subtype ${i}`);
      const sup = defs[s]!;
      if (sup.final || !compositeMatches(types, i, s)) throw invalid(`sub type ${i} does not match super type ${s}`);
    }
  }
}

/** Structural subtyping of the composite types of type definitions `sub` and `sup`. */
function compositeMatches(types: ModuleTypes, sub: number, sup: number): boolean {
  const a = types.module.types[sub]!.composite;
  const b = types.module.types[sup]!.composite;
  if (a.kind === 'func' && b.kind === 'func') return types.funcMatches(a.func, b.func);
  if (a.kind === 'cont' && b.kind === 'cont') return types.heapMatches(heapIndex(a.funcTypeIndex), heapIndex(b.funcTypeIndex));
  if (a.kind === 'array' && b.kind === 'array') return fieldMatches(types, a.element, b.element);
  if (a.kind === 'struct' && b.kind === 'struct') {
    if (a.fields.length < b.fields.length) return false;
    return b.fields.every((f, k) => fieldMatches(types, a.fields[k]!, f));
  }
  return false;
}

function fieldMatches(types: ModuleTypes, a: FieldType, b: FieldType): boolean {
  if (a.mutable !== b.mutable) return false;
  return a.mutable ? types.equal(a.type, b.type) : types.matches(a.type, b.type);
}

// ---- entity types ----

export function checkMemoryType(mem: MemoryType, where?: SourceLocation): void {
  const log2 = mem.pageSizeLog2 ?? 16;
  // The address space (2^32 or 2^64 bytes) bounds the number of pages.
  const maxPages = 2 ** ((mem.index64 ? 64 : 32) - log2);
  const limitText = mem.index64 ? `2^${64 - log2} pages` : log2 === 16 ? '65536 pages (4GiB)' : `${maxPages} pages`;
  if (mem.min > maxPages || (mem.max !== undefined && mem.max > maxPages)) {
    throw invalid(`memory size must be at most ${limitText}`, where);
  }
  if (mem.max !== undefined && mem.min > mem.max) throw invalid('size minimum must not be greater than maximum', where);
  if (mem.shared && mem.max === undefined) throw invalid('shared memory must have maximum', where);
}

export function checkTableType(types: ModuleTypes, t: TableType, where?: SourceLocation): void {
  if (!isRef(t.elem)) throw invalid('type mismatch: table elements must be references', where);
  types.checkValType(t.elem, where);
  if (!t.index64 && (t.min > 0xffffffff || (t.max !== undefined && t.max > 0xffffffff))) {
    throw invalid('table size must be at most 2^32-1', where);
  }
  if (t.max !== undefined && t.min > t.max) throw invalid('size minimum must not be greater than maximum', where);
}

export function checkGlobalType(types: ModuleTypes, g: GlobalType, where?: SourceLocation): void {
  types.checkValType(g.type, where);
}

export function checkTagType(ctx: ValidationContext, typeIndex: number, where?: SourceLocation): void {
  const ft = ctx.types.funcType(typeIndex, where);
  if (ft.results.length !== 0 && !ctx.options.stackSwitching) throw invalid('non-empty tag result type', where);
}

// ---- sections ----

export function checkImports(ctx: ValidationContext): void {
  for (const imp of ctx.module.imports) {
    const d = imp.desc;
    switch (d.kind) {
      case 'func': ctx.types.funcType(d.typeIndex); break;
      case 'table': checkTableType(ctx.types, d.type); break;
      case 'memory': checkMemoryType(d.type); break;
      case 'global': checkGlobalType(ctx.types, d.type); break;
      case 'tag': checkTagType(ctx, d.typeIndex); break;
    }
  }
}

export function checkDefinitions(ctx: ValidationContext): void {
  const m = ctx.module;
  for (const f of m.funcs) ctx.types.funcType(f.typeIndex, spanLocation(f.span) ?? { kind: 'binary', offset: f.bodyOffset });
  for (const t of m.tables) {
    checkTableType(ctx.types, t.type);
    if (t.init) {
      // Tables precede globals in the module: their initialisers see only imported globals.
      checkConstExpr(ctx, t.init, t.type.elem, ctx.importedGlobals);
    } else if (!refNullable(t.type.elem)) {
      throw invalid('type mismatch: a table of non-nullable references needs an initialiser');
    }
  }
  for (const mem of m.memories) checkMemoryType(mem);
  m.globals.forEach((g, i) => {
    checkGlobalType(ctx.types, g.type);
    checkConstExpr(ctx, g.init, g.type.type, ctx.importedGlobals + i);
  });
  for (const t of m.tags) checkTagType(ctx, t.typeIndex);
}

export function checkSegments(ctx: ValidationContext): void {
  const m = ctx.module;
  const allGlobals = ctx.globals.length;
  for (const e of m.elems) {
    ctx.types.checkValType(e.type);
    for (const item of e.items) checkConstExpr(ctx, item, e.type, allGlobals);
    if (e.mode.kind === 'active') {
      const table = ctx.tables[e.mode.index];
      if (!table) throw invalid(`unknown table ${e.mode.index}`);
      checkConstExpr(ctx, e.mode.offset, table.index64 ? I64 : I32, allGlobals);
      if (!ctx.types.matches(e.type, table.elem)) throw invalid('type mismatch: element segment does not fit its table');
    }
  }
  for (const d of m.datas) {
    if (d.mode.kind !== 'active') continue;
    const mem = ctx.memories[d.mode.index];
    if (!mem) throw invalid(`unknown memory ${d.mode.index}`);
    checkConstExpr(ctx, d.mode.offset, mem.index64 ? I64 : I32, allGlobals);
  }
}

export function checkStart(ctx: ValidationContext): void {
  const start = ctx.module.start;
  if (start === undefined) return;
  const t = ctx.funcTypes[start];
  if (t === undefined) throw invalid(`unknown function ${start}`);
  const ft = ctx.types.funcType(t);
  if (ft.params.length !== 0 || ft.results.length !== 0) throw invalid('start function must have type [] -> []');
}

export function checkExports(ctx: ValidationContext): void {
  const names = new Set<string>();
  const spaces: Record<ExternKind, { count: number; name: string }> = {
    func: { count: ctx.funcTypes.length, name: 'function' },
    table: { count: ctx.tables.length, name: 'table' },
    memory: { count: ctx.memories.length, name: 'memory' },
    global: { count: ctx.globals.length, name: 'global' },
    tag: { count: ctx.tagTypes.length, name: 'tag' },
  };
  for (const x of ctx.module.exports) {
    const space = spaces[x.kind];
    if (x.index < 0 || x.index >= space.count) throw invalid(`unknown ${space.name} ${x.index}`);
    if (names.has(x.name)) throw invalid(`duplicate export name "${x.name}"`);
    names.add(x.name);
  }
}
