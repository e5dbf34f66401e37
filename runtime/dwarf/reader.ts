// A bounds-checked little-endian cursor over one DWARF section. Every read
// past the end throws DwarfError, which is what makes corrupt input safe.

import { DwarfError } from './error.js';

const decoder = new TextDecoder('utf-8', { fatal: false });

export class DwarfReader {
  pos: number;
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly section: string,
    pos = 0,
    public end = bytes.length,
  ) {
    this.pos = pos;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (end > bytes.length || pos > end || pos < 0) throw this.error('range outside section', pos);
  }

  error(message: string, at = this.pos): DwarfError {
    return new DwarfError(message, this.section, at);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.end) throw this.error('unexpected end of data', at);
    this.pos = at + n;
    return at;
  }

  u8(): number { return this.bytes[this.need(1)]!; }
  u16(): number { return this.view.getUint16(this.need(2), true); }
  u24(): number { const at = this.need(3); return this.bytes[at]! | (this.bytes[at + 1]! << 8) | (this.bytes[at + 2]! << 16); }
  u32(): number { return this.view.getUint32(this.need(4), true); }
  u64(): bigint { return this.view.getBigUint64(this.need(8), true); }

  /** A u64 that must fit a JS number (offsets and lengths); larger is corrupt for wasm. */
  u64n(): number {
    const v = this.u64();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error('64-bit value too large', this.pos - 8);
    return Number(v);
  }

  /** An unsigned integer of `size` bytes (1, 2, 4 or 8) as a number. */
  unsigned(size: number): number {
    switch (size) {
      case 1: return this.u8();
      case 2: return this.u16();
      case 4: return this.u32();
      case 8: return this.u64n();
      default: throw this.error(`unsupported size ${size}`);
    }
  }

  /** An offset into another section: 4 bytes in 32-bit DWARF, 8 in 64-bit. */
  offset(is64: boolean): number { return is64 ? this.u64n() : this.u32(); }

  uleb(): number {
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result;
      mul *= 128;
      if (this.pos - start > 10) throw this.error('LEB128 too long', start);
    }
  }

  sleb(): number {
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) return b & 0x40 ? result - mul : result;
      if (this.pos - start > 10) throw this.error('LEB128 too long', start);
    }
  }

  /** Exact LEB128 for expression operands, where 64-bit constants matter. */
  ulebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    const start = this.pos;
    for (;;) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return result;
      if (this.pos - start > 10) throw this.error('LEB128 too long', start);
    }
  }

  slebBig(): bigint {
    let result = 0n;
    let shift = 0n;
    const start = this.pos;
    for (;;) {
      const b = this.u8();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (!(b & 0x80)) return b & 0x40 ? result - (1n << shift) : result;
      if (this.pos - start > 10) throw this.error('LEB128 too long', start);
    }
  }

  /** A NUL-terminated UTF-8 string. */
  cstr(): string {
    const start = this.pos;
    const nul = this.bytes.indexOf(0, start);
    if (nul < 0 || nul >= this.end) throw this.error('unterminated string', start);
    this.pos = nul + 1;
    return decoder.decode(this.bytes.subarray(start, nul));
  }

  take(n: number): Uint8Array {
    const at = this.need(n);
    return this.bytes.subarray(at, at + n);
  }

  skip(n: number): void { this.need(n); }

  /**
   * Reads an initial length (unit_length) and returns the end of the unit and
   * whether it is 64-bit DWARF; the end is checked against the section.
   */
  unitLength(): { end: number; is64: boolean } {
    let len = this.u32();
    let is64 = false;
    if (len === 0xffffffff) { len = this.u64n(); is64 = true; }
    else if (len >= 0xfffffff0) throw this.error('reserved unit length');
    const end = this.pos + len;
    if (end > this.end) throw this.error('unit extends past the end of the section');
    return { end, is64 };
  }
}

/** Reads a NUL-terminated string at `offset` of a string section. */
export function stringAt(bytes: Uint8Array | undefined, section: string, offset: number): string {
  if (!bytes) throw new DwarfError('section missing', section);
  if (offset < 0 || offset >= bytes.length) throw new DwarfError('string offset out of range', section, offset);
  return new DwarfReader(bytes, section, offset).cstr();
}
