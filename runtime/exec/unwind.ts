// Exception delivery: finds the handler for an exception by walking the
// frames of a Stack from the top, using each function's handler regions.

import type { HandlerRegion } from './compiled.js';
import type { Stack } from './stack.js';
import type { ExceptionRef } from '../objects/tag.js';

/** Index of the innermost region containing `pc` (regions open in nesting order), or -1. */
export function innermostRegion(regions: readonly HandlerRegion[], pc: number): number {
  for (let r = regions.length - 1; r >= 0; r--) {
    const region = regions[r]!;
    if (region.start <= pc && pc < region.end) return r;
  }
  return -1;
}

/** Whether `unwind(stack, exn, topPc)` would find a handler; unlike it, pops nothing. */
export function catches(stack: Stack, exn: ExceptionRef, topPc: number): boolean {
  let pc = topPc;
  for (let d = stack.depth - 1; d >= 0; d--) {
    const func = stack.frameFunc[d]!;
    const cf = func.code!;
    const tags = func.instance!.tags;
    for (let r = innermostRegion(cf.handlers, pc); r >= 0; r = cf.handlers[r]!.next) {
      for (const clause of cf.handlers[r]!.clauses) {
        if (clause.tag < 0 || tags[clause.tag] === exn.tag) return true;
      }
    }
    if (d > 0) pc = stack.framePc[d - 1]! - 1;
  }
  return false;
}

/**
 * Delivers `exn` to the nearest matching handler. `topPc` is the pc of the
 * throwing instruction in the top frame; callers are searched at their call
 * instruction (return pc − 1). Frames without a handler are popped. On success
 * the handling frame's pc is the handler's target and the payload (and
 * exnref) are in its slots; returns false when the exception left the stack.
 */
export function unwind(stack: Stack, exn: ExceptionRef, topPc: number): boolean {
  let pc = topPc;
  while (stack.depth > 0) {
    const d = stack.depth - 1;
    const func = stack.frameFunc[d]!;
    const cf = func.code!;
    const tags = func.instance!.tags;
    const fp = stack.frameFp[d]!;
    for (let r = innermostRegion(cf.handlers, pc); r >= 0; r = cf.handlers[r]!.next) {
      for (const clause of cf.handlers[r]!.clauses) {
        if (clause.tag >= 0 && tags[clause.tag] !== exn.tag) continue;
        let at = fp + clause.dst;
        if (clause.tag >= 0) {
          const params = exn.tag.type.params;
          stack.writeValues(at, params, exn.payload);
          at += 2 * params.length;
        }
        if (clause.withRef) stack.refs[at >> 1] = exn;
        if (clause.exnSlot >= 0) stack.refs[(fp + clause.exnSlot) >> 1] = exn;
        stack.framePc[d] = clause.target;
        return true;
      }
    }
    stack.depth = d;
    if (d > 0) pc = stack.framePc[d - 1]! - 1;
  }
  return false;
}
