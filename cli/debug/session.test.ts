// The driver against a scripted fake target: commands reach the target
// through the debug API only, stops and exits come back as text, user
// breakpoint numbers map to target ids, and errors print as one line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type {
  BreakpointSpec, BreakpointState, ChainSegment, DebugEvents, DebugTarget, DebugValue, EventFilters, NamedValue,
} from '../../runtime/debug/api.js';
import { DebugApiError } from '../../runtime/debug/api.js';
import { i32 } from '../../runtime/objects/values.js';
import { parseCommand } from './commands.js';
import { Session } from './session.js';

const file = resolve('gen.wat');

/** A target whose program stops once at a breakpoint in a generator, then exits. */
function fakeTarget() {
  const listeners = new Map<string, ((...a: never[]) => void)[]>();
  const emit = <E extends keyof DebugEvents>(event: E, ...args: Parameters<DebugEvents[E]>): void => {
    for (const l of listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  };
  const calls: string[] = [];
  let locals: NamedValue[] = [{ name: '$x', index: 0, type: 'i32', value: i32(3), text: '3' }];
  const chain: ChainSegment[] = [
    { stack: 2, continuation: 1, state: 'running', enteredBy: { how: 'resume', handlers: [{ tag: '$yield', target: '$on_yield' }] },
      frames: [{ handle: { epoch: 1, thread: 1, stack: 2, depth: 0 }, name: '$gen', location: { module: 0, func: 1, offset: 0x30 }, source: { file, line: 4, column: 3 } }] },
    { stack: 1, state: 'parent',
      frames: [{ handle: { epoch: 1, thread: 1, stack: 1, depth: 0 }, name: '_start', location: { module: 0, func: 2, offset: 0x50 } }] },
  ];
  let functionSpecs: readonly BreakpointSpec[] = [];
  const later = (f: () => void) => setImmediate(f);
  const target: DebugTarget = {
    on(event, listener) { listeners.set(event, [...(listeners.get(event) ?? []), listener]); },
    start() {
      calls.push('start');
      later(() => {
        emit('output', { category: 'stdout', text: 'hello' });
        emit('stopped', { reason: 'function-breakpoint', thread: 1, continuation: 1, breakpoints: [100 + functionSpecs.length - 1], description: 'breakpoint' });
      });
    },
    continue() { calls.push('continue'); later(() => emit('exited', { exitCode: 0, reason: 'exited' })); },
    step(thread, kind, granularity) { calls.push(`step ${thread} ${kind} ${granularity}`); later(() => emit('stopped', { reason: 'step', thread: 1, description: 'step' })); },
    pause() { calls.push('pause'); },
    terminate() { calls.push('terminate'); later(() => emit('exited', { exitCode: 137, reason: 'terminated' })); },
    setSourceBreakpoints(f, specs) { calls.push(`source ${f} ${specs.length}`); return specs.map((_, i): BreakpointState => ({ id: 10 + i, verified: false })); },
    setFunctionBreakpoints(specs) {
      functionSpecs = specs;
      calls.push(`functions ${specs.map((s) => `${(s.location as { name: string }).name}${s.condition ? ` if ${s.condition}` : ''}`).join(',')}`);
      return specs.map((_, i) => ({ id: 100 + i, verified: true, location: { module: 0, func: 1, offset: 0x30 }, source: { file, line: 4, column: 3 } }));
    },
    setInstructionBreakpoints(specs) { calls.push(`instructions ${specs.length}`); return []; },
    setEventFilters(f: EventFilters) { calls.push(`filters ${JSON.stringify(f)}`); },
    breakpointLines: () => [],
    threads: () => [{ id: 1, name: 'main', state: 'paused' }],
    chain: () => chain,
    continuations: () => [],
    locals: () => locals,
    operands: () => [],
    globals: () => [],
    children: () => [],
    readMemory: (_m, address, length) => Uint8Array.from({ length }, (_, i) => (address + i) & 0xff),
    evaluate(expression): DebugValue {
      if (expression === '$x') return locals[0]!;
      throw new DebugApiError('bad-expression', `cannot evaluate '${expression}'`);
    },
    setLocal(_frame, index, value) {
      locals = [{ ...locals[index]!, value: i32(Number(value)), text: value }];
      return locals[0]!;
    },
    setGlobal() { throw new DebugApiError('bad-request', 'no globals'); },
    writeMemory() { calls.push('write'); },
    disassemble: () => [],
    generatedSource() { throw new Error('unused'); },
    sources: () => [file],
  };
  return { target, calls };
}

async function transcript(commands: string[]): Promise<{ text: string; calls: string[] }> {
  const { target, calls } = fakeTarget();
  const lines: string[] = [];
  const session = new Session(target, { line: (l) => lines.push(l), program: (c, t) => lines.push(`<${c}> ${t}`) });
  for (const c of commands) {
    lines.push(`(wasmdbg) ${c}`);
    if (!(await session.execute(parseCommand(c)))) break;
  }
  await session.terminate();
  return { text: lines.join('\n'), calls };
}

test('break, run, bt, locals, set, continue to the end', async () => {
  const { text, calls } = await transcript(['break $gen if $x == 3', 'run', 'bt', 'info locals', 'set $x = 7', 'print $x', 'continue']);
  assert.equal(text, [
    '(wasmdbg) break $gen if $x == 3',
    'Breakpoint 1 at gen.wat:4 (func 1 @ 0x30)',
    '(wasmdbg) run',
    '<stdout> hello',
    'Thread 1 "main" in cont #1 hit breakpoint 1, $gen at gen.wat:4 (func 1 @ 0x30)',
    '(wasmdbg) bt',
    '→#0  $gen at gen.wat:4 (func 1 @ 0x30)',
    '──── cont #1 resumed by _start · handlers: $yield→$on_yield ────',
    ' #1  _start (func 2 @ 0x50)',
    '(wasmdbg) info locals',
    '$x  i32  3',
    '(wasmdbg) set $x = 7',
    '$x = 7 (i32)',
    '(wasmdbg) print $x',
    '$x = 7 (i32)',
    '(wasmdbg) continue',
    '[Program exited with code 0]',
  ].join('\n'));
  assert.deepEqual(calls, ['functions $gen if $x == 3', 'start', 'continue']);
});

test('errors print one line and the session goes on; commands need a paused program', async () => {
  const { text } = await transcript(['bt', 'continue', 'delete 4', 'run', 'print $nope', 'frame 9', 'x/4bx 0x10']);
  assert.equal(text, [
    '(wasmdbg) bt',
    "The program is not being run. Use 'run'.",
    '(wasmdbg) continue',
    "The program is not being run. Use 'run'.",
    '(wasmdbg) delete 4',
    'No breakpoint number 4.',
    '(wasmdbg) run',
    '<stdout> hello',
    // No user breakpoint: the target's id maps to none of ours.
    'Thread 1 "main" in cont #1 hit a breakpoint, $gen at gen.wat:4 (func 1 @ 0x30)',
    '(wasmdbg) print $nope',
    "cannot evaluate '$nope'",
    '(wasmdbg) frame 9',
    'No frame 9 (frames 0-1).',
    '(wasmdbg) x/4bx 0x10',
    '0x00000010:  0x10  0x11  0x12  0x13',
    '[Program terminated]',
  ].join('\n'));
});

test('source breakpoints go per file as absolute paths; catch sets filters; running out of commands terminates', async () => {
  const { text, calls } = await transcript(['break gen.wat:4', 'catch suspend $yield', 'catch thread', 'run', 'step', 'tbreak $gen']);
  assert.match(text, /Breakpoint 1 at gen.wat:4 \(pending\)/);
  assert.match(text, /Catchpoint: suspend \$yield/);
  assert.deepEqual(calls, [
    `source ${file} 1`,
    'filters {"suspend":["$yield"]}',
    'filters {"suspend":["$yield"],"threadStart":true,"threadExit":true}',
    'start', 'step 1 in line', 'functions $gen', 'terminate',
  ]);
});
