// The session's DAP mapping over a real socket, against the scripted
// FakeTarget (no engine): lifecycle, errors for bad or ill-timed requests,
// chains with label frames, continuation threads, per-pause handles.

import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { type FakeTarget, fakeLauncher } from './fakeTarget.js';
import { WasmDebugSession } from './session.js';

const dir = mkdtempSync(join(tmpdir(), 'wasmdbg-da-'));
const program = join(dir, 'generator.wat');
writeFileSync(program, '(module)\n');
writeFileSync(join(dir, 'broken.wat'), '(module\n');

let server: Server;
let port = 0;
const made: FakeTarget[] = [];

before(async () => {
  server = createServer((socket) => {
    const session = new WasmDebugSession(fakeLauncher(made));
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => server.close());

let dc: DebugClient;
beforeEach(async () => {
  dc = new DebugClient('node', 'unused', 'wasmdbg');
  await dc.start(port);
  await dc.initializeRequest({ adapterID: 'wasmdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
});
afterEach(async () => {
  await dc.stop();
});

async function expectError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.match(e.message, pattern);
    return true;
  });
}

/** launch + configurationDone with stopOnEntry; resolves at the entry stop. */
async function launchStopped(extra: Record<string, unknown> = {}): Promise<FakeTarget> {
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ program, stopOnEntry: true, ...extra } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  const stopped = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  const e = await stopped;
  assert.equal(e.body.reason, 'entry');
  return made[made.length - 1]!;
}

describe('debug adapter session (fake target)', { timeout: 10_000 }, () => {
  it('answers requests before launch with errors, not crashes', async () => {
    await expectError(dc.stackTraceRequest({ threadId: 1 }), /no program is running/);
    await expectError(dc.variablesRequest({ variablesReference: 5 }), /no program is running/);
    await expectError(dc.customRequest('noSuchThing'), /unrecognised request/);
    await expectError(dc.continueRequest({ threadId: 1 }), /no program is running/);
    const threads = await dc.threadsRequest();
    assert.deepEqual(threads.body.threads, []);
  });

  it('rejects bad launch configurations with the attribute named', async () => {
    await expectError(dc.launchRequest({} as DebugProtocol.LaunchRequestArguments), /'program' is required/);
    await expectError(dc.launchRequest({ program: join(dir, 'missing.wat') } as DebugProtocol.LaunchRequestArguments), /does not exist/);
    await expectError(dc.launchRequest({ program: 42 } as unknown as DebugProtocol.LaunchRequestArguments), /'program' must be a path string/);
    await expectError(dc.launchRequest({ program, args: 'x' } as unknown as DebugProtocol.LaunchRequestArguments), /'args' must be an array/);
    await expectError(dc.launchRequest({ program, env: { A: 1 } } as unknown as DebugProtocol.LaunchRequestArguments), /'env.A' must be a string/);
    await expectError(dc.launchRequest({ program, dirs: ['/no/such/dir::/x'] } as unknown as DebugProtocol.LaunchRequestArguments), /dirs\[0\]' host directory does not exist/);
    await expectError(dc.launchRequest({ program, continuationsAsThreads: 'some' } as unknown as DebugProtocol.LaunchRequestArguments), /'continuationsAsThreads' must be/);
    await expectError(dc.launchRequest({ program, seed: -1 } as unknown as DebugProtocol.LaunchRequestArguments), /'seed' must be an integer/);
    await expectError(dc.launchRequest({ program: join(dir, 'broken.wat') } as DebugProtocol.LaunchRequestArguments), /broken\.wat:3:5: malformed module/);
    // After all those, a good launch still works in the same session.
    await launchStopped();
  });

  it('shows a thread chain: continuation frames, a label, the main stack; paging with totalFrames', async () => {
    const target = await launchStopped();
    target.mainDepth = 30;
    // The fake builds frames at call time; a new pause makes the store forget the old chain.
    const stopped = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: 1 });
    await stopped;
    const all = await dc.stackTraceRequest({ threadId: 1 });
    assert.equal(all.body.totalFrames, 32);
    const names = all.body.stackFrames.map((f) => f.name);
    assert.equal(names[0], '$fibs');
    assert.equal(names[1], '── cont #7 resumed by $_start · handlers: $yield→$on_yield ──');
    assert.equal(all.body.stackFrames[1]!.presentationHint, 'label');
    assert.equal(names[2], '$_start');
    assert.equal(all.body.stackFrames[0]!.instructionPointerReference, '0x00000040');
    assert.equal(all.body.stackFrames[0]!.source?.path, '/fake/generator.wat');
    const pageTwo = await dc.stackTraceRequest({ threadId: 1, startFrame: 20, levels: 5 });
    assert.deepEqual(pageTwo.body.stackFrames.map((f) => f.name), ['$caller18', '$caller19', '$caller20', '$caller21', '$caller22']);
    assert.equal(pageTwo.body.totalFrames, 32);
    // Scopes of both segments.
    const top = await dc.scopesRequest({ frameId: all.body.stackFrames[0]!.id });
    assert.deepEqual(top.body.scopes.map((s) => s.name), ['Locals', 'Operand stack', 'Globals', 'Memory']);
    const topLocals = await dc.variablesRequest({ variablesReference: top.body.scopes[0]!.variablesReference });
    assert.deepEqual(topLocals.body.variables.map((v) => v.name), ['$a', '$b', '$t']);
    const lower = await dc.scopesRequest({ frameId: all.body.stackFrames[2]!.id });
    const lowerLocals = await dc.variablesRequest({ variablesReference: lower.body.scopes[0]!.variablesReference });
    assert.deepEqual(lowerLocals.body.variables.map((v) => v.name), ['$k', '$n', '$sum']);
    assert.equal(lowerLocals.body.variables[2]!.memoryReference, '0x2a');
    const label = await dc.scopesRequest({ frameId: all.body.stackFrames[1]!.id });
    assert.deepEqual(label.body.scopes, []);
  });

  it('lists suspended continuations as threads, capped with a console note', async () => {
    const target = await launchStopped({ maxContinuationThreads: 3 });
    target.extraContinuations = 10;
    const note = dc.assertOutput('console', 'wasmdbg: listing 3 of 11 continuations');
    const threads = await dc.threadsRequest();
    assert.deepEqual(threads.body.threads.map((t) => t.name), [
      'main', 'thread 2 · wasi_thread_start · waiting on memory.atomic.wait32 at 0x104',
      'cont #8 · suspended on $yield', 'cont #100 · suspended on $yield', 'cont #101 · suspended on $yield',
    ]);
    await note;
    const cont = threads.body.threads[2]!;
    const stack = await dc.stackTraceRequest({ threadId: cont.id });
    assert.deepEqual(stack.body.stackFrames.map((f) => f.name), ['── cont #8 suspended on $yield ──', '$fibs']);
    const scopes = await dc.scopesRequest({ frameId: stack.body.stackFrames[1]!.id });
    assert.equal(scopes.body.scopes.length, 4);
    await expectError(dc.nextRequest({ threadId: cont.id }), /cont #8 is suspended/);
  });

  it('hides continuations when continuationsAsThreads is off', async () => {
    await launchStopped({ continuationsAsThreads: 'off' });
    const threads = await dc.threadsRequest();
    assert.deepEqual(threads.body.threads.map((t) => t.id), [1, 2]);
  });

  it('drops handles on resume: a stale frame or reference is an error', async () => {
    await launchStopped();
    const st = await dc.stackTraceRequest({ threadId: 1 });
    const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0]!.id });
    const ref = scopes.body.scopes[0]!.variablesReference;
    const stopped = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: 1, granularity: 'instruction' });
    assert.equal((await stopped).body.reason, 'step');
    await expectError(dc.variablesRequest({ variablesReference: ref }), /stale/);
    await expectError(dc.scopesRequest({ frameId: st.body.stackFrames[0]!.id }), /stale/);
    assert.deepEqual(made[made.length - 1]!.calls.slice(-1), ['step 1 over instruction']);
  });

  it('evaluates, sets variables (with invalidated), formats hex, reads and writes memory, disassembles', async () => {
    const target = await launchStopped();
    const st = await dc.stackTraceRequest({ threadId: 1 });
    const frameId = st.body.stackFrames[0]!.id;
    const ev = await dc.evaluateRequest({ expression: '$t', frameId, context: 'hover' });
    assert.equal(ev.body.result, '42');
    const hover = await dc.evaluateRequest({ expression: 't', frameId, context: 'hover' });
    assert.equal(hover.body.result, '42');
    await expectError(dc.evaluateRequest({ expression: 'nonsense(', frameId, context: 'repl' }), /cannot evaluate/);
    const scopes = await dc.scopesRequest({ frameId });
    const locals = scopes.body.scopes[0]!.variablesReference;
    const invalidated = dc.waitForEvent('invalidated');
    const set = await dc.setVariableRequest({ variablesReference: locals, name: '$t', value: '255' });
    assert.equal(set.body.value, '255');
    await invalidated;
    const hex = await dc.variablesRequest({ variablesReference: locals, format: { hex: true } });
    assert.equal(hex.body.variables[2]!.value, '0xff');
    await expectError(dc.setVariableRequest({ variablesReference: locals, name: '$t', value: 'x' }), /not an i32/);
    const globals = await dc.variablesRequest({ variablesReference: scopes.body.scopes[2]!.variablesReference });
    assert.equal(globals.body.variables[1]!.value, 'cont #8');
    const children = await dc.variablesRequest({ variablesReference: globals.body.variables[1]!.variablesReference });
    assert.equal(children.body.variables[0]!.name, 'id');
    await dc.setVariableRequest({ variablesReference: scopes.body.scopes[2]!.variablesReference, name: '$counter', value: '7' });
    assert.equal(target.globalValue, 7);
    const memScope = await dc.variablesRequest({ variablesReference: scopes.body.scopes[3]!.variablesReference });
    assert.equal(memScope.body.variables[0]!.memoryReference, '0x0');

    await dc.customRequest('writeMemory', { memoryReference: '0x100', offset: 4, data: Buffer.from([1, 2, 3]).toString('base64') });
    const mem = await dc.customRequest('readMemory', { memoryReference: '0x100', offset: 3, count: 5 });
    assert.deepEqual([...Buffer.from(mem.body.data, 'base64')], [0, 1, 2, 3, 0]);
    const edge = await dc.customRequest('readMemory', { memoryReference: '0xfffc', count: 8 });
    assert.equal(Buffer.from(edge.body.data, 'base64').length, 4);
    assert.equal(edge.body.unreadableBytes, 4);

    const dis = await dc.disassembleRequest({ memoryReference: st.body.stackFrames[0]!.instructionPointerReference!, instructionOffset: -2, instructionCount: 5 });
    assert.equal(dis.body!.instructions.length, 5);
    assert.equal(dis.body!.instructions[0]!.presentationHint, 'invalid');
    assert.equal(dis.body!.instructions[2]!.instruction, 'local.get 0');
    assert.equal(dis.body!.instructions[2]!.address, '0x00000040');
    assert.equal(dis.body!.instructions[2]!.symbol, '$fibs');
    const inner = await dc.disassembleRequest({ memoryReference: '0x00000044', instructionOffset: -2, instructionCount: 3 });
    assert.deepEqual(inner.body!.instructions.map((i) => i.instruction), ['local.get 0', 'local.get 1', 'local.get 2']);
    const tail = await dc.disassembleRequest({ memoryReference: '0x00000050', instructionOffset: 1, instructionCount: 3 });
    assert.deepEqual(tail.body!.instructions.map((i) => [i.instruction, i.presentationHint]), [['local.get 9', undefined], ['', 'invalid'], ['', 'invalid']]);
  });

  it('maps breakpoints: moved lines, unverified ones, functions, instructions, locations, filters', async () => {
    const initialized = dc.waitForEvent('initialized');
    await dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    const bps = await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 3 }, { line: 200 }, { line: 10, condition: '$n == 3', hitCondition: '2', logMessage: 'n={$n}' }] });
    assert.deepEqual(bps.body.breakpoints.map((b) => [b.verified, b.line]), [[true, 4], [false, undefined], [true, 10]]);
    assert.match(bps.body.breakpoints[1]!.message!, /no code/);
    const fns = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: '$fibs' }, { name: '$nope' }] });
    assert.deepEqual(fns.body.breakpoints.map((b) => b.verified), [true, false]);
    const ins = await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0x00000040', offset: 2 }] });
    assert.equal(ins.body.breakpoints[0].verified, true);
    const locs = await dc.customRequest('breakpointLocations', { source: { path: program }, line: 2, endLine: 4 });
    assert.deepEqual(locs.body.breakpoints, [{ line: 2 }, { line: 4 }]);
    await dc.setExceptionBreakpointsRequest({ filters: ['traps'], filterOptions: [{ filterId: 'suspend', condition: '$yield, $await' }] });
    assert.deepEqual(made[made.length - 1]!.filters.suspend, ['$yield', '$await']);
    await expectError(dc.setExceptionBreakpointsRequest({ filters: ['bogus'] }), /unknown exception filter/);
  });

  it('stops on a trap with exceptionInfo; stackChains; continue to the end', async () => {
    await launchStopped();
    const stopped = dc.waitForEvent('stopped');
    await dc.stepInRequest({ threadId: 1 });
    const e = await stopped;
    assert.equal(e.body.reason, 'exception');
    const info = await dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, 'integer-divide-by-zero');
    assert.equal(info.body.description, 'integer divide by zero');
    const chains = await dc.customRequest('stackChains', {});
    assert.equal(chains.body.paused, true);
    assert.equal(chains.body.threads[0].segments[0].continuation, 7);
    assert.deepEqual(chains.body.threads[0].segments[0].enteredBy.handlers, [{ tag: '$yield', target: '$on_yield' }]);
    assert.equal(chains.body.continuations[1].tag, '$yield');
    assert.deepEqual(chains.body.continuations[0].handlers, [{ tag: '$yield', target: '$on_yield' }]);
    const output = dc.assertOutput('stdout', 'done');
    const terminated = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: 1 });
    await output;
    await terminated;
    await expectError(dc.stackTraceRequest({ threadId: 1 }), /ended/);
    await expectError(dc.continueRequest({ threadId: 1 }), /ended/);
  });

  it('rejects requests at the wrong time while running or before configurationDone', async () => {
    const initialized = dc.waitForEvent('initialized');
    await dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    await initialized;
    await expectError(dc.continueRequest({ threadId: 1 }), /not started/);
    await expectError(dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments), /already launched/);
    await expectError(dc.exceptionInfoRequest({ threadId: 1 }), /did not stop/);
  });

  it('restarts with the same breakpoints and terminates', async () => {
    await launchStopped();
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 5 }] });
    const restarted = dc.waitForEvent('stopped');
    await dc.customRequest('restart', {});
    assert.equal((await restarted).body.reason, 'entry');
    assert.equal(made[made.length - 1]!.started, true);
    const terminated = dc.waitForEvent('terminated');
    await dc.terminateRequest();
    await terminated;
  });
});
