// Glue for engines that pass wasm values as Value objects
// (runtime/objects/values.ts): unwraps the arguments, wraps the errno.

import type { Value } from '../../objects/values.js';
import type { WasiFunction } from './host.js';

function unwrap(v: Value): number | bigint {
  if (v.type === 'i32' || v.type === 'i64') return v.value;
  throw new Error(`WASI functions take only i32 and i64 arguments, got ${v.type}`);
}

/** Calls a WASI function with Value arguments; the result is [i32 errno], or [] for proc_exit. */
export function callWithValues(fn: WasiFunction, args: readonly Value[]): Value[] | Promise<Value[]> {
  const wrap = (errno: number): Value[] => (fn.results.length === 0 ? [] : [{ type: 'i32', value: errno | 0 }]);
  const result = fn.call(args.map(unwrap));
  return result instanceof Promise ? result.then(wrap) : wrap(result);
}
