// Calls from wasm into host functions: arguments out of the slots as Values,
// results back in, and every JS error mapped onto the engine's error values.

import { CompileError, EngineBug, LinkError, Trap } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import { WasmException } from '../objects/tag.js';
import type { Stack } from './stack.js';

/** Calls host function `f` with the arguments at word offset `base`; writes its results there. */
export function callHost(stack: Stack, f: FuncInstance, base: number): void {
  const args = stack.readValues(base, f.type.params);
  let results: unknown;
  try {
    results = f.host!(args);
  } catch (e) {
    throw hostError(e, f);
  }
  if (results && typeof (results as { then?: unknown }).then === 'function') {
    throw new Trap('other', `host function ${f.name} returned a promise: async host calls are not implemented yet`);
  }
  const types = f.type.results;
  if (!Array.isArray(results) || results.length !== types.length) {
    throw new Trap('host', `host function ${f.name} returned ${Array.isArray(results) ? results.length : 'no'} values, expected ${types.length}`);
  }
  stack.writeValues(base, types, results);
}

/** Maps what a host function threw onto an engine error value. */
export function hostError(e: unknown, f: FuncInstance): Error {
  if (e instanceof Trap || e instanceof WasmException || e instanceof LinkError || e instanceof EngineBug || e instanceof CompileError) return e;
  if (isJsStackOverflow(e)) return new Trap('exhaustion', 'call stack exhausted');
  return new Trap('host', `host function ${f.name} failed: ${e instanceof Error ? e.message : String(e)}`);
}

export function isJsStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}
