// A thread's call stack as DAP shows it: the frames of every stack-chain
// segment, innermost segment first, with a label row between two segments
// saying how the upper one was entered. Computed once per pause per thread
// and then paged, so a 10,000-frame chain costs one walk, not one per page.

import type { ChainSegment, ChainWindow, ContinuationInfo, FrameInfo, HandlerClause } from '../runtime/debug/api.js';

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

const frameCountOf = (s: ChainSegment): number => s.frameCount ?? s.frames.length;

/** How many entries (frames and labels) a chain flattens to, from its shape alone. */
export function chainEntryCount(shape: readonly ChainSegment[]): number {
  return shape.reduce((n, s) => n + frameCountOf(s), 0) + Math.max(0, shape.length - 1);
}

/**
 * Entries `start` … `start + levels - 1` of the flattened chain (levels 0: to
 * the end), with their entry numbers, building only their frames: `shape` is
 * the chain without frames (`chain(thread, { count: 0 })`), `fetch` asks for a
 * window of chain frames. A label names the next segment's top frame, which
 * follows it, so the window reaches one frame past the page.
 */
export function chainPage(
  shape: readonly ChainSegment[],
  fetch: (window: ChainWindow) => readonly ChainSegment[],
  start = 0,
  levels = 0,
): { entries: { entry: CallStackEntry; index: number }[]; total: number } {
  const total = chainEntryCount(shape);
  const from = Math.max(0, Math.min(start, total));
  const to = levels > 0 ? Math.min(total, from + levels) : total;
  // Where each segment's entries and frames begin.
  const entryBase: number[] = [];
  const frameBase: number[] = [];
  let e = 0;
  let f = 0;
  for (const s of shape) {
    entryBase.push(e);
    frameBase.push(f);
    e += frameCountOf(s) + 1;
    f += frameCountOf(s);
  }
  type Slot = { segment: number; frame: number } | { segment: number; label: true };
  const slots: Slot[] = [];
  let lo = Infinity;
  let hi = -1;
  let seg = 0;
  for (let x = from; x < to; x++) {
    while (seg + 1 < shape.length && entryBase[seg + 1]! <= x) seg++;
    const k = x - entryBase[seg]!;
    if (k < frameCountOf(shape[seg]!)) {
      const n = frameBase[seg]! + k;
      slots.push({ segment: seg, frame: n });
      lo = Math.min(lo, n); hi = Math.max(hi, n);
    } else {
      slots.push({ segment: seg, label: true });
      if (frameCountOf(shape[seg + 1]!) > 0) { lo = Math.min(lo, frameBase[seg + 1]!); hi = Math.max(hi, frameBase[seg + 1]!); }
    }
  }
  const byNumber = new Map<number, FrameInfo>();
  if (hi >= lo) {
    fetch({ start: lo, count: hi - lo + 1 }).forEach((s, i) => {
      const first = frameBase[i]! + (s.frameStart ?? 0);
      s.frames.forEach((frame, k) => byNumber.set(first + k, frame));
    });
  }
  const entries = slots.map((slot, i): { entry: CallStackEntry; index: number } => {
    if ('label' in slot) {
      const lower = shape[slot.segment + 1]!;
      const top = byNumber.get(frameBase[slot.segment + 1]!);
      return { entry: { kind: 'label', text: segmentLabel(shape[slot.segment]!, { ...lower, frames: top ? [top] : [] }), segment: slot.segment }, index: from + i };
    }
    const frame = byNumber.get(slot.frame);
    if (!frame) throw new Error(`the target gave no frame ${slot.frame} of the chain`);
    return { entry: { kind: 'frame', frame, segment: slot.segment }, index: from + i };
  });
  return { entries, total };
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
