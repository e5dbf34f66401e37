// The preview1 struct layouts (little-endian, C alignment) and their
// readers/writers. Offsets are written out here once, by name, so the call
// bodies never do pointer arithmetic of their own.

import type { GuestMemory } from './guest-memory.js';

/** fdstat: filetype u8 @0, fdflags u16 @2, rights_base u64 @8, rights_inheriting u64 @16. */
export const FDSTAT_SIZE = 24;
export interface FdStat {
  filetype: number;
  flags: number;
  rightsBase: bigint;
  rightsInheriting: bigint;
}
export function writeFdStat(m: GuestMemory, ptr: number, s: FdStat): void {
  m.check(ptr, FDSTAT_SIZE);
  m.bytes.fill(0, ptr >>> 0, (ptr >>> 0) + FDSTAT_SIZE); // padding bytes are zero, not stale
  m.setU8(ptr, s.filetype);
  m.setU16(ptr + 2, s.flags);
  m.setU64(ptr + 8, s.rightsBase);
  m.setU64(ptr + 16, s.rightsInheriting);
}

/** filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32, atim @40, mtim @48, ctim @56 (u64 but filetype). */
export const FILESTAT_SIZE = 64;
export interface FileStat {
  dev: bigint;
  ino: bigint;
  filetype: number;
  nlink: bigint;
  size: bigint;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}
export function writeFileStat(m: GuestMemory, ptr: number, s: FileStat): void {
  m.check(ptr, FILESTAT_SIZE);
  m.bytes.fill(0, ptr >>> 0, (ptr >>> 0) + FILESTAT_SIZE);
  m.setU64(ptr, s.dev);
  m.setU64(ptr + 8, s.ino);
  m.setU8(ptr + 16, s.filetype);
  m.setU64(ptr + 24, s.nlink);
  m.setU64(ptr + 32, s.size);
  m.setU64(ptr + 40, s.atim);
  m.setU64(ptr + 48, s.mtim);
  m.setU64(ptr + 56, s.ctim);
}

/** prestat: tag u8 @0 (0 = dir), dir.pr_name_len u32 @4. */
export const PRESTAT_SIZE = 8;
export function writePrestatDir(m: GuestMemory, ptr: number, nameLen: number): void {
  m.check(ptr, PRESTAT_SIZE);
  m.bytes.fill(0, ptr >>> 0, (ptr >>> 0) + PRESTAT_SIZE);
  m.setU8(ptr, 0);
  m.setU32(ptr + 4, nameLen);
}

/** dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; the name follows at @24. */
export const DIRENT_SIZE = 24;
export function encodeDirent(next: bigint, ino: bigint, type: number, name: Uint8Array): Uint8Array {
  const out = new Uint8Array(DIRENT_SIZE + name.length);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, next, true);
  v.setBigUint64(8, ino, true);
  v.setUint32(16, name.length, true);
  v.setUint8(20, type);
  out.set(name, DIRENT_SIZE);
  return out;
}

/**
 * subscription (48 bytes): userdata u64 @0, tag u8 @8, and the union at @16:
 *   clock: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40
 *   fd_read / fd_write: file_descriptor u32 @16
 */
export const SUBSCRIPTION_SIZE = 48;
export type Subscription =
  | { userdata: bigint; tag: 0; clockId: number; timeout: bigint; precision: bigint; flags: number }
  | { userdata: bigint; tag: 1 | 2; fd: number }
  | { userdata: bigint; tag: number; unknown: true };
export function readSubscription(m: GuestMemory, ptr: number): Subscription {
  m.check(ptr, SUBSCRIPTION_SIZE);
  const userdata = m.u64(ptr);
  const tag = m.u8(ptr + 8);
  if (tag === 0) {
    return { userdata, tag, clockId: m.u32(ptr + 16), timeout: m.u64(ptr + 24), precision: m.u64(ptr + 32), flags: m.u16(ptr + 40) };
  }
  if (tag === 1 || tag === 2) return { userdata, tag, fd: m.u32(ptr + 16) };
  return { userdata, tag, unknown: true };
}

/** event (32 bytes): userdata u64 @0, error u16 @8, type u8 @10, fd_readwrite: nbytes u64 @16, flags u16 @24. */
export const EVENT_SIZE = 32;
export interface WasiEvent {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
  flags: number;
}
export function writeEvent(m: GuestMemory, ptr: number, e: WasiEvent): void {
  m.check(ptr, EVENT_SIZE);
  m.bytes.fill(0, ptr >>> 0, (ptr >>> 0) + EVENT_SIZE);
  m.setU64(ptr, e.userdata);
  m.setU16(ptr + 8, e.error);
  m.setU8(ptr + 10, e.type);
  m.setU64(ptr + 16, e.nbytes);
  m.setU16(ptr + 24, e.flags);
}
