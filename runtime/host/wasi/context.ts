// The state one WASI instance works on (fd table, args, environment, the
// embedder's callbacks) and the defaults for clocks and randomness. The call
// modules receive a WasiContext and nothing else.

import { randomFillSync } from 'node:crypto';
import { ClockId, DIRECTORY_INHERITING_RIGHTS, DIRECTORY_RIGHTS, Errno, FileType, STDIN_RIGHTS, STDOUT_RIGHTS } from './constants.js';
import { fail } from './errors.js';
import { FdTable } from './fd-table.js';
import { GuestMemory, utf8, type WasiMemory } from './guest-memory.js';
import { preopenRoot } from './sandbox.js';
import fs from 'node:fs';

/** Reads up to maxBytes from the guest's stdin; null (or an empty array) means end of input. */
export type StdinSource = (maxBytes: number) => Uint8Array | null | Promise<Uint8Array | null>;

/** Time for the guest. All values are nanoseconds. */
export interface WasiClock {
  /** The current time of a clock (ClockId values). */
  now(clockId: number): bigint;
  /** The resolution of a clock. */
  resolution(clockId: number): bigint;
  /** Resolves after at least ns nanoseconds (poll_oneoff with a clock = sleep). */
  sleep(ns: bigint): Promise<void>;
}

export interface WasiPreopen {
  /** Directory on the host that the guest may use, and nothing outside it. */
  hostPath: string;
  /** The name the guest sees for it (e.g. "/", "/sandbox", "."). */
  guestPath: string;
}

export interface WasiOptions {
  /** argv, including the program name as args[0]. */
  args: string[];
  env: Record<string, string> | [string, string][];
  preopens: WasiPreopen[];
  /** Receives each fd_write to fd 1 as it happens (a copy the receiver may keep). */
  stdout(bytes: Uint8Array): void;
  stderr(bytes: Uint8Array): void;
  /** Source of fd 0; without one, stdin is empty. */
  stdin?: StdinSource;
  clock?: WasiClock;
  /** Fills the array with random bytes (random_get). */
  random?: (into: Uint8Array) => void;
}

const NS_PER_MS = 1_000_000n;
// setTimeout's longest delay; longer sleeps are taken in several steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The host's real clocks. Thread CPU time is the process's: guest threads are green threads on one JS thread. */
export const systemClock: WasiClock = {
  now(clockId: number): bigint {
    switch (clockId) {
      case ClockId.REALTIME:
        return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
      case ClockId.MONOTONIC:
        return process.hrtime.bigint();
      case ClockId.PROCESS_CPUTIME_ID:
      case ClockId.THREAD_CPUTIME_ID: {
        const u = process.cpuUsage();
        return BigInt(u.user + u.system) * 1000n;
      }
      default:
        return fail(Errno.INVAL, `unknown clock ${clockId}`);
    }
  },
  resolution(clockId: number): bigint {
    switch (clockId) {
      case ClockId.REALTIME:
        return 1000n;
      case ClockId.MONOTONIC:
        return 1n;
      case ClockId.PROCESS_CPUTIME_ID:
      case ClockId.THREAD_CPUTIME_ID:
        return 1000n;
      default:
        return fail(Errno.INVAL, `unknown clock ${clockId}`);
    }
  },
  async sleep(ns: bigint): Promise<void> {
    let remainingMs = ns <= 0n ? 0 : Number((ns + NS_PER_MS - 1n) / NS_PER_MS);
    do {
      const step = Math.min(remainingMs, MAX_TIMER_MS);
      await new Promise<void>((resolve) => setTimeout(resolve, step));
      remainingMs -= step;
    } while (remainingMs > 0);
  },
};

function encodeNulTerminated(text: string): Uint8Array {
  const body = utf8(text);
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  return out;
}

export class WasiContext {
  readonly fds = new FdTable();
  /** args as NUL-terminated UTF-8, ready to copy into the guest. */
  readonly args: readonly Uint8Array[];
  /** "KEY=VALUE" strings, NUL-terminated UTF-8. */
  readonly env: readonly Uint8Array[];
  readonly clock: WasiClock;
  readonly random: (into: Uint8Array) => void;
  readonly stdin: StdinSource | undefined;
  readonly stdout: (bytes: Uint8Array) => void;
  readonly stderr: (bytes: Uint8Array) => void;
  /** Set by proc_exit. */
  exitCode: number | null = null;
  /** Bytes the stdin source gave beyond what the guest asked for, served first next time. */
  stdinPending: Uint8Array | null = null;
  private boundMemory: WasiMemory | undefined;

  constructor(options: WasiOptions) {
    this.args = options.args.map(encodeNulTerminated);
    const pairs = Array.isArray(options.env) ? options.env : Object.entries(options.env);
    this.env = pairs.map(([k, v]) => encodeNulTerminated(`${k}=${v}`));
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? ((into) => randomFillSync(into));
    this.stdin = options.stdin;
    this.stdout = options.stdout;
    this.stderr = options.stderr;

    this.fds.set(0, { kind: 'stdin', rightsBase: STDIN_RIGHTS, rightsInheriting: 0n, flags: 0 });
    this.fds.set(1, { kind: 'stdout', rightsBase: STDOUT_RIGHTS, rightsInheriting: 0n, flags: 0 });
    this.fds.set(2, { kind: 'stderr', rightsBase: STDOUT_RIGHTS, rightsInheriting: 0n, flags: 0 });
    let next = 3;
    for (const p of options.preopens) {
      const root = preopenRoot(p.hostPath);
      const osFd = fs.openSync(root, fs.constants.O_RDONLY | (fs.constants.O_DIRECTORY ?? 0));
      this.fds.set(next++, {
        kind: 'dir',
        osFd,
        location: { root, rel: [] },
        preopenName: p.guestPath,
        rightsBase: DIRECTORY_RIGHTS,
        rightsInheriting: DIRECTORY_INHERITING_RIGHTS,
        flags: 0,
      });
    }
  }

  bindMemory(memory: WasiMemory): void {
    this.boundMemory = memory;
  }

  /** Fresh bounds-checked views of the guest memory; call again after every await. */
  memory(): GuestMemory {
    if (this.boundMemory === undefined) throw new Error('WASI call before bindMemory(): the embedder must bind the memory export first');
    return new GuestMemory(this.boundMemory);
  }
}

/** The filetype of a host stat result. */
export function fileTypeOf(st: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): number {
  if (st.isFile()) return FileType.REGULAR_FILE;
  if (st.isDirectory()) return FileType.DIRECTORY;
  if (st.isSymbolicLink()) return FileType.SYMBOLIC_LINK;
  if (st.isCharacterDevice()) return FileType.CHARACTER_DEVICE;
  if (st.isBlockDevice()) return FileType.BLOCK_DEVICE;
  if (st.isSocket()) return FileType.SOCKET_STREAM;
  return FileType.UNKNOWN;
}
