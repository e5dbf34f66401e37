import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../errors.js';
import { f32, f64 } from '../objects/values.js';
import { f32Bits, f64Bits, i32, i64, load } from './testing.js';

const F32_SNAN = 0x7fa00001; // signalling, payload 0x200001
const F32_NEG_SNAN = 0xffa00001;
const F64_SNAN = 0x7ff4000000000001n;

const floats = load(`(module
  (memory 1)
  (global $g (mut f32) (f32.const 0))
  (global $h (mut f64) (f64.const 0))
  (func (export "f32.id") (param f32) (result f32) (local.get 0))
  (func (export "f32.neg") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "f32.abs") (param f32) (result f32) (f32.abs (local.get 0)))
  (func (export "f32.copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
  (func (export "f32.add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
  (func (export "f32.mul") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
  (func (export "f32.min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
  (func (export "f32.max") (param f32 f32) (result f32) (f32.max (local.get 0) (local.get 1)))
  (func (export "f32.nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "f32.memory") (param f32) (result f32)
    (f32.store offset=1 (i32.const 2) (local.get 0)) (f32.load offset=3 (i32.const 0)))
  (func (export "f32.global") (param f32) (result f32) (global.set $g (local.get 0)) (global.get $g))
  (func (export "f32.select") (param f32 f32 i32) (result f32) (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "f32.reinterpret") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "f64.neg") (param f64) (result f64) (f64.neg (local.get 0)))
  (func (export "f64.add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "f64.floor") (param f64) (result f64) (f64.floor (local.get 0)))
  (func (export "f64.nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
  (func (export "f64.min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "f64.memory") (param f64) (result f64)
    (f64.store offset=5 (i32.const 0) (local.get 0)) (f64.load (i32.const 5)))
  (func (export "f64.global") (param f64) (result f64) (global.set $h (local.get 0)) (global.get $h))
  (func (export "f64.reinterpret") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
)`);

const isArithmeticF32 = (bits: number | bigint): boolean => (Number(bits) & 0x7fc00000) === 0x7fc00000;
const isArithmeticF64 = (bits: number | bigint): boolean =>
  (BigInt(bits) & 0x7ff8000000000000n) === 0x7ff8000000000000n;

test('f32 moves, sign operations, memory, globals and select keep NaN payloads bit for bit', () => {
  for (const bits of [F32_SNAN, F32_NEG_SNAN, 0x7fc00000, 0x7f800001, 0xffffffff]) {
    assert.equal(floats.one('f32.id', f32Bits(bits)), bits >>> 0);
    assert.equal(floats.one('f32.neg', f32Bits(bits)), (bits ^ 0x80000000) >>> 0);
    assert.equal(floats.one('f32.abs', f32Bits(bits)), (bits & 0x7fffffff) >>> 0);
    assert.equal(floats.one('f32.copysign', f32Bits(bits), f32(-1)), (bits | 0x80000000) >>> 0);
    assert.equal(floats.one('f32.memory', f32Bits(bits)), bits >>> 0);
    assert.equal(floats.one('f32.global', f32Bits(bits)), bits >>> 0);
    assert.equal(floats.one('f32.select', f32Bits(bits), f32(1), i32(1)), bits >>> 0);
    assert.equal(floats.one('f32.reinterpret', f32Bits(bits)), bits | 0);
  }
});

test('f64 moves, sign operations, memory and globals keep NaN payloads bit for bit', () => {
  for (const bits of [F64_SNAN, 0xfff4000000000001n, 0x7ff8000000000000n, 0x7ff0000000000001n]) {
    assert.equal(floats.one('f64.neg', f64Bits(bits)), bits ^ (1n << 63n));
    assert.equal(floats.one('f64.memory', f64Bits(bits)), bits);
    assert.equal(floats.one('f64.global', f64Bits(bits)), bits);
    assert.equal(floats.one('f64.reinterpret', f64Bits(bits)), BigInt.asIntN(64, bits));
  }
});

test('arithmetic on NaNs gives arithmetic NaNs; on canonical NaNs canonical ones', () => {
  assert.ok(isArithmeticF32(floats.one('f32.add', f32Bits(F32_SNAN), f32(1))));
  assert.ok(isArithmeticF32(floats.one('f32.mul', f32(2), f32Bits(F32_NEG_SNAN))));
  assert.ok(isArithmeticF32(floats.one('f32.min', f32Bits(F32_SNAN), f32(1))));
  assert.ok(isArithmeticF32(floats.one('f32.nearest', f32Bits(F32_SNAN))));
  assert.equal(Number(floats.one('f32.add', f32Bits(0x7fc00000), f32(1))) & 0x7fffffff, 0x7fc00000);
  assert.ok(isArithmeticF64(floats.one('f64.add', f64Bits(F64_SNAN), f64(1))));
  assert.ok(isArithmeticF64(floats.one('f64.floor', f64Bits(F64_SNAN))));
  assert.ok(isArithmeticF64(floats.one('f64.nearest', f64Bits(F64_SNAN))));
  assert.ok(isArithmeticF64(floats.one('f64.min', f64(0), f64Bits(F64_SNAN))));
  // 0/0-style results with no NaN input are canonical.
  assert.equal(BigInt(floats.one('f64.add', f64(Infinity), f64(-Infinity))) & 0x7fffffffffffffffn, 0x7ff8000000000000n);
});

test('min/max order -0 below +0; nearest rounds ties to even', () => {
  assert.equal(floats.one('f32.min', f32(0), f32(-0)), 0x80000000);
  assert.equal(floats.one('f32.max', f32(-0), f32(0)), 0);
  assert.equal(floats.one('f64.min', f64(0), f64(-0)), 0x8000000000000000n);
  const nearest = (x: number): number => {
    const bits = floats.one('f64.nearest', f64(x)) as bigint;
    return new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
  };
  assert.equal(nearest(0.5), 0);
  assert.equal(nearest(1.5), 2);
  assert.equal(nearest(2.5), 2);
  assert.equal(nearest(-2.5), -2);
  assert.ok(Object.is(nearest(-0.5), -0));
  assert.ok(Object.is(nearest(-0.2), -0));
  assert.equal(nearest(4503599627370495.5), 4503599627370496);
  assert.equal(floats.one('f32.nearest', f32(-3.5)), new Uint32Array(new Float32Array([-4]).buffer)[0]);
});

const ints = load(`(module
  (func (export "i32.div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "i32.div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "i32.rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "i32.rem_u") (param i32 i32) (result i32) (i32.rem_u (local.get 0) (local.get 1)))
  (func (export "i64.div_s") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "i64.div_u") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
  (func (export "i64.rem_s") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "i64.rem_u") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "i32.trunc_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "i32.trunc_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func (export "i64.trunc_f64_s") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "i64.trunc_f32_u") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "i32.trunc_sat_f64_s") (param f64) (result i32) (i32.trunc_sat_f64_s (local.get 0)))
  (func (export "i64.trunc_sat_f64_u") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
  (func (export "i64.trunc_sat_f64_s") (param f64) (result i64) (i64.trunc_sat_f64_s (local.get 0)))
  (func (export "f32.convert_i64_s") (param i64) (result f32) (f32.convert_i64_s (local.get 0)))
  (func (export "f32.convert_i64_u") (param i64) (result f32) (f32.convert_i64_u (local.get 0)))
  (func (export "f64.convert_i64_u") (param i64) (result f64) (f64.convert_i64_u (local.get 0)))
)`);

function trapsWith(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof Trap && e.message === message);
}

test('division traps: divide by zero and signed overflow', () => {
  for (const op of ['i32.div_s', 'i32.div_u', 'i32.rem_s', 'i32.rem_u']) trapsWith(() => ints.call(op, i32(7), i32(0)), 'integer divide by zero');
  for (const op of ['i64.div_s', 'i64.div_u', 'i64.rem_s', 'i64.rem_u']) trapsWith(() => ints.call(op, i64(7n), i64(0n)), 'integer divide by zero');
  trapsWith(() => ints.call('i32.div_s', i32(-2147483648), i32(-1)), 'integer overflow');
  trapsWith(() => ints.call('i64.div_s', i64(-(1n << 63n)), i64(-1n)), 'integer overflow');
  assert.equal(ints.one('i32.rem_s', i32(-2147483648), i32(-1)), 0);
  assert.equal(ints.one('i64.rem_s', i64(-(1n << 63n)), i64(-1n)), 0n);
  assert.equal(ints.one('i32.div_u', i32(-1), i32(2)), 0x7fffffff);
  assert.equal(ints.one('i64.div_u', i64(-1n), i64(2n)), (1n << 63n) - 1n);
  assert.equal(ints.one('i64.rem_u', i64(-1n), i64(10n)), 5n);
  assert.equal(ints.one('i32.div_s', i32(-7), i32(2)), -3);
});

test('float to integer truncation traps on overflow and NaN; saturating forms clamp', () => {
  trapsWith(() => ints.call('i32.trunc_f32_s', f32(2147483648)), 'integer overflow');
  trapsWith(() => ints.call('i32.trunc_f32_s', f32Bits(0x7fc00000)), 'invalid conversion to integer');
  assert.equal(ints.one('i32.trunc_f32_s', f32(-2147483648)), -2147483648);
  assert.equal(ints.one('i32.trunc_f64_u', f64(4294967295.9)), -1);
  trapsWith(() => ints.call('i32.trunc_f64_u', f64(4294967296)), 'integer overflow');
  trapsWith(() => ints.call('i32.trunc_f64_u', f64(-1)), 'integer overflow');
  assert.equal(ints.one('i32.trunc_f64_u', f64(-0.9)), 0);
  assert.equal(ints.one('i64.trunc_f64_s', f64(-9223372036854775808)), -(1n << 63n));
  trapsWith(() => ints.call('i64.trunc_f64_s', f64(9223372036854775808)), 'integer overflow');
  assert.equal(ints.one('i64.trunc_f64_s', f64(-123456789012.7)), -123456789012n);
  assert.equal(ints.one('i64.trunc_f32_u', f32(18446742974197923840)), 18446742974197923840n - (1n << 64n));
  assert.equal(ints.one('i32.trunc_sat_f64_s', f64(1e20)), 2147483647);
  assert.equal(ints.one('i32.trunc_sat_f64_s', f64(NaN)), 0);
  assert.equal(ints.one('i64.trunc_sat_f64_u', f64(1e30)), -1n);
  assert.equal(ints.one('i64.trunc_sat_f64_u', f64(-5)), 0n);
  assert.equal(ints.one('i64.trunc_sat_f64_s', f64(-1e30)), -(1n << 63n));
});

test('i64 to f32 conversion rounds once (no double rounding through f64)', () => {
  const f32OfBits = (b: number | bigint): number => new Float32Array(new Uint32Array([Number(b)]).buffer)[0]!;
  // 2^53 + 2^29 + 1 is just above a tie between two f32 values; via f64 it would round to the tie and then down.
  assert.equal(f32OfBits(ints.one('f32.convert_i64_s', i64(9007199791611905n))), 9007200328482816);
  assert.equal(f32OfBits(ints.one('f32.convert_i64_s', i64(-9007199791611905n))), -9007200328482816);
  assert.equal(f32OfBits(ints.one('f32.convert_i64_u', i64(-1n))), 18446744073709551616);
  assert.equal(f32OfBits(ints.one('f32.convert_i64_u', i64(0x8000008000000001n))), 9223373136366403584);
  const f64OfBits = (b: number | bigint): number => new Float64Array(new BigUint64Array([BigInt(b)]).buffer)[0]!;
  assert.equal(f64OfBits(ints.one('f64.convert_i64_u', i64(-1n))), 18446744073709551616);
});

const i64ops = load(`(module
  ${['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'].map((op) =>
    `(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`).join('\n')}
  ${['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'].map((op) =>
    `(func (export "${op}") (param i64 i64) (result i32) (i64.${op} (local.get 0) (local.get 1)))`).join('\n')}
  ${['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'].map((op) =>
    `(func (export "${op}") (param i64) (result i64) (i64.${op} (local.get 0)))`).join('\n')}
  (func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))
)`);

test('i64 operations on 32-bit halves agree with BigInt arithmetic', () => {
  const M = (1n << 64n) - 1n;
  const s = (x: bigint): bigint => BigInt.asIntN(64, x);
  const u = (x: bigint): bigint => BigInt.asUintN(64, x);
  const ref: Record<string, (a: bigint, b: bigint) => bigint> = {
    add: (a, b) => s(a + b), sub: (a, b) => s(a - b), mul: (a, b) => s(a * b),
    and: (a, b) => s(a & b), or: (a, b) => s(a | b), xor: (a, b) => s(a ^ b),
    shl: (a, b) => s(a << (u(b) & 63n)), shr_s: (a, b) => a >> (u(b) & 63n), shr_u: (a, b) => s(u(a) >> (u(b) & 63n)),
    rotl: (a, b) => { const k = u(b) & 63n; return s((u(a) << k | u(a) >> ((64n - k) & 63n)) & M); },
    rotr: (a, b) => { const k = u(b) & 63n; return s((u(a) >> k | u(a) << ((64n - k) & 63n)) & M); },
    eq: (a, b) => BigInt(a === b), ne: (a, b) => BigInt(a !== b),
    lt_s: (a, b) => BigInt(a < b), lt_u: (a, b) => BigInt(u(a) < u(b)), gt_s: (a, b) => BigInt(a > b),
    gt_u: (a, b) => BigInt(u(a) > u(b)), le_s: (a, b) => BigInt(a <= b), le_u: (a, b) => BigInt(u(a) <= u(b)),
    ge_s: (a, b) => BigInt(a >= b), ge_u: (a, b) => BigInt(u(a) >= u(b)),
  };
  const unary: Record<string, (a: bigint) => bigint> = {
    clz: (a) => BigInt(u(a) === 0n ? 64 : 64 - u(a).toString(2).length),
    ctz: (a) => { if (a === 0n) return 64n; let n = 0n; let x = u(a); while ((x & 1n) === 0n) { x >>= 1n; n++; } return n; },
    popcnt: (a) => BigInt([...u(a).toString(2)].filter((c) => c === '1').length),
    extend8_s: (a) => BigInt.asIntN(8, a), extend16_s: (a) => BigInt.asIntN(16, a), extend32_s: (a) => BigInt.asIntN(32, a),
    eqz: (a) => BigInt(a === 0n),
  };
  const edge = [0n, 1n, -1n, 2n, 31n, 32n, 33n, 63n, 64n, 0xffffffffn, 0x100000000n, 0x7fffffffn, -0x80000000n,
    (1n << 63n) - 1n, -(1n << 63n), 0x123456789abcdefn, -0x123456789abcdefn];
  let seed = 12345;
  const rnd = (): bigint => {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    const hi = BigInt(seed);
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    return s((hi << 32n) | BigInt(seed >>> 0));
  };
  const values = [...edge, ...Array.from({ length: 24 }, rnd)];
  for (const [op, fn] of Object.entries(ref)) {
    for (const a of values) for (const b of values) {
      const got = i64ops.call(op, i64(a), i64(b))[0]!;
      const want = fn(a, b);
      const v = got.type === 'i64' ? got.value : got.type === 'i32' ? BigInt(got.value) : NaN;
      assert.equal(v, want, `${op}(${a}, ${b})`);
    }
  }
  for (const [op, fn] of Object.entries(unary)) {
    for (const a of values) {
      const got = i64ops.call(op, i64(a))[0]!;
      const v = got.type === 'i64' ? got.value : got.type === 'i32' ? BigInt(got.value) : NaN;
      assert.equal(v, fn(a), `${op}(${a})`);
    }
  }
});
