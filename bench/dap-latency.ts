// DAP latency of the two requests that grow with the program: a 20-frame page
// of a 10,000-frame stack chain, and `threads` with 100,000 suspended
// continuations (listed capped at 100). Measured over a real socket against
// the adapter's scripted target, so the figures are the adapter's own cost
// first; then the same requests end to end against `node dist/debugAdapter.js`
// and the real engine on bench/fixtures/dap-deep.wat (build first).
//   node --import tsx bench/dap-latency.ts
// Targets: stackTrace page < 50 ms, threads < 100 ms.

import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type FakeTarget, fakeLauncher } from '../debug-adapter/fakeTarget.js';
import { WasmDebugSession } from '../debug-adapter/session.js';

async function main(): Promise<void> {
  const made: FakeTarget[] = [];
  const server = createServer((socket) => {
    const session = new WasmDebugSession(fakeLauncher(made));
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'wasmdbg-bench-'));
  const program = join(dir, 'deep.wat');
  writeFileSync(program, '(module)\n');
  
  const dc = new DebugClient('node', 'unused', 'wasmdbg');
  await dc.start((server.address() as AddressInfo).port);
  await dc.initializeRequest({ adapterID: 'wasmdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ program, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  let stopped = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  await stopped;
  const target = made[0]!;
  target.mainDepth = 10_000;
  target.extraContinuations = 100_000;
  
  async function time(label: string, limit: number, runs: number, pause: boolean, request: () => Promise<unknown>): Promise<void> {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (pause) {
        // A new pause each run: the first page after a stop pays for the chain walk.
        stopped = dc.waitForEvent('stopped');
        await dc.nextRequest({ threadId: 1 });
        await stopped;
      }
      const t0 = performance.now();
      await request();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)]!;
    const worst = samples[samples.length - 1]!;
    console.log(`${label}: median ${median.toFixed(1)} ms, worst ${worst.toFixed(1)} ms (target < ${limit} ms) ${worst < limit ? 'ok' : 'OVER'}`);
  }
  
  await time('stackTrace 20 of 10,002 frames, first page after a stop', 50, 20, true, () => dc.stackTraceRequest({ threadId: 1, startFrame: 0, levels: 20 }));
  await time('stackTrace 20 of 10,002 frames, a deep page (cached chain)', 50, 20, false, () => dc.stackTraceRequest({ threadId: 1, startFrame: 5000, levels: 20 }));
  await time('threads with 100,002 continuations, first after a stop', 100, 10, true, () => dc.threadsRequest());
  await time('threads with 100,002 continuations, again in the same pause', 100, 10, false, () => dc.threadsRequest());
  
  await dc.stop();
  server.close();
  await engine();
}

/** The same figures end to end: the adapter process and the engine, 10,000 frames and 100,000 continuations for real. */
async function engine(): Promise<void> {
  const dc = new DebugClient('node', join(__dirname, '..', 'dist', 'debugAdapter.js'), 'wasmdbg');
  dc.defaultTimeout = 120_000;
  await dc.start();
  await dc.initializeRequest({ adapterID: 'wasmdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
  const initialized = dc.waitForEvent('initialized', 120_000);
  await dc.launchRequest({ program: join(__dirname, 'fixtures', 'dap-deep.wat') } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: '$bottom' }] });
  const stopped = dc.waitForEvent('stopped', 120_000);
  await dc.configurationDoneRequest();
  const e = await stopped;
  const thread = e.body.threadId as number;
  const measure = async (label: string, limit: number, request: () => Promise<unknown>): Promise<void> => {
    const t0 = performance.now();
    await request();
    const ms = performance.now() - t0;
    console.log(`engine: ${label}: ${ms.toFixed(1)} ms (target < ${limit} ms) ${ms < limit ? 'ok' : 'OVER'}`);
  };
  let total = 0;
  await measure('stackTrace 20 of a ~10,000-frame chain, first page after the stop (engine chain walk included)', 50, async () => {
    total = (await dc.stackTraceRequest({ threadId: thread, startFrame: 0, levels: 20 })).body.totalFrames ?? 0;
  });
  await measure(`stackTrace 20 of ${total} frames, a deep page`, 50, () => dc.stackTraceRequest({ threadId: thread, startFrame: 5000, levels: 20 }));
  let count = 0;
  await measure('threads with 100,000 suspended continuations', 100, async () => {
    count = (await dc.threadsRequest()).body.threads.length;
  });
  await measure(`threads again (${count} listed)`, 100, () => dc.threadsRequest());
  await dc.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
