// Confinement of guest paths to preopened directories.
//
// A guest path is always relative to a directory fd, and that directory is a
// location inside one preopen root. We resolve the path ourselves, one
// component at a time, on the host file system:
//   - absolute guest paths are refused (ENOTCAPABLE): the guest's libc maps
//     them to a preopen before calling us;
//   - `..` pops one component and is refused when nothing is left to pop, so
//     the walk can never climb above the root;
//   - every component is lstat'ed; a symlink is expanded by reading its target
//     and splicing the target's components into the walk (never letting the
//     OS follow it), so its `..` are subject to the same rule; an absolute
//     target is refused; more than MAX_SYMLINKS expansions is ELOOP;
//   - at the end the real path of the parent (and of the entry when it exists
//     and is not a symlink we were told to leave alone) must lie under the
//     real path of the root, which catches a tree changed under our feet
//     between the lstat and the use;
//   - files are opened with O_NOFOLLOW, so a symlink swapped in at the last
//     moment is not followed either.
// The walk only ever touches paths under the root: nothing outside a preopen
// is read, written, stat'ed or listed.
//
// Node has no openat(), so a concurrent host process that swaps an
// intermediate directory for a symlink between our check and the use can
// still win a race; the realpath check narrows that window, it cannot close it.

import fs from 'node:fs';
import path from 'node:path';
import { Errno } from './constants.js';
import { fail } from './errors.js';

/** Linux's limit on symlink expansions in one lookup. */
export const MAX_SYMLINKS = 40;
/** Longest guest path we accept (PATH_MAX). */
export const MAX_PATH_BYTES = 4096;

/** A directory inside a preopen: the real path of the root and the components below it. */
export interface SandboxLocation {
  /** Real path (no symlinks) of the preopened directory on the host. */
  readonly root: string;
  /** Components from the root down; none is '', '.', '..' or a symlink at resolution time. */
  readonly rel: readonly string[];
}

export interface ResolvedPath extends SandboxLocation {
  /** The host path of the entry: root joined with rel. */
  readonly hostPath: string;
  /** lstat of the entry, or null when it does not exist (yet). */
  readonly stat: fs.BigIntStats | null;
  /** The guest path ended in a name (not '.' or '..'), so it names an entry of its parent. */
  readonly endsInName: boolean;
  /** The guest path ended in '/': the entry must be a directory. */
  readonly trailingSlash: boolean;
}

export interface ResolveOptions {
  /** Expand a symlink in the final component (lookupflags SYMLINK_FOLLOW). */
  readonly followFinal: boolean;
}

/** The real path of a host directory to preopen. Throws (a host configuration error) if it is not one. */
export function preopenRoot(hostPath: string): string {
  const real = fs.realpathSync(hostPath);
  if (!fs.statSync(real).isDirectory()) throw new Error(`preopen ${hostPath} is not a directory`);
  return real;
}

export function hostPathOf(loc: SandboxLocation): string {
  return loc.rel.length === 0 ? loc.root : path.join(loc.root, ...loc.rel);
}

/** Whether host path p is root itself or lies below it (both real paths). */
export function isInside(root: string, p: string): boolean {
  if (p === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return p.startsWith(prefix);
}

function lstatOrNull(p: string): fs.BigIntStats | null {
  const st = fs.lstatSync(p, { bigint: true, throwIfNoEntry: false });
  return st ?? null;
}

/** Splits a guest path into components, keeping '.' and '..' but dropping empty ones from '//'. */
function components(p: string): string[] {
  return p.split('/').filter((c) => c !== '');
}

function checkGuestPathText(guestPath: string): void {
  if (guestPath === '') fail(Errno.NOENT, 'empty path');
  if (guestPath.includes('\0')) fail(Errno.INVAL, 'path contains NUL');
  if (Buffer.byteLength(guestPath) > MAX_PATH_BYTES) fail(Errno.NAMETOOLONG);
  if (guestPath.startsWith('/')) fail(Errno.NOTCAPABLE, `absolute path ${guestPath}`);
}

/**
 * Resolves a guest path relative to a directory inside the sandbox. Fails with
 * ENOTCAPABLE for anything that would leave the root, ELOOP for symlink
 * cycles, ENOENT/ENOTDIR for missing or non-directory intermediate components.
 * The final component may be missing (stat null), so callers can create it.
 */
export function resolvePath(dir: SandboxLocation, guestPath: string, opts: ResolveOptions): ResolvedPath {
  checkGuestPathText(guestPath);
  const root = dir.root;
  const trailingSlash = guestPath.endsWith('/');
  const guestParts = components(guestPath);
  const lastGuest = guestParts[guestParts.length - 1];
  const endsInName = lastGuest !== undefined && lastGuest !== '.' && lastGuest !== '..';

  const stack = [...dir.rel];
  const pending = [...guestParts].reverse(); // popped from the end: next component first
  let expansions = 0;
  let finalStat: fs.BigIntStats | null = null;
  const here = (): string => (stack.length === 0 ? root : path.join(root, ...stack));

  while (pending.length > 0) {
    const part = pending.pop()!;
    const isLast = pending.length === 0;
    if (part === '.' || part === '..') {
      if (part === '..') {
        if (stack.length === 0) fail(Errno.NOTCAPABLE, `${guestPath} climbs above its preopen`);
        stack.pop();
      }
      if (isLast) finalStat = lstatOrNull(here());
      continue;
    }
    const candidate = path.join(here(), part);
    const st = lstatOrNull(candidate);
    if (st === null) {
      if (!isLast) fail(Errno.NOENT, `${guestPath}: ${part} does not exist`);
      stack.push(part);
      finalStat = null;
      break;
    }
    if (st.isSymbolicLink() && (!isLast || opts.followFinal || trailingSlash)) {
      if (++expansions > MAX_SYMLINKS) fail(Errno.LOOP, `${guestPath}: too many symlinks`);
      const target = fs.readlinkSync(candidate, 'utf8');
      if (target === '') fail(Errno.NOENT);
      if (path.isAbsolute(target)) fail(Errno.NOTCAPABLE, `${guestPath}: symlink ${part} is absolute`);
      // The target replaces this component; its own `..` are checked like the guest's.
      const targetParts = components(target);
      if (targetParts.length === 0) fail(Errno.NOENT);
      for (let i = targetParts.length - 1; i >= 0; i--) pending.push(targetParts[i]!);
      continue;
    }
    if (!isLast && !st.isDirectory()) fail(Errno.NOTDIR, `${guestPath}: ${part} is not a directory`);
    stack.push(part);
    if (isLast) finalStat = st;
  }

  if (trailingSlash && finalStat !== null && !finalStat.isDirectory()) fail(Errno.NOTDIR);
  const hostPath = here();
  confirmContainment(root, stack, hostPath, finalStat);
  return { root, rel: stack, hostPath, stat: finalStat, endsInName, trailingSlash };
}

/**
 * The check on real host paths: the parent of the entry must really be where
 * the walk thinks it is, under the root, and an existing non-symlink entry
 * must really lie under the root too.
 */
function confirmContainment(root: string, rel: readonly string[], hostPath: string, stat: fs.BigIntStats | null): void {
  if (rel.length > 0) {
    const parent = path.dirname(hostPath);
    const realParent = fs.realpathSync(parent);
    if (realParent !== parent || !isInside(root, realParent)) {
      fail(Errno.NOTCAPABLE, `${hostPath}: parent moved outside the preopen`);
    }
  }
  if (stat !== null && !stat.isSymbolicLink()) {
    const real = fs.realpathSync(hostPath);
    if (!isInside(root, real)) fail(Errno.NOTCAPABLE, `${hostPath}: resolves outside the preopen`);
  }
}

/**
 * Opens a resolved entry. O_NOFOLLOW always: a symlink the guest asked to
 * follow was already expanded by resolvePath, so a symlink here is one the
 * guest asked not to follow, or one swapped in since. When the entry existed,
 * the opened file must be the one we checked (same device and inode).
 */
export function openResolved(r: ResolvedPath, flags: number, mode = 0o666): number {
  if (r.stat !== null && r.stat.isSymbolicLink()) fail(Errno.LOOP, `${r.hostPath} is a symlink`);
  const fd = fs.openSync(r.hostPath, flags | (fs.constants.O_NOFOLLOW ?? 0), mode);
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    if (r.stat !== null && (st.dev !== r.stat.dev || st.ino !== r.stat.ino)) {
      fail(Errno.NOTCAPABLE, `${r.hostPath} changed while being opened`);
    }
    if (r.stat === null) confirmContainment(r.root, r.rel, r.hostPath, st);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  return fd;
}

/**
 * Whether a symlink created at `linkRel` (components below the root, the last
 * being the link's own name) with this target text stays inside the root when
 * read lexically. Used to refuse creating links that point out of the sandbox;
 * following any link is checked again at use anyway.
 */
export function symlinkTargetStaysInside(linkRel: readonly string[], target: string): boolean {
  if (target === '' || target.includes('\0') || path.isAbsolute(target)) return false;
  let depth = linkRel.length - 1; // the link lives in its parent directory
  for (const part of components(target)) {
    if (part === '.') continue;
    if (part === '..') {
      if (--depth < 0) return false;
    } else {
      depth++;
    }
  }
  return true;
}
