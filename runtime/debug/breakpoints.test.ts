import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainNames, session } from './testutil.js';

test('a conditional breakpoint on a thread id stops only that thread', async () => {
  const s = await session('threads.wat');
  s.target.setFunctionBreakpoints([
    { location: { kind: 'function', name: 'wasi_thread_start' }, condition: '$thread == 2 && $arg == 21' },
    { location: { kind: 'function', name: '_start' }, condition: '$thread == 2' },
  ]);
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.thread, 2);
  assert.equal(s.target.evaluate('$tid').text, '2');
  s.target.continue();
  assert.equal((await s.exit()).exitCode, 0);
});

test('a breakpoint in a not-yet-compiled function is placed when it compiles, and stops there', async () => {
  const s = await session('threads.wat');
  const [bp] = s.target.setSourceBreakpoints(s.file, [{ location: { kind: 'source', file: s.file, line: 12 } }]);
  assert.equal(bp!.verified, true);
  assert.equal(bp!.source?.line, 12);
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'breakpoint');
  assert.equal(stop.thread, 1);
  assert.deepEqual(chainNames(s.target, 1), [['$later', '_start']]);
  // The worker stored 42 (21 * 2) before main got here.
  assert.equal(s.target.evaluate('i32[0x100]').text, '42');
  s.target.continue();
  await s.exit();
});

test('a line with no code moves to the next line with code; a line past the code is unverified', async () => {
  const s = await session('calc.wat');
  const states = s.target.setSourceBreakpoints(s.file, [
    { location: { kind: 'source', file: s.file, line: 11 } },
    { location: { kind: 'source', file: s.file, line: 500 } },
  ]);
  assert.equal(states[0]!.verified, true);
  assert.ok(states[0]!.source!.line > 11);
  assert.equal(states[1]!.verified, false);
  assert.ok(states[1]!.message);
  s.target.terminate();
});

test('hit counts and log points', async () => {
  const s = await session('calc.wat', { invoke: 'sum', args: ['5'] });
  s.target.setFunctionBreakpoints([
    { location: { kind: 'function', name: '$square' }, logMessage: 'square of {$n}' },
    { location: { kind: 'function', name: '$square' }, hitCondition: '4' },
  ]);
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'function-breakpoint');
  assert.equal(s.target.evaluate('$n').text, '3'); // the 4th call
  assert.deepEqual(s.output.filter((l) => l.startsWith('square')), ['square of 0\n', 'square of 1\n', 'square of 2\n', 'square of 3\n']);
  s.target.continue();
  await s.exit();
});

test('setting a local changes the result', async () => {
  const s = await session('calc.wat', { invoke: 'sum', args: ['3'] });
  const lines = s.target.breakpointLines(s.file, 1, 40);
  assert.ok(lines.includes(18));
  s.target.setSourceBreakpoints(s.file, [{ location: { kind: 'source', file: s.file, line: 19 } }]); // the i32.store after the loop
  s.target.start();
  const stop = await s.stop();
  const frame = s.target.chain(stop.thread)[0]!.frames[0]!;
  const acc = s.target.locals(frame.handle).find((l) => l.name === '$acc')!;
  assert.equal(acc.text, '5'); // 0 + 1 + 4
  s.target.setLocal(frame.handle, acc.index, '1000');
  assert.equal(s.target.evaluate('$acc + 1', frame.handle).text, '1001');
  s.target.continue();
  await s.exit();
  // The stored result is what we set.
});

test('trap stop names the faulting instruction; the trap is shown before the thread unwinds', async () => {
  const s = await session('calc.wat', { invoke: 'divzero' });
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'trap');
  assert.match(stop.description, /divide by zero/);
  const loc = stop.detail!.location!;
  const [ins] = s.target.disassemble(loc, 1);
  assert.equal(ins!.text, 'i32.div_u');
  assert.equal(ins!.source?.line, 23);
  assert.deepEqual(chainNames(s.target, 1), [['$div', 'divzero']]);
  s.target.continue();
  assert.notEqual((await s.exit()).exitCode, 0);
});

test('bad expressions are DebugApiErrors with the column', async () => {
  const s = await session('calc.wat', { invoke: 'sum', args: ['2'] });
  s.target.setFunctionBreakpoints([{ location: { kind: 'function', name: '$square' } }]);
  s.target.start();
  await s.stop();
  assert.throws(() => s.target.evaluate('$n +'), (e: Error) => e.name === 'DebugApiError' && /column 5/.test(e.message));
  assert.throws(() => s.target.evaluate('$nope'), /no local, global or debugger variable named \$nope/);
  assert.equal(s.target.evaluate('$n * 3 + global[0]').text, '1');
  s.target.terminate();
});

test('pause stops 50 spinning threads within a slice', async () => {
  const s = await session('spin.wat');
  s.target.start();
  await new Promise((r) => setTimeout(r, 100));
  s.target.pause();
  const stop = await s.stop();
  assert.equal(stop.reason, 'pause');
  const threads = s.target.threads();
  assert.equal(threads.length, 51);
  assert.ok(threads.every((t) => t.state === 'paused'));
  s.target.terminate();
  await s.exit();
});
