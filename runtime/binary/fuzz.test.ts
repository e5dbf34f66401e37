// Robustness: thousands of randomly damaged modules (fixed seed, so failures
// reproduce). The decoder must return a module or throw a CompileError —
// never a RangeError/TypeError, never hang — and whatever it accepts must
// survive an encode → decode round trip unchanged.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompileError } from '../errors.js';
import { decodeModule } from './decode.js';
import { encodeModule } from './encode.js';
import { KITCHEN_SINK, bin, loadWabt, section, stripOffsets, wat } from './codec.testutil.js';

before(loadWabt);

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seeds(): Uint8Array[] {
  return [
    wat(KITCHEN_SINK, true),
    wat(KITCHEN_SINK, false),
    wat(`(module (memory 1) (func (export "fac") (param i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 1))
        (else (i64.mul (local.get 0) (call 0 (i64.sub (local.get 0) (i64.const 1))))))))`, true),
    bin(section(1, 0x03, 0x4e, 0x02, 0x50, 0x00, 0x5f, 0x01, 0x7f, 0x01, 0x5e, 0x78, 0x00,
      0x60, 0x01, 0x63, 0x00, 0x00, 0x5d, 0x02)),
  ];
}

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rand() * n);
  const bytes = [...src];
  const edits = 1 + pick(3);
  for (let e = 0; e < edits; e++) {
    const at = 8 + pick(Math.max(1, bytes.length - 8)); // keep the header mostly intact
    switch (pick(6)) {
      case 0: bytes[at] = pick(256); break;
      case 1: bytes[at] = (bytes[at] ?? 0) ^ (1 << pick(8)); break;
      case 2: bytes.length = at; break; // truncate
      case 3: bytes.splice(at, 0, pick(256)); break;
      case 4: bytes.splice(at, 1); break;
      default: bytes[at] = [0x00, 0x7f, 0x80, 0xff, 0x40, 0x0b][pick(6)]!;
    }
  }
  return Uint8Array.from(bytes);
}

test('damaged modules are decoded or rejected with a CompileError', { timeout: 30_000 }, () => {
  const rand = prng(0x5eed);
  const inputs = seeds();
  let accepted = 0;
  let rejected = 0;
  let slowest = 0;
  for (let i = 0; i < 4000; i++) {
    const bytes = mutate(inputs[i % inputs.length]!, rand);
    const t0 = performance.now();
    let m;
    try {
      m = decodeModule(bytes);
    } catch (e) {
      if (!(e instanceof CompileError)) {
        assert.fail(`case ${i}: ${String(e)} for ${Buffer.from(bytes).toString('hex')}`);
      }
      rejected++;
      continue;
    } finally {
      slowest = Math.max(slowest, performance.now() - t0);
    }
    accepted++;
    const again = decodeModule(encodeModule(m));
    assert.deepEqual(stripOffsets(again), stripOffsets(m), `case ${i}: round trip changed the module`);
  }
  assert.ok(rejected > 1000 && accepted > 100, `accepted ${accepted}, rejected ${rejected}`);
  assert.ok(slowest < 500, `slowest decode took ${slowest} ms`);
});

test('a large module decodes quickly', () => {
  // ~2 MB of code: many functions with long straight-line bodies of
  // local.get 0; i32.const 8; i32.load offset=4; i32.add; local.set 0.
  const step = [0x20, 0x00, 0x41, 0x08, 0x28, 0x02, 0x04, 0x6a, 0x21, 0x00];
  const body = [0x00, ...Array.from({ length: 500 }, () => step).flat(), 0x0b];
  const funcCount = 420;
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      const b = n & 0x7f;
      n >>>= 7;
      out.push(n ? b | 0x80 : b);
    } while (n);
    return out;
  };
  const sized = (id: number, contents: number[]): number[] => [id, ...leb(contents.length), ...contents];
  const code: number[] = leb(funcCount);
  for (let i = 0; i < funcCount; i++) for (const b of [...leb(body.length), ...body]) code.push(b);
  const parts = [
    section(1, 0x01, 0x60, 0x01, 0x7f, 0x00),
    sized(3, [...leb(funcCount), ...new Array<number>(funcCount).fill(0)]),
    section(5, 0x01, 0x00, 0x01),
    [0x0a, ...leb(code.length)],
    code,
  ];
  const bytes = bin(...parts);
  assert.ok(bytes.length > 2_000_000, `only ${bytes.length} bytes`);
  const t0 = performance.now();
  const m = decodeModule(bytes);
  const decodeMs = performance.now() - t0;
  assert.equal(m.funcs.length, funcCount);
  assert.equal(m.funcs[0]!.body.length, 2501);
  const t1 = performance.now();
  const out = encodeModule(m);
  const encodeMs = performance.now() - t1;
  assert.deepEqual(out, bytes);
  assert.ok(decodeMs < 1500, `decode took ${decodeMs} ms`);
  assert.ok(encodeMs < 1500, `encode took ${encodeMs} ms`);
});
