// How failures inside the host become the errno the guest sees. Every call
// body may throw a WasiError (its own decision) or a Node system error (from
// node:fs); the dispatcher turns both into an errno. Anything else is a bug in
// the host and is allowed to propagate.

import { Errno, type ErrnoName } from './constants.js';

/** A deliberate failure of a WASI call with the errno to return. */
export class WasiError extends Error {
  override readonly name = 'WasiError';
  constructor(readonly errno: number, message?: string) {
    super(message ?? `WASI errno ${errno}`);
  }
}

/** Throws a WasiError; a shorthand that reads well in guards. */
export function fail(errno: number, message?: string): never {
  throw new WasiError(errno, message);
}

// Host codes that are spelled differently from their WASI counterpart.
const ALIASES: Record<string, number> = {
  EOPNOTSUPP: Errno.NOTSUP,
  EWOULDBLOCK: Errno.AGAIN,
  ENOTBLK: Errno.INVAL,
};

/** The WASI errno for a Node system error code such as 'ENOENT', or undefined if it is none. */
export function errnoFromHostCode(code: string): number | undefined {
  if (code in ALIASES) return ALIASES[code];
  if (!code.startsWith('E')) return undefined;
  const name = code.slice(1) as ErrnoName;
  return Object.prototype.hasOwnProperty.call(Errno, name) ? Errno[name] : undefined;
}

/** The errno a thrown value stands for, or undefined if it is not a WASI or host-system failure. */
export function errnoOf(e: unknown): number | undefined {
  if (e instanceof WasiError) return e.errno;
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  if (typeof code !== 'string') return undefined;
  // Node's own argument checks: an offset or length beyond what the host API takes.
  if (code === 'ERR_OUT_OF_RANGE' || code === 'ERR_FS_FILE_TOO_LARGE') return Errno.FBIG;
  if (code.startsWith('ERR_')) return undefined; // a misuse of Node by the host: a bug, let it surface
  return errnoFromHostCode(code) ?? Errno.IO;
}

/**
 * Thrown by proc_exit. The engine catches it, ends every guest thread and
 * reports `code` as the exit status (also kept in WasiHost.exitCode).
 */
export class ProcExit extends Error {
  override readonly name = 'ProcExit';
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
  }
}
