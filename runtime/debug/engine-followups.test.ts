import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { session } from './testutil.js';

test('operands: a frame stopped mid-expression shows its pending operands, bottom first, typed; its caller those below the call', async () => {
  const s = await session('operands.wat');
  s.target.setFunctionBreakpoints([{ location: { kind: 'function', name: '$mid' } }]);
  s.target.start();
  await s.stop();
  const [seg] = s.target.chain(1);
  const [mid, start] = seg!.frames;
  // $mid stops at its first instruction: nothing pending yet.
  assert.deepEqual(s.target.operands(mid!.handle), []);
  // _start is in `call $mid`: i64.const 7 and the truncated 2.5 wait below the call's argument.
  assert.deepEqual(s.target.operands(start!.handle).map((v) => [v.type, v.text]), [['i64', '7'], ['i32', '2']]);
  s.target.continue();
  assert.equal((await s.exit()).exitCode, 0);
});

test('a trap inside a generator keeps its chain for the trap stop: generator frames, then the consumer', async () => {
  const s = await session(join('..', '..', '..', 'test', 'golden', 'trap-in-generator.wat'));
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'trap');
  assert.ok(stop.continuation !== undefined);
  const chain = s.target.chain(stop.thread);
  assert.equal(chain.length, 2);
  assert.deepEqual(chain.map((seg) => seg.frames.map((f) => f.name)), [['$divide', '$countdown'], ['_start']]);
  assert.equal(chain[0]!.continuation, stop.continuation);
  assert.ok(chain[0]!.enteredBy);
  // Windows: the shape without frames, then one frame across the boundary.
  const shape = s.target.chain(stop.thread, { count: 0 });
  assert.deepEqual(shape.map((seg) => [seg.frameCount, seg.frames.length]), [[2, 0], [1, 0]]);
  const w = s.target.chain(stop.thread, { start: 1, count: 2 });
  assert.deepEqual(w.map((seg) => [seg.frameStart, seg.frames.map((f) => f.name)]), [[1, ['$countdown']], [0, ['_start']]]);
  // Listed but not built: the running continuation, counted, without frames.
  assert.equal(s.target.continuationCount!({ state: 'running' }), 1);
  assert.deepEqual(s.target.continuations({ state: 'running' }).map((c) => [c.id, c.frames.length, c.frameCount]), [[stop.continuation, 0, 2]]);
  s.target.continue();
  await s.exit();
});

test('an uncaught exception inside a generator keeps its chain for the exception stop: thrower frames, the label, then the consumer', async () => {
  const s = await session('throw-in-generator.wat');
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'exception');
  assert.ok(stop.continuation !== undefined);
  const chain = s.target.chain(stop.thread);
  // Nothing was unwound: the throw site on top, through the try_tables that did not match.
  assert.deepEqual(chain.map((seg) => seg.frames.map((f) => f.name)), [['$fail', '$gen'], ['_start']]);
  assert.equal(chain[0]!.continuation, stop.continuation);
  assert.equal(chain[0]!.state, 'running');
  assert.deepEqual(chain[0]!.enteredBy, { how: 'resume', handlers: [{ tag: '$yield', target: '$on_yield' }] });
  assert.equal(chain[1]!.state, 'parent');
  assert.equal(s.target.continuationCount!({ state: 'running' }), 1);
  s.target.continue();
  const exit = await s.exit();
  assert.notEqual(exit.exitCode, 0);
});
