import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disassemble, evaluate } from './expression.js';
import { DwarfError } from './error.js';

const e = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

test('wasm locations: local, global, operand, fixed-width global', () => {
  assert.deepEqual(evaluate(e(0xed, 0x00, 0x05)), { kind: 'wasm-local', index: 5 });
  assert.deepEqual(evaluate(e(0xed, 0x01, 0x80, 0x01)), { kind: 'wasm-global', index: 128 });
  assert.deepEqual(evaluate(e(0xed, 0x02, 0x01)), { kind: 'wasm-operand', index: 1 });
  assert.deepEqual(evaluate(e(0xed, 0x03, 0x02, 0, 0, 0)), { kind: 'wasm-global', index: 2 });
  // Followed by stack_value: the value itself, read through the callback.
  assert.deepEqual(evaluate(e(0xed, 0x00, 0x02, 0x9f), { readLocal: (i) => BigInt(i) * 7n }), { kind: 'value', value: 14n });
  assert.equal(disassemble(e(0xed, 0x03, 0x02, 0, 0, 0, 0x9f)), 'DW_OP_WASM_location 0x3 0x2, DW_OP_stack_value');
});

test('fbreg, addr, plus_uconst, deref, literals, constants, arithmetic', () => {
  assert.deepEqual(evaluate(e(0x91, 0x7c), { frameBase: () => 100n }), { kind: 'memory', address: 96n });
  assert.deepEqual(evaluate(e(0x03, 0x10, 0x20, 0, 0, 0x23, 0x04)), { kind: 'memory', address: 0x2014n });
  const mem = (a: bigint, size: number): bigint => (a === 0x40n && size === 4 ? 0x1234n : 0n);
  assert.deepEqual(evaluate(e(0x08, 0x40, 0x06, 0x9f), { readMemory: mem }), { kind: 'value', value: 0x1234n });
  assert.deepEqual(evaluate(e(0x35, 0x36, 0x22, 0x9f)), { kind: 'value', value: 11n });
  assert.deepEqual(evaluate(e(0x11, 0x7f, 0x9f)), { kind: 'value', value: (1n << 64n) - 1n });
  assert.deepEqual(evaluate(e(0x0c, 1, 0, 0, 0x80, 0x9f)), { kind: 'value', value: 0x80000001n });
  assert.equal(disassemble(e(0x91, 0x7c, 0x06)), 'DW_OP_fbreg -4, DW_OP_deref');
});

test('pieces, implicit values, empty expressions', () => {
  assert.deepEqual(evaluate(e(0xed, 0x00, 0x01, 0x93, 0x04, 0x91, 0x08, 0x93, 0x04), { frameBase: () => 0n }), {
    kind: 'pieces', pieces: [
      { size: 4, location: { kind: 'wasm-local', index: 1 } },
      { size: 4, location: { kind: 'memory', address: 8n } },
    ],
  });
  assert.deepEqual(evaluate(e(0x9e, 0x02, 0xaa, 0xbb)), { kind: 'implicit', bytes: e(0xaa, 0xbb) });
  assert.deepEqual(evaluate(e()), { kind: 'optimized-out' });
});

test('bad expressions throw DwarfError', () => {
  for (const bad of [e(0x06), e(0xff), e(0xed, 0x07, 0x00), e(0x91), e(0x2f, 0x00, 0x80), e(0x50), e(0x30, 0x30, 0x1b)]) {
    assert.throws(() => evaluate(bad, { frameBase: () => 0n, readMemory: () => 0n }), DwarfError, disassembleSafe(bad));
  }
  // A missing callback is reported, not a crash.
  assert.throws(() => evaluate(e(0xed, 0x00, 0x00, 0x9f)), DwarfError);
});

function disassembleSafe(b: Uint8Array): string {
  try { return disassemble(b); } catch { return [...b].map((x) => x.toString(16)).join(' '); }
}
