import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainNames, session } from './testutil.js';

test('a breakpoint in a function only a spawned thread runs stops that thread; its frames end in wasi_thread_start', async () => {
  const s = await session('threads.wat');
  const [bp] = s.target.setFunctionBreakpoints([{ location: { kind: 'function', name: '$work' } }]);
  assert.equal(bp!.verified, true);
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'function-breakpoint');
  assert.equal(stop.thread, 2);
  assert.deepEqual(stop.breakpoints, [bp!.id]);
  const names = chainNames(s.target, 2);
  assert.deepEqual(names, [['$work', 'wasi_thread_start']]);
  const frames = s.target.chain(2)[0]!.frames;
  assert.equal(frames[0]!.source?.line, 8);
  // The worker's entry is exported as wasi_thread_start.
  assert.match(s.target.threads().find((t) => t.id === 2)!.name, /wasi_thread_start/);
  const locals = s.target.locals(frames[0]!.handle);
  assert.deepEqual(locals.map((l) => [l.name, l.text]), [['$x', '21']]);
  // All-stop: main is paused too, waiting on its address.
  assert.deepEqual(s.target.threads().map((t) => [t.id, t.state]), [[1, 'paused'], [2, 'paused']]);
  s.target.continue();
  assert.equal((await s.exit()).exitCode, 0);
});
