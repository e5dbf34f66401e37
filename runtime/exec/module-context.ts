// Per-module facts the compiler looks up constantly (types of every function,
// global, table and tag index, imports included), computed once per module.

import type { Module } from '../syntax/module.js';
import { EngineBug } from '../errors.js';
import type { BlockType, FuncType, ValType } from '../syntax/types.js';

export interface ModuleContext {
  readonly module: Module;
  readonly funcTypeIndices: readonly number[];
  readonly globalTypes: readonly ValType[];
  readonly tableElemTypes: readonly ValType[];
  /** memory64 / table64: whether each memory / table is indexed by i64. */
  readonly memoryIndex64: readonly boolean[];
  readonly tableIndex64: readonly boolean[];
  readonly tagTypeIndices: readonly number[];
  readonly importedFuncs: number;
}

const cache = new WeakMap<Module, ModuleContext>();

export function moduleContext(m: Module): ModuleContext {
  let ctx = cache.get(m);
  if (ctx) return ctx;
  const funcTypeIndices: number[] = [];
  const globalTypes: ValType[] = [];
  const tableElemTypes: ValType[] = [];
  const tagTypeIndices: number[] = [];
  const memoryIndex64: boolean[] = [];
  const tableIndex64: boolean[] = [];
  for (const imp of m.imports) {
    switch (imp.desc.kind) {
      case 'func': funcTypeIndices.push(imp.desc.typeIndex); break;
      case 'global': globalTypes.push(imp.desc.type.type); break;
      case 'table': tableElemTypes.push(imp.desc.type.elem); tableIndex64.push(imp.desc.type.index64); break;
      case 'tag': tagTypeIndices.push(imp.desc.typeIndex); break;
      case 'memory': memoryIndex64.push(imp.desc.type.index64); break;
    }
  }
  const importedFuncs = funcTypeIndices.length;
  for (const f of m.funcs) funcTypeIndices.push(f.typeIndex);
  for (const g of m.globals) globalTypes.push(g.type.type);
  for (const t of m.tables) { tableElemTypes.push(t.type.elem); tableIndex64.push(t.type.index64); }
  for (const mem of m.memories) memoryIndex64.push(mem.index64);
  for (const t of m.tags) tagTypeIndices.push(t.typeIndex);
  ctx = { module: m, funcTypeIndices, globalTypes, tableElemTypes, memoryIndex64, tableIndex64, tagTypeIndices, importedFuncs };
  cache.set(m, ctx);
  return ctx;
}

export function funcTypeAt(m: Module, typeIndex: number): FuncType {
  const t = m.types[typeIndex];
  if (!t || t.composite.kind !== 'func') throw new EngineBug(`type ${typeIndex} is not a function type`);
  return t.composite.func;
}

/** The function type a continuation type `(cont $ft)` resumes as. */
export function contFuncTypeAt(m: Module, typeIndex: number): FuncType {
  const t = m.types[typeIndex];
  if (!t || t.composite.kind !== 'cont') throw new EngineBug(`type ${typeIndex} is not a continuation type`);
  return funcTypeAt(m, t.composite.funcTypeIndex);
}

const NO_TYPES: readonly ValType[] = [];

export function blockParams(m: Module, bt: BlockType | undefined): readonly ValType[] {
  return bt?.kind === 'index' ? funcTypeAt(m, bt.index).params : NO_TYPES;
}

export function blockResults(m: Module, bt: BlockType | undefined): readonly ValType[] {
  if (!bt || bt.kind === 'empty') return NO_TYPES;
  return bt.kind === 'value' ? [bt.type] : funcTypeAt(m, bt.index).results;
}
