// The adapter end to end over the real wire protocol: `node dist/debugAdapter.js`
// driven by @vscode/debugadapter-testsupport's DebugClient, on the WAT
// fixtures in ./fixtures (lines found by their ";; @name" markers).

import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { watToBinary } from '../runtime/text/wat.js';
import { adapterPath, ensureBuilt } from './testBuild.js';

const here = __dirname;
const adapter = adapterPath;
const fixtures = join(here, 'fixtures');
const generator = join(fixtures, 'generator.wat');
const threads = join(fixtures, 'threads.wat');

/** The line of `file` carrying the marker ";; @name". */
function lineOf(file: string, name: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`;; @${name}`));
  assert.ok(i >= 0, `no marker @${name} in ${file}`);
  return i + 1;
}

let dc: DebugClient;
before(() => ensureBuilt());
beforeEach(async () => {
  dc = new DebugClient('node', adapter, 'wasmdbg');
  dc.defaultTimeout = 10_000;
  await dc.start();
  await dc.initializeRequest({ adapterID: 'wasmdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
});
afterEach(async () => {
  await dc.stop();
});
after(() => undefined);

async function expectError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.match(e.message, pattern);
    return true;
  });
}

/** Launch with breakpoints at the given markers; resolves at the first stop. */
async function launchTo(program: string, markers: string[], extra: Record<string, unknown> = {}): Promise<DebugProtocol.StoppedEvent> {
  const initialized = dc.waitForEvent('initialized');
  await dc.launchRequest({ program, ...extra } as DebugProtocol.LaunchRequestArguments);
  await initialized;
  if (markers.length > 0) {
    const set = await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: markers.map((m) => ({ line: lineOf(program, m) })) });
    for (const bp of set.body.breakpoints) assert.ok(bp.verified, `breakpoint not verified: ${JSON.stringify(bp)}`);
  }
  await dc.setExceptionBreakpointsRequest({ filters: ['traps'] });
  const stopped = dc.waitForEvent('stopped');
  await dc.configurationDoneRequest();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

async function next(request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped');
  await request();
  return (await stopped) as DebugProtocol.StoppedEvent;
}

async function localsOf(frameId: number): Promise<Map<string, DebugProtocol.Variable>> {
  const scopes = await dc.scopesRequest({ frameId });
  const locals = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0]!.variablesReference });
  return new Map(locals.body.variables.map((v) => [v.name, v]));
}

describe('debug adapter over DAP (node dist/debugAdapter.js)', { timeout: 60_000 }, () => {
  it('launches and stops on entry', async () => {
    const e = await launchTo(generator, [], { stopOnEntry: true });
    assert.equal(e.body.reason, 'entry');
    const t = await dc.threadsRequest();
    assert.equal(t.body.threads[0]!.name, 'main');
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    assert.ok(st.body.stackFrames.length >= 1);
    assert.match(st.body.stackFrames[0]!.instructionPointerReference!, /^0x[0-9a-f]+$/);
  });

  it('stops in a function only a spawned thread runs, naming that thread', async () => {
    const e = await launchTo(threads, ['work']);
    assert.equal(e.body.reason, 'breakpoint');
    assert.notEqual(e.body.threadId, 1);
    const list = await dc.threadsRequest();
    const thread = list.body.threads.find((t) => t.id === e.body.threadId);
    assert.ok(thread, 'the stopped thread is listed');
    assert.notEqual(thread.name, 'main');
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    const names = st.body.stackFrames.map((f) => f.name);
    assert.equal(names[0], '$work');
    assert.equal(st.body.stackFrames[0]!.line, lineOf(threads, 'work'));
    assert.match(names[names.length - 1]!, /^\$?wasi_thread_start$/);
    const locals = await localsOf(st.body.stackFrames[0]!.id);
    assert.equal(locals.get('$n')?.value, '14');
  });

  it('shows a generator continuation, a label frame and the consumer, with scopes of both segments', async () => {
    const e = await launchTo(generator, ['gen']);
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    const names = st.body.stackFrames.map((f) => f.name);
    assert.equal(names[0], '$squares');
    assert.equal(st.body.stackFrames[0]!.line, lineOf(generator, 'gen'));
    assert.equal(st.body.stackFrames[1]!.presentationHint, 'label');
    assert.match(names[1]!, /resumed by \$consume · handlers: \$yield→/);
    assert.equal(names[2], '$consume');
    assert.equal(st.body.stackFrames[2]!.line, lineOf(generator, 'resume'));
    assert.equal(st.body.totalFrames, st.body.stackFrames.length);
    const top = await localsOf(st.body.stackFrames[0]!.id);
    assert.equal(top.get('$i')?.value, '1');
    const lower = await localsOf(st.body.stackFrames[2]!.id);
    assert.equal(lower.get('$count')?.value, '3');
    assert.ok(lower.has('$k'));
    // Paging.
    const firstTwo = await dc.stackTraceRequest({ threadId: e.body.threadId!, startFrame: 0, levels: 2 });
    assert.equal(firstTwo.body.stackFrames.length, 2);
    assert.equal(firstTwo.body.totalFrames, st.body.totalFrames);
  });

  it('lists a suspended continuation as a thread with the generator frames', async () => {
    const e = await launchTo(generator, ['after']);
    const list = await dc.threadsRequest();
    const cont = list.body.threads.find((t) => /^cont #\d+ · suspended on \$yield$/.test(t.name));
    assert.ok(cont, `a suspended continuation among ${list.body.threads.map((t) => t.name).join(', ')}`);
    const st = await dc.stackTraceRequest({ threadId: cont.id });
    const frames = st.body.stackFrames.filter((f) => f.presentationHint !== 'label');
    assert.equal(frames[0]!.name, '$squares');
    assert.equal(frames[0]!.line, lineOf(generator, 'suspend'));
    const locals = await localsOf(frames[0]!.id);
    assert.equal(locals.get('$sq')?.value, '1');
    const chains = await dc.customRequest('stackChains', {});
    assert.equal(chains.body.paused, true);
    assert.ok(chains.body.continuations.some((c: { state: string; tag?: string }) => c.state === 'suspended' && c.tag === '$yield'));
    assert.ok(chains.body.threads.some((t: { id: number }) => t.id === e.body.threadId));
  });

  it('steps into a resume and out of a suspend', async () => {
    const e = await launchTo(generator, ['resume']);
    const thread = e.body.threadId!;
    const into = await next(() => dc.stepInRequest({ threadId: thread }));
    assert.equal(into.body.reason, 'step');
    let st = await dc.stackTraceRequest({ threadId: thread });
    assert.equal(st.body.stackFrames[0]!.name, '$squares');
    await dc.setBreakpointsRequest({ source: { path: generator }, breakpoints: [{ line: lineOf(generator, 'suspend') }] });
    const atSuspend = await next(() => dc.continueRequest({ threadId: thread }));
    assert.equal(atSuspend.body.reason, 'breakpoint');
    await dc.setBreakpointsRequest({ source: { path: generator }, breakpoints: [] });
    await next(() => dc.nextRequest({ threadId: thread }));
    st = await dc.stackTraceRequest({ threadId: thread });
    assert.equal(st.body.stackFrames[0]!.name, '$consume');
  });

  it('stops on a trap with exceptionInfo', async () => {
    const e = await launchTo(generator, []);
    assert.equal(e.body.reason, 'exception');
    const info = await dc.exceptionInfoRequest({ threadId: e.body.threadId! });
    assert.match(info.body.description ?? '', /divide by zero/);
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    assert.equal(st.body.stackFrames[0]!.line, lineOf(generator, 'trap'));
    const terminated = dc.waitForEvent('terminated');
    await dc.continueRequest({ threadId: e.body.threadId! });
    await terminated;
  });

  it('evaluates, sets a variable, reads memory and disassembles', async () => {
    const e = await launchTo(generator, ['gen']);
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    const frameId = st.body.stackFrames[0]!.id;
    const ev = await dc.evaluateRequest({ expression: '$i', frameId, context: 'hover' });
    assert.equal(ev.body.result, '1');
    const sum = await dc.evaluateRequest({ expression: '$i + 41', frameId, context: 'repl' });
    assert.equal(sum.body.result, '42');
    const scopes = await dc.scopesRequest({ frameId });
    const invalidated = dc.waitForEvent('invalidated');
    const set = await dc.setVariableRequest({ variablesReference: scopes.body.scopes[0]!.variablesReference, name: '$i', value: '5' });
    assert.equal(set.body.value, '5');
    await invalidated;
    const again = await dc.evaluateRequest({ expression: '$i', frameId, context: 'watch' });
    assert.equal(again.body.result, '5');
    const mem = await dc.customRequest('readMemory', { memoryReference: '0x10', count: 4 });
    assert.equal(Buffer.from(mem.body.data, 'base64').toString('latin1'), 'wasm');
    await dc.customRequest('writeMemory', { memoryReference: '0x10', data: Buffer.from('WASM').toString('base64') });
    const mem2 = await dc.customRequest('readMemory', { memoryReference: '0x10', count: 4 });
    assert.equal(Buffer.from(mem2.body.data, 'base64').toString('latin1'), 'WASM');
    const dis = await dc.disassembleRequest({ memoryReference: st.body.stackFrames[0]!.instructionPointerReference!, instructionCount: 4 });
    assert.equal(dis.body!.instructions.length, 4);
    assert.equal(dis.body!.instructions[0]!.address, st.body.stackFrames[0]!.instructionPointerReference);
    assert.ok(dis.body!.instructions[0]!.instruction.length > 0);
    const around = await dc.disassembleRequest({ memoryReference: st.body.stackFrames[0]!.instructionPointerReference!, instructionOffset: -3, instructionCount: 6 });
    assert.equal(around.body!.instructions[3]!.address, st.body.stackFrames[0]!.instructionPointerReference);
    assert.ok(around.body!.instructions.slice(0, 3).every((i) => i.presentationHint !== 'invalid' && i.instruction.length > 0));
  });

  it('debugs a .wasm without source through a generated WAT view, breakpoints included', async () => {
    const wasm = join(mkdtempSync(join(tmpdir(), 'wasmdbg-wire-')), 'generator.wasm');
    writeFileSync(wasm, watToBinary(readFileSync(generator, 'utf8'), generator).bytes);
    const e = await launchTo(wasm, [], { stopOnEntry: true });
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    const source = st.body.stackFrames[0]!.source!;
    assert.ok(source.sourceReference! > 0, `a generated source: ${JSON.stringify(source)}`);
    const text = (await dc.sourceRequest({ source, sourceReference: source.sourceReference! })).body.content;
    const lines = text.split('\n');
    const squares = lines.findIndex((l) => l.includes('$squares'));
    const mul = lines.findIndex((l, i) => i > squares && l.trim().startsWith('i32.mul')) + 1;
    assert.ok(squares >= 0 && mul > 0, text);
    const set = await dc.setBreakpointsRequest({ source, breakpoints: [{ line: mul }] });
    assert.equal(set.body.breakpoints[0]!.verified, true);
    const hit = await next(() => dc.continueRequest({ threadId: e.body.threadId! }));
    assert.equal(hit.body.reason, 'breakpoint');
    const at = await dc.stackTraceRequest({ threadId: hit.body.threadId! });
    assert.equal(at.body.stackFrames[0]!.name, '$squares');
    assert.equal(at.body.stackFrames[0]!.line, mul);
    assert.equal(at.body.stackFrames[0]!.source?.sourceReference, source.sourceReference);
    const loaded = await dc.customRequest('loadedSources');
    assert.ok(loaded.body.sources.some((s: DebugProtocol.Source) => s.sourceReference === source.sourceReference));
  });

  it('answers bad configurations and out-of-order requests with errors', async () => {
    await expectError(dc.stackTraceRequest({ threadId: 1 }), /no program is running/);
    await expectError(dc.launchRequest({ program: join(fixtures, 'nope.wat') } as DebugProtocol.LaunchRequestArguments), /does not exist/);
    await expectError(dc.launchRequest({ program: join(fixtures, 'malformed.wat') } as DebugProtocol.LaunchRequestArguments), /malformed\.wat:\d+:\d+/);
    const e = await launchTo(generator, ['gen']);
    const st = await dc.stackTraceRequest({ threadId: e.body.threadId! });
    const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0]!.id });
    await next(() => dc.continueRequest({ threadId: e.body.threadId! }));
    await expectError(dc.variablesRequest({ variablesReference: scopes.body.scopes[0]!.variablesReference }), /stale/);
  });
});
