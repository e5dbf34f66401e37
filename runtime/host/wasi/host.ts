// WasiHost: the wasi_snapshot_preview1 import module as an engine-neutral
// table of functions. The engine (or any embedder) binds the guest memory,
// asks for functions(), and calls them with raw numbers; each returns an errno,
// or a Promise of one for the calls that wait (stdin reads, sleeps).

import { WasiContext, type WasiOptions } from './context.js';
import { errnoOf } from './errors.js';
import type { WasiMemory } from './guest-memory.js';
import type { CallDef, ParamKind } from './signatures.js';
import { envCalls } from './calls-env.js';
import { fdCalls } from './calls-fd.js';
import { pathCalls } from './calls-path.js';
import { pollCalls } from './calls-poll.js';

export const WASI_MODULE = 'wasi_snapshot_preview1';

/** One import of the WASI module, as the engine sees it. */
export interface WasiFunction {
  readonly params: readonly ParamKind[];
  /** ['i32'] (the errno), or [] for proc_exit, which never returns normally. */
  readonly results: readonly 'i32'[];
  /**
   * Runs the call. i32 arguments may come signed or unsigned, as numbers; i64
   * ones as bigints (numbers are accepted). Returns the errno, or a Promise of
   * it when the call has to wait. Throws ProcExit from proc_exit; any other
   * exception is a host bug, never a consequence of guest input.
   */
  call(args: readonly (number | bigint)[]): number | Promise<number>;
}

const ALL_CALLS: Record<string, CallDef> = { ...envCalls, ...fdCalls, ...pathCalls, ...pollCalls };

function toI32(x: number | bigint): number {
  return typeof x === 'bigint' ? Number(BigInt.asUintN(32, x)) : x >>> 0;
}
function toI64(x: number | bigint): bigint {
  return BigInt.asUintN(64, typeof x === 'bigint' ? x : BigInt(Math.trunc(x)));
}

/** Turns a failure into its errno; rethrows what is not a WASI or host-system failure (ProcExit, bugs). */
function errnoOrRethrow(e: unknown): number {
  const errno = errnoOf(e);
  if (errno === undefined) throw e;
  return errno;
}

export class WasiHost {
  private readonly ctx: WasiContext;
  private table: Record<string, WasiFunction> | undefined;

  /** Opens the preopened directories right away; a missing one throws (a configuration error). */
  constructor(options: WasiOptions) {
    this.ctx = new WasiContext(options);
  }

  /** The guest's exported memory. Views are re-fetched on every call, so growth is seen. */
  bindMemory(memory: WasiMemory): void {
    this.ctx.bindMemory(memory);
  }

  /** The code passed to proc_exit, or null while the program has not exited that way. */
  get exitCode(): number | null {
    return this.ctx.exitCode;
  }

  /** Every wasi_snapshot_preview1 function by import name. */
  functions(): Record<string, WasiFunction> {
    this.table ??= Object.fromEntries(Object.entries(ALL_CALLS).map(([name, d]) => [name, this.wrap(name, d)]));
    return this.table;
  }

  /** Releases the host files and directories the guest still holds open. */
  close(): void {
    this.ctx.fds.closeAll();
  }

  private wrap(name: string, d: CallDef): WasiFunction {
    const ctx = this.ctx;
    return {
      params: d.params,
      results: d.results,
      call(args: readonly (number | bigint)[]): number | Promise<number> {
        if (args.length !== d.params.length) {
          throw new Error(`${WASI_MODULE}.${name} takes ${d.params.length} arguments, the engine passed ${args.length}`);
        }
        const converted = args.map((a, i) => (d.params[i] === 'i64' ? toI64(a) : toI32(a)));
        try {
          const result = d.impl(ctx, ...converted);
          return result instanceof Promise ? result.catch(errnoOrRethrow) : result;
        } catch (e) {
          return errnoOrRethrow(e);
        }
      },
    };
  }
}
