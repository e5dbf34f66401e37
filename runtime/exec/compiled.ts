// What the compiler produces: the internal code of a function and the tables
// the interpreter, the unwinder and the debugger read alongside it.
//
// Frame layout (slot = 8 bytes; code operands address words = slot * 2):
//   [ params | declared locals | hidden slots | operand stack (maxHeight) ]
//   ^ frame base (fp). Operand stack height h lives at slot
//   `operandBase + h`, so given (function, pc, fp) a debugger can read every
//   local and every operand: the compiler's per-instruction stack shapes are
//   reproducible by recompiling with `recordShapes`.
//   Hidden slots hold what structured control needs to keep across code the
//   stack discipline does not describe: the exception a legacy `catch` caught
//   (for `rethrow`), and the parameters of an `if` for its `else` arm.
// A callee's frame starts at the caller's first argument slot, so arguments
// are never copied on call, and results come back in the same slots.

import type { Module } from '../syntax/module.js';
import type { ValType } from '../syntax/types.js';
import type { CompileOptions } from './compile.js';

/** One catch clause of a handler region. */
export interface HandlerClause {
  /** Module tag index, or -1 for catch_all / catch_all_ref. */
  readonly tag: number;
  /** Whether the exnref is delivered (catch_ref, catch_all_ref) after the payload. */
  readonly withRef: boolean;
  /** Internal pc to continue at. */
  target: number;
  /** Word offset where the payload (then the exnref) is written. */
  readonly dst: number;
  /** Legacy catch: word offset of the hidden slot keeping the exception for rethrow, else -1. */
  readonly exnSlot: number;
}

/**
 * A range of code covered by handlers: a try_table body or a legacy try body.
 * Regions are numbered in the order they open, so the innermost region that
 * contains a pc is the one with the highest index.
 */
export interface HandlerRegion {
  readonly start: number;
  end: number;
  readonly clauses: HandlerClause[];
  /** The region to search when no clause matches (enclosing, or a delegate's target); -1 leaves the frame. */
  next: number;
}

/**
 * One `(on $tag $label)` or `(on $tag switch)` clause of a resume instruction.
 * A suspend to it writes the tag's payload and then the continuation at
 * `dst` in the resuming frame and continues there at `target`.
 */
export interface ResumeClause {
  /** Module tag index. */
  readonly tag: number;
  /** `(on $tag switch)`: the clause lets `switch` replace the resumed stack; it takes no suspends. */
  readonly isSwitch: boolean;
  /** Internal pc to continue at (-1 for switch clauses). */
  target: number;
  /** Word offset of the first delivered value. */
  readonly dst: number;
  /**
   * What the debugger calls the target: "$on_yield" when the name section
   * names the label, else "label N" (its depth at the resume); "switch".
   * Resolved here because the label's index is only known while compiling.
   */
  readonly label: string;
}

/** The handler clauses of one resume, resume_throw or resume_throw_ref instruction. */
export interface ResumeTable {
  readonly clauses: readonly ResumeClause[];
}

/**
 * The operand stack at a stop point (compiled with recordShapes): the types
 * of the values in slots operandBase + 0 … before the instruction runs, and
 * how many of them the instruction leaves in place (a caller suspended in a
 * call still has those below the call's arguments).
 */
export interface OperandShape {
  /** Bottom first; null when some operand was not in its slot there. */
  readonly types: readonly ValType[] | null;
  readonly kept: number;
}

export interface CompiledFunc {
  readonly code: Int32Array;
  /** Function index in its module (imports included) and a printable name (name-section name, export name, or func[N]). */
  readonly funcIndex: number;
  readonly name: string;
  /** The name people read in frames and backtraces: "$fib", "wasi_thread_start", "func[3]" (func-names.ts). */
  readonly displayName: string;
  readonly paramTypes: readonly ValType[];
  readonly resultTypes: readonly ValType[];
  /** Types of params + declared locals, by local index. */
  readonly localTypes: readonly ValType[];
  readonly paramWords: number;
  /** Words of params + declared locals (zeroed on entry past the params). */
  readonly localWords: number;
  /** First operand slot (after locals and hidden slots). */
  readonly operandBase: number;
  /** Words the frame needs in all. */
  readonly frameWords: number;
  /** Slot indices of declared reference locals, set to null on entry. */
  readonly refLocals: Int32Array;
  readonly handlers: readonly HandlerRegion[];
  /** Handler tables of the resume instructions, by the index their code carries. */
  readonly resumeTables: readonly ResumeTable[];
  /** Sorted internal pcs and the wasm byte offsets of the instructions they start. */
  readonly pcs: Int32Array;
  readonly offsets: Int32Array;
  /** Messages for the `unsupported` code. */
  readonly messages: readonly string[];
  /** With CompileOptions.recordShapes: the operand shape before each instruction of `pcs`, same order. */
  readonly shapes?: readonly OperandShape[];
  /** Set by a debugger: pc → the code word a BREAK replaced there (see runtime/debug/patches.ts). */
  breaks?: Map<number, number>;
}

/** A debugger's say in compiling: its compile mode, and a look at each function as it is compiled (to place breakpoints). */
export interface ModuleDebugHooks {
  readonly compileOptions: CompileOptions;
  onCompiled(definedIndex: number, cf: CompiledFunc): void;
}

/** A decoded and validated module, ready to instantiate (any number of times). */
export interface CompiledModule {
  readonly module: Module;
  /** Compiled bodies by defined-function index, filled lazily and shared by all instances. */
  readonly funcs: (CompiledFunc | null)[];
  /** Present while a debugger is attached (runtime/debug/). */
  debug?: ModuleDebugHooks;
}

/** The wasm byte offset of the instruction at internal pc `pc` (-1 if unknown). */
export function wasmOffsetOf(cf: CompiledFunc, pc: number): number {
  let lo = 0;
  let hi = cf.pcs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cf.pcs[mid]! <= pc) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found < 0 ? -1 : cf.offsets[found]!;
}

/** The first internal pc at or after wasm byte offset `offset` (-1 if past the end). */
export function pcOfWasmOffset(cf: CompiledFunc, offset: number): number {
  for (let i = 0; i < cf.offsets.length; i++) if (cf.offsets[i]! >= offset) return cf.pcs[i]!;
  return -1;
}
