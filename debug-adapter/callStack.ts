// A thread's call stack as DAP shows it: the frames of every stack-chain
// segment, innermost segment first, with a label row between two segments
// saying how the upper one was entered. Computed once per pause per thread
// and then paged, so a 10,000-frame chain costs one walk, not one per page.

import type { ChainSegment, ContinuationInfo, FrameInfo, HandlerClause } from '../runtime/debug/api.js';

export type CallStackEntry =
  | { readonly kind: 'frame'; readonly frame: FrameInfo; readonly segment: number }
  | { readonly kind: 'label'; readonly text: string; readonly segment: number };

export function handlersText(handlers: readonly HandlerClause[]): string {
  return handlers.map((h) => (h.target === 'switch' ? `${h.tag} (switch)` : `${h.tag}→${h.target}`)).join(', ');
}

const HOW: Record<NonNullable<ChainSegment['enteredBy']>['how'], string> = {
  resume: 'resumed by',
  switch: 'switched to by',
  resume_throw: 'resumed (throw) by',
};

/** "── cont #3 resumed by $run · handlers: $yield→$on_yield ──" for the boundary below `upper`. */
export function segmentLabel(upper: ChainSegment, lower: ChainSegment | undefined): string {
  const who = lower?.frames[0]?.name ?? (lower ? `stack ${lower.stack}` : 'the host');
  const what = upper.continuation !== undefined ? `cont #${upper.continuation} ` : '';
  const how = upper.enteredBy ? HOW[upper.enteredBy.how] : 'entered from';
  const handlers = upper.enteredBy && upper.enteredBy.handlers.length > 0 ? ` · handlers: ${handlersText(upper.enteredBy.handlers)}` : '';
  return `── ${what}${how} ${who}${handlers} ──`;
}

/** The chain flattened: frames of segment 0, a label, frames of segment 1, … (no label after the last). */
export function flattenChain(chain: readonly ChainSegment[]): CallStackEntry[] {
  const entries: CallStackEntry[] = [];
  chain.forEach((segment, i) => {
    for (const frame of segment.frames) entries.push({ kind: 'frame', frame, segment: i });
    if (i + 1 < chain.length) entries.push({ kind: 'label', text: segmentLabel(segment, chain[i + 1]), segment: i });
  });
  return entries;
}

/** A suspended or fresh continuation's stack as a pseudo-thread shows it. */
export function continuationEntries(c: ContinuationInfo): CallStackEntry[] {
  const entries: CallStackEntry[] = c.frames.map((frame) => ({ kind: 'frame', frame, segment: 0 }));
  if (c.lastSuspend) entries.unshift({ kind: 'label', text: `── cont #${c.id} ${c.lastSuspend.how === 'switch' ? 'switched away' : 'suspended'} on ${c.lastSuspend.tag} ──`, segment: 0 });
  if (c.frames.length === 0) entries.push({ kind: 'label', text: `── cont #${c.id} · ${c.state}: no frames yet ──`, segment: 0 });
  return entries;
}

/** DAP paging: `startFrame` and `levels` (0 or absent = all). */
export function page<T>(entries: readonly T[], startFrame = 0, levels = 0): readonly T[] {
  const start = Math.max(0, Math.min(startFrame, entries.length));
  return levels > 0 ? entries.slice(start, start + levels) : entries.slice(start);
}
