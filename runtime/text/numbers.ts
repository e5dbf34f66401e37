// Numeric literals of the text format, converted exactly.
//
// Integers are read as BigInt and range-checked per width. Floats are rounded
// to nearest-even *once*, straight from the literal: hex floats and the rare
// decimal f32 literals whose f64 approximation lands on an f32 tie go through
// an exact rational rounding in BigInt (rounding to f64 first and then to f32
// would round twice and can be off by one ulp).
//
// Every parser returns `null` when the text is not a number of that shape (the
// caller reports the syntax error) and throws RangeError('constant out of
// range') when it is one but does not fit.

export class LiteralRangeError extends RangeError {
  constructor() {
    super('constant out of range');
  }
}

const C0 = 0x30, C9 = 0x39, UNDERSCORE = 0x5f;

function digitValue(c: number, hex: boolean): number {
  if (c >= C0 && c <= C9) return c - C0;
  if (!hex) return -1;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/**
 * Reads a digit run with `_` separators (each `_` between two digits) at
 * `from`; returns the index after it, or -1 when there is no valid run.
 */
function scanDigits(s: string, from: number, hex: boolean): number {
  let p = from;
  if (p >= s.length || digitValue(s.charCodeAt(p), hex) < 0) return -1;
  p++;
  while (p < s.length) {
    const c = s.charCodeAt(p);
    if (c === UNDERSCORE) {
      if (p + 1 >= s.length || digitValue(s.charCodeAt(p + 1), hex) < 0) return -1;
      p++;
      continue;
    }
    if (digitValue(c, hex) < 0) break;
    p++;
  }
  return p;
}

function digitsToBigInt(s: string, hex: boolean): bigint {
  const clean = s.includes('_') ? s.replaceAll('_', '') : s;
  if (clean.length === 0) return 0n;
  return BigInt(hex ? '0x' + clean : clean);
}

/** An unsigned integer literal (`nat`): decimal or `0x` hex, with `_` separators. */
export function parseNat(s: string): bigint | null {
  if (s.length === 0) return null;
  const hex = s.startsWith('0x');
  const from = hex ? 2 : 0;
  const end = scanDigits(s, from, hex);
  if (end !== s.length) return null;
  // Small decimal indices are the common case: skip BigInt.
  if (!hex && end <= 15 && !s.includes('_')) return BigInt(Number(s));
  return digitsToBigInt(s.slice(from), hex);
}

/** Whether `s` is 1–9 plain decimal digits: a value below 2^31 that Number() reads exactly. */
function isShortDecimal(s: string, from: number): boolean {
  const n = s.length - from;
  if (n < 1 || n > 9) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < C0 || c > C9) return false;
  }
  return true;
}

/** A `nat` that must fit u32 (indices, limits, alignments, offsets of 32-bit memories). */
export function parseU32(s: string): number | null {
  if (isShortDecimal(s, 0)) return Number(s);
  const n = parseNat(s);
  if (n === null) return null;
  if (n > 0xffffffffn) throw new LiteralRangeError();
  return Number(n);
}

/**
 * An integer literal for an N-bit integer: unsigned up to 2^N-1, or signed
 * down to -2^(N-1). Returns the value wrapped to N bits as unsigned BigInt.
 */
export function parseIntBits(s: string, bits: 8 | 16 | 32 | 64): bigint | null {
  let sign = 1n;
  let body = s;
  const c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) {
    body = s.slice(1);
    if (c === 0x2d) sign = -1n;
  }
  const n = parseNat(body);
  if (n === null) return null;
  const limit = 1n << BigInt(bits);
  if (sign < 0n) {
    if (n > limit >> 1n) throw new LiteralRangeError();
    return BigInt.asUintN(bits, -n);
  }
  if (n >= limit) throw new LiteralRangeError();
  return n;
}

/** An i32 literal as a signed JS number. */
export function parseI32(s: string): number | null {
  // Fast path for the common small literals, which need no BigInt.
  const c = s.charCodeAt(0);
  if (isShortDecimal(s, c === 0x2d || c === 0x2b ? 1 : 0)) return Number(s);
  const v = parseIntBits(s, 32);
  return v === null ? null : Number(BigInt.asIntN(32, v));
}

/** An i64 literal as a signed BigInt. */
export function parseI64(s: string): bigint | null {
  const v = parseIntBits(s, 64);
  return v === null ? null : BigInt.asIntN(64, v);
}

interface FloatFormat {
  readonly mantBits: number; // explicit fraction bits: 23 or 52
  readonly expBits: number; // 8 or 11
}
const F32_FORMAT: FloatFormat = { mantBits: 23, expBits: 8 };
const F64_FORMAT: FloatFormat = { mantBits: 52, expBits: 11 };

/** The shape of a float literal after syntax checking, before rounding. */
type FloatLiteral =
  | { kind: 'inf'; negative: boolean }
  | { kind: 'nan'; negative: boolean; payload: bigint | null }
  /** value = mantissa * 2^exp2 (hex) or mantissa * 10^exp10 (decimal). */
  | { kind: 'finite'; negative: boolean; hex: boolean; digits: string; exp: number; text: string };

function parseFloatLiteral(s: string): FloatLiteral | null {
  let negative = false;
  let p = 0;
  const c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) { negative = c === 0x2d; p = 1; }
  const body = p ? s.slice(p) : s;
  if (body === 'inf') return { kind: 'inf', negative };
  if (body === 'nan') return { kind: 'nan', negative, payload: null };
  if (body.startsWith('nan:0x')) {
    const end = scanDigits(body, 6, true);
    if (end !== body.length) return null;
    return { kind: 'nan', negative, payload: digitsToBigInt(body.slice(6), true) };
  }
  const hex = body.startsWith('0x');
  let q = hex ? 2 : 0;
  const intEnd = scanDigits(body, q, hex);
  if (intEnd < 0) return null;
  let intDigits = body.slice(q, intEnd);
  let fracDigits = '';
  q = intEnd;
  if (body.charCodeAt(q) === 0x2e) { // '.'
    q++;
    if (q < body.length && digitValue(body.charCodeAt(q), hex) >= 0) {
      const fracEnd = scanDigits(body, q, hex);
      if (fracEnd < 0) return null;
      fracDigits = body.slice(q, fracEnd);
      q = fracEnd;
    }
  }
  let exp = 0;
  if (q < body.length) {
    const e = body.charCodeAt(q) | 0x20;
    if (e !== (hex ? 0x70 : 0x65)) return null; // 'p' or 'e'
    q++;
    let expNegative = false;
    const sc = body.charCodeAt(q);
    if (sc === 0x2b || sc === 0x2d) { expNegative = sc === 0x2d; q++; }
    const expEnd = scanDigits(body, q, false);
    if (expEnd !== body.length) return null;
    const digits = body.slice(q, expEnd).replaceAll('_', '').replace(/^0+(?=\d)/, '');
    // Exponents beyond ±1e6 saturate: the value is 0 or out of range either way.
    const magnitude = digits.length > 7 ? 1e7 : Number(digits);
    exp = expNegative ? -magnitude : magnitude;
  }
  intDigits = intDigits.replaceAll('_', '');
  fracDigits = fracDigits.replaceAll('_', '');
  exp -= fracDigits.length * (hex ? 4 : 1);
  // The mantissa digits stay a string: the decimal fast paths never need them as a BigInt.
  return { kind: 'finite', negative, hex, digits: intDigits + fracDigits, exp, text: body };
}

/**
 * Rounds num/den (both > 0) to the nearest value of `fmt`, ties to even, and
 * returns the unsigned bit pattern; throws when it rounds to infinity.
 */
function roundRational(num: bigint, den: bigint, fmt: FloatFormat): bigint {
  const p = fmt.mantBits + 1;
  const bias = (1 << (fmt.expBits - 1)) - 1;
  const emin = 1 - bias;
  // e with 2^e <= num/den < 2^(e+1)
  let e = bitLength(num) - bitLength(den);
  if (e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den) e--;
  const q = Math.max(e, emin) - (p - 1);
  let n = num, d = den;
  if (q >= 0) d <<= BigInt(q);
  else n <<= BigInt(-q);
  let m = n / d;
  const twiceRem = (n - m * d) * 2n;
  if (twiceRem > d || (twiceRem === d && (m & 1n) === 1n)) m++;
  if (m === 0n) return 0n;
  const hidden = 1n << BigInt(fmt.mantBits);
  if (m < hidden) return m; // subnormal: exponent field 0
  let exponent = q;
  if (m === hidden << 1n) { m >>= 1n; exponent++; }
  const biased = exponent + (p - 1) + bias;
  if (biased >= (1 << fmt.expBits) - 1) throw new LiteralRangeError();
  return (BigInt(biased) << BigInt(fmt.mantBits)) | (m - hidden);
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** Exact conversion of a finite literal's magnitude to `fmt` bits. */
function roundFinite(lit: Extract<FloatLiteral, { kind: 'finite' }>, fmt: FloatFormat): bigint {
  const mantissa = digitsToBigInt(lit.digits, lit.hex);
  if (mantissa === 0n) return 0n;
  const digits = lit.hex ? mantissa.toString(16).length * 4 : mantissa.toString().length;
  // Far outside the format's range: decide without building huge numbers.
  const magnitude = lit.hex ? lit.exp + digits : (lit.exp + digits) * 3.33;
  if (magnitude > 1100) throw new LiteralRangeError();
  if (magnitude < -1200) return 0n;
  let num = mantissa;
  let den = 1n;
  if (lit.hex) {
    if (lit.exp >= 0) num <<= BigInt(lit.exp);
    else den <<= BigInt(-lit.exp);
  } else if (lit.exp >= 0) {
    num *= 10n ** BigInt(lit.exp);
  } else {
    den = 10n ** BigInt(-lit.exp);
  }
  return roundRational(num, den, fmt);
}

const f64Buf = new Float64Array(1);
const u64Buf = new BigUint64Array(f64Buf.buffer);
const f32Buf = new Float32Array(1);
const u32Buf = new Uint32Array(f32Buf.buffer);

function f64BitsOf(x: number): bigint {
  f64Buf[0] = x;
  return u64Buf[0]!;
}
function f32BitsOf(x: number): number {
  f32Buf[0] = x;
  return u32Buf[0]!;
}
function f32FromBits(bits: number): number {
  u32Buf[0] = bits;
  return f32Buf[0]!;
}

/** A decimal literal (no separators needed for Number) for the fast paths. */
function decimalText(lit: Extract<FloatLiteral, { kind: 'finite' }>): string {
  return lit.text.includes('_') ? lit.text.replaceAll('_', '') : lit.text;
}

/** f32 literal → u32 bit pattern. */
export function parseF32(s: string): number | null {
  const lit = parseFloatLiteral(s);
  if (lit === null) return null;
  const sign = lit.negative ? 0x80000000 : 0;
  switch (lit.kind) {
    case 'inf': return (sign | 0x7f800000) >>> 0;
    case 'nan': {
      const payload = lit.payload ?? 0x400000n;
      if (payload < 1n || payload >= 1n << 23n) throw new LiteralRangeError();
      return (sign | 0x7f800000 | Number(payload)) >>> 0;
    }
    case 'finite': {
      if (!lit.hex) {
        // Number() rounds correctly to f64; rounding that to f32 is right
        // unless the f64 sits exactly on an f32 tie (double rounding).
        const d = Number(decimalText(lit));
        if (Number.isFinite(d) && !isF32Tie(d)) {
          const f = Math.fround(d);
          if (!Number.isFinite(f)) throw new LiteralRangeError();
          return (sign | f32BitsOf(f)) >>> 0;
        }
      }
      return (sign | Number(roundFinite(lit, F32_FORMAT))) >>> 0;
    }
  }
}

/** Whether the positive f64 `d` lies exactly halfway between two adjacent f32 values. */
function isF32Tie(d: number): boolean {
  const f = Math.fround(d);
  if (f === d) return false;
  const bits = f32BitsOf(f);
  const other = f32FromBits(f > d ? bits - 1 : bits + 1); // bits+1 past MAX is +inf
  const lo = Math.min(f, other), hi = Math.max(f, other);
  if (hi === Infinity) return d === 3.4028235677973366e38; // (MAX_F32 + 2^128) / 2
  return (lo + hi) / 2 === d;
}

/** f64 literal → u64 bit pattern. */
export function parseF64(s: string): bigint | null {
  const lit = parseFloatLiteral(s);
  if (lit === null) return null;
  const sign = lit.negative ? 1n << 63n : 0n;
  switch (lit.kind) {
    case 'inf': return sign | 0x7ff0000000000000n;
    case 'nan': {
      const payload = lit.payload ?? 0x8000000000000n;
      if (payload < 1n || payload >= 1n << 52n) throw new LiteralRangeError();
      return sign | 0x7ff0000000000000n | payload;
    }
    case 'finite': {
      if (!lit.hex) {
        // ECMAScript's string-to-number conversion is correctly rounded.
        const d = Number(decimalText(lit));
        if (!Number.isFinite(d)) throw new LiteralRangeError();
        return sign | f64BitsOf(d);
      }
      return sign | roundFinite(lit, F64_FORMAT);
    }
  }
}
