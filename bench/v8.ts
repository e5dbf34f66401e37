// Node's own WebAssembly engine, the bench's yardstick. @types/node does not
// declare the WebAssembly global, so the little the bench uses is typed here.

interface V8WebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

const wasm = (globalThis as unknown as { WebAssembly: V8WebAssembly }).WebAssembly;

/** Instantiates `bytes` in V8 and returns its `run(n) -> i64` export. */
export function v8RunExport(bytes: Uint8Array): (n: number) => bigint {
  const instance = new wasm.Instance(new wasm.Module(bytes), {});
  const run = instance.exports['run'];
  if (typeof run !== 'function') throw new Error('workload exports no run function');
  return run as (n: number) => bigint;
}
