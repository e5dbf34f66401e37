// The path_* calls. Every guest path goes through sandbox.resolvePath from a
// directory fd first; the host fs call then uses only the resolved host path,
// and only calls that do not follow a final symlink (lstat, lutimes, link,
// rename, unlink, rmdir, mkdir, symlink, open with O_NOFOLLOW).

import fs from 'node:fs';
import {
  DIRECTORY_INHERITING_RIGHTS, DIRECTORY_RIGHTS, Errno, FDFLAGS_ALL, FILE_RIGHTS, FileType, LookupFlags, OFlags, Rights,
} from './constants.js';
import { fileTypeOf, type WasiContext } from './context.js';
import { fail } from './errors.js';
import type { DirectoryEntry, FdEntry } from './fd-table.js';
import { writeFileStat } from './layouts.js';
import { openResolved, resolvePath, symlinkTargetStaysInside, type ResolvedPath } from './sandbox.js';
import { fileStatOf, timesToSet } from './stat.js';
import { def, type CallDef } from './signatures.js';
import { liveDirectoryPath } from './calls-fd.js';

/** A directory fd with the given rights that still is the directory it was opened as. */
function directory(ctx: WasiContext, fd: number, rights: bigint): DirectoryEntry {
  const e = ctx.fds.directory(fd, rights);
  liveDirectoryPath(e);
  return e;
}

function guestPath(ctx: WasiContext, ptr: number, len: number): string {
  return ctx.memory().string(ptr, len);
}

/** Resolves a path naming an entry of some directory, to be created, removed or renamed (never following it). */
function resolveEntry(dir: DirectoryEntry, p: string): ResolvedPath {
  // A trailing '/' only insists on a directory; it must not make us follow a final symlink here.
  const stripped = p.replace(/\/+$/, '');
  const mustBeDir = stripped.length !== p.length;
  const r = resolvePath(dir.location, stripped === '' ? p : stripped, { followFinal: false });
  if (mustBeDir && r.stat !== null && !r.stat.isDirectory()) fail(Errno.NOTDIR);
  return r;
}

function mustExist(r: ResolvedPath): fs.BigIntStats {
  if (r.stat === null) fail(Errno.NOENT, `${r.hostPath} does not exist`);
  return r.stat;
}

function follows(lookupFlags: number): boolean {
  return (lookupFlags & LookupFlags.SYMLINK_FOLLOW) !== 0;
}

/** Host open(2) flags for a guest open: access mode from the rights, creation from oflags. */
function hostOpenFlags(oflags: number, read: boolean, write: boolean, directory: boolean): number {
  const c = fs.constants;
  let flags = write ? (read ? c.O_RDWR : c.O_WRONLY) : c.O_RDONLY;
  if (oflags & OFlags.CREAT) flags |= c.O_CREAT;
  if (oflags & OFlags.EXCL) flags |= c.O_EXCL;
  if (oflags & OFlags.TRUNC) flags |= c.O_TRUNC;
  if (directory) flags |= c.O_DIRECTORY ?? 0;
  // No O_APPEND and no O_*SYNC: fd_write emulates them, so fd_fdstat_set_flags can change them later.
  return flags;
}

function pathOpen(
  ctx: WasiContext, fd: number, dirFlags: number, pathPtr: number, pathLen: number, oflags: number,
  rightsBase: bigint, rightsInheriting: bigint, fdFlags: number, openedFdPtr: number,
): number {
  if (oflags & ~(OFlags.CREAT | OFlags.DIRECTORY | OFlags.EXCL | OFlags.TRUNC)) fail(Errno.INVAL);
  if (fdFlags & ~FDFLAGS_ALL) fail(Errno.INVAL);
  let needed = Rights.PATH_OPEN;
  if (oflags & OFlags.CREAT) needed |= Rights.PATH_CREATE_FILE;
  if (oflags & OFlags.TRUNC) needed |= Rights.PATH_FILESTAT_SET_SIZE;
  const dir = directory(ctx, fd, needed);
  const p = guestPath(ctx, pathPtr, pathLen);
  ctx.memory().check(openedFdPtr, 4);

  const r = resolvePath(dir.location, p, { followFinal: follows(dirFlags) });
  const wantDir = (oflags & OFlags.DIRECTORY) !== 0 || r.trailingSlash;
  if (r.stat === null) {
    if (!(oflags & OFlags.CREAT)) fail(Errno.NOENT, `${p} does not exist`);
    if (wantDir) fail(Errno.ISDIR, 'cannot create a directory with path_open');
  } else {
    if ((oflags & OFlags.CREAT) && (oflags & OFlags.EXCL)) fail(Errno.EXIST);
    if (r.stat.isSymbolicLink()) fail(Errno.LOOP, `${p} is a symlink and SYMLINK_FOLLOW is not set`);
    if (wantDir && !r.stat.isDirectory()) fail(Errno.NOTDIR);
  }
  const isDir = r.stat !== null && r.stat.isDirectory();

  // A new fd gets what was asked for, limited by what its directory may hand down and what its type can do.
  // Rights are upper bounds, so extra ones are dropped silently; but FD_WRITE on a directory the guest
  // did not open as one (O_DIRECTORY) is POSIX's open(dir, O_WRONLY | O_RDWR): EISDIR.
  if (isDir && !(oflags & OFlags.DIRECTORY) && (rightsBase & Rights.FD_WRITE)) fail(Errno.ISDIR, `${p} is a directory`);
  const base = rightsBase & dir.rightsInheriting & (isDir ? DIRECTORY_RIGHTS : FILE_RIGHTS);
  const inheriting = rightsInheriting & dir.rightsInheriting & DIRECTORY_INHERITING_RIGHTS;
  const write = (base & (Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE)) !== 0n;
  const read = (base & (Rights.FD_READ | Rights.FD_READDIR)) !== 0n || !write;

  const osFd = openResolved(r, hostOpenFlags(oflags, read, write, isDir));
  let entry: FdEntry;
  try {
    if (isDir) {
      entry = { kind: 'dir', osFd, location: { root: r.root, rel: r.rel }, rightsBase: base, rightsInheriting: inheriting, flags: fdFlags };
    } else {
      const st = fs.fstatSync(osFd, { bigint: true });
      const filetype = fileTypeOf(st);
      entry = { kind: 'file', osFd, hostPath: r.hostPath, filetype, position: 0n, rightsBase: base, rightsInheriting: 0n, flags: fdFlags };
      if (filetype === FileType.DIRECTORY) fail(Errno.NOTCAPABLE, `${p} became a directory while opening`);
    }
    const opened = ctx.fds.allocate(entry);
    ctx.memory().setU32(openedFdPtr, opened);
  } catch (e) {
    fs.closeSync(osFd);
    throw e;
  }
  return Errno.SUCCESS;
}

export const pathCalls: Record<string, CallDef> = {
  path_open: def(['i32', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32', 'i32'], pathOpen),

  path_create_directory: def(['i32', 'i32', 'i32'], (ctx, fd, pathPtr, pathLen) => {
    const dir = directory(ctx, fd, Rights.PATH_CREATE_DIRECTORY);
    const r = resolveEntry(dir, guestPath(ctx, pathPtr, pathLen));
    if (r.stat !== null || !r.endsInName) fail(Errno.EXIST);
    fs.mkdirSync(r.hostPath, 0o777);
    return Errno.SUCCESS;
  }),

  path_filestat_get: def(['i32', 'i32', 'i32', 'i32', 'i32'], (ctx, fd, flags, pathPtr, pathLen, buf) => {
    const dir = directory(ctx, fd, Rights.PATH_FILESTAT_GET);
    const r = resolvePath(dir.location, guestPath(ctx, pathPtr, pathLen), { followFinal: follows(flags) });
    writeFileStat(ctx.memory(), buf, fileStatOf(mustExist(r)));
    return Errno.SUCCESS;
  }),

  path_filestat_set_times: def(['i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32'], (ctx, fd, flags, pathPtr, pathLen, atim, mtim, fstFlags) => {
    const dir = directory(ctx, fd, Rights.PATH_FILESTAT_SET_TIMES);
    const r = resolvePath(dir.location, guestPath(ctx, pathPtr, pathLen), { followFinal: follows(flags) });
    const [a, m] = timesToSet(mustExist(r), atim, mtim, fstFlags, ctx.clock);
    fs.lutimesSync(r.hostPath, a, m); // lutimes: a symlink here is one the guest asked not to follow
    return Errno.SUCCESS;
  }),

  path_link: def(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (ctx, oldFd, oldFlags, oldPtr, oldLen, newFd, newPtr, newLen) => {
    const oldDir = directory(ctx, oldFd, Rights.PATH_LINK_SOURCE);
    const newDir = directory(ctx, newFd, Rights.PATH_LINK_TARGET);
    const source = resolvePath(oldDir.location, guestPath(ctx, oldPtr, oldLen), { followFinal: follows(oldFlags) });
    if (mustExist(source).isDirectory()) fail(Errno.PERM, 'cannot hard-link a directory');
    const target = resolveEntry(newDir, guestPath(ctx, newPtr, newLen));
    if (target.stat !== null || !target.endsInName) fail(Errno.EXIST);
    fs.linkSync(source.hostPath, target.hostPath); // link(2) does not follow a symlink source
    return Errno.SUCCESS;
  }),

  path_readlink: def(['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (ctx, fd, pathPtr, pathLen, buf, bufLen, bufusedPtr) => {
    const dir = directory(ctx, fd, Rights.PATH_READLINK);
    const r = resolvePath(dir.location, guestPath(ctx, pathPtr, pathLen), { followFinal: false });
    if (!mustExist(r).isSymbolicLink()) fail(Errno.INVAL, `${r.hostPath} is not a symlink`);
    const m = ctx.memory();
    m.check(buf, bufLen);
    m.check(bufusedPtr, 4);
    const target = fs.readlinkSync(r.hostPath, { encoding: 'buffer' });
    const n = Math.min(target.length, bufLen); // truncated like readlink(2)
    m.write(buf, target.subarray(0, n));
    m.setU32(bufusedPtr, n);
    return Errno.SUCCESS;
  }),

  path_remove_directory: def(['i32', 'i32', 'i32'], (ctx, fd, pathPtr, pathLen) => {
    const dir = directory(ctx, fd, Rights.PATH_REMOVE_DIRECTORY);
    const r = resolveEntry(dir, guestPath(ctx, pathPtr, pathLen));
    if (!r.endsInName || r.rel.length === 0) fail(Errno.INVAL, 'cannot remove . or ..');
    if (!mustExist(r).isDirectory()) fail(Errno.NOTDIR);
    fs.rmdirSync(r.hostPath);
    return Errno.SUCCESS;
  }),

  path_rename: def(['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (ctx, fd, oldPtr, oldLen, newFd, newPtr, newLen) => {
    const oldDir = directory(ctx, fd, Rights.PATH_RENAME_SOURCE);
    const newDir = directory(ctx, newFd, Rights.PATH_RENAME_TARGET);
    const source = resolveEntry(oldDir, guestPath(ctx, oldPtr, oldLen));
    const target = resolveEntry(newDir, guestPath(ctx, newPtr, newLen));
    if (!source.endsInName || !target.endsInName || source.rel.length === 0 || target.rel.length === 0) fail(Errno.BUSY);
    mustExist(source);
    fs.renameSync(source.hostPath, target.hostPath); // rename(2) moves links themselves, never their targets
    return Errno.SUCCESS;
  }),

  path_symlink: def(['i32', 'i32', 'i32', 'i32', 'i32'], (ctx, oldPtr, oldLen, fd, newPtr, newLen) => {
    const dir = directory(ctx, fd, Rights.PATH_SYMLINK);
    const linkTarget = guestPath(ctx, oldPtr, oldLen);
    const r = resolveEntry(dir, guestPath(ctx, newPtr, newLen));
    if (r.stat !== null || !r.endsInName) fail(Errno.EXIST);
    // Following would refuse such a link anyway; refusing to make it keeps the host tree clean too.
    if (!symlinkTargetStaysInside(r.rel, linkTarget)) fail(Errno.NOTCAPABLE, `symlink target ${linkTarget} leaves the preopen`);
    fs.symlinkSync(linkTarget, r.hostPath);
    return Errno.SUCCESS;
  }),

  path_unlink_file: def(['i32', 'i32', 'i32'], (ctx, fd, pathPtr, pathLen) => {
    const dir = directory(ctx, fd, Rights.PATH_UNLINK_FILE);
    const r = resolveEntry(dir, guestPath(ctx, pathPtr, pathLen));
    if (!r.endsInName) fail(Errno.ISDIR);
    if (mustExist(r).isDirectory()) fail(Errno.ISDIR);
    fs.unlinkSync(r.hostPath);
    return Errno.SUCCESS;
  }),
};
