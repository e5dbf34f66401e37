// The validation context C of the spec: every index space of the module with
// the types its entries have, built once per module before the function
// bodies are checked.

import type { Module } from '../syntax/module.js';
import { Op } from '../syntax/opcodes.js';
import type { GlobalType, MemoryType, TableType, ValType } from '../syntax/types.js';
import type { ModuleTypes } from './module-types.js';

export interface ValidateOptions {
  /**
   * Stack switching lets tags have results. The core suite (tag.wast) still
   * expects "non-empty tag result type" for them, so a runner can turn the
   * proposal off for core files. Default: on.
   */
  readonly stackSwitching?: boolean;
}

export interface ValidationContext {
  readonly module: Module;
  readonly types: ModuleTypes;
  /** Type index of every function (imported first, then defined). */
  readonly funcTypes: readonly number[];
  readonly importedFuncs: number;
  readonly tables: readonly TableType[];
  readonly memories: readonly MemoryType[];
  readonly globals: readonly GlobalType[];
  readonly importedGlobals: number;
  /** Type index of every tag. */
  readonly tagTypes: readonly number[];
  readonly elemTypes: readonly ValType[];
  readonly dataCount: number;
  /** 1 for functions a `ref.func` in a function body may name (C.refs). */
  readonly declaredFuncs: Uint8Array;
  readonly options: Required<ValidateOptions>;
}

export function buildContext(m: Module, types: ModuleTypes, options: ValidateOptions): ValidationContext {
  const funcTypes: number[] = [];
  const tables: TableType[] = [];
  const memories: MemoryType[] = [];
  const globals: GlobalType[] = [];
  const tagTypes: number[] = [];
  for (const imp of m.imports) {
    switch (imp.desc.kind) {
      case 'func': funcTypes.push(imp.desc.typeIndex); break;
      case 'table': tables.push(imp.desc.type); break;
      case 'memory': memories.push(imp.desc.type); break;
      case 'global': globals.push(imp.desc.type); break;
      case 'tag': tagTypes.push(imp.desc.typeIndex); break;
    }
  }
  const importedFuncs = funcTypes.length;
  const importedGlobals = globals.length;
  for (const f of m.funcs) funcTypes.push(f.typeIndex);
  for (const t of m.tables) tables.push(t.type);
  for (const mem of m.memories) memories.push(mem);
  for (const g of m.globals) globals.push(g.type);
  for (const t of m.tags) tagTypes.push(t.typeIndex);
  return {
    module: m, types, funcTypes, importedFuncs, tables, memories, globals, importedGlobals, tagTypes,
    elemTypes: m.elems.map((e) => e.type),
    dataCount: m.datas.length,
    declaredFuncs: declaredFunctionRefs(m, funcTypes.length),
    options: { stackSwitching: options.stackSwitching ?? true },
  };
}

/**
 * C.refs: the functions named anywhere in the module outside function bodies
 * (element segments, global and table initialisers, exports). Only these may
 * be the target of `ref.func` inside a body, so engines know up front which
 * functions can escape as references.
 */
function declaredFunctionRefs(m: Module, funcCount: number): Uint8Array {
  const refs = new Uint8Array(funcCount);
  const mark = (expr: readonly { op: number; index: number }[]): void => {
    for (const ins of expr) if (ins.op === REF_FUNC && ins.index < funcCount) refs[ins.index] = 1;
  };
  for (const e of m.elems) {
    for (const item of e.items) mark(item);
    if (e.mode.kind === 'active') mark(e.mode.offset);
  }
  for (const g of m.globals) mark(g.init);
  for (const t of m.tables) if (t.init) mark(t.init);
  for (const d of m.datas) if (d.mode.kind === 'active') mark(d.mode.offset);
  for (const x of m.exports) if (x.kind === 'func' && x.index < funcCount) refs[x.index] = 1;
  return refs;
}

const REF_FUNC = Op['ref.func']!;
