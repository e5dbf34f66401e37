// Bounds-checked access to the guest's linear memory. A pointer the guest
// passes is only a number; every read and write is checked against the
// memory's current size, and a bad one becomes EFAULT instead of a RangeError.
// The views are fetched when a GuestMemory is made (once per call, and again
// after any await), because memory.grow replaces the ArrayBuffer.

import { Errno } from './constants.js';
import { fail } from './errors.js';

/** What the host needs from the engine's memory. Both views must cover the whole memory. */
export interface WasiMemory {
  view(): DataView;
  bytes(): Uint8Array;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** One (buf, len) pair of an iovec/ciovec array, already bounds-checked. */
export interface IoSpan {
  readonly ptr: number;
  readonly len: number;
}

export class GuestMemory {
  readonly view: DataView;
  readonly bytes: Uint8Array;

  constructor(memory: WasiMemory) {
    this.view = memory.view();
    this.bytes = memory.bytes();
  }

  get size(): number {
    return this.bytes.length;
  }

  /** Fails with EFAULT unless [ptr, ptr+len) lies inside memory. ptr is taken as unsigned. */
  check(ptr: number, len: number): number {
    const p = ptr >>> 0;
    if (len < 0 || p + len > this.bytes.length) fail(Errno.FAULT, `guest range ${p}+${len} outside memory`);
    return p;
  }

  u8(ptr: number): number {
    return this.view.getUint8(this.check(ptr, 1));
  }
  u16(ptr: number): number {
    return this.view.getUint16(this.check(ptr, 2), true);
  }
  u32(ptr: number): number {
    return this.view.getUint32(this.check(ptr, 4), true);
  }
  u64(ptr: number): bigint {
    return this.view.getBigUint64(this.check(ptr, 8), true);
  }
  setU8(ptr: number, v: number): void {
    this.view.setUint8(this.check(ptr, 1), v);
  }
  setU16(ptr: number, v: number): void {
    this.view.setUint16(this.check(ptr, 2), v, true);
  }
  setU32(ptr: number, v: number): void {
    this.view.setUint32(this.check(ptr, 4), v >>> 0, true);
  }
  setU64(ptr: number, v: bigint): void {
    this.view.setBigUint64(this.check(ptr, 8), BigInt.asUintN(64, v), true);
  }

  /** A copy of guest bytes (copying also keeps us clear of a SharedArrayBuffer changing under us). */
  read(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len);
    return this.bytes.slice(p, p + len);
  }

  write(ptr: number, data: Uint8Array): void {
    const p = this.check(ptr, data.length);
    this.bytes.set(data, p);
  }

  /** A UTF-8 string of exactly len bytes; invalid UTF-8 is EILSEQ. */
  string(ptr: number, len: number): string {
    const raw = this.read(ptr, len);
    try {
      return utf8Decoder.decode(raw);
    } catch {
      return fail(Errno.ILSEQ, 'string is not valid UTF-8');
    }
  }

  /** The (buf, len) spans of an iovec or ciovec array (8 bytes each), every span checked. */
  ioSpans(iovs: number, count: number): IoSpan[] {
    this.check(iovs, count * 8);
    const spans: IoSpan[] = [];
    for (let i = 0; i < count; i++) {
      const ptr = this.u32(iovs + i * 8);
      const len = this.u32(iovs + i * 8 + 4);
      this.check(ptr, len);
      spans.push({ ptr, len });
    }
    return spans;
  }

  /** All bytes of a ciovec array, concatenated in order. */
  gather(spans: readonly IoSpan[]): Uint8Array {
    const total = spans.reduce((n, s) => n + s.len, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const s of spans) {
      out.set(this.bytes.subarray(s.ptr, s.ptr + s.len), at);
      at += s.len;
    }
    return out;
  }

  /** Spreads data over an iovec array in order; returns how many bytes were placed. */
  scatter(spans: readonly IoSpan[], data: Uint8Array): number {
    let at = 0;
    for (const s of spans) {
      if (at >= data.length) break;
      const n = Math.min(s.len, data.length - at);
      this.bytes.set(data.subarray(at, at + n), s.ptr);
      at += n;
    }
    return at;
  }
}

/** A WasiMemory over a plain or shared buffer, re-wrapping it if the buffer is replaced. */
export function memoryOverBuffer(buffer: () => ArrayBufferLike): WasiMemory {
  return {
    view: () => new DataView(buffer()),
    bytes: () => new Uint8Array(buffer()),
  };
}
