// Instantiation, in the spec's order: resolve and type-check imports,
// allocate functions, globals, tables, memories and tags, evaluate the
// initialisers, apply active element then data segments (a trap stops there
// and the writes already done stay), drop active and declarative segments,
// and run the start function.

import { LinkError, Trap } from '../errors.js';
import { FuncInstance } from '../objects/func.js';
import { GlobalInstance } from '../objects/global.js';
import { DataInstance, ElemInstance, ModuleInstance, type ExternVal } from '../objects/instance.js';
import { MemoryInstance } from '../objects/memory.js';
import type { Store } from '../objects/store.js';
import { TableInstance } from '../objects/table.js';
import { TagInstance } from '../objects/tag.js';
import type { Reference } from '../objects/values.js';
import { toCanonValType } from '../valid/canon.js';
import { checkImportMatch, type ExternType } from '../valid/match.js';
import type { FuncType } from '../syntax/types.js';
import { memoryInit, tableInit } from './bulk.js';
import type { CompiledModule } from './compiled.js';
import { evalConstExpr } from './const-expr.js';
import { invoke } from './invoke.js';

/** Finds what an import names, or undefined when nothing is registered under it. */
export type ImportResolver = (module: string, name: string) => ExternVal | undefined;

export function externTypeOf(v: ExternVal): ExternType {
  switch (v.kind) {
    case 'func': return { kind: 'func', typeId: v.func.typeId };
    case 'tag': return { kind: 'tag', typeId: v.tag.typeId };
    case 'global': return { kind: 'global', type: v.global.type };
    case 'table': return { kind: 'table', type: { ...v.table.type, min: v.table.length } };
    case 'memory': return { kind: 'memory', type: { ...v.memory.type, min: v.memory.pages } };
  }
}

function canonFuncType(store: Store, typeId: number): FuncType {
  const ft = store.types.funcType(typeId);
  if (!ft) throw new LinkError(`type ${typeId} is not a function type`);
  return ft;
}

export function instantiate(store: Store, compiled: CompiledModule, resolve: ImportResolver, name = ''): ModuleInstance {
  const m = compiled.module;
  const typeIds = store.types.canonicalize(m);
  const inst = new ModuleInstance(compiled, typeIds, name);

  // Imports.
  for (const imp of m.imports) {
    const what = `${imp.module}.${imp.name}`;
    const v = resolve(imp.module, imp.name);
    if (!v) throw new LinkError(`unknown import ${what}`);
    checkImportMatch(store.types, typeIds, imp.desc, externTypeOf(v), what);
    switch (v.kind) {
      case 'func': inst.funcs.push(v.func); break;
      case 'table': inst.tables.push(v.table); break;
      case 'memory': inst.memories.push(v.memory); break;
      case 'global': inst.globals.push(v.global); break;
      case 'tag': inst.tags.push(v.tag); break;
    }
  }

  // Functions (bodies compile lazily, on first call).
  const firstDefined = inst.funcs.length;
  m.funcs.forEach((f, i) => {
    const typeId = typeIds[f.typeIndex]!;
    const funcName = m.names.funcs.get(firstDefined + i) ?? '';
    inst.funcs.push(FuncInstance.wasm(canonFuncType(store, typeId), typeId, inst, i, funcName));
  });

  // Globals: each initialiser may read imported and earlier globals.
  for (const g of m.globals) {
    const type = { ...g.type, type: toCanonValType(g.type.type, typeIds) };
    inst.globals.push(new GlobalInstance(type, evalConstExpr(g.init, inst, type.type)));
  }

  // Tables.
  for (const t of m.tables) {
    const type = { ...t.type, elem: toCanonValType(t.type.elem, typeIds) };
    const init = t.init ? refOf(evalConstExpr(t.init, inst, type.elem)) : null;
    try {
      inst.tables.push(new TableInstance(type, init));
    } catch (e) {
      if (e instanceof RangeError) throw new Trap('table', `cannot allocate a table of ${type.min} elements`);
      throw e;
    }
  }

  // Memories.
  for (const mt of m.memories) {
    try {
      inst.memories.push(new MemoryInstance(mt, store.limits.maxMemoryPages));
    } catch (e) {
      if (e instanceof RangeError) throw new Trap('memory', `cannot allocate a memory of ${mt.min} pages`);
      throw e;
    }
  }

  // Tags.
  m.tags.forEach((t, i) => {
    const typeId = typeIds[t.typeIndex]!;
    inst.tags.push(new TagInstance(canonFuncType(store, typeId), typeId, m.names.tags.get(inst.tags.length) ?? `#${i}`));
  });

  // Exports.
  for (const e of m.exports) inst.exports.set(e.name, exportOf(inst, e.kind, e.index));

  // Segments as runtime objects.
  for (const seg of m.elems) {
    const elemType = toCanonValType(seg.type, typeIds);
    inst.elems.push(new ElemInstance(seg.items.map((item) => refOf(evalConstExpr(item, inst, elemType)))));
  }
  for (const seg of m.datas) inst.datas.push(new DataInstance(seg.bytes));

  store.instances.push(inst);

  // Active element segments, then active data segments, in order.
  m.elems.forEach((seg, i) => {
    const elem = inst.elems[i]!;
    if (seg.mode.kind === 'active') {
      const offset = offsetOf(evalConstExpr(seg.mode.offset, inst));
      tableInit(inst.tables[seg.mode.index]!, elem, offset, 0, elem.refs.length);
      elem.drop();
    } else if (seg.mode.kind === 'declarative') {
      elem.drop();
    }
  });
  m.datas.forEach((seg, i) => {
    const data = inst.datas[i]!;
    if (seg.mode.kind === 'active') {
      const offset = offsetOf(evalConstExpr(seg.mode.offset, inst));
      memoryInit(inst.memories[seg.mode.index]!, data, offset, 0, data.bytes.length);
      data.drop();
    }
  });

  if (m.start !== undefined) invoke(store, inst.funcs[m.start]!, []);
  return inst;
}

function refOf(v: ReturnType<typeof evalConstExpr>): Reference | null {
  if (v.type !== 'ref') throw new LinkError(`expected a reference initialiser, got ${v.type}`);
  return v.ref;
}

/** A segment offset as an unsigned address (i32, or i64 for 64-bit tables/memories). */
function offsetOf(v: ReturnType<typeof evalConstExpr>): number {
  if (v.type === 'i32') return v.value >>> 0;
  if (v.type === 'i64') return Number(BigInt.asUintN(64, v.value));
  throw new LinkError(`segment offset of type ${v.type}`);
}

function exportOf(inst: ModuleInstance, kind: ExternVal['kind'], index: number): ExternVal {
  switch (kind) {
    case 'func': return { kind, func: inst.funcs[index]! };
    case 'table': return { kind, table: inst.tables[index]! };
    case 'memory': return { kind, memory: inst.memories[index]! };
    case 'global': return { kind, global: inst.globals[index]! };
    case 'tag': return { kind, tag: inst.tags[index]! };
  }
}
