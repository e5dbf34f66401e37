// The byte reader and writer: LEB128 strictness and edge values, floats as
// raw bits, names, and located errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompileError } from '../errors.js';
import { ByteReader } from './reader.js';
import { ByteWriter } from './writer.js';

function reader(...bytes: number[]): ByteReader {
  return new ByteReader(Uint8Array.from(bytes));
}

function fails(read: () => unknown, message: string, offset?: number): void {
  assert.throws(read, (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    assert.equal(e.kind, 'malformed');
    assert.equal(e.message, message);
    if (offset !== undefined) assert.deepEqual(e.location, { kind: 'binary', offset });
    return true;
  });
}

test('u32: values, non-minimal encodings, limits', () => {
  assert.equal(reader(0x00).u32(), 0);
  assert.equal(reader(0x7f).u32(), 127);
  assert.equal(reader(0x80, 0x01).u32(), 128);
  assert.equal(reader(0xe5, 0x8e, 0x26).u32(), 624485);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32(), 0xffff_ffff);
  assert.equal(reader(0x82, 0x80, 0x80, 0x80, 0x00).u32(), 2); // padded is fine
  fails(() => reader(0x80, 0x80, 0x80, 0x80, 0x10).u32(), 'integer too large', 0);
  fails(() => reader(0xff, 0xff, 0xff, 0xff, 0x4f).u32(), 'integer too large', 0);
  fails(() => reader(0x82, 0x80, 0x80, 0x80, 0x80, 0x00).u32(), 'integer representation too long', 0);
  fails(() => reader(0x80).u32(), 'unexpected end of section or function', 1);
});

test('s32: sign extension and unused bits', () => {
  assert.equal(reader(0x7f).s32(), -1);
  assert.equal(reader(0x3f).s32(), 63);
  assert.equal(reader(0x40).s32(), -64);
  assert.equal(reader(0xc0, 0x00).s32(), 64);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x07).s32(), 0x7fff_ffff);
  assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x78).s32(), -0x8000_0000);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x7f).s32(), -1);
  fails(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).s32(), 'integer too large');
  fails(() => reader(0x80, 0x80, 0x80, 0x80, 0x70).s32(), 'integer too large');
  fails(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).s32(), 'integer representation too long');
});

test('s33: the range of block and heap types', () => {
  assert.equal(reader(0x40).s33(), -64);
  assert.equal(reader(0x70).s33(), -16);
  assert.equal(reader(0x05).s33(), 5);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0x0f).s33(), 0xffff_ffff);
  assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x70).s33(), -(2 ** 32));
  fails(() => reader(0x80, 0x80, 0x80, 0x80, 0x20).s33(), 'integer too large');
  fails(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s33(), 'integer representation too long');
});

test('s64 and u64', () => {
  assert.equal(reader(0x7f).s64(), -1n);
  assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f).s64(), -(2n ** 63n));
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00).s64(), 2n ** 63n - 1n);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00).s64(), 2n ** 49n - 1n);
  assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40).s64(), -(2n ** 55n));
  fails(() => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).s64(), 'integer too large');
  fails(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64(),
    'integer representation too long');
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).u64(), 2n ** 64n - 1n);
  fails(() => reader(0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x70).u64(), 'integer too large');
  assert.equal(reader(0x80, 0x80, 0x80, 0x80, 0x10).u64Exact(), 2 ** 32);
  assert.equal(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).u64Exact(), 2n ** 64n - 1n);
});

test('writer LEBs are canonical and read back', () => {
  const u32s = [0, 1, 63, 64, 127, 128, 16383, 16384, 0x7fff_ffff, 0xffff_ffff];
  const s32s = [0, 1, -1, 63, 64, -64, -65, 0x7fff_ffff, -0x8000_0000];
  const s33s = [0, -1, -64, -65, 2 ** 32 - 1, -(2 ** 32), 1000];
  const s64s = [0n, -1n, 63n, -64n, 2n ** 63n - 1n, -(2n ** 63n), 123456789012345n];
  const u64s = [0n, 2n ** 64n - 1n, 2n ** 53n, 0x1_0000_0000n];
  const w = new ByteWriter(1);
  for (const v of u32s) w.u32(v);
  for (const v of s32s) w.s32(v);
  for (const v of s33s) w.s33(v);
  for (const v of s64s) w.s64(v);
  for (const v of u64s) w.u64(v);
  const r = new ByteReader(w.finish());
  for (const v of u32s) assert.equal(r.u32(), v);
  for (const v of s32s) assert.equal(r.s32(), v);
  for (const v of s33s) assert.equal(r.s33(), v);
  for (const v of s64s) assert.equal(r.s64(), v);
  for (const v of u64s) assert.equal(r.u64(), v);
  assert.ok(r.atEnd());
  // Canonical means shortest: 127 is one byte, 128 two, -64 one, -65 two.
  const sizes = (write: (x: ByteWriter) => void): number => {
    const x = new ByteWriter();
    write(x);
    return x.length;
  };
  assert.equal(sizes((x) => x.u32(127)), 1);
  assert.equal(sizes((x) => x.u32(128)), 2);
  assert.equal(sizes((x) => x.s32(-64)), 1);
  assert.equal(sizes((x) => x.s32(-65)), 2);
  assert.equal(sizes((x) => x.s64(-(2n ** 63n))), 10);
});

test('floats are raw bits, NaN payloads kept', () => {
  const w = new ByteWriter();
  w.f32Bits(0x7fa0_0001);
  w.f64Bits(0xfff8_0000_0000_0001n);
  const r = new ByteReader(w.finish());
  assert.equal(r.f32Bits(), 0x7fa0_0001);
  assert.equal(r.f64Bits(), 0xfff8_0000_0000_0001n);
  fails(() => reader(1, 2, 3).f32Bits(), 'unexpected end of section or function', 3);
});

test('names: UTF-8 is validated strictly, a BOM is kept', () => {
  assert.equal(reader(3, 0x61, 0x62, 0x63).name(), 'abc');
  assert.equal(reader(3, 0xe2, 0x8c, 0xa3).name(), '\u2323');
  assert.equal(reader(4, 0xef, 0xbb, 0xbf, 0x61).name(), '\ufeffa');
  fails(() => reader(1, 0x80).name(), 'malformed UTF-8 encoding', 1);
  fails(() => reader(2, 0xc0, 0x80).name(), 'malformed UTF-8 encoding'); // overlong
  fails(() => reader(3, 0xed, 0xa0, 0x80).name(), 'malformed UTF-8 encoding'); // surrogate
  fails(() => reader(4, 0xf4, 0x90, 0x80, 0x80).name(), 'malformed UTF-8 encoding'); // > U+10FFFF
  fails(() => reader(5, 0x61).name(), 'length out of bounds', 0);
  const w = new ByteWriter();
  w.name('h\u00e9llo \u{1f600}');
  assert.equal(new ByteReader(w.finish()).name(), 'h\u00e9llo \u{1f600}');
});

test('vector counts beyond the input fail before allocating', () => {
  fails(() => reader(0xff, 0xff, 0xff, 0xff, 0x0f).count(), 'unexpected end of section or function');
});
