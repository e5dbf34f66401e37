// The formatter on hand-made API data: what a generator's chain, threads,
// continuations, values, breakpoints, stops and memory look like as text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainSegment, ContinuationInfo, FrameInfo, NamedValue } from '../../runtime/debug/api.js';
import { i32 } from '../../runtime/objects/values.js';
import {
  formatBacktrace, formatBreakpointTable, formatContinuations, formatMemory, formatNamedValues,
  formatOperands, formatSegmentSeparator, formatStop, formatThreads, table, type View,
} from './format.js';

const file = '/repo/examples/demo/demo.wat';
const view: View = {
  path: (f) => f.replace('/repo/', ''),
  sourceLine: (_f, line) => (line === 38 ? '      (suspend $yield (local.get $value))' : undefined),
  funcName: (_m, func) => ({ 3: '$produce', 2: '$squares' } as Record<number, string>)[func],
};

function frame(stack: number, depth: number, name: string, func: number, offset: number, line?: number): FrameInfo {
  const f = { handle: { epoch: 1, thread: 1, stack, depth }, name, location: { module: 0, func, offset } };
  return line === undefined ? f : { ...f, source: { file, line, column: 7 } };
}

const generatorChain: ChainSegment[] = [
  {
    stack: 5, continuation: 1, state: 'running',
    enteredBy: { how: 'resume', handlers: [{ tag: '$yield', target: '$on_yield' }] },
    frames: [frame(5, 0, '$square', 1, 0x40, 31), frame(5, 1, '$squares', 2, 0x52, 36)],
  },
  { stack: 1, state: 'parent', frames: [frame(1, 0, '$produce', 3, 0x70, 46), frame(1, 1, '_start', 9, 0x120)] },
];

test('bt: frames numbered through the chain, a separator saying how the continuation was entered', () => {
  assert.deepEqual(formatBacktrace(generatorChain, view, 1), [
    ' #0  $square at examples/demo/demo.wat:31 (func 1 @ 0x40)',
    '→#1  $squares at examples/demo/demo.wat:36 (func 2 @ 0x52)',
    '──── cont #1 resumed by $produce · handlers: $yield→$on_yield ────',
    ' #2  $produce at examples/demo/demo.wat:46 (func 3 @ 0x70)',
    ' #3  _start (func 9 @ 0x120)',
  ]);
  assert.deepEqual(formatBacktrace([]), ['No stack.']);
});

test('separators for switch and resume_throw, and several handlers', () => {
  const below: ChainSegment = { stack: 1, state: 'parent', frames: [frame(1, 0, '$sched', 4, 0x10)] };
  const switched: ChainSegment = { stack: 7, continuation: 4, state: 'running', enteredBy: { how: 'switch', handlers: [{ tag: '$swap', target: 'switch' }] }, frames: [] };
  assert.equal(formatSegmentSeparator(switched, below), '──── cont #4 switched to by $sched · handlers: $swap→switch ────');
  const thrown: ChainSegment = {
    stack: 8, continuation: 2, state: 'running',
    enteredBy: { how: 'resume_throw', handlers: [{ tag: '$a', target: 'label 0' }, { tag: 'tag[1]', target: '$h' }] }, frames: [],
  };
  assert.equal(formatSegmentSeparator(thrown, below), '──── cont #2 resumed (throw) by $sched · handlers: $a→label 0, tag[1]→$h ────');
});

test('threads: the selected one starred, what a waiting thread waits on', () => {
  assert.deepEqual(formatThreads([
    { id: 1, name: 'main', state: 'paused' },
    { id: 2, name: 'thread 2 · wasi_thread_start', state: 'waiting', waitingOn: 'memory.atomic.wait32 at 0x100' },
  ], 2), [
    '   Id  State    Name',
    '   1   paused   main',
    '*  2   waiting  thread 2 · wasi_thread_start — waiting on memory.atomic.wait32 at 0x100',
  ]);
});

test('conts: state, creation and last suspend sites, frames', () => {
  const cont: ContinuationInfo = {
    id: 1, state: 'suspended',
    created: { location: { module: 0, func: 3, offset: 0x66 }, source: { file, line: 44, column: 5 }, frames: [] },
    lastSuspend: { how: 'suspend', tag: '$yield', location: { module: 0, func: 2, offset: 0x58 }, source: { file, line: 38, column: 7 } },
    frames: [frame(5, 0, '$squares', 2, 0x58, 38)],
  };
  assert.deepEqual(formatContinuations([cont], view), [
    'cont #1  suspended',
    '    created at       $produce at examples/demo/demo.wat:44 (func 3 @ 0x66)',
    '    last suspend at  $squares at examples/demo/demo.wat:38 (func 2 @ 0x58)  [suspend $yield]',
    '    #0  $squares at examples/demo/demo.wat:38 (func 2 @ 0x58)',
  ]);
  assert.deepEqual(formatContinuations([]), ['No live continuations.']);
});

test('values: locals as a table, operands top first', () => {
  const locals: NamedValue[] = [
    { name: '$i', index: 0, type: 'i32', value: i32(3), text: '3' },
    { name: '$value', index: 1, type: 'i32', value: i32(9), text: '9' },
  ];
  assert.deepEqual(formatNamedValues(locals, 'No locals.'), ['$i      i32  3', '$value  i32  9']);
  assert.deepEqual(formatNamedValues([], 'No locals.'), ['No locals.']);
  assert.deepEqual(formatOperands([{ type: 'i32', value: i32(1), text: '1' }, { type: 'i32', value: i32(2), text: '2' }]), ['[0]  i32  2', '[1]  i32  1']);
});

test('breakpoints: where they stand, pending ones, conditions and hits', () => {
  assert.deepEqual(formatBreakpointTable([
    { number: 1, what: '$sum_values', hits: 2, condition: '$thread == 2', state: { id: 7, verified: true, location: { module: 0, func: 2, offset: 0x58 }, source: { file, line: 38, column: 7 } } },
    { number: 2, what: 'other.wat:3', hits: 0, temporary: true, state: { id: 8, verified: false } },
  ], view), [
    'Num  Disp  Where',
    '1    keep  $squares at examples/demo/demo.wat:38 (func 2 @ 0x58)',
    '        stop only if $thread == 2',
    '        breakpoint already hit 2 times',
    '2    del   other.wat:3 (pending)',
  ]);
});

test('a stop: thread, continuation, breakpoint number, place and source line', () => {
  const top = frame(5, 0, '$squares', 2, 0x58, 38);
  assert.deepEqual(formatStop({ reason: 'breakpoint', thread: 1, continuation: 1, breakpoints: [7], description: 'breakpoint' }, { id: 1, name: 'main', state: 'paused' }, top, [1], view), [
    'Thread 1 "main" in cont #1 hit breakpoint 1, $squares at examples/demo/demo.wat:38 (func 2 @ 0x58)',
    '38\t(suspend $yield (local.get $value))',
  ]);
  assert.deepEqual(formatStop({ reason: 'trap', thread: 2, description: 'trap: integer divide by zero' }, undefined, undefined, [], view), [
    'Thread 2 stopped: trap: integer divide by zero',
  ]);
});

test('memory: units little-endian, hex and decimal', () => {
  const bytes = new Uint8Array([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 9, 0, 0, 0]);
  assert.deepEqual(formatMemory(0x200, bytes, 'w', 'x'), ['0x00000200:  0x00000001  0xffffffff  0x00000009']);
  assert.deepEqual(formatMemory(0x200, bytes, 'w', 'd'), ['0x00000200:   1  -1   9']);
  assert.deepEqual(formatMemory(0x10, bytes.subarray(0, 2), 'b', 'u'), ['0x00000010:  1  0']);
  assert.equal(formatMemory(0, new Uint8Array(32), 'b', 'x').length, 2);
});

test('table pads columns and trims line ends', () => {
  assert.deepEqual(table([['a', 'bb', ''], ['ccc', 'd', 'e']]), ['a    bb', 'ccc  d   e']);
});
