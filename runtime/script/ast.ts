// The abstract syntax of .wast scripts: the spec's script commands, plus the
// threads proposal's `thread`/`wait` and the stack-switching proposal's
// `assert_suspension`. Produced by runtime/text/script.ts, run by
// runtime/script/runner.ts.

import type { Module, Span } from '../syntax/module.js';
import type { Value } from '../objects/values.js';
import type { HeapType } from '../syntax/types.js';

/** A module as a script gives it. Text modules are parsed when the script is. */
export type ScriptModule =
  | { readonly kind: 'text'; readonly module: Module; readonly source: string; readonly span: Span }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array; readonly span: Span }
  /** `(module quote "…")`: text parsed only when the command runs (it may be malformed on purpose). */
  | { readonly kind: 'quote'; readonly text: string; readonly span: Span };

/** An argument constant: a plain value, or a host extern reference `(ref.extern N)`. */
export type ScriptConst =
  | { readonly kind: 'value'; readonly value: Value }
  | { readonly kind: 'ref.extern'; readonly id: number }
  | { readonly kind: 'ref.host'; readonly id: number }
  | { readonly kind: 'ref.null'; readonly heap: HeapType };

/** What an assertion accepts as one result. */
export type ResultPattern =
  | ScriptConst
  /** A float with NaN lanes: `nan:canonical` or `nan:arithmetic`. */
  | { readonly kind: 'nan'; readonly type: 'f32' | 'f64'; readonly which: 'canonical' | 'arithmetic' }
  /** `(ref.func)`, `(ref.extern)`, `(ref.any)`, … with no payload: any non-null reference of that kind. */
  | { readonly kind: 'ref.kind'; readonly refKind: string }
  /** `(ref.null)` with no heap type: any null. */
  | { readonly kind: 'ref.null.any' }
  | { readonly kind: 'either'; readonly options: readonly ResultPattern[][] };

export type Action =
  | { readonly kind: 'invoke'; readonly module?: string; readonly name: string; readonly args: readonly ScriptConst[]; readonly span: Span }
  | { readonly kind: 'get'; readonly module?: string; readonly name: string; readonly span: Span };

export type Command =
  | { readonly kind: 'module'; readonly id?: string; readonly definition: boolean; readonly module: ScriptModule; readonly span: Span }
  /** `(module instance $i $def)`: instantiate a module definition again. */
  | { readonly kind: 'instance'; readonly id?: string; readonly definition?: string; readonly span: Span }
  | { readonly kind: 'register'; readonly as: string; readonly module?: string; readonly span: Span }
  | { readonly kind: 'action'; readonly action: Action; readonly span: Span }
  | { readonly kind: 'assert_return'; readonly action: Action; readonly expected: readonly ResultPattern[]; readonly span: Span }
  | { readonly kind: 'assert_trap'; readonly action: Action; readonly message: string; readonly span: Span }
  /** `(assert_trap (module …) "msg")`: instantiation runs a start function that traps. */
  | { readonly kind: 'assert_trap_module'; readonly module: ScriptModule; readonly message: string; readonly span: Span }
  | { readonly kind: 'assert_exhaustion'; readonly action: Action; readonly message: string; readonly span: Span }
  | { readonly kind: 'assert_exception'; readonly action: Action; readonly span: Span }
  | { readonly kind: 'assert_suspension'; readonly action: Action; readonly message: string; readonly span: Span }
  | {
    readonly kind: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable' | 'assert_uninstantiable'
      | 'assert_malformed_custom' | 'assert_invalid_custom';
    readonly module: ScriptModule; readonly message: string; readonly span: Span;
  }
  /** `(thread $t (shared (module $m))… commands)`: a script thread sharing the named modules. */
  | { readonly kind: 'thread'; readonly name: string; readonly shared: readonly string[]; readonly commands: readonly Command[]; readonly span: Span }
  | { readonly kind: 'wait'; readonly thread: string; readonly span: Span };

export interface Script {
  readonly file: string;
  readonly commands: readonly Command[];
}
