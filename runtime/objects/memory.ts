// A linear memory. Non-shared memories live in a plain ArrayBuffer that is
// replaced (copied) on growth; shared memories live in one growable
// SharedArrayBuffer, so every thread keeps addressing the same bytes. Either
// way `bytes`/`view`/`byteLength` are re-made on growth: code that caches
// them (the interpreter) reloads them after anything that may have grown it.

import type { MemoryType } from '../syntax/types.js';

export const PAGE_SIZE = 65536;
/** The most pages a 32-bit memory can have (4 GiB). */
export const MAX_PAGES = 65536;

interface GrowableSharedArrayBuffer extends SharedArrayBuffer {
  grow(newLength: number): void;
  readonly maxByteLength: number;
}
type SharedCtor = new (length: number, options?: { maxByteLength: number }) => GrowableSharedArrayBuffer;

export class MemoryInstance {
  buffer: ArrayBuffer | SharedArrayBuffer;
  bytes: Uint8Array;
  view: DataView;
  byteLength: number;
  /** The effective maximum in pages: the declared one, capped by the engine's limit. */
  readonly maxPages: number;

  /** Throws RangeError when even the initial size cannot be allocated. */
  constructor(readonly type: MemoryType, pageLimit = MAX_PAGES) {
    this.maxPages = Math.min(type.max ?? MAX_PAGES, pageLimit, MAX_PAGES);
    const length = type.min * PAGE_SIZE;
    if (type.min > this.maxPages) throw new RangeError(`memory of ${type.min} pages is larger than the limit`);
    this.buffer = type.shared
      ? new (SharedArrayBuffer as unknown as SharedCtor)(length, { maxByteLength: this.maxPages * PAGE_SIZE })
      : new ArrayBuffer(length);
    this.bytes = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
    this.byteLength = length;
  }

  get pages(): number {
    return this.byteLength / PAGE_SIZE;
  }

  /** memory.grow: the old size in pages, or -1 when the memory cannot grow that far. */
  grow(deltaPages: number): number {
    const old = this.pages;
    if (deltaPages === 0) return old;
    if (deltaPages < 0 || old + deltaPages > this.maxPages) return -1;
    const length = (old + deltaPages) * PAGE_SIZE;
    try {
      if (this.type.shared) {
        (this.buffer as GrowableSharedArrayBuffer).grow(length);
      } else {
        const next = new ArrayBuffer(length);
        new Uint8Array(next).set(this.bytes);
        this.buffer = next;
      }
    } catch (e) {
      if (e instanceof RangeError) return -1; // the host is out of memory: a failed grow, not a crash
      throw e;
    }
    this.bytes = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
    this.byteLength = length;
    return old;
  }

  describe(): string {
    const t = this.type;
    return `memory ${this.pages} pages (min ${t.min}${t.max !== undefined ? `, max ${t.max}` : ''}${t.shared ? ', shared' : ''})`;
  }
}
