// Calling a function from the embedder: a fresh Stack run to completion.

import { EngineBug, Trap } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import type { Store } from '../objects/store.js';
import { WasmException } from '../objects/tag.js';
import type { Value } from '../objects/values.js';
import { hostError } from './host-call.js';
import { ensureCompiled, run } from './interpreter.js';
import { RunResult, Stack } from './stack.js';

// Idle stacks kept per store, so that the thousands of small invocations of a
// spec script do not each allocate slot buffers. A host function that calls
// back into wasm simply takes another one.
const idle = new WeakMap<Store, Stack[]>();

function acquireStack(store: Store): Stack {
  const pool = idle.get(store);
  const s = pool?.pop();
  return s ?? new Stack(store.limits.maxCallDepth, store.limits.maxStackSlots);
}

function releaseStack(store: Store, s: Stack): void {
  let pool = idle.get(store);
  if (!pool) idle.set(store, (pool = []));
  if (pool.length < 4) pool.push(s);
}

/**
 * A blocked stack with no scheduler around it: no other thread can notify, so
 * a wait with a timeout times out at once and one without is a deadlock; a
 * host promise cannot be awaited synchronously.
 */
function waitAlone(root: Stack): void {
  const stack = root.chainTop; // what blocked: the active stack of the chain
  const w = stack.wait;
  if (w) {
    stack.wait = null;
    if (w.timeoutNs < 0) {
      throw new Trap('atomic', `deadlock: the only thread waits forever on 0x${w.address.toString(16)}`);
    }
    stack.i32[w.dst] = 2; // timed-out
    return;
  }
  const p = stack.pending;
  stack.pending = null;
  throw new Trap('host', `host function ${p?.func.name ?? '?'} returned a promise: async host functions need the thread scheduler`);
}

/**
 * Calls `func` with `args` and runs it to completion. Throws Trap, or
 * WasmException for an exception no wasm handler caught.
 */
export function invoke(store: Store, func: FuncInstance, args: readonly Value[]): Value[] {
  const params = func.type.params;
  if (args.length !== params.length) {
    throw new Trap('host', `${func.describe()} expects ${params.length} arguments, got ${args.length}`);
  }
  if (func.host) {
    let results: Value[] | PromiseLike<Value[]>;
    try {
      results = func.host([...args]);
    } catch (e) {
      throw hostError(e, func);
    }
    if (!Array.isArray(results)) {
      throw new Trap('host', `host function ${func.name} returned a promise: async host functions need the thread scheduler`);
    }
    return results;
  }
  ensureCompiled(func);
  const stack = acquireStack(store);
  try {
    stack.enter(func, args);
    let outcome: RunResult;
    while ((outcome = run(stack, store, Infinity)) === RunResult.Blocked) waitAlone(stack);
    switch (outcome) {
      case RunResult.Done: return stack.readValues(0, func.type.results);
      case RunResult.Trap: throw stack.trap!;
      case RunResult.Exception: throw new WasmException(stack.exception!);
      default: throw new EngineBug(`run stopped with ${outcome} without a fuel limit`);
    }
  } finally {
    stack.depth = 0;
    stack.trap = null;
    stack.exception = null;
    stack.wait = null;
    stack.pending = null;
    releaseStack(store, stack);
  }
}
