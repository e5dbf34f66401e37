// Test support: a guest memory in a plain ArrayBuffer, a bump allocator for
// placing arguments in it, and a caller that drives WasiHost functions the way
// the engine will. Used by the *.test.ts files only.

import { WasiHost, type WasiFunction } from './host.js';
import type { WasiOptions } from './context.js';
import { memoryOverBuffer } from './guest-memory.js';

export const MEMORY_BYTES = 65536;

export class FakeGuest {
  readonly buffer = new ArrayBuffer(MEMORY_BYTES);
  readonly view = new DataView(this.buffer);
  readonly bytes = new Uint8Array(this.buffer);
  readonly host: WasiHost;
  readonly fns: Record<string, WasiFunction>;
  readonly stdout: Uint8Array[] = [];
  readonly stderr: Uint8Array[] = [];
  private next = 1024; // leave low memory free for tests that want fixed addresses

  constructor(options: Partial<WasiOptions> = {}) {
    this.host = new WasiHost({
      args: [],
      env: {},
      preopens: [],
      stdout: (b) => this.stdout.push(b),
      stderr: (b) => this.stderr.push(b),
      ...options,
    });
    this.host.bindMemory(memoryOverBuffer(() => this.buffer));
    this.fns = this.host.functions();
  }

  /** Reserves n bytes (8-aligned) and returns their address. */
  alloc(n: number): number {
    const p = this.next;
    this.next = (this.next + n + 7) & ~7;
    if (this.next > MEMORY_BYTES) throw new Error('FakeGuest out of memory');
    return p;
  }

  /** Places a UTF-8 string and returns [ptr, len]. */
  str(text: string): [number, number] {
    const b = new TextEncoder().encode(text);
    const p = this.alloc(b.length);
    this.bytes.set(b, p);
    return [p, b.length];
  }

  /** Places bytes and an iovec array of one span over them: [iovs, 1]. */
  iov(data: Uint8Array | string): [number, number] {
    const b = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const p = this.alloc(b.length);
    this.bytes.set(b, p);
    const iovs = this.alloc(8);
    this.view.setUint32(iovs, p, true);
    this.view.setUint32(iovs + 4, b.length, true);
    return [iovs, 1];
  }

  /** An empty buffer of n bytes with an iovec over it: [iovs, 1, bufPtr]. */
  readIov(n: number): [number, number, number] {
    const p = this.alloc(n);
    const iovs = this.alloc(8);
    this.view.setUint32(iovs, p, true);
    this.view.setUint32(iovs + 4, n, true);
    return [iovs, 1, p];
  }

  /** Calls a function that must answer synchronously. */
  call(name: string, ...args: (number | bigint)[]): number {
    const r = this.fns[name]!.call(args);
    if (r instanceof Promise) throw new Error(`${name} unexpectedly returned a Promise`);
    return r;
  }

  u32(p: number): number {
    return this.view.getUint32(p, true);
  }
  u64(p: number): bigint {
    return this.view.getBigUint64(p, true);
  }
  text(p: number, len: number): string {
    return new TextDecoder().decode(this.bytes.subarray(p, p + len));
  }

  /** path_open relative to dirFd; returns [errno, fd]. */
  open(dirFd: number, path: string, opts: { oflags?: number; rights?: bigint; fdflags?: number; follow?: boolean } = {}): [number, number] {
    const [p, l] = this.str(path);
    const out = this.alloc(4);
    const errno = this.call('path_open', dirFd, opts.follow === false ? 0 : 1, p, l, opts.oflags ?? 0, opts.rights ?? ~0n, ~0n, opts.fdflags ?? 0, out);
    return [errno, this.u32(out)];
  }

  /** fd_write of a string; returns [errno, nwritten]. */
  write(fd: number, data: string): [number, number] {
    const [iovs, n] = this.iov(data);
    const out = this.alloc(4);
    const errno = this.call('fd_write', fd, iovs, n, out);
    return [errno, this.u32(out)];
  }

  /** fd_read of up to n bytes; returns [errno, text]. */
  read(fd: number, n: number): [number, string] {
    const [iovs, count, buf] = this.readIov(n);
    const out = this.alloc(4);
    const errno = this.call('fd_read', fd, iovs, count, out);
    return [errno, this.text(buf, this.u32(out))];
  }
}
