// The `spectest` module the spec's test scripts import: print functions,
// globals, a table and memories with the reference interpreter's values.

import { FuncInstance, type HostFunction } from '../objects/func.js';
import { GlobalInstance } from '../objects/global.js';
import { ModuleInstance } from '../objects/instance.js';
import { MemoryInstance } from '../objects/memory.js';
import type { Store } from '../objects/store.js';
import { TableInstance } from '../objects/table.js';
import { f32FromBits, f64FromBits, type Value } from '../objects/values.js';
import { emptyModule } from '../syntax/module.js';
import { F32, F64, FUNCREF, I32, I64, type FuncType, type ValType } from '../syntax/types.js';

/** Registers a function type in the store's registry and returns its canonical id. */
export function hostFuncTypeId(store: Store, type: FuncType): number {
  const m = emptyModule();
  m.types.push({ final: true, supertypes: [], composite: { kind: 'func', func: type } });
  return store.types.canonicalize(m)[0]!;
}

export function hostFunction(store: Store, name: string, params: ValType[], results: ValType[], fn: HostFunction): FuncInstance {
  const type: FuncType = { params, results };
  return FuncInstance.host(type, hostFuncTypeId(store, type), fn, name);
}

/** How the reference interpreter prints an argument: `value : type`. */
function formatArg(v: Value): string {
  switch (v.type) {
    case 'i32': return `${v.value} : i32`;
    case 'i64': return `${v.value} : i64`;
    case 'f32': return `${formatFloat(f32FromBits(v.bits))} : f32`;
    case 'f64': return `${formatFloat(f64FromBits(v.bits))} : f64`;
    default: return `${v.type}`;
  }
}

function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Number.isInteger(x) && !Object.is(x, -0) ? `${x}.` : Object.is(x, -0) ? '-0.' : String(x);
}

export function createSpectest(store: Store, print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): ModuleInstance {
  const inst = new ModuleInstance({ module: emptyModule(), funcs: [] }, [], 'spectest');
  const printer = (args: Value[]): Value[] => {
    for (const a of args) print(formatArg(a));
    return [];
  };
  const funcs: [string, ValType[]][] = [
    ['print', []], ['print_i32', [I32]], ['print_i64', [I64]], ['print_f32', [F32]], ['print_f64', [F64]],
    ['print_i32_f32', [I32, F32]], ['print_f64_f64', [F64, F64]],
  ];
  for (const [name, params] of funcs) {
    inst.exports.set(name, { kind: 'func', func: hostFunction(store, name, params, [], printer) });
  }
  const global = (name: string, type: ValType, value: Value): void => {
    inst.exports.set(name, { kind: 'global', global: new GlobalInstance({ type, mutable: false }, value) });
  };
  global('global_i32', I32, { type: 'i32', value: 666 });
  global('global_i64', I64, { type: 'i64', value: 666n });
  global('global_f32', F32, { type: 'f32', bits: 0x4426a666 }); // 666.6
  global('global_f64', F64, { type: 'f64', bits: 0x4084d4cccccccccdn }); // 666.6
  inst.exports.set('table', { kind: 'table', table: new TableInstance({ elem: FUNCREF, min: 10, max: 20, index64: false }, null) });
  inst.exports.set('table64', { kind: 'table', table: new TableInstance({ elem: FUNCREF, min: 10, max: 20, index64: true }, null) });
  inst.exports.set('memory', { kind: 'memory', memory: new MemoryInstance({ min: 1, max: 2, shared: false, index64: false }) });
  inst.exports.set('shared_memory', { kind: 'memory', memory: new MemoryInstance({ min: 1, max: 2, shared: true, index64: false }) });
  return inst;
}
