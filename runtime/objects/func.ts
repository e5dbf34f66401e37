// Function instances: one class for wasm and host functions, so the
// interpreter's property accesses on a callee stay monomorphic.

import { funcTypeToString, type FuncType } from '../syntax/types.js';
import type { CompiledFunc } from '../exec/compiled.js';
import type { ModuleInstance } from './instance.js';
import type { Value } from './values.js';

/**
 * A host function: receives the arguments, returns the results (as many as its
 * type says), or a promise of them (an async host function: under the thread
 * scheduler only the calling thread waits; a plain `invoke` traps).
 */
export type HostFunction = (args: Value[]) => Value[] | PromiseLike<Value[]>;

export class FuncInstance {
  /** The compiled body; null until the first call (wasm) and always for host functions. */
  code: CompiledFunc | null = null;

  private constructor(
    /** Canonical function type (concrete heap types are canonical ids). */
    readonly type: FuncType,
    readonly typeId: number,
    /** The defining instance (wasm functions) or null (host functions). */
    readonly instance: ModuleInstance | null,
    /** Index among the module's defined functions, or -1 for a host function. */
    readonly definedIndex: number,
    readonly host: HostFunction | null,
    readonly name: string,
  ) {}

  static wasm(type: FuncType, typeId: number, instance: ModuleInstance, definedIndex: number, name: string): FuncInstance {
    return new FuncInstance(type, typeId, instance, definedIndex, null, name);
  }

  static host(type: FuncType, typeId: number, fn: HostFunction, name: string): FuncInstance {
    return new FuncInstance(type, typeId, null, -1, fn, name);
  }

  describe(): string {
    return `${this.host ? 'host ' : ''}function ${this.name || `#${this.definedIndex}`} ${funcTypeToString(this.type)}`;
  }
}
