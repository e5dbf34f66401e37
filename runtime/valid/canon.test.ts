import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FUNCREF, I32, I64, heapIndex, refType, AbsHeap, type ValType } from '../syntax/types.js';
import { TypeRegistry, toCanonValType } from './canon.js';
import { funcType, module } from './testing.js';

const refT = (index: number, nullable = false): ValType => refType(heapIndex(index), nullable);

test('identical singleton types from two modules get one canonical id', () => {
  const reg = new TypeRegistry();
  const a = reg.canonicalize(module({ types: [funcType([I32], [I64])] }));
  const b = reg.canonicalize(module({ types: [funcType([I64], []), funcType([I32], [I64])] }));
  assert.equal(a[0], b[1]);
  assert.notEqual(b[0], b[1]);
  assert.equal(reg.size, 2);
});

test('rec groups are equal only as a whole, with internal references by position', () => {
  const reg = new TypeRegistry();
  // rec { $a = func (param (ref $b)); $b = func (param (ref $a)) }
  const group = [funcType([refT(1)], []), funcType([refT(0)], [])];
  const m1 = reg.canonicalize(module({ types: group, recGroups: [{ start: 0, count: 2 }] }));
  const m2 = reg.canonicalize(module({
    types: [funcType([], []), funcType([refT(2)], []), funcType([refT(1)], [])],
    recGroups: [{ start: 0, count: 1 }, { start: 1, count: 2 }],
  }));
  assert.deepEqual([m2[1], m2[2]], m1);
  // The same two types as singleton groups are different types (and mutually recursive
  // singletons cannot be written at all).
  const selfRef = reg.canonicalize(module({ types: [funcType([refT(0)], [])] }));
  const inGroup = reg.canonicalize(module({ types: [funcType([refT(0)], []), funcType([], [])], recGroups: [{ start: 0, count: 2 }] }));
  assert.notEqual(selfRef[0], inGroup[0]);
  assert.throws(() => reg.canonicalize(module({ types: [funcType([refT(1)], []), funcType([], [])] })), /unknown type 1/);
});

test('references to earlier groups compare by canonical identity', () => {
  const reg = new TypeRegistry();
  const a = reg.canonicalize(module({ types: [funcType([], []), funcType([refT(0)], [])] }));
  const b = reg.canonicalize(module({ types: [funcType([I32], []), funcType([], []), funcType([refT(1)], [])] }));
  assert.equal(a[1], b[2]);
  const c = reg.canonicalize(module({ types: [funcType([I32], []), funcType([refT(0)], [])] }));
  assert.notEqual(a[1], c[1]);
});

test('declared supertypes and finality are part of a type', () => {
  const reg = new TypeRegistry();
  const m = reg.canonicalize(module({
    types: [funcType([], [], [], false), funcType([], [], [0], false), funcType([], [], [], false)],
  }));
  assert.notEqual(m[0], m[1]); // same structure, but $1 declares $0 as supertype
  assert.equal(m[0], m[2]);
  assert.ok(reg.isSubtype(m[1]!, m[0]!));
  assert.ok(!reg.isSubtype(m[0]!, m[1]!));
  const fin = reg.canonicalize(module({ types: [funcType([], [])] }));
  assert.notEqual(fin[0], m[0]);
});

test('value type matching across the store', () => {
  const reg = new TypeRegistry();
  const m = reg.canonicalize(module({ types: [funcType([], [])] }));
  const ref0 = toCanonValType(refT(0), m);
  assert.ok(reg.valTypeMatches(ref0, FUNCREF));
  assert.ok(reg.valTypeMatches(ref0, toCanonValType(refT(0, true), m)));
  assert.ok(!reg.valTypeMatches(toCanonValType(refT(0, true), m), ref0));
  assert.ok(!reg.valTypeMatches(FUNCREF, ref0));
  assert.ok(reg.valTypeMatches(refType(AbsHeap.NoFunc, false), ref0));
  assert.ok(!reg.valTypeMatches(refType(AbsHeap.NoExtern, true), FUNCREF));
  assert.ok(reg.valTypeMatches(refType(AbsHeap.I31, true), refType(AbsHeap.Eq, true)));
  assert.ok(!reg.valTypeMatches(I32, I64));
  assert.deepEqual(reg.funcType(m[0]!), { params: [], results: [] });
});
