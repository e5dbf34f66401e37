// The `stackChains` custom request: the shape the extension's Stack Chains
// view consumes (import the types from here), and its construction from the
// debug API. Protocol-free apart from the field names the view expects.

import type { ChainSegment, CodeLocation, ContinuationInfo, DebugTarget, FrameInfo, HandlerClause, SourcePosition, ThreadInfo } from '../runtime/debug/api.js';
import { instructionReference } from './references.js';

export interface StackChainsArguments {
  /** At most this many continuations in the answer (default 1000); `totalContinuations` tells how many exist. */
  readonly maxContinuations?: number;
}

export interface StackChainFrame {
  readonly name: string;
  /** File path of the frame's source, when it has one. */
  readonly source?: string;
  readonly line?: number;
  /** "0x…" byte offset in the module, as in DAP stack frames. */
  readonly instructionPointerReference: string;
}

export interface StackChainSegment {
  readonly stack: number;
  readonly continuation?: number;
  readonly state: ChainSegment['state'];
  readonly enteredBy?: { readonly how: 'resume' | 'switch' | 'resume_throw'; readonly handlers: readonly HandlerClause[] };
  readonly frames: readonly StackChainFrame[];
}

export interface StackChainThread {
  /** The DAP thread id. */
  readonly id: number;
  readonly name: string;
  readonly state: ThreadInfo['state'];
  /** Innermost segment first; empty while the program runs (chains are read at a pause). */
  readonly segments: readonly StackChainSegment[];
}

export interface StackChainSite {
  readonly source?: string;
  readonly line?: number;
  readonly instructionPointerReference: string;
}

export interface StackChainContinuation {
  readonly id: number;
  readonly state: ContinuationInfo['state'];
  /** The tag it last suspended on (or switched away with). */
  readonly tag?: string;
  /** The handlers it runs under while linked into a chain. */
  readonly handlers?: readonly HandlerClause[];
  readonly thread?: number;
  readonly created: StackChainSite;
  readonly lastSuspend?: StackChainSite & { readonly how: 'suspend' | 'switch'; readonly tag: string };
  readonly frames: readonly StackChainFrame[];
}

export interface StackChainsResponseBody {
  /** False while the program runs: segments and frames are then left out. */
  readonly paused: boolean;
  readonly threads: readonly StackChainThread[];
  readonly continuations: readonly StackChainContinuation[];
  readonly totalContinuations: number;
}

function site(location: CodeLocation, source: SourcePosition | undefined): StackChainSite {
  return { instructionPointerReference: instructionReference(location), ...(source && { source: source.file, line: source.line }) };
}

function frame(f: FrameInfo): StackChainFrame {
  return { name: f.name, ...site(f.location, f.source) };
}

export function buildStackChains(target: DebugTarget, paused: boolean, args: StackChainsArguments = {}): StackChainsResponseBody {
  const handlersOf = new Map<number, readonly HandlerClause[]>();
  const threads = target.threads().map((t): StackChainThread => {
    let segments: StackChainSegment[] = [];
    if (paused && t.state !== 'exited') {
      segments = target.chain(t.id).map((s) => {
        if (s.continuation !== undefined && s.enteredBy) handlersOf.set(s.continuation, s.enteredBy.handlers);
        return {
          stack: s.stack,
          state: s.state,
          frames: s.frames.map(frame),
          ...(s.continuation !== undefined && { continuation: s.continuation }),
          ...(s.enteredBy && { enteredBy: s.enteredBy }),
        };
      });
    }
    return { id: t.id, name: t.name, state: t.state, segments };
  });
  const max = args.maxContinuations ?? 1000;
  // A page with frames and a count: building all of 100,000 continuations would stall the view.
  const total = target.continuationCount?.();
  const all = total !== undefined ? target.continuations({ count: max, withFrames: true }) : target.continuations();
  const continuations = all.slice(0, max).map((c): StackChainContinuation => {
    const handlers = handlersOf.get(c.id);
    return {
      id: c.id,
      state: c.state,
      created: site(c.created.location, c.created.source),
      frames: c.frames.map(frame),
      ...(c.lastSuspend && { tag: c.lastSuspend.tag, lastSuspend: { how: c.lastSuspend.how, tag: c.lastSuspend.tag, ...site(c.lastSuspend.location, c.lastSuspend.source) } }),
      ...(handlers && { handlers }),
      ...(c.thread !== undefined && { thread: c.thread }),
    };
  });
  return { paused, threads, continuations, totalContinuations: total ?? all.length };
}
