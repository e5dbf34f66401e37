// The Threads view: one entry per wasm thread, then (optionally) continuations
// as pseudo-threads, grouped after the real ones and capped the way Go
// debuggers cap goroutines. Pseudo-thread ids live far above wasm thread ids.

import type { ContinuationId, ContinuationInfo, ThreadInfo } from '../runtime/debug/api.js';
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

export function buildThreadList(
  threads: readonly ThreadInfo[],
  continuations: () => readonly ContinuationInfo[],
  mode: ContinuationsAsThreads,
  cap: number,
): ThreadList {
  const list: DapThread[] = threads.map((t) => ({ id: t.id, name: threadName(t) }));
  if (mode === 'off') return { threads: list, continuationsTotal: 0, continuationsListed: 0 };
  let total = 0;
  let listed = 0;
  for (const c of continuations()) {
    if (!listedContinuation(c, mode)) continue;
    total++;
    if (listed < cap) {
      list.push({ id: continuationThreadId(c.id), name: continuationName(c) });
      listed++;
    }
  }
  return { threads: list, continuationsTotal: total, continuationsListed: listed };
}
