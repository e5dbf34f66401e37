// How a call body is declared: its wasm parameter kinds next to a typed
// implementation, so the argument list and the ABI signature cannot drift.

import type { WasiContext } from './context.js';

export type ParamKind = 'i32' | 'i64';
type ArgOf<K extends ParamKind> = K extends 'i32' ? number : bigint;
export type ArgsOf<P extends readonly ParamKind[]> = { -readonly [I in keyof P]: ArgOf<P[I]> };

/** A call body: receives i32 arguments as unsigned numbers and i64 ones as unsigned bigints; returns an errno. */
export interface CallDef {
  readonly params: readonly ParamKind[];
  /** [] only for proc_exit, which never returns. */
  readonly results: readonly 'i32'[];
  readonly impl: (ctx: WasiContext, ...args: (number | bigint)[]) => number | Promise<number>;
}

export function def<const P extends readonly ParamKind[]>(
  params: P,
  impl: (ctx: WasiContext, ...args: ArgsOf<P>) => number | Promise<number>,
  results: readonly 'i32'[] = ['i32'],
): CallDef {
  return { params, results, impl: impl as unknown as CallDef['impl'] };
}
