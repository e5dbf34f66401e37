// A cursor over a module's bytes that reads the binary format's primitive
// encodings (LEB128 integers, raw floats, UTF-8 names) with the strictness the
// spec demands, and reports every problem as a located `malformed` error.
//
// Reads are bounded by the end of the whole module, not by the enclosing
// section: like the reference interpreter, the decoder reads a section's
// contents and only then checks that it ended where its size said. That is
// what makes the spec's expected messages come out ("section size mismatch"
// for a body that overruns its declared size, "END opcode expected" for a
// body that runs on into the next one).

import { CompileError } from '../errors.js';

const TWO_32 = 0x1_0000_0000;

/** The largest LEB128-encoded u64 that still fits a double exactly. */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// Names are decoded strictly: invalid sequences, surrogates and overlong forms
// are errors, and a leading byte-order mark is part of the name.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function malformed(message: string, offset: number): CompileError {
  return new CompileError('malformed', message, { kind: 'binary', offset });
}

export class ByteReader {
  /** Current read position (a byte offset in `bytes`). */
  pos: number;
  /** Message used when a read runs past the end; the header reads use the short form. */
  endMessage = 'unexpected end of section or function';

  constructor(readonly bytes: Uint8Array, pos = 0, readonly end = bytes.length) {
    this.pos = pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  remaining(): number {
    return this.end - this.pos;
  }

  /** Throws the "ran out of input" error located at the end of the input. */
  eof(): never {
    throw malformed(this.endMessage, this.end);
  }

  fail(message: string, offset = this.pos): never {
    throw malformed(message, offset);
  }

  peek(): number {
    if (this.pos >= this.end) this.eof();
    return this.bytes[this.pos]!;
  }

  u8(): number {
    if (this.pos >= this.end) this.eof();
    return this.bytes[this.pos++]!;
  }

  /** Advances over `n` bytes and returns their start offset. */
  skip(n: number): number {
    const start = this.pos;
    if (n < 0 || n > this.end - start) this.eof();
    this.pos = start + n;
    return start;
  }

  /** A view (not a copy) of the next `n` bytes. */
  view(n: number): Uint8Array {
    const start = this.skip(n);
    return this.bytes.subarray(start, start + n);
  }

  /** A copy of the next `n` bytes, so the module does not pin the whole input buffer. */
  copy(n: number): Uint8Array {
    const start = this.skip(n);
    return this.bytes.slice(start, start + n);
  }

  u32(): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // Only the low 4 bits of the fifth byte carry value bits (28..31).
        if (b & 0x70) this.fail('integer too large', start);
        return result + b * 0x1000_0000;
      }
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
    return result; // unreachable
  }

  /** A length that must fit in what is left of the input (the spec counts from the length field itself). */
  length(): number {
    const start = this.pos;
    const n = this.u32();
    if (n > this.end - start) this.fail('length out of bounds', start);
    return n;
  }

  s32(): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // Bits 4..6 of the fifth byte are beyond bit 31 and must copy the sign bit (bit 3).
        const unused = b & 0x70;
        if (b & 0x08 ? unused !== 0x70 : unused !== 0) this.fail('integer too large', start);
        return result | (b << 28);
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        // Sign-extend from the last byte's bit 6.
        return shift < 32 && b & 0x40 ? result | (-1 << shift) : result;
      }
    }
    return result; // unreachable
  }

  /** Signed 33-bit LEB128 (block types, heap types), as a double in [-2^32, 2^32). */
  s33(): number {
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // The fifth byte carries bits 28..32; bits 5..6 must copy bit 4, the sign.
        const unused = b & 0x60;
        if (b & 0x10 ? unused !== 0x60 : unused !== 0) this.fail('integer too large', start);
        result += (b & 0x1f) * scale;
        return b & 0x10 ? result - 2 * TWO_32 : result;
      }
      result += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return b & 0x40 ? result - scale : result;
    }
    return result; // unreachable
  }

  /** Signed 64-bit LEB128 as a bigint in [-2^63, 2^63). */
  s64(): bigint {
    const start = this.pos;
    // Fast path: up to 7 bytes (49 bits) accumulate exactly in a double.
    let small = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.u8();
      small += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return BigInt(b & 0x40 ? small - scale : small);
    }
    this.pos = start;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      if (i === 9) {
        if (b & 0x80) this.fail('integer representation too long', start);
        // The tenth byte carries bit 63 only; the rest must copy it.
        if (b !== 0 && b !== 0x7f) this.fail('integer too large', start);
        result |= BigInt(b & 1) << 63n;
        return BigInt.asIntN(64, result);
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return BigInt.asIntN(64, b & 0x40 ? result - (1n << shift) : result);
    }
    return result; // unreachable
  }

  /** Unsigned 64-bit LEB128 as a bigint. */
  u64(): bigint {
    const start = this.pos;
    let small = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.u8();
      small += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return BigInt(small);
    }
    this.pos = start;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8();
      if (i === 9) {
        if (b & 0x80) this.fail('integer representation too long', start);
        if (b & 0x7e) this.fail('integer too large', start);
        return result | (BigInt(b) << 63n);
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return result;
    }
    return result; // unreachable
  }

  /** Unsigned 64-bit LEB128 as a number when exact (≤ 2^53 - 1), else a bigint. */
  u64Exact(): number | bigint {
    // Fast path: up to 7 bytes (49 bits) is always exact, and needs no bigint.
    const start = this.pos;
    let small = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.u8();
      small += (b & 0x7f) * scale;
      scale *= 128;
      if (!(b & 0x80)) return small;
    }
    this.pos = start;
    const v = this.u64();
    return v <= MAX_SAFE ? Number(v) : v;
  }

  /** The raw bits of an f32, as an unsigned 32-bit number. */
  f32Bits(): number {
    const start = this.skip(4);
    const b = this.bytes;
    return (b[start]! | (b[start + 1]! << 8) | (b[start + 2]! << 16) | (b[start + 3]! << 24)) >>> 0;
  }

  /** The raw bits of an f64, as an unsigned 64-bit bigint. */
  f64Bits(): bigint {
    const start = this.skip(8);
    const b = this.bytes;
    const lo = (b[start]! | (b[start + 1]! << 8) | (b[start + 2]! << 16) | (b[start + 3]! << 24)) >>> 0;
    const hi = (b[start + 4]! | (b[start + 5]! << 8) | (b[start + 6]! << 16) | (b[start + 7]! << 24)) >>> 0;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const n = this.length();
    const start = this.skip(n);
    const b = this.bytes;
    // Most names are short ASCII; building them directly avoids the decoder call.
    let ascii = n <= 64;
    for (let i = start; ascii && i < start + n; i++) if (b[i]! >= 0x80) ascii = false;
    if (ascii) {
      let s = '';
      for (let i = start; i < start + n; i++) s += String.fromCharCode(b[i]!);
      return s;
    }
    try {
      return utf8.decode(b.subarray(start, start + n));
    } catch {
      this.fail('malformed UTF-8 encoding', start);
    }
  }

  /** A vector's element count. Each element takes at least one byte, so counts beyond the input are rejected early. */
  count(): number {
    const n = this.u32();
    // Reading that many elements would run out of input anyway; say so now rather than allocate.
    if (n > this.end - this.pos) this.eof();
    return n;
  }
}
