// Host stat results as WASI filestat values, and the fstflags rules for
// changing timestamps (shared by the fd_ and path_ variants).

import type fs from 'node:fs';
import { ClockId, Errno, FstFlags } from './constants.js';
import { fileTypeOf, type WasiClock } from './context.js';
import { fail } from './errors.js';
import type { FileStat } from './layouts.js';

export function fileStatOf(st: fs.BigIntStats): FileStat {
  return {
    dev: st.dev,
    ino: st.ino,
    filetype: fileTypeOf(st),
    nlink: st.nlink,
    size: st.size,
    atim: st.atimeNs,
    mtim: st.mtimeNs,
    ctim: st.ctimeNs,
  };
}

/**
 * The (atime, mtime) to set, in seconds as Node's utimes wants them. A time
 * whose flags are both clear keeps its current value; asking for a given time
 * and "now" at once is EINVAL.
 */
export function timesToSet(current: fs.BigIntStats, atim: bigint, mtim: bigint, fstFlags: number, clock: WasiClock): [number, number] {
  if (fstFlags & ~(FstFlags.ATIM | FstFlags.ATIM_NOW | FstFlags.MTIM | FstFlags.MTIM_NOW)) fail(Errno.INVAL);
  if ((fstFlags & FstFlags.ATIM) && (fstFlags & FstFlags.ATIM_NOW)) fail(Errno.INVAL);
  if ((fstFlags & FstFlags.MTIM) && (fstFlags & FstFlags.MTIM_NOW)) fail(Errno.INVAL);
  const now = clock.now(ClockId.REALTIME);
  const pick = (given: bigint, setFlag: number, nowFlag: number, keep: bigint): bigint =>
    fstFlags & setFlag ? given : fstFlags & nowFlag ? now : keep;
  const a = pick(atim, FstFlags.ATIM, FstFlags.ATIM_NOW, current.atimeNs);
  const m = pick(mtim, FstFlags.MTIM, FstFlags.MTIM_NOW, current.mtimeNs);
  return [nsToSeconds(a), nsToSeconds(m)];
}

// Node's utimes takes seconds as a double and truncates them: at today's dates a
// double holds about a quarter microsecond, so we aim at the middle of the
// wanted microsecond, and truncation lands in it rather than one below.
function nsToSeconds(ns: bigint): number {
  const micros = Number((ns % 1_000_000_000n) / 1000n);
  return Number(ns / 1_000_000_000n) + (micros + 0.5) / 1e6;
}
