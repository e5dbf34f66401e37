// Calls from wasm into host functions: arguments out of the slots as Values,
// results back in, and every JS error mapped onto the engine's error values.

import { CompileError, EngineBug, LinkError, Trap } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import { WasmException } from '../objects/tag.js';
import type { Value } from '../objects/values.js';
import type { Stack } from './stack.js';

/**
 * Calls host function `f` with the arguments at word offset `base`; writes its
 * results there. When the host returns a promise, records it in
 * `stack.pending` and returns true: the caller stops the run (Blocked), and
 * whoever drives the stack calls `completeHostCall` once it settles.
 */
export function callHost(stack: Stack, f: FuncInstance, base: number): boolean {
  const args = stack.readValues(base, f.type.params);
  let results: unknown;
  try {
    results = f.host!(args);
  } catch (e) {
    throw hostError(e, f);
  }
  if (results && typeof (results as { then?: unknown }).then === 'function') {
    stack.pending = { promise: results as PromiseLike<unknown>, func: f, base, tail: false };
    return true;
  }
  writeHostResults(stack, f, base, results);
  return false;
}

function writeHostResults(stack: Stack, f: FuncInstance, base: number, results: unknown): void {
  const types = f.type.results;
  if (!Array.isArray(results) || results.length !== types.length) {
    throw new Trap('host', `host function ${f.name} returned ${Array.isArray(results) ? results.length : 'no'} values, expected ${types.length}`);
  }
  stack.writeValues(base, types, results as Value[]);
}

/**
 * Delivers the settled value of `stack.pending` (throws the mapped error if
 * it is unusable). Returns true when that ended the run: a tail call from the
 * bottom frame, whose results are now in slots 0...
 */
export function completeHostCall(stack: Stack, results: unknown): boolean {
  const p = stack.pending;
  if (!p) throw new EngineBug('completeHostCall: no pending host call');
  stack.pending = null;
  writeHostResults(stack, p.func, p.base, results);
  if (!p.tail) return false;
  stack.depth--; // the return_call's frame returns the host's results
  return stack.depth === 0;
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
