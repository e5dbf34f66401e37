// Stepping. A step floods the compiled code with BREAKs (every instruction
// start of every compiled function, and of functions compiled meanwhile),
// runs, and at each BREAK the stepping thread reaches asks `stepDone`; other
// threads pass flood BREAKs untouched (they still stop at real breakpoints
// when not frozen). The flood goes away when the step ends.
//
// A position is (stack, depth, pc): the Stack running on the thread (the
// thread's main stack or a continuation's), its frame count, and the pc.
// Steps are scoped to the stopping thread. The rules, including stack
// switching (each is a test in stepping.test.ts):
//
//   in    Stop at the next instruction this thread executes, wherever it is:
//         a callee's first instruction; after `resume`/`switch`, the
//         continuation's next instruction (its first for a fresh one); after
//         `suspend`, the handler that receives it in the resumer.
//   over  Stop at the next instruction in this frame or below it: same stack
//         at depth <= the start depth; or, when this frame's stack is left
//         (a continuation's bottom frame returns or suspends to a handler
//         further down the chain), in the stack below it (its parent when the
//         step began) at depth <= its depth then. Thus over `resume` runs the
//         continuation until control is back after the resume in this frame
//         (the continuation returned, or suspended to one of this resume's
//         handlers). Over `suspend` (and `switch`), the parent clause is
//         dropped: the step ends at the instruction after it once this
//         continuation is resumed again.
//   out   As over, but on the same stack only at depth < the start depth; out
//         of a continuation's bottom frame goes to the resumer (the parent).
//   Any breakpoint hit on the way ends the step with a breakpoint stop.
// By line (.wat sources): in and over keep going while they stay in the
// starting frame on the starting line; out stops at the first place it may.
// With DWARF, a line step in or over also never stops inside a statement
// (a place whose line row is not is_stmt: `line` null), so returning into a
// caller mid-line runs on to the caller's next statement.

import type { Stack } from '../exec/stack.js';
import type { StepGranularity, StepKind } from './api.js';

export interface StepPlan {
  readonly thread: number;
  readonly kind: StepKind;
  readonly granularity: StepGranularity;
  readonly stack: Stack;
  readonly depth: number;
  readonly pc: number;
  /** Source line at the start (line steps). */
  readonly line: number | undefined;
  /** The stack below (`stack.parent`) and its depth when the step began. */
  readonly parent: Stack | null;
  readonly parentDepth: number;
  /** The instruction stepped over gives up this stack (suspend, switch): wait until it runs again. */
  readonly leavesStack: boolean;
}

export function stepDone(p: StepPlan, cur: Stack, pc: number, line: number | null | undefined): boolean {
  if (line === null && p.granularity === 'line' && p.kind !== 'out') return false;
  const depth = cur.depth;
  const sameFrame = cur === p.stack && depth === p.depth;
  const lineDone = p.granularity === 'instruction' || p.line === undefined || line === undefined || line !== p.line;
  switch (p.kind) {
    case 'in':
      if (sameFrame) return pc !== p.pc && lineDone;
      return true;
    case 'over': {
      const below = (cur === p.stack && depth < p.depth) || (!p.leavesStack && p.parent !== null && cur === p.parent && depth <= p.parentDepth);
      if (below) return true;
      return sameFrame && pc !== p.pc && lineDone;
    }
    case 'out':
      return (cur === p.stack && depth < p.depth) || (p.parent !== null && cur === p.parent && depth <= p.parentDepth);
  }
}
