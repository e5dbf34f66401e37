// The bench's handle on our engine: one instance of a workload module and its
// `run(n) -> i64` export.

import { compileModule, getExport, instantiate, invoke, Store, type FuncInstance } from '../runtime/index.js';
import { i32 } from '../runtime/objects/values.js';

export class BenchEngine {
  private readonly store = new Store();
  private readonly runFunc: FuncInstance;

  constructor(bytes: Uint8Array) {
    const instance = instantiate(this.store, compileModule(bytes), () => undefined);
    const run = getExport(instance, 'run');
    if (!run || run.kind !== 'func') throw new Error('workload exports no run function');
    this.runFunc = run.func;
  }

  run(n: number): bigint {
    const [result] = invoke(this.store, this.runFunc, [i32(n)]);
    if (!result || result.type !== 'i64') throw new Error('run must return one i64');
    return result.value;
  }
}
