import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExternRef, f32Bits, f64Bits, i32, i64 } from '../objects/values.js';
import { FUNCREF } from '../syntax/types.js';
import { ScriptHostRefs, matchesResults } from './match.js';
import type { ResultPattern } from './ast.js';

const refs = new ScriptHostRefs();
const classify = () => 'func';
const match = (actual: Parameters<typeof matchesResults>[0], expected: ResultPattern[]) => matchesResults(actual, expected, refs, classify);

test('integers and floats compare exactly, floats by bits', () => {
  assert.ok(match([i32(-1)], [{ kind: 'value', value: i32(-1) }]));
  assert.ok(!match([i32(1)], [{ kind: 'value', value: i32(2) }]));
  assert.ok(match([i64(-5n)], [{ kind: 'value', value: i64(-5n) }]));
  // +0 and -0 differ.
  assert.ok(!match([f32Bits(0x80000000)], [{ kind: 'value', value: f32Bits(0) }]));
  // A specific NaN payload must be that payload.
  assert.ok(match([f64Bits(0x7ff4000000000000n)], [{ kind: 'value', value: f64Bits(0x7ff4000000000000n) }]));
  assert.ok(!match([f64Bits(0x7ff8000000000000n)], [{ kind: 'value', value: f64Bits(0x7ff4000000000000n) }]));
});

test('NaN classes: canonical is exactly the quiet NaN, arithmetic any quiet NaN, either sign', () => {
  const canonical: ResultPattern = { kind: 'nan', type: 'f32', which: 'canonical' };
  const arithmetic: ResultPattern = { kind: 'nan', type: 'f32', which: 'arithmetic' };
  assert.ok(match([f32Bits(0x7fc00000)], [canonical]));
  assert.ok(match([f32Bits(0xffc00000)], [canonical]));
  assert.ok(!match([f32Bits(0x7fc00001)], [canonical]));
  assert.ok(match([f32Bits(0x7fc00001)], [arithmetic]));
  assert.ok(!match([f32Bits(0x7f800001)], [arithmetic])); // signalling
  assert.ok(!match([f32Bits(0x7f800000)], [arithmetic])); // infinity
  assert.ok(match([f64Bits(0xfff8000000000001n)], [{ kind: 'nan', type: 'f64', which: 'arithmetic' }]));
});

test('references: host externs by identity, null, kinds', () => {
  const ext = refs.extern(7);
  assert.equal(ext, refs.extern(7));
  assert.ok(ext instanceof ExternRef);
  assert.ok(match([{ type: 'ref', valType: FUNCREF, ref: ext }], [{ kind: 'ref.extern', id: 7 }]));
  assert.ok(!match([{ type: 'ref', valType: FUNCREF, ref: refs.extern(8) }], [{ kind: 'ref.extern', id: 7 }]));
  assert.ok(match([{ type: 'ref', valType: FUNCREF, ref: null }], [{ kind: 'ref.null.any' }]));
  assert.ok(match([{ type: 'ref', valType: FUNCREF, ref: {} }], [{ kind: 'ref.kind', refKind: 'func' }]));
  assert.ok(!match([{ type: 'ref', valType: FUNCREF, ref: null }], [{ kind: 'ref.kind', refKind: 'func' }]));
});

test('either accepts any alternative, and arity must match', () => {
  const either: ResultPattern = { kind: 'either', options: [[{ kind: 'value', value: i32(1) }], [{ kind: 'value', value: i32(2) }]] };
  assert.ok(match([i32(2)], [either]));
  assert.ok(!match([i32(3)], [either]));
  assert.ok(!match([i32(1), i32(1)], [{ kind: 'value', value: i32(1) }]));
  assert.ok(match([], []));
});
