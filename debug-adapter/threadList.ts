// The Threads view: one entry per wasm thread, then (optionally) continuations
// as pseudo-threads, grouped after the real ones and capped the way Go
// debuggers cap goroutines. Pseudo-thread ids live far above wasm thread ids.

import type { ContinuationId, ContinuationInfo, ContinuationQuery, DebugTarget, ThreadInfo } from '../runtime/debug/api.js';
import type { ContinuationsAsThreads } from './launchConfig.js';

export const CONTINUATION_THREAD_BASE = 1_000_000_000;

export function continuationThreadId(id: ContinuationId): number {
  return CONTINUATION_THREAD_BASE + id;
}

/** The continuation a DAP thread id names, or undefined for a wasm thread. */
export function continuationOfThread(dapThreadId: number): ContinuationId | undefined {
  return dapThreadId >= CONTINUATION_THREAD_BASE ? dapThreadId - CONTINUATION_THREAD_BASE : undefined;
}

export interface DapThread {
  readonly id: number;
  readonly name: string;
}

export function threadName(t: ThreadInfo): string {
  if (t.state === 'waiting' || t.state === 'waiting-host') return `${t.name} · waiting${t.waitingOn ? ` on ${t.waitingOn}` : ''}`;
  if (t.state === 'exited') return `${t.name} · exited`;
  return t.name;
}

export function continuationName(c: ContinuationInfo): string {
  if (c.state === 'suspended' && c.lastSuspend) return `cont #${c.id} · ${c.lastSuspend.how === 'switch' ? 'switched away on' : 'suspended on'} ${c.lastSuspend.tag}`;
  if (c.state === 'running' || c.state === 'parent') return `cont #${c.id} · ${c.state}${c.thread !== undefined ? ` on thread ${c.thread}` : ''}`;
  return `cont #${c.id} · ${c.state}`;
}

export function listedContinuation(c: ContinuationInfo, mode: ContinuationsAsThreads): boolean {
  if (mode === 'off') return false;
  if (mode === 'suspended') return c.state === 'suspended';
  return c.state !== 'returned';
}

export interface ThreadList {
  readonly threads: DapThread[];
  /** How many continuations qualified in all; more than listed when capped. */
  readonly continuationsTotal: number;
  readonly continuationsListed: number;
}

/** Which continuations a mode lists, as an engine query (returned ones are never live). */
export function listedQuery(mode: ContinuationsAsThreads): ContinuationQuery {
  return mode === 'suspended' ? { state: 'suspended' } : { state: ['fresh', 'running', 'parent', 'suspended'] };
}

/**
 * Threads, then at most `cap` continuations. With an engine that counts
 * (`continuationCount`) only the listed ones are built, so 100,000
 * continuations cost a count, not 100,000 descriptions; a target that does
 * not count is asked for them all.
 */
export function buildThreadList(
  threads: readonly ThreadInfo[],
  target: Pick<DebugTarget, 'continuations' | 'continuationCount'>,
  mode: ContinuationsAsThreads,
  cap: number,
): ThreadList {
  const list: DapThread[] = threads.map((t) => ({ id: t.id, name: threadName(t) }));
  if (mode === 'off') return { threads: list, continuationsTotal: 0, continuationsListed: 0 };
  const query = listedQuery(mode);
  const counted = target.continuationCount?.(query);
  // Filtered here too: a scripted target may ignore the query.
  const matching = target.continuations(counted !== undefined ? { ...query, count: cap } : query).filter((c) => listedContinuation(c, mode));
  const listed = matching.slice(0, cap);
  for (const c of listed) list.push({ id: continuationThreadId(c.id), name: continuationName(c) });
  return { threads: list, continuationsTotal: counted ?? matching.length, continuationsListed: listed.length };
}
