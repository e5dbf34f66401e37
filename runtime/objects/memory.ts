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

/** A thread parked by `memory.atomic.wait` on an address of a memory. */
export interface Waiter {
  /** Called by `notify` after the waiter was taken off the queue. */
  wake(): void;
}

/** Typed-array views for atomic accesses (little-endian hosts only, as everywhere in the engine). */
export interface AtomicViews {
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly u64: BigUint64Array;
}

export class MemoryInstance {
  buffer: ArrayBuffer | SharedArrayBuffer;
  bytes: Uint8Array;
  view: DataView;
  byteLength: number;
  /** The effective maximum in pages: the declared one, capped by the engine's limit. */
  readonly maxPages: number;
  /** Threads parked by `memory.atomic.wait`, by byte address, in FIFO order. */
  readonly waiters = new Map<number, Waiter[]>();
  private atomics: AtomicViews | null = null;

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

  /**
   * Brings `bytes`/`view`/`byteLength` up to date when a shared buffer was
   * grown through another MemoryInstance or agent over the same buffer.
   */
  refresh(): void {
    if (this.buffer.byteLength !== this.byteLength) {
      this.bytes = new Uint8Array(this.buffer);
      this.view = new DataView(this.buffer);
      this.byteLength = this.buffer.byteLength;
      this.atomics = null;
    }
  }

  /** Views over the current buffer for the Atomics API (made on first use, re-made after growth). */
  atomicViews(): AtomicViews {
    let v = this.atomics;
    if (v === null || v.u8.byteLength !== this.byteLength) {
      const b = this.buffer;
      v = this.atomics = {
        u8: new Uint8Array(b), u16: new Uint16Array(b, 0, b.byteLength >> 1), u32: new Uint32Array(b, 0, b.byteLength >> 2),
        i32: new Int32Array(b, 0, b.byteLength >> 2), u64: new BigUint64Array(b, 0, b.byteLength >> 3),
      };
    }
    return v;
  }

  /** memory.atomic.notify's queue work: wakes up to `count` waiters on `address`, oldest first; returns how many. */
  notify(address: number, count: number): number {
    const queue = this.waiters.get(address);
    if (!queue) return 0;
    let n = 0;
    while (n < count && queue.length > 0) {
      queue.shift()!.wake();
      n++;
    }
    if (queue.length === 0) this.waiters.delete(address);
    return n;
  }

  /** Takes a waiter off its queue (its wait timed out or its thread ended); false if it was not queued. */
  removeWaiter(address: number, w: Waiter): boolean {
    const queue = this.waiters.get(address);
    const i = queue ? queue.indexOf(w) : -1;
    if (i < 0) return false;
    queue!.splice(i, 1);
    if (queue!.length === 0) this.waiters.delete(address);
    return true;
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
    this.atomics = null;
    return old;
  }

  describe(): string {
    const t = this.type;
    return `memory ${this.pages} pages (min ${t.min}${t.max !== undefined ? `, max ${t.max}` : ''}${t.shared ? ', shared' : ''})`;
  }
}
