// The guest's file descriptor table: what each fd number stands for, the
// rights it carries, and the host resources behind it. Files keep their own
// position because Node has no lseek; every read and write is positional.

import fs from 'node:fs';
import { Errno } from './constants.js';
import { fail } from './errors.js';
import type { SandboxLocation } from './sandbox.js';

/** How many fds one guest may hold open at once. */
export const MAX_OPEN_FDS = 4096;

interface EntryBase {
  rightsBase: bigint;
  rightsInheriting: bigint;
  /** fdflags as the guest set them; APPEND and the sync flags are emulated by the host. */
  flags: number;
}

export interface StreamEntry extends EntryBase {
  readonly kind: 'stdin' | 'stdout' | 'stderr';
}

export interface FileEntry extends EntryBase {
  readonly kind: 'file';
  readonly osFd: number;
  /** The host path when opened (for diagnostics only; all I/O goes through osFd). */
  readonly hostPath: string;
  /** REGULAR_FILE, or a device found inside a preopen. */
  readonly filetype: number;
  position: bigint;
}

/** A snapshot of a directory's entries so that readdir cookies stay stable across calls. */
export interface DirListing {
  readonly entries: readonly { name: Uint8Array; ino: bigint; type: number }[];
}

export interface DirectoryEntry extends EntryBase {
  readonly kind: 'dir';
  readonly osFd: number;
  /** Where the directory is inside its preopen; guest paths are resolved from here. */
  readonly location: SandboxLocation;
  /** The guest-visible name when this fd is a preopen (fd_prestat_get answers only for these). */
  readonly preopenName?: string;
  listing?: DirListing;
}

export type FdEntry = StreamEntry | FileEntry | DirectoryEntry;

export class FdTable {
  private readonly entries = new Map<number, FdEntry>();

  /** Puts an entry at a chosen number (setup of stdio and preopens). */
  set(fd: number, entry: FdEntry): void {
    this.entries.set(fd, entry);
  }

  /** Places an entry at the lowest free number, as POSIX open() does. */
  allocate(entry: FdEntry): number {
    if (this.entries.size >= MAX_OPEN_FDS) fail(Errno.MFILE);
    let fd = 0;
    while (this.entries.has(fd)) fd++;
    this.entries.set(fd, entry);
    return fd;
  }

  /** The entry of an open fd, or EBADF. */
  get(fd: number): FdEntry {
    const e = this.entries.get(fd >>> 0);
    if (e === undefined) fail(Errno.BADF, `fd ${fd >>> 0} is not open`);
    return e;
  }

  /** The entry of an open fd that holds all of `rights`, else EBADF / ENOTCAPABLE. */
  withRights(fd: number, rights: bigint): FdEntry {
    const e = this.get(fd);
    if ((e.rightsBase & rights) !== rights) fail(Errno.NOTCAPABLE, `fd ${fd >>> 0} lacks rights 0x${rights.toString(16)}`);
    return e;
  }

  /** A directory fd holding `rights` (ENOTDIR if it is open but not a directory). */
  directory(fd: number, rights: bigint): DirectoryEntry {
    const e = this.withRights(fd, rights);
    if (e.kind !== 'dir') fail(Errno.NOTDIR, `fd ${fd >>> 0} is not a directory`);
    return e;
  }

  close(fd: number): void {
    const e = this.get(fd);
    this.entries.delete(fd >>> 0);
    releaseEntry(e);
  }

  /** Moves `from` onto `to`, closing what `to` held. Both must be open (as preview1 requires). */
  renumber(from: number, to: number): void {
    const source = this.get(from);
    const target = this.get(to);
    if (from >>> 0 === to >>> 0) return;
    this.entries.delete(from >>> 0);
    this.entries.set(to >>> 0, source);
    releaseEntry(target);
  }

  /** Closes every host resource; the table is empty afterwards. */
  closeAll(): void {
    for (const e of this.entries.values()) releaseEntry(e);
    this.entries.clear();
  }

  numbers(): number[] {
    return [...this.entries.keys()].sort((a, b) => a - b);
  }
}

function releaseEntry(e: FdEntry): void {
  if (e.kind === 'file' || e.kind === 'dir') {
    try {
      fs.closeSync(e.osFd);
    } catch {
      // Already gone on the host side; the guest's close still succeeds.
    }
  }
}
