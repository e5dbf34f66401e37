import { test } from 'node:test';
import assert from 'node:assert/strict';
import { continuationDescription, countLabel, page, readStackChains, segmentDescription, siteText, stateSummary } from './model.js';

test('reads a stackChains answer: threads, segments with handlers, continuations with sites', () => {
  const chains = readStackChains({
    paused: true,
    threads: [{
      id: 1, name: 'main', state: 'paused',
      segments: [
        { stack: 4, continuation: 3, state: 'running', enteredBy: { how: 'resume', handlers: [{ tag: '$yield', target: '$on_yield' }] },
          frames: [{ name: '$gen', source: '/w/demo.wat', line: 12, instructionPointerReference: '0x40' }] },
        { stack: 0, state: 'parent', frames: [{ name: '$main', instructionPointerReference: '0x80' }] },
      ],
    }],
    continuations: [
      { id: 3, state: 'running', thread: 1, created: { source: '/w/demo.wat', line: 30, instructionPointerReference: '0x20' }, frames: [] },
      { id: 5, state: 'suspended', tag: '$yield', created: { instructionPointerReference: '0x21' },
        lastSuspend: { how: 'suspend', tag: '$yield', source: '/w/demo.wat', line: 14, instructionPointerReference: '0x44' }, frames: [{ name: '$gen', instructionPointerReference: '0x44' }] },
    ],
    totalContinuations: 2,
  });
  const [seg0, seg1] = chains.threads[0]!.segments;
  assert.equal(segmentDescription(seg0!), 'running · resumed, handlers $yield → $on_yield');
  assert.equal(siteText(seg1!.frames[0]), '0x80', 'a frame without source shows its module offset');
  assert.equal(siteText(chains.continuations[0]!.created), 'demo.wat:30');
  assert.equal(siteText(chains.continuations[1]!.lastSuspend), 'demo.wat:14');
  assert.equal(continuationDescription(chains.continuations[1]!), 'suspended · $yield');
  assert.equal(stateSummary(chains.continuations), '1 running, 1 suspended');
});

test('a malformed or missing answer reads as empty, never throws', () => {
  for (const raw of [undefined, null, 42, 'x', [], { threads: 'no', continuations: [null, 1, { state: 'fresh' }] }]) {
    const c = readStackChains(raw);
    assert.deepEqual([c.threads.length, c.continuations.length, c.totalContinuations], [0, 0, 0]);
  }
});

test('paging keeps the first page and counts the rest; a total beyond the answer is kept', () => {
  const items = Array.from({ length: 100_000 }, (_, i) => i);
  const p = page(items, 200);
  assert.equal(p.shown.length, 200);
  assert.equal(p.remaining, 99_800);
  assert.equal(page(items.slice(0, 3), 200).remaining, 0);
  const partial = readStackChains({ continuations: [{ id: 1, state: 'suspended', created: { instructionPointerReference: '0x1' }, frames: [] }], totalContinuations: 100_000 });
  assert.equal(partial.totalContinuations, 100_000);
  assert.equal(countLabel('Continuations', 100_000), 'Continuations (100,000)');
});
