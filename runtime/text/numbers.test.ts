import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiteralRangeError, parseF32, parseF64, parseI32, parseI64, parseIntBits, parseNat, parseU32 } from './numbers.js';

const f32 = (s: string): string => '0x' + parseF32(s)!.toString(16).padStart(8, '0');
const f64 = (s: string): string => '0x' + parseF64(s)!.toString(16).padStart(16, '0');

test('integers: decimal, hex, separators, signs and ranges', () => {
  assert.equal(parseNat('0x0_9acf_fBDF'), 0x9acffbdfn);
  assert.equal(parseNat('1_000'), 1000n);
  for (const bad of ['_1', '1_', '1__0', '0x', '0x_1', '1x', '0xg', '+1', '']) assert.equal(parseNat(bad), null, bad);
  assert.equal(parseI32('0xffffffff'), -1);
  assert.equal(parseI32('-0x80000000'), -2147483648);
  assert.equal(parseI32('4294967295'), -1);
  assert.equal(parseI32('+42'), 42);
  assert.throws(() => parseI32('4294967296'), LiteralRangeError);
  assert.throws(() => parseI32('-2147483649'), LiteralRangeError);
  assert.equal(parseI64('0xffffffffffffffff'), -1n);
  assert.equal(parseI64('-9223372036854775808'), -9223372036854775808n);
  assert.throws(() => parseI64('18446744073709551616'), LiteralRangeError);
  assert.equal(parseIntBits('-1', 8), 255n);
  assert.equal(parseU32('4294967295'), 4294967295);
  assert.throws(() => parseU32('4294967296'), LiteralRangeError);
  assert.equal(parseI32('1.5'), null);
});

test('f32: hex floats round exactly at the bit level', () => {
  assert.equal(f32('0x1p-149'), '0x00000001'); // smallest subnormal
  assert.equal(f32('0x1p-150'), '0x00000000'); // half of it: tie to even (0)
  assert.equal(f32('0x1.0000000001p-150'), '0x00000001'); // just above the tie
  assert.equal(f32('0x1.8p-149'), '0x00000002'); // 1.5 ulp: tie to even (2)
  assert.equal(f32('0x1.fffffcp-127'), '0x007fffff'); // largest subnormal
  assert.equal(f32('0x1p-126'), '0x00800000');
  assert.equal(f32('0x1.fffffep127'), '0x7f7fffff');
  assert.equal(f32('0x1.fffffefffffffffffp127'), '0x7f7fffff'); // below the overflow midpoint
  assert.throws(() => parseF32('0x1.ffffffp127'), LiteralRangeError); // the midpoint rounds to 2^128
  assert.throws(() => parseF32('0x1p128'), LiteralRangeError);
  assert.equal(f32('0x1.000001p0'), '0x3f800000'); // tie, even is down
  assert.equal(f32('0x1.000003p0'), '0x3f800002'); // tie, even is up
  assert.equal(f32('0x1.00000100000000000p-50'), '0x26800000');
  assert.equal(f32('0x1.000001000000000001p-50'), '0x26800001');
  assert.equal(f32('-0x0p0'), '0x80000000');
  assert.equal(f32('0x0123456789ABCDEF.019aFp+019'), f32('0x123456789abcdef019afp-1'));
  assert.equal(f32('0x1.p1'), '0x40000000');
});

test('f32: decimal literals round once, also where the f64 value is an f32 tie', () => {
  assert.equal(f32('16777217'), '0x4b800000'); // exact tie, to even
  assert.equal(f32('16777217.000000000000000000001'), '0x4b800001'); // above the tie
  assert.equal(f32('16777216.999999999999999999999'), '0x4b800000');
  assert.equal(f32('16777219'), '0x4b800002'); // tie, to even (up)
  assert.equal(f32('1.00000005960464477539062500000000001'), '0x3f800001'); // 1 + 2^-24 + ε
  assert.equal(f32('1.000000059604644775390625'), '0x3f800000'); // 1 + 2^-24 exactly: tie to even
  // Number() of this is the overflow midpoint itself, but the decimal is just below it.
  assert.equal(f32('3.4028235677973366e38'), '0x7f7fffff');
  assert.throws(() => parseF32('3.40282356779733661637539395458142568448e38'), LiteralRangeError); // exactly the midpoint
  assert.equal(f32('3.40282356779733661637539395458142568447e38'), '0x7f7fffff');
  assert.throws(() => parseF32('1e39'), LiteralRangeError);
  assert.equal(f32('1e-46'), '0x00000000');
  assert.equal(f32('1.4e-45'), '0x00000001');
  assert.equal(f32('0.1'), '0x3dcccccd');
  assert.equal(f32('1_000.000_1'), f32('1000.0001'));
  assert.equal(f32('1.'), '0x3f800000');
  assert.equal(f32('1e+1'), '0x41200000');
});

test('f32: agrees with an exact nearest-even search on many random decimals', () => {
  // Independent check: the result r must satisfy |x - r| <= |x - neighbour| for both neighbours,
  // with ties to the even one, evaluated exactly on scaled BigInts.
  let seed = 12345;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
  const f32Buf = new Float32Array(1);
  const u32 = new Uint32Array(f32Buf.buffer);
  for (let i = 0; i < 400; i++) {
    const digits = String(rand()) + String(rand()).padStart(9, '0');
    const exp = (rand() % 80) - 40;
    const text = `${digits.slice(0, 1)}.${digits.slice(1)}e${exp}`;
    const bits = parseF32(text)!;
    u32[0] = bits;
    const r = f32Buf[0]!;
    // Compare x with r's neighbours using BigInt rationals scaled by 10^k * 2^m.
    const exact = (v: number): { n: bigint; d: bigint } => {
      const b = new Float64Array([v]);
      const w = new BigUint64Array(b.buffer)[0]!;
      const e = Number((w >> 52n) & 0x7ffn);
      const m = (w & ((1n << 52n) - 1n)) | (e ? 1n << 52n : 0n);
      const p = (e ? e : 1) - 1075;
      return p >= 0 ? { n: m << BigInt(p), d: 1n } : { n: m, d: 1n << BigInt(-p) };
    };
    const x = { n: BigInt(digits) * (exp - digits.length + 1 >= 0 ? 10n ** BigInt(exp - digits.length + 1) : 1n),
      d: exp - digits.length + 1 < 0 ? 10n ** BigInt(digits.length - 1 - exp) : 1n };
    const dist = (a: { n: bigint; d: bigint }): { n: bigint; d: bigint } => {
      const n = a.n * x.d - x.n * a.d;
      return { n: n < 0n ? -n : n, d: a.d * x.d };
    };
    const lt = (a: { n: bigint; d: bigint }, b: { n: bigint; d: bigint }): boolean => a.n * b.d < b.n * a.d;
    const dr = dist(exact(r));
    for (const nb of [bits - 1, bits + 1]) {
      u32[0] = nb;
      const v = f32Buf[0]!;
      if (!Number.isFinite(v)) continue;
      const dn = dist(exact(v));
      assert.ok(!lt(dn, dr), `${text}: neighbour ${nb.toString(16)} is closer than ${bits.toString(16)}`);
    }
  }
});

test('f64: decimal and hex literals, subnormals, range', () => {
  assert.equal(f64('0x1p-1074'), '0x0000000000000001');
  assert.equal(f64('0x1p-1075'), '0x0000000000000000');
  assert.equal(f64('0x1.8p-1074'), '0x0000000000000002');
  assert.equal(f64('0x1.fffffffffffffp1023'), '0x7fefffffffffffff');
  assert.throws(() => parseF64('0x1.fffffffffffff8p1023'), LiteralRangeError);
  assert.equal(f64('0x1.fffffffffffff7ffffffp1023'), '0x7fefffffffffffff');
  assert.throws(() => parseF64('1e309'), LiteralRangeError);
  assert.equal(f64('1.7976931348623157e308'), '0x7fefffffffffffff');
  assert.equal(f64('0x1.000000000000080000000001p0'), '0x3ff0000000000001');
  assert.equal(f64('0x1.00000000000008p0'), '0x3ff0000000000000');
  assert.equal(f64('-0.0'), '0x8000000000000000');
  assert.equal(f64('4.9e-324'), '0x0000000000000001');
  assert.equal(f64('0x1p-10000000000'), '0x0000000000000000');
  assert.throws(() => parseF64('1e10000000000'), LiteralRangeError);
  assert.equal(f64('0x1p-0000000000001'), '0x3fe0000000000000'); // leading zeros are no huge exponent
  assert.equal(f32('1e-00000000001'), f32('0.1'));
});

test('inf, nan and nan payloads', () => {
  assert.equal(f32('inf'), '0x7f800000');
  assert.equal(f32('-inf'), '0xff800000');
  assert.equal(f32('nan'), '0x7fc00000');
  assert.equal(f32('-nan'), '0xffc00000');
  assert.equal(f32('nan:0x1'), '0x7f800001');
  assert.equal(f32('+nan:0x7f_ffff'), '0x7fffffff');
  assert.throws(() => parseF32('nan:0x0'), LiteralRangeError);
  assert.throws(() => parseF32('nan:0x800000'), LiteralRangeError);
  assert.equal(f64('nan'), '0x7ff8000000000000');
  assert.equal(f64('-nan:0xf_ffff_ffff_ffff'), '0xffffffffffffffff');
  assert.equal(f64('nan:0x4000000000000'), '0x7ff4000000000000');
  assert.throws(() => parseF64('nan:0x10000000000000'), LiteralRangeError);
  for (const bad of ['nan:1', 'nan:0x', 'infinity', '1e', '.5', '0x1p', '1.e', '0x.1', '1.5f', '--1']) {
    assert.equal(parseF32(bad), null, bad);
  }
});
