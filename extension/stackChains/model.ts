// The Stack Chains view's data, free of VS Code: the adapter's `stackChains`
// answer (types from debug-adapter/stackChains.ts), a reader that tolerates
// an answer missing parts (an adapter of another version must not break the
// view), paging, and the text of each row. Protocol-free so it is unit-tested
// without an editor.

import type {
  StackChainContinuation, StackChainFrame, StackChainSegment, StackChainSite, StackChainsResponseBody, StackChainThread,
} from '../../debug-adapter/stackChains.js';

export type { StackChainContinuation, StackChainFrame, StackChainSegment, StackChainSite, StackChainsResponseBody, StackChainThread };

type Handler = { readonly tag: string; readonly target: string };

const isRec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? v.filter(isRec) as T[] : []);

/** Reads a `stackChains` answer; missing lists read as empty rather than as an error. */
export function readStackChains(raw: unknown): StackChainsResponseBody {
  const body = isRec(raw) ? raw : {};
  const threads = arr<StackChainThread>(body.threads).map((t) => ({ ...t, segments: arr<StackChainSegment>(t.segments).map((s) => ({ ...s, frames: arr<StackChainFrame>(s.frames) })) }));
  const continuations = arr<StackChainContinuation>(body.continuations)
    .filter((c) => typeof c.id === 'number')
    .map((c) => ({ ...c, frames: arr<StackChainFrame>(c.frames), created: isRec(c.created) ? c.created : { instructionPointerReference: '' } }));
  const total = typeof body.totalContinuations === 'number' ? body.totalContinuations : continuations.length;
  return { paused: body.paused !== false, threads, continuations, totalContinuations: Math.max(total, continuations.length) };
}

/** A window of a long list: the first `limit` items, and how many remain behind a "more…" row. */
export function page<T>(items: readonly T[], limit: number): { readonly shown: readonly T[]; readonly remaining: number } {
  if (items.length <= limit) return { shown: items, remaining: 0 };
  return { shown: items.slice(0, limit), remaining: items.length - limit };
}

export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** "demo.wat:12", else the module offset "0x1a2" for a place without source. */
export function siteText(site: { readonly source?: string; readonly line?: number; readonly instructionPointerReference?: string } | undefined): string | undefined {
  if (!site) return undefined;
  if (site.source) return site.line !== undefined ? `${baseName(site.source)}:${site.line}` : baseName(site.source);
  return site.instructionPointerReference || undefined;
}

export function handlersText(handlers: readonly Handler[]): string {
  return handlers.map((h) => (h.target === 'switch' ? `${h.tag} (switch)` : `${h.tag} → ${h.target}`)).join(', ');
}

export function segmentLabel(s: StackChainSegment): string {
  return s.continuation !== undefined ? `cont #${s.continuation}` : 'main stack';
}

/** "running · resumed, handlers $yield → $on_yield". */
export function segmentDescription(s: StackChainSegment, tag?: string): string {
  const parts: string[] = [s.state];
  if (tag) parts.push(tag);
  if (s.enteredBy) {
    const verb = s.enteredBy.how === 'switch' ? 'switched to' : s.enteredBy.how === 'resume_throw' ? 'resumed (throw)' : 'resumed';
    parts.push(s.enteredBy.handlers.length > 0 ? `${verb}, handlers ${handlersText(s.enteredBy.handlers)}` : verb);
  }
  return parts.join(' · ');
}

export function continuationDescription(c: StackChainContinuation): string {
  const parts: string[] = [c.state];
  if (c.tag) parts.push(c.tag);
  if (c.thread !== undefined) parts.push(`thread ${c.thread}`);
  if (c.handlers && c.handlers.length > 0) parts.push(`handlers ${handlersText(c.handlers)}`);
  return parts.join(' · ');
}

export function countLabel(what: string, n: number): string {
  return `${what} (${n.toLocaleString('en-US')})`;
}

/** Continuation counts by state, for the Continuations group's description: "3 suspended, 1 fresh". */
export function stateSummary(conts: readonly StackChainContinuation[]): string {
  const counts = new Map<string, number>();
  for (const c of conts) counts.set(c.state, (counts.get(c.state) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}
