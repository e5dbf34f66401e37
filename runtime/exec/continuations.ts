// What the debugger shows of stack switching: the continuations of a store
// and the chain of a running stack, as plain data. Reading them costs
// nothing at run time: it is all computed here from what the Stacks keep
// (state, links, handler tables, creation and suspend sites).

import type { TrapFrame } from '../errors.js';
import type { FuncInstance } from '../objects/func.js';
import type { Store } from '../objects/store.js';
import { wasmOffsetOf } from './compiled.js';
import type { FrameSite, Stack, StackState } from './stack.js';
import { continuationStacks } from './switching.js';

/** A frame as the debugger names it: function and wasm byte offset. */
export interface FrameView {
  readonly funcIndex: number;
  /** The function's own name: name-section name, else export name, else func[N] (host functions: their import name). */
  readonly func: string;
  /** As people read it (func-names.ts): "$fib", "wasi_thread_start", "func[3]". */
  readonly name: string;
  /** Wasm byte offset of the instruction executing (top frame) or calling (others); -1 unknown. */
  readonly offset: number;
}

/** One handler clause a resume installed: `(on $tag $label)` or `(on $tag switch)`. */
export interface HandlerView {
  readonly tag: string;
  readonly kind: 'label' | 'switch';
  /** "$on_yield" when the label is named, else "label N" (its depth); "switch" for switch clauses. */
  readonly target: string;
}

export interface StackView {
  readonly id: number;
  readonly state: StackState;
  /** Innermost first. */
  readonly frames: readonly FrameView[];
  /** The stack that resumed this one, while linked (-1 otherwise). */
  readonly parent: number;
  /** The clauses the parent's resume installed for this stack (empty unless linked). */
  readonly handlers: readonly HandlerView[];
  /** The cont.new site: the creating stack and its frames, innermost (the cont.new) first. */
  readonly created: { readonly stack: number; readonly frames: readonly FrameView[] } | null;
  readonly lastSuspend: { readonly how: 'suspend' | 'switch'; readonly tag: string; readonly at: FrameView } | null;
}

function frameView(func: FuncInstance, pc: number): FrameView {
  const code = func.code;
  const own = func.name || code?.name || '?';
  return { funcIndex: code?.funcIndex ?? -1, func: own, name: code ? code.displayName : displayName(own), offset: code ? wasmOffsetOf(code, pc) : -1 };
}

/**
 * Whether frame `d` (Stack order: 0 is the bottom) of `s` stands at a call
 * rather than at the instruction it executes next: callers do, and so does
 * the top frame of a suspended or parent stack (its pc is the return pc after
 * its suspend/resume).
 */
export function frameAtCall(s: Stack, d: number): boolean {
  return d < s.depth - 1 || s.state === 'suspended' || s.state === 'parent';
}

/** Frames `start` … `start + count - 1` of a stack, innermost first (0 is the top); callers are shown at their call (return pc − 1). */
export function stackFrames(s: Stack, start = 0, count = s.depth): FrameView[] {
  const out: FrameView[] = [];
  const end = Math.min(s.depth, start + count);
  for (let k = Math.max(0, start); k < end; k++) {
    const d = s.depth - 1 - k;
    const pc = s.framePc[d]!;
    out.push(frameView(s.frameFunc[d]!, frameAtCall(s, d) && pc > 0 ? pc - 1 : pc));
  }
  return out;
}

function framesOf(s: Stack): FrameView[] {
  return stackFrames(s);
}

function sitesView(sites: readonly FrameSite[]): FrameView[] {
  return sites.map((f, i) => frameView(f.func, i === 0 ? f.pc : f.pc - 1));
}

/** `withFrames` false leaves `frames` empty: listing 100,000 continuations should not build their frames. */
export function describeStack(s: Stack, withFrames = true): StackView {
  const tags = s.handlerInst?.tags ?? [];
  return {
    id: s.id,
    state: s.state,
    frames: withFrames ? framesOf(s) : [],
    parent: s.parent?.id ?? -1,
    handlers: (s.handlers?.clauses ?? []).map((c) => ({
      tag: tags[c.tag]?.name || `tag${c.tag}`,
      kind: c.isSwitch ? 'switch' : 'label',
      target: c.label,
    })),
    created: s.created ? { stack: s.created.stack, frames: sitesView(s.created.frames) } : null,
    lastSuspend: s.suspendTag && s.suspendFunc
      ? {
        how: s.suspendedBySwitch ? 'switch' : 'suspend',
        tag: s.suspendTag.name || s.suspendTag.describe(),
        at: frameView(s.suspendFunc, s.suspendPc - 1), // the saved pc is the one after the instruction
      }
      : null,
  };
}

/** Continuations of `store` that have not finished: fresh, running, parent or suspended. */
export function liveContinuations(store: Store): StackView[] {
  return continuationStacks(store).filter((s) => s.state !== 'returned').map((s) => describeStack(s));
}

/** The chain of a run started on `root`: its active top first, down to `root`. */
export function chainOf(root: Stack): StackView[] {
  const out: StackView[] = [];
  for (let s: Stack | null = root.chainTop; s !== null; s = s.parent) out.push(describeStack(s));
  return out;
}

/** A trap's backtrace: the frames of `top` and of every stack below it in its chain. */
export function trapBacktrace(top: Stack): TrapFrame[] {
  const out: TrapFrame[] = [];
  let segment = 0;
  for (let s: Stack | null = top; s !== null; s = s.parent, segment++) {
    for (const f of framesOf(s)) out.push({ segment, stack: s.id, func: f.name, offset: f.offset });
  }
  return out;
}

/** For functions without compiled code (host functions): a bare name reads as `$name`; synthetic ones (`func[3]`, `?`) stay as they are. */
export function displayName(name: string): string {
  return /^[^$[?][^\s[]*$/.test(name) ? `$${name}` : name;
}
