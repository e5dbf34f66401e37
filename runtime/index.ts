// The runtime's public API: compile, instantiate, invoke.

import { decodeModule } from './binary/decode.js';
import type { CompiledModule } from './exec/compiled.js';
import { FuncInstance } from './objects/func.js';
import type { ExternVal, ModuleInstance } from './objects/instance.js';
import type { GlobalInstance } from './objects/global.js';
import { ExceptionRef } from './objects/tag.js';
import { ExternRef, type Reference, type Value } from './objects/values.js';
import type { FuncType } from './syntax/types.js';
import { validateModule } from './valid/validate.js';

export { instantiate, type ImportResolver } from './exec/instantiate.js';
export { invoke } from './exec/invoke.js';
export { createSpectest, hostFunction } from './host/spectest.js';
export { Store, type StoreLimits } from './objects/store.js';
export { FuncInstance, type HostFunction } from './objects/func.js';
export { ModuleInstance, type ExternVal } from './objects/instance.js';
export { MemoryInstance } from './objects/memory.js';
export { TableInstance } from './objects/table.js';
export { GlobalInstance } from './objects/global.js';
export { TagInstance, ExceptionRef, WasmException } from './objects/tag.js';
export type { CompiledModule, CompiledFunc } from './exec/compiled.js';

/** Proposals that change what is valid, which an embedder may turn off. */
export interface CompileOptions {
  /** Stack switching lets tags have results; the core suite expects them rejected. Default: on. */
  readonly stackSwitching?: boolean;
}

/** Decodes and validates a module binary; throws CompileError when it is malformed or invalid. */
export function compileModule(bytes: Uint8Array, options: CompileOptions = {}): CompiledModule {
  const module = decodeModule(bytes);
  validateModule(module, options);
  return { module, funcs: new Array(module.funcs.length).fill(null) };
}

export function getExport(instance: ModuleInstance, name: string): ExternVal | undefined {
  return instance.exports.get(name);
}

export function exportedFunctionType(ext: { readonly func: FuncInstance }): FuncType {
  return ext.func.type;
}

export function readGlobal(global: GlobalInstance): Value {
  return global.getValue();
}

/** What kind of reference a value holds: func, extern, exn, or any (host objects of other kinds). */
export function referenceKind(ref: Reference): string {
  if (ref instanceof ExternRef) return 'extern';
  if (ref instanceof ExceptionRef) return 'exn';
  if (ref instanceof FuncInstance) return 'func';
  return 'any';
}
