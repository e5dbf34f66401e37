// Drives a DebugTarget in tests: launch a fixture, wait for the next stop or the exit.

import { join } from 'node:path';
import type { DebugTarget, LaunchOptions, StopEvent } from './api.js';
import { launch } from './target.js';

export const FIXTURES = join(__dirname, 'fixtures');

export interface Session {
  readonly target: DebugTarget;
  readonly file: string;
  /** The next stop (or rejects on exit). */
  stop(): Promise<StopEvent>;
  exit(): Promise<{ exitCode: number; reason: string }>;
  readonly output: string[];
  readonly events: { kind: string; detail: unknown }[];
}

export async function session(fixture: string, options: Partial<LaunchOptions> = {}): Promise<Session> {
  const file = join(FIXTURES, fixture);
  const target = await launch({ program: file, seed: 1, ...options });
  const stops: StopEvent[] = [];
  let exited: { exitCode: number; reason: string } | null = null;
  let wake: (() => void) | null = null;
  const output: string[] = [];
  const events: { kind: string; detail: unknown }[] = [];
  target.on('stopped', (e) => { stops.push(e); wake?.(); });
  target.on('exited', (e) => { exited = e; wake?.(); });
  target.on('output', (e) => output.push(e.text));
  target.on('thread', (e) => events.push({ kind: `thread-${e.reason}`, detail: e }));
  target.on('continuation', (e) => events.push({ kind: `cont-${e.kind}`, detail: e }));
  const next = async (): Promise<void> => {
    if (stops.length || exited) return;
    await new Promise<void>((resolve) => { wake = resolve; });
    wake = null;
  };
  return {
    target, file, output, events,
    async stop() {
      await next();
      const s = stops.shift();
      if (!s) throw new Error(`expected a stop, the program exited: ${JSON.stringify(exited)} output: ${output.join('')}`);
      return s;
    },
    async exit() {
      while (!exited) {
        await next();
        if (stops.length) throw new Error(`expected the exit, got a stop: ${JSON.stringify(stops[0])}`);
      }
      return exited;
    },
  };
}

/** Function name and source line of each frame of a thread's chain, segment by segment. */
export function chainNames(t: DebugTarget, thread: number): string[][] {
  return t.chain(thread).map((seg) => seg.frames.map((f) => f.name));
}
