// The stepping rules of stepping.ts, one test each, on fixtures/gen.wat
// ($emit = 0, $gen = 1, $once = 2, $consume = 3) and fixtures/calc.wat.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLocation, DebugTarget } from './api.js';
import { chainNames, session, type Session } from './testutil.js';

/** The location of the `nth` instruction of function `func` whose text starts with `text`. */
function at(t: DebugTarget, func: number, text: string, nth = 0): CodeLocation {
  const found = t.disassemble({ module: 0, func, offset: 0 }, 1000).filter((i) => i.text === text || i.text.startsWith(`${text} `));
  assert.ok(found[nth], `no ${text} #${nth} in func ${func}`);
  return found[nth]!.location;
}

async function stopAt(fixture: string, func: number, text: string, opts: { nth?: number; hit?: string; invoke?: string; args?: string[] } = {}): Promise<Session> {
  const s = await session(fixture, { invoke: opts.invoke ?? 'consume', ...(opts.args ? { args: opts.args } : {}) });
  s.target.setInstructionBreakpoints([{ location: { kind: 'code', location: at(s.target, func, text, opts.nth) }, ...(opts.hit ? { hitCondition: opts.hit } : {}) }]);
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'instruction-breakpoint');
  s.target.setInstructionBreakpoints([]);
  return s;
}

function top(s: Session): { name: string; line: number | undefined; text: string; segments: number } {
  const chain = s.target.chain(1);
  const f = chain[0]!.frames[0]!;
  return { name: f.name, line: f.source?.line, text: s.target.disassemble(f.location, 1)[0]!.text, segments: chain.length };
}

async function finish(s: Session): Promise<void> {
  s.target.continue();
  await s.exit();
}

test('a breakpoint inside a generator shows its frames, then (next segment) the consumer', async () => {
  const s = await stopAt('gen.wat', 0, 'suspend');
  const chain = s.target.chain(1);
  assert.deepEqual(chainNames(s.target, 1), [['$emit', '$gen'], ['$consume']]);
  assert.ok(chain[0]!.continuation !== undefined);
  assert.equal(chain[0]!.state, 'running');
  assert.deepEqual(chain[0]!.enteredBy, { how: 'resume', handlers: [{ tag: '$yield', target: '$on_yield' }] });
  assert.equal(chain[1]!.continuation, undefined);
  assert.equal(chain[1]!.state, 'parent');
  assert.equal(chain[1]!.frames[0]!.source?.line, 31);
  const conts = s.target.continuations();
  assert.equal(conts.length, 1);
  assert.equal(conts[0]!.created.source?.line, 27);
  await finish(s);
});

test('step in on resume enters the continuation at its next instruction', async () => {
  const s = await stopAt('gen.wat', 3, 'resume');
  s.target.step(1, 'in', 'instruction');
  const stop = await s.stop();
  assert.equal(stop.reason, 'step');
  assert.ok(stop.continuation !== undefined);
  assert.deepEqual(chainNames(s.target, 1), [['$gen'], ['$consume']]);
  // The function's entry: its first instruction, the `(loop $l` that opens the body.
  assert.equal(top(s).line, 14);
  await finish(s);
});

test('step over on resume runs until control is back in this frame: a suspend to its handler', async () => {
  const s = await stopAt('gen.wat', 3, 'resume');
  s.target.step(1, 'over', 'instruction');
  await s.stop();
  const t = top(s);
  assert.equal(t.name, '$consume');
  assert.equal(t.segments, 1);
  assert.equal(t.line, 33); // the handler block's result: local.set $k
  await finish(s);
});

test('step over on resume of a continuation that returns stops after the resume', async () => {
  const s = await stopAt('gen.wat', 3, 'resume', { nth: 1 });
  s.target.step(1, 'over', 'line');
  await s.stop();
  assert.deepEqual([top(s).name, top(s).line, top(s).segments], ['$consume', 38, 1]);
  await finish(s);
});

test('step over stops early at a breakpoint inside the continuation', async () => {
  const s = await stopAt('gen.wat', 3, 'resume');
  s.target.setSourceBreakpoints(s.file, [{ location: { kind: 'source', file: s.file, line: 9 } }]);
  s.target.step(1, 'over', 'instruction');
  const stop = await s.stop();
  assert.equal(stop.reason, 'breakpoint');
  assert.equal(top(s).name, '$emit');
  s.target.setSourceBreakpoints(s.file, []);
  await finish(s);
});

test('step over on suspend stops after it once the continuation is resumed again', async () => {
  const s = await stopAt('gen.wat', 0, 'suspend', { hit: '2' });
  s.target.step(1, 'over', 'instruction');
  await s.stop();
  const t = top(s);
  assert.deepEqual([t.name, t.text, t.segments], ['$emit', 'nop', 2]);
  // Meanwhile the consumer ran its handler: it added the yielded 1.
  const consumer = s.target.chain(1)[1]!.frames[0]!;
  assert.equal(s.target.locals(consumer.handle).find((l) => l.name === '$sum')!.text, '1');
  await finish(s);
});

test('step in on suspend goes to the handler that receives it', async () => {
  const s = await stopAt('gen.wat', 0, 'suspend');
  s.target.step(1, 'in', 'instruction');
  await s.stop();
  assert.deepEqual([top(s).name, top(s).line, top(s).segments], ['$consume', 33, 1]);
  await finish(s);
});

test("step out of a continuation's bottom frame goes to the resumer", async () => {
  const s = await stopAt('gen.wat', 2, 'nop');
  assert.deepEqual(chainNames(s.target, 1), [['$once'], ['$consume']]);
  s.target.step(1, 'out', 'instruction');
  await s.stop();
  assert.deepEqual([top(s).name, top(s).line, top(s).segments], ['$consume', 38, 1]);
  await finish(s);
});

test('step out of a frame that suspends first stops in the handler that receives the suspend', async () => {
  const s = await stopAt('gen.wat', 0, 'suspend');
  s.target.step(1, 'out', 'instruction');
  await s.stop();
  // Control leaves the continuation before $emit returns: it is back in the resumer, at the handler.
  assert.deepEqual([top(s).name, top(s).segments], ['$consume', 1]);
  await finish(s);
});

test('line steps: in enters the callee, out returns to the caller, over steps the call', async () => {
  const s = await session('calc.wat', { invoke: 'sum', args: ['3'] });
  s.target.setSourceBreakpoints(s.file, [{ location: { kind: 'source', file: s.file, line: 16 } }]);
  s.target.start();
  await s.stop();
  s.target.setSourceBreakpoints(s.file, []);
  assert.deepEqual([top(s).name, top(s).line], ['$sum', 16]);
  s.target.step(1, 'in', 'line');
  await s.stop();
  assert.equal(top(s).name, '$square');
  s.target.step(1, 'out', 'line');
  await s.stop();
  assert.deepEqual([top(s).name, top(s).line], ['$sum', 16]);
  s.target.step(1, 'over', 'line');
  await s.stop();
  assert.deepEqual([top(s).name, top(s).line], ['$sum', 17]);
  s.target.step(1, 'over', 'instruction');
  const stop = await s.stop();
  assert.equal(stop.reason, 'step');
  assert.equal(top(s).name, '$sum');
  await finish(s);
});

test('event filters: suspend of a given tag stops with a continuation event', async () => {
  const s = await session('gen.wat', { invoke: 'consume' });
  s.target.setEventFilters({ suspend: ['$yield'] });
  s.target.start();
  const stop = await s.stop();
  assert.equal(stop.reason, 'continuation');
  assert.match(stop.description, /suspend \$yield/);
  assert.ok(s.events.some((e) => e.kind === 'cont-suspended'));
  s.target.setEventFilters({});
  await finish(s);
});
