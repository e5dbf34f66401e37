// The fd_* calls: I/O on open descriptors, their status and their rights.
// Files are read and written positionally at the position the table keeps;
// stdout/stderr go to the embedder's callbacks; stdin may be asynchronous.

import fs from 'node:fs';
import path from 'node:path';
import { ADVICE_MAX, Errno, FDFLAGS_ALL, FdFlags, FileType, Rights, Whence } from './constants.js';
import { fileTypeOf, type WasiContext } from './context.js';
import { fail } from './errors.js';
import type { DirectoryEntry, DirListing, FdEntry, FileEntry } from './fd-table.js';
import { utf8, type GuestMemory, type IoSpan } from './guest-memory.js';
import { encodeDirent, writeFdStat, writeFileStat, writePrestatDir } from './layouts.js';
import { hostPathOf } from './sandbox.js';
import { fileStatOf, timesToSet } from './stat.js';
import { def, type CallDef } from './signatures.js';

/** Largest single host read or write; longer requests are short reads/writes, as POSIX allows. */
const MAX_IO_BYTES = 16 * 1024 * 1024;

/** A u64 file offset as a JS number, or EFBIG beyond what Node's fs calls take. */
function offsetNumber(offset: bigint): number {
  if (offset > BigInt(Number.MAX_SAFE_INTEGER)) fail(Errno.FBIG);
  return Number(offset);
}

function totalLength(spans: readonly IoSpan[]): number {
  return Math.min(spans.reduce((n, s) => n + s.len, 0), MAX_IO_BYTES);
}

/** The file behind an fd for positional I/O: streams cannot seek, directories are not files. */
function fileEntry(ctx: WasiContext, fd: number, rights: bigint): FileEntry {
  const e = ctx.fds.get(fd);
  if (e.kind === 'dir') fail(Errno.ISDIR);
  if (e.kind !== 'file') fail(Errno.SPIPE);
  return ctx.fds.withRights(fd, rights) as FileEntry;
}

function readFileAt(e: FileEntry, m: GuestMemory, spans: readonly IoSpan[], at: bigint): number {
  const scratch = Buffer.alloc(totalLength(spans));
  const n = fs.readSync(e.osFd, scratch, 0, scratch.length, offsetNumber(at));
  return m.scatter(spans, scratch.subarray(0, n));
}

function writeFileAt(e: FileEntry, data: Uint8Array, at: bigint): number {
  const n = fs.writeSync(e.osFd, data, 0, Math.min(data.length, MAX_IO_BYTES), offsetNumber(at));
  if (e.flags & FdFlags.SYNC) fs.fsyncSync(e.osFd);
  else if (e.flags & FdFlags.DSYNC) fs.fdatasyncSync(e.osFd);
  return n;
}

function fileSize(e: FileEntry): bigint {
  return fs.fstatSync(e.osFd, { bigint: true }).size;
}

/** fd 0: serve leftovers first, then ask the source; its Promise makes the call asynchronous. */
function readStdin(ctx: WasiContext, iovs: number, iovsLen: number, nreadPtr: number): number | Promise<number> {
  const m = ctx.memory();
  const want = totalLength(m.ioSpans(iovs, iovsLen));
  m.check(nreadPtr, 4);
  const deliver = (data: Uint8Array | null): number => {
    // The memory may have grown while we waited: take fresh views and re-check the spans.
    const mem = ctx.memory();
    const spans = mem.ioSpans(iovs, iovsLen);
    const bytes = data ?? new Uint8Array(0);
    const n = mem.scatter(spans, bytes.subarray(0, want));
    ctx.stdinPending = n < bytes.length ? bytes.slice(n) : null;
    mem.setU32(nreadPtr, n);
    return Errno.SUCCESS;
  };
  if (want === 0) return deliver(null);
  if (ctx.stdinPending !== null) return deliver(ctx.stdinPending);
  if (ctx.stdin === undefined) return deliver(null);
  const got = ctx.stdin(want);
  return got instanceof Promise ? got.then(deliver) : deliver(got);
}

function fdStatOf(e: FdEntry): number {
  switch (e.kind) {
    case 'stdin':
    case 'stdout':
    case 'stderr':
      return FileType.CHARACTER_DEVICE;
    case 'file':
      return e.filetype;
    case 'dir':
      return FileType.DIRECTORY;
  }
}

/**
 * The host path of a directory fd, checked to still be the directory that was
 * opened (a rename may have moved it): ESTALE if not. Paths are resolved from
 * its location, so this keeps a stale fd from silently meaning another directory.
 */
export function liveDirectoryPath(e: DirectoryEntry): string {
  const hostPath = hostPathOf(e.location);
  const now = fs.lstatSync(hostPath, { bigint: true, throwIfNoEntry: false });
  const opened = fs.fstatSync(e.osFd, { bigint: true });
  if (now === undefined || now.dev !== opened.dev || now.ino !== opened.ino) fail(Errno.STALE, `${hostPath} moved`);
  return hostPath;
}

/** Snapshot of a directory: '.', '..', then entries by name, so cookies (indices) stay stable. */
function listDirectory(e: DirectoryEntry): DirListing {
  const dirPath = liveDirectoryPath(e);
  const self = fs.fstatSync(e.osFd, { bigint: true });
  // At the preopen root, '..' would be outside the sandbox: report it as the root itself.
  const parentIno = e.location.rel.length === 0 ? self.ino : fs.lstatSync(path.dirname(dirPath), { bigint: true }).ino;
  const entries: { name: Uint8Array; ino: bigint; type: number }[] = [
    { name: utf8('.'), ino: self.ino, type: FileType.DIRECTORY },
    { name: utf8('..'), ino: parentIno, type: FileType.DIRECTORY },
  ];
  const names = fs.readdirSync(dirPath, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of names) {
    const st = fs.lstatSync(path.join(dirPath, d.name), { bigint: true, throwIfNoEntry: false });
    if (st === undefined) continue; // removed since the listing
    entries.push({ name: utf8(d.name), ino: st.ino, type: fileTypeOf(d) });
  }
  return { entries };
}

export const fdCalls: Record<string, CallDef> = {
  fd_advise: def(['i32', 'i64', 'i64', 'i32'], (ctx, fd, _offset, _len, advice) => {
    fileEntry(ctx, fd, Rights.FD_ADVISE);
    if (advice > ADVICE_MAX) fail(Errno.INVAL);
    return Errno.SUCCESS; // a hint only; Node offers no posix_fadvise
  }),

  fd_allocate: def(['i32', 'i64', 'i64'], (ctx, fd, offset, len) => {
    const e = fileEntry(ctx, fd, Rights.FD_ALLOCATE);
    if (len === 0n) fail(Errno.INVAL);
    const end = offset + len;
    // No fallocate in Node: growing the file to the end of the range gives the same guarantee to readers.
    if (end > fileSize(e)) fs.ftruncateSync(e.osFd, offsetNumber(end));
    return Errno.SUCCESS;
  }),

  fd_close: def(['i32'], (ctx, fd) => {
    ctx.fds.close(fd);
    return Errno.SUCCESS;
  }),

  fd_datasync: def(['i32'], (ctx, fd) => {
    const e = ctx.fds.withRights(fd, Rights.FD_DATASYNC);
    if (e.kind === 'file') fs.fdatasyncSync(e.osFd);
    return Errno.SUCCESS;
  }),

  fd_sync: def(['i32'], (ctx, fd) => {
    const e = ctx.fds.withRights(fd, Rights.FD_SYNC);
    if (e.kind === 'file' || e.kind === 'dir') fs.fsyncSync(e.osFd);
    return Errno.SUCCESS;
  }),

  fd_fdstat_get: def(['i32', 'i32'], (ctx, fd, ptr) => {
    const e = ctx.fds.get(fd);
    writeFdStat(ctx.memory(), ptr, { filetype: fdStatOf(e), flags: e.flags, rightsBase: e.rightsBase, rightsInheriting: e.rightsInheriting });
    return Errno.SUCCESS;
  }),

  fd_fdstat_set_flags: def(['i32', 'i32'], (ctx, fd, flags) => {
    const e = ctx.fds.withRights(fd, Rights.FD_FDSTAT_SET_FLAGS);
    if (flags & ~FDFLAGS_ALL) fail(Errno.INVAL);
    // All flags are emulated per write (APPEND, DSYNC, SYNC) or meaningless here (NONBLOCK, RSYNC).
    e.flags = flags;
    return Errno.SUCCESS;
  }),

  fd_fdstat_set_rights: def(['i32', 'i64', 'i64'], (ctx, fd, base, inheriting) => {
    const e = ctx.fds.get(fd);
    // Rights can only be dropped, never gained.
    if ((base & ~e.rightsBase) !== 0n || (inheriting & ~e.rightsInheriting) !== 0n) fail(Errno.NOTCAPABLE);
    e.rightsBase = base;
    e.rightsInheriting = inheriting;
    return Errno.SUCCESS;
  }),

  fd_filestat_get: def(['i32', 'i32'], (ctx, fd, ptr) => {
    const e = ctx.fds.withRights(fd, Rights.FD_FILESTAT_GET);
    const m = ctx.memory();
    if (e.kind === 'file' || e.kind === 'dir') {
      writeFileStat(m, ptr, fileStatOf(fs.fstatSync(e.osFd, { bigint: true })));
    } else {
      writeFileStat(m, ptr, { dev: 0n, ino: 0n, filetype: FileType.CHARACTER_DEVICE, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n });
    }
    return Errno.SUCCESS;
  }),

  fd_filestat_set_size: def(['i32', 'i64'], (ctx, fd, size) => {
    const e = fileEntry(ctx, fd, Rights.FD_FILESTAT_SET_SIZE);
    fs.ftruncateSync(e.osFd, offsetNumber(size));
    return Errno.SUCCESS;
  }),

  fd_filestat_set_times: def(['i32', 'i64', 'i64', 'i32'], (ctx, fd, atim, mtim, fstFlags) => {
    const e = ctx.fds.withRights(fd, Rights.FD_FILESTAT_SET_TIMES);
    if (e.kind !== 'file' && e.kind !== 'dir') fail(Errno.BADF);
    const [a, m] = timesToSet(fs.fstatSync(e.osFd, { bigint: true }), atim, mtim, fstFlags, ctx.clock);
    fs.futimesSync(e.osFd, a, m);
    return Errno.SUCCESS;
  }),

  fd_pread: def(['i32', 'i32', 'i32', 'i64', 'i32'], (ctx, fd, iovs, iovsLen, offset, nreadPtr) => {
    const e = fileEntry(ctx, fd, Rights.FD_READ | Rights.FD_SEEK);
    const m = ctx.memory();
    const spans = m.ioSpans(iovs, iovsLen);
    m.check(nreadPtr, 4);
    m.setU32(nreadPtr, readFileAt(e, m, spans, offset));
    return Errno.SUCCESS;
  }),

  fd_pwrite: def(['i32', 'i32', 'i32', 'i64', 'i32'], (ctx, fd, iovs, iovsLen, offset, nwrittenPtr) => {
    const e = fileEntry(ctx, fd, Rights.FD_WRITE | Rights.FD_SEEK);
    const m = ctx.memory();
    const data = m.gather(m.ioSpans(iovs, iovsLen));
    m.check(nwrittenPtr, 4);
    m.setU32(nwrittenPtr, writeFileAt(e, data, offset));
    return Errno.SUCCESS;
  }),

  fd_read: def(['i32', 'i32', 'i32', 'i32'], (ctx, fd, iovs, iovsLen, nreadPtr) => {
    const e = ctx.fds.withRights(fd, Rights.FD_READ);
    if (e.kind === 'stdin') return readStdin(ctx, iovs, iovsLen, nreadPtr);
    if (e.kind === 'dir') fail(Errno.ISDIR);
    if (e.kind !== 'file') fail(Errno.BADF);
    const m = ctx.memory();
    const spans = m.ioSpans(iovs, iovsLen);
    m.check(nreadPtr, 4);
    const n = readFileAt(e, m, spans, e.position);
    e.position += BigInt(n);
    m.setU32(nreadPtr, n);
    return Errno.SUCCESS;
  }),

  fd_write: def(['i32', 'i32', 'i32', 'i32'], (ctx, fd, iovs, iovsLen, nwrittenPtr) => {
    const e = ctx.fds.withRights(fd, Rights.FD_WRITE);
    const m = ctx.memory();
    const data = m.gather(m.ioSpans(iovs, iovsLen));
    m.check(nwrittenPtr, 4);
    let n: number;
    if (e.kind === 'stdout' || e.kind === 'stderr') {
      // One callback per fd_write with all its iovecs, so a line printed in one call arrives whole.
      if (data.length > 0) (e.kind === 'stdout' ? ctx.stdout : ctx.stderr)(data);
      n = data.length;
    } else if (e.kind === 'file') {
      if (e.flags & FdFlags.APPEND) e.position = fileSize(e);
      n = writeFileAt(e, data, e.position);
      e.position += BigInt(n);
    } else {
      return fail(Errno.BADF);
    }
    m.setU32(nwrittenPtr, n);
    return Errno.SUCCESS;
  }),

  fd_prestat_get: def(['i32', 'i32'], (ctx, fd, ptr) => {
    const e = ctx.fds.get(fd);
    if (e.kind !== 'dir' || e.preopenName === undefined) fail(Errno.BADF);
    writePrestatDir(ctx.memory(), ptr, utf8(e.preopenName).length);
    return Errno.SUCCESS;
  }),

  fd_prestat_dir_name: def(['i32', 'i32', 'i32'], (ctx, fd, ptr, len) => {
    const e = ctx.fds.get(fd);
    if (e.kind !== 'dir' || e.preopenName === undefined) fail(Errno.BADF);
    const name = utf8(e.preopenName);
    if (len < name.length) fail(Errno.NAMETOOLONG);
    ctx.memory().write(ptr, name);
    return Errno.SUCCESS;
  }),

  fd_readdir: def(['i32', 'i32', 'i32', 'i64', 'i32'], (ctx, fd, buf, bufLen, cookie, bufusedPtr) => {
    const e = ctx.fds.get(fd);
    if (e.kind !== 'dir') fail(Errno.NOTDIR);
    ctx.fds.withRights(fd, Rights.FD_READDIR);
    const m = ctx.memory();
    const start = m.check(buf, bufLen);
    m.check(bufusedPtr, 4);
    // Cookie 0 starts a new pass over the directory and takes a fresh snapshot.
    if (cookie === 0n || e.listing === undefined) e.listing = listDirectory(e);
    let used = 0;
    for (let i = cookie; i < BigInt(e.listing.entries.length) && used < bufLen; i++) {
      const entry = e.listing.entries[Number(i)]!;
      const record = encodeDirent(i + 1n, entry.ino, entry.type, entry.name);
      // A record cut short by the end of the buffer tells the guest to retry with a bigger one.
      const n = Math.min(record.length, bufLen - used);
      m.bytes.set(record.subarray(0, n), start + used);
      used += n;
    }
    m.setU32(bufusedPtr, used);
    return Errno.SUCCESS;
  }),

  fd_renumber: def(['i32', 'i32'], (ctx, from, to) => {
    ctx.fds.renumber(from, to);
    return Errno.SUCCESS;
  }),

  fd_seek: def(['i32', 'i64', 'i32', 'i32'], (ctx, fd, offset, whence, newOffsetPtr) => {
    const delta = BigInt.asIntN(64, offset); // filedelta is signed
    // A seek by 0 from the current position is a tell, which FD_TELL alone allows.
    const tellOnly = delta === 0n && whence === Whence.CUR;
    const e = fileEntry(ctx, fd, tellOnly ? Rights.FD_TELL : Rights.FD_SEEK);
    const m = ctx.memory();
    m.check(newOffsetPtr, 8);
    let base: bigint;
    if (whence === Whence.SET) base = 0n;
    else if (whence === Whence.CUR) base = e.position;
    else if (whence === Whence.END) base = fileSize(e);
    else return fail(Errno.INVAL);
    const next = base + delta;
    if (next < 0n) fail(Errno.INVAL);
    e.position = next;
    m.setU64(newOffsetPtr, next);
    return Errno.SUCCESS;
  }),

  fd_tell: def(['i32', 'i32'], (ctx, fd, offsetPtr) => {
    const e = fileEntry(ctx, fd, Rights.FD_TELL);
    ctx.memory().setU64(offsetPtr, e.position);
    return Errno.SUCCESS;
  }),
};
