// Helpers for the engine's unit tests: modules from WAT, calls with plain JS numbers.

import { compileModule, getExport, instantiate, invoke, Store, type ExternVal, type ModuleInstance } from '../index.js';
import { f32Bits, f64Bits, i32, i64, type Value } from '../objects/values.js';
import { watToBinary } from '../text/wat.js';
import type { ImportResolver } from './instantiate.js';

export interface Loaded {
  store: Store;
  inst: ModuleInstance;
  /** Invokes export `name`; returns its results as Values. */
  call(name: string, ...args: Value[]): Value[];
  /** The first result as a JS number (i32) or bigint (i64), or raw bits for floats. */
  one(name: string, ...args: Value[]): number | bigint;
  exp(name: string): ExternVal;
}

export function load(wat: string, imports: Record<string, Record<string, ExternVal>> = {}, store = new Store()): Loaded {
  const compiled = compileModule(watToBinary(wat, 'test.wat').bytes);
  const resolve: ImportResolver = (m, n) => imports[m]?.[n];
  const inst = instantiate(store, compiled, resolve);
  const exp = (name: string): ExternVal => {
    const e = getExport(inst, name);
    if (!e) throw new Error(`no export ${name}`);
    return e;
  };
  const call = (name: string, ...args: Value[]): Value[] => {
    const e = exp(name);
    if (e.kind !== 'func') throw new Error(`${name} is not a function`);
    return invoke(store, e.func, args);
  };
  const one = (name: string, ...args: Value[]): number | bigint => {
    const [v] = call(name, ...args);
    if (!v) throw new Error(`${name} returned nothing`);
    switch (v.type) {
      case 'i32': return v.value;
      case 'i64': return v.value;
      case 'f32': return v.bits;
      case 'f64': return v.bits;
      default: throw new Error(`unexpected ${v.type}`);
    }
  };
  return { store, inst, call, one, exp };
}

export { f32Bits, f64Bits, i32, i64 };
