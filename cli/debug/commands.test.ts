// The command language: every spelling a transcript or a user may type.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandError, parseCommand, parseLocation } from './commands.js';

test('locations: file:line, functions, indexes, instruction offsets', () => {
  assert.deepEqual(parseLocation('examples/demo/demo.wat:70'), { kind: 'source', file: 'examples/demo/demo.wat', line: 70 });
  assert.deepEqual(parseLocation('C:\\x\\a.wat:3'), { kind: 'source', file: 'C:\\x\\a.wat', line: 3 });
  assert.deepEqual(parseLocation('$worker'), { kind: 'function', name: '$worker' });
  assert.deepEqual(parseLocation('_start'), { kind: 'function', name: '_start' });
  assert.deepEqual(parseLocation('7'), { kind: 'function', name: '7' });
  assert.deepEqual(parseLocation('*0x4a'), { kind: 'instruction', offset: 0x4a });
  assert.deepEqual(parseLocation('*74'), { kind: 'instruction', offset: 74 });
  assert.throws(() => parseLocation('*0x4a in $square'), CommandError);
  assert.throws(() => parseLocation('a.wat:0'), CommandError);
});

test('break with a condition; tbreak; condition; delete', () => {
  assert.deepEqual(parseCommand('b $sum_values if $thread == 2'), {
    name: 'break', location: { kind: 'function', name: '$sum_values' }, condition: '$thread == 2',
  });
  assert.deepEqual(parseCommand('break demo.wat:12'), { name: 'break', location: { kind: 'source', file: 'demo.wat', line: 12 } });
  assert.equal(parseCommand('tbreak $f').name, 'tbreak');
  assert.deepEqual(parseCommand('condition 2 $i > 3'), { name: 'condition', id: 2, condition: '$i > 3' });
  assert.deepEqual(parseCommand('condition 2'), { name: 'condition', id: 2 });
  assert.deepEqual(parseCommand('delete 1 3'), { name: 'delete', ids: [1, 3] });
  assert.deepEqual(parseCommand('d'), { name: 'delete', ids: [] });
  assert.throws(() => parseCommand('break'), CommandError);
  assert.throws(() => parseCommand('delete x'), CommandError);
});

test('execution control and its abbreviations', () => {
  assert.deepEqual(parseCommand('c'), { name: 'continue' });
  assert.deepEqual(parseCommand('run'), { name: 'run' });
  assert.deepEqual(parseCommand('s'), { name: 'step', kind: 'in', granularity: 'line', count: 1 });
  assert.deepEqual(parseCommand('next 3'), { name: 'step', kind: 'over', granularity: 'line', count: 3 });
  assert.deepEqual(parseCommand('si'), { name: 'step', kind: 'in', granularity: 'instruction', count: 1 });
  assert.deepEqual(parseCommand('finish'), { name: 'step', kind: 'out', granularity: 'line', count: 1 });
  assert.deepEqual(parseCommand('q'), { name: 'quit' });
  assert.throws(() => parseCommand('continue now'), CommandError);
});

test('inspection commands', () => {
  assert.deepEqual(parseCommand('info breakpoints'), { name: 'info', what: 'breakpoints' });
  assert.deepEqual(parseCommand('i b'), { name: 'info', what: 'breakpoints' });
  assert.deepEqual(parseCommand('info locals'), { name: 'info', what: 'locals' });
  assert.deepEqual(parseCommand('info operands'), { name: 'info', what: 'operands' });
  assert.deepEqual(parseCommand('info globals'), { name: 'info', what: 'globals' });
  assert.deepEqual(parseCommand('thread 2'), { name: 'thread', id: 2 });
  assert.deepEqual(parseCommand('thread'), { name: 'thread' });
  assert.deepEqual(parseCommand('bt'), { name: 'bt' });
  assert.deepEqual(parseCommand('where'), { name: 'bt' });
  assert.deepEqual(parseCommand('frame 3'), { name: 'frame', index: 3 });
  assert.deepEqual(parseCommand('up'), { name: 'up', count: 1 });
  assert.deepEqual(parseCommand('p $sum + 1'), { name: 'print', expression: '$sum + 1' });
  assert.deepEqual(parseCommand('conts'), { name: 'conts' });
  assert.throws(() => parseCommand('info nothing'), CommandError);
  assert.throws(() => parseCommand('print'), CommandError);
});

test('x/FMT: count, unit, radix, with defaults', () => {
  assert.deepEqual(parseCommand('x/8wx 0x200'), { name: 'x', count: 8, unit: 'w', radix: 'x', address: '0x200' });
  assert.deepEqual(parseCommand('x/4bd $p + 4'), { name: 'x', count: 4, unit: 'b', radix: 'd', address: '$p + 4' });
  assert.deepEqual(parseCommand('x 0x10'), { name: 'x', count: 1, unit: 'w', radix: 'x', address: '0x10' });
  assert.deepEqual(parseCommand('x/2g 0'), { name: 'x', count: 2, unit: 'g', radix: 'x', address: '0' });
  assert.throws(() => parseCommand('x/4w'), CommandError);
});

test('set: locals, set var, memory; == is no assignment', () => {
  assert.deepEqual(parseCommand('set $sum = 7'), { name: 'set', target: '$sum', value: '7' });
  assert.deepEqual(parseCommand('set var $g = -1'), { name: 'set', target: '$g', value: '-1' });
  assert.deepEqual(parseCommand('set var i32[0x100] = 3'), { name: 'set', target: 'i32[0x100]', value: '3' });
  assert.throws(() => parseCommand('set $x == 3'), CommandError);
  assert.throws(() => parseCommand('set $x ='), CommandError);
});

test('catch: event filters, suspend with tags', () => {
  assert.deepEqual(parseCommand('catch trap'), { name: 'catch', kind: 'trap', tags: [] });
  assert.deepEqual(parseCommand('catch suspend $yield $other'), { name: 'catch', kind: 'suspend', tags: ['$yield', '$other'] });
  assert.deepEqual(parseCommand('catch cont.new'), { name: 'catch', kind: 'cont.new', tags: [] });
  assert.deepEqual(parseCommand('catch thread'), { name: 'catch', kind: 'thread', tags: [] });
  assert.throws(() => parseCommand('catch resume $yield'), CommandError);
  assert.throws(() => parseCommand('catch fire'), CommandError);
});

test('comments and blank lines do nothing; unknown words are errors', () => {
  assert.deepEqual(parseCommand('   '), { name: 'nothing' });
  assert.deepEqual(parseCommand('# stop in the worker'), { name: 'nothing' });
  assert.throws(() => parseCommand('frobnicate'), /unknown command 'frobnicate'/);
});

test('dprintf: gdb form with a comma and quotes, or bare; the message is required', () => {
  assert.deepEqual(parseCommand('dprintf $square,"square of {$x}"'), {
    name: 'dprintf', location: { kind: 'function', name: '$square' }, message: 'square of {$x}',
  });
  assert.deepEqual(parseCommand('dprintf demo.wat:33 x is {$x}'), {
    name: 'dprintf', location: { kind: 'source', file: 'demo.wat', line: 33 }, message: 'x is {$x}',
  });
  assert.throws(() => parseCommand('dprintf $square'), CommandError);
  assert.throws(() => parseCommand('dprintf'), CommandError);
});
