import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from './args.js';

test('flags, repeated flags, booleans and the rest after --', () => {
  const a = parseArgs(['p.wasm', '--dir', 'a', '--dir=b', '--verbose', '--', '--not-a-flag', 'x'], ['--dir'], ['--verbose']);
  assert.deepEqual(a.positional, ['p.wasm']);
  assert.deepEqual(a.flags.get('--dir'), ['a', 'b']);
  assert.ok(a.booleans.has('--verbose'));
  assert.deepEqual(a.rest, ['--not-a-flag', 'x']);
});

test('unknown options and missing values are usage errors', () => {
  assert.throws(() => parseArgs(['--nope'], [], []), UsageError);
  assert.throws(() => parseArgs(['--dir'], ['--dir'], []), UsageError);
  assert.throws(() => parseArgs(['--verbose=1'], [], ['--verbose']), UsageError);
});
