import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinkError } from '../errors.js';
import { FUNCREF, I32, I64, heapIndex, refType, EXTERNREF } from '../syntax/types.js';
import { TypeRegistry, toCanonValType } from './canon.js';
import { checkImportMatch, importMismatch, limitsMatch } from './match.js';
import { funcType, module } from './testing.js';

test('limits: minimum at least, maximum at most', () => {
  assert.ok(limitsMatch({ min: 2 }, { min: 1 }));
  assert.ok(!limitsMatch({ min: 0 }, { min: 1 }));
  assert.ok(limitsMatch({ min: 1, max: 2 }, { min: 1, max: 3 }));
  assert.ok(!limitsMatch({ min: 1 }, { min: 1, max: 3 }));
  assert.ok(!limitsMatch({ min: 1, max: 4 }, { min: 1, max: 3 }));
});

test('imports match across modules through canonical types', () => {
  const reg = new TypeRegistry();
  const exporter = reg.canonicalize(module({ types: [funcType([I32], []), funcType([], [], [], false), funcType([], [], [1], false)] }));
  const importer = reg.canonicalize(module({ types: [funcType([I32], []), funcType([], [], [], false)] }));
  const fn = (typeIndex: number) => ({ kind: 'func' as const, typeIndex });
  assert.equal(importMismatch(reg, importer, fn(0), { kind: 'func', typeId: exporter[0]! }), undefined);
  assert.match(importMismatch(reg, importer, fn(0), { kind: 'func', typeId: exporter[1]! })!, /function type/);
  // A declared subtype may be supplied for its supertype.
  assert.equal(importMismatch(reg, importer, fn(1), { kind: 'func', typeId: exporter[2]! }), undefined);
  assert.throws(() => checkImportMatch(reg, importer, fn(0), { kind: 'global', type: { type: I32, mutable: false } }),
    (e: unknown) => e instanceof LinkError && /incompatible import type/.test(e.message));
});

test('globals: immutable covariant, mutable invariant', () => {
  const reg = new TypeRegistry();
  const canon = reg.canonicalize(module({ types: [funcType([], [])] }));
  const ref0 = toCanonValType(refType(heapIndex(0), false), canon);
  const g = (type: number, mutable: boolean) => ({ kind: 'global' as const, type: { type, mutable } });
  assert.equal(importMismatch(reg, canon, g(FUNCREF, false), g(ref0, false)), undefined);
  assert.notEqual(importMismatch(reg, canon, g(FUNCREF, true), g(ref0, true)), undefined);
  assert.notEqual(importMismatch(reg, canon, g(I32, true), g(I32, false)), undefined);
  assert.notEqual(importMismatch(reg, canon, g(I64, false), g(I32, false)), undefined);
});

test('tables and memories', () => {
  const reg = new TypeRegistry();
  const canon = reg.canonicalize(module({}));
  const table = (elem: number, min: number, max?: number) => ({ elem, min, max, index64: false });
  assert.equal(importMismatch(reg, canon, { kind: 'table', type: table(FUNCREF, 1) }, { kind: 'table', type: table(FUNCREF, 2, 5) }), undefined);
  assert.notEqual(importMismatch(reg, canon, { kind: 'table', type: table(FUNCREF, 1) }, { kind: 'table', type: table(EXTERNREF, 2) }), undefined);
  const mem = (min: number, shared: boolean, max?: number, index64 = false) => ({ min, max, shared, index64 });
  assert.equal(importMismatch(reg, canon, { kind: 'memory', type: mem(1, false) }, { kind: 'memory', type: mem(1, false, 2) }), undefined);
  assert.notEqual(importMismatch(reg, canon, { kind: 'memory', type: mem(1, true, 2) }, { kind: 'memory', type: mem(1, false, 2) }), undefined);
  assert.notEqual(importMismatch(reg, canon, { kind: 'memory', type: mem(1, false) }, { kind: 'memory', type: mem(1, false, undefined, true) }), undefined);
});
