// A growable byte buffer that writes the binary format's primitive encodings
// (canonical, i.e. shortest, LEB128).
//
// Sections and function bodies are prefixed by their size, which is only
// known once they are written, so they are written into child writers and
// then appended. Things that want to know where they ended up in the final
// module (instructions, function bodies) are registered as "marks" with an
// offset relative to their writer; appending a child shifts its marks by the
// position it lands at, so by the time everything is in the module writer
// the marks hold module offsets.

/** Anything whose `offset` field should end up as a module offset. */
export interface Mark {
  offset: number;
}

const utf8 = new TextEncoder();

export class ByteWriter {
  private buf: Uint8Array;
  length = 0;
  readonly marks: Mark[] = [];

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Registers `m` as being at the current position. */
  mark(m: Mark): void {
    m.offset = this.length;
    this.marks.push(m);
  }

  u8(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  bytes(data: ArrayLike<number>): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  u32(value: number): void {
    let v = value >>> 0;
    this.reserve(5);
    for (;;) {
      const b = v & 0x7f;
      v >>>= 7;
      if (v === 0) {
        this.buf[this.length++] = b;
        return;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  s32(value: number): void {
    let v = value | 0;
    this.reserve(5);
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
        this.buf[this.length++] = b;
        return;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  /** Signed 33-bit (block types, heap types): a double in [-2^32, 2^32). */
  s33(value: number): void {
    let v = value;
    this.reserve(5);
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
        this.buf[this.length++] = b;
        return;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  s64(value: bigint): void {
    let v = BigInt.asIntN(64, value);
    this.reserve(10);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) {
        this.buf[this.length++] = b;
        return;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  u64(value: bigint | number): void {
    if (typeof value === 'number' && value >= 0 && value <= 0xffff_ffff) {
      this.u32(value);
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      if (v === 0n) {
        this.buf[this.length++] = b;
        return;
      }
      this.buf[this.length++] = b | 0x80;
    }
  }

  f32Bits(bits: number): void {
    const v = bits >>> 0;
    this.reserve(4);
    this.buf[this.length++] = v & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
    this.buf[this.length++] = (v >>> 16) & 0xff;
    this.buf[this.length++] = v >>> 24;
  }

  f64Bits(bits: bigint): void {
    const v = BigInt.asUintN(64, bits);
    this.f32Bits(Number(v & 0xffff_ffffn));
    this.f32Bits(Number(v >> 32n));
  }

  name(s: string): void {
    const data = utf8.encode(s);
    this.u32(data.length);
    this.bytes(data);
  }

  /** Appends a child writer's bytes and takes over its marks, shifted to their new place. */
  append(child: ByteWriter): void {
    const base = this.length;
    this.bytes(child.buf.subarray(0, child.length));
    for (const m of child.marks) {
      m.offset += base;
      this.marks.push(m);
    }
  }

  /** Appends a child writer prefixed by its size (sections, function bodies). */
  appendSized(child: ByteWriter): void {
    this.u32(child.length);
    this.append(child);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
