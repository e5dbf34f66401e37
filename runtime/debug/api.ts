// The debug API: what any front end (the DAP adapter in debug-adapter/, the
// terminal debugger in cli/debug/) may ask of a debugged program, and the
// typed events it hears back. Protocol-free: no DAP or VS Code notion here.
//
// Execution model seen through this API:
//   - A program has threads (wasm threads; 1 is the main thread). All-stop:
//     when one thread stops, all stop; resuming resumes all, or one thread
//     alone (`singleThread`) while the others stay frozen.
//   - Each thread has a stack chain: the active stack (a continuation, or the
//     thread's main stack) first, then the stack that resumed it, and so on
//     down to the main stack. Each chain segment has its own frames.
//   - Everything returned while paused (frames, values) describes that pause
//     only. Handles carry the pause's `epoch`; using one after a resume is an
//     error (DebugApiError 'stale'), never a wrong answer.

import type { Value } from '../objects/values.js';
import type { StackState } from '../exec/stack.js';
import type { CRef } from './c-values.js';

export type ThreadId = number;
export type ContinuationId = number;

/** A place in the program: module (index in load order; 0 is the main module), function index, wasm byte offset in that module. */
export interface CodeLocation {
  readonly module: number;
  readonly func: number;
  readonly offset: number;
}

/** A source position (1-based), from a .wat line map or DWARF. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export type StopReason =
  | 'entry' | 'breakpoint' | 'function-breakpoint' | 'instruction-breakpoint' | 'step' | 'pause'
  | 'trap' | 'exception' | 'continuation' | 'thread-start' | 'thread-exit';

export interface StopEvent {
  readonly reason: StopReason;
  readonly thread: ThreadId;
  /** The continuation running on that thread when it stopped, if any. */
  readonly continuation?: ContinuationId;
  readonly breakpoints?: readonly number[];
  /** One line for people: "trap: integer divide by zero", "suspend $yield (cont #3)". */
  readonly description: string;
  /** For traps and exceptions: details for an exception view. */
  readonly detail?: { readonly kind: string; readonly message: string; readonly location?: CodeLocation };
}

export type ContinuationEventKind = 'created' | 'resumed' | 'suspended' | 'switched' | 'returned';

/** Events a DebugTarget emits. Listeners must not throw. */
export interface DebugEvents {
  stopped: (e: StopEvent) => void;
  /** Program output as written (stdout/stderr of WASI, spectest prints, log points as 'console'). */
  output: (e: { readonly category: 'stdout' | 'stderr' | 'console'; readonly text: string }) => void;
  thread: (e: { readonly reason: 'started' | 'exited'; readonly thread: ThreadId; readonly name: string }) => void;
  /**
   * A continuation event stopped the program. Emitted only for the kinds whose
   * event filter is on (`setEventFilters`: contNew, resume, suspend, switch,
   * contReturn), right before the 'stopped' event of that stop: watching every
   * switch would cost the interpreter's hot loop, so there is no silent stream.
   */
  continuation: (e: { readonly kind: ContinuationEventKind; readonly continuation: ContinuationId; readonly thread: ThreadId; readonly tag?: string }) => void;
  /** A breakpoint changed (e.g. verified once its module loaded). */
  breakpoint: (e: BreakpointState) => void;
  /** The program ended; no more events but this one. */
  exited: (e: { readonly exitCode: number; readonly reason: string }) => void;
}

export type ThreadState = 'running' | 'paused' | 'waiting' | 'waiting-host' | 'exited';

export interface ThreadInfo {
  readonly id: ThreadId;
  /** "main", "thread 2 · wasi_thread_start". */
  readonly name: string;
  readonly state: ThreadState;
  /** What a waiting thread waits on, e.g. "memory.atomic.wait32 at 0x1000". */
  readonly waitingOn?: string;
}

/** Valid during one pause only. */
export interface FrameHandle {
  readonly epoch: number;
  readonly thread: ThreadId;
  /** The stack (segment) the frame is on: its stack id. */
  readonly stack: number;
  /** 0 = innermost frame of that stack. */
  readonly depth: number;
}

export interface FrameInfo {
  readonly handle: FrameHandle;
  /** "$fib" from the name section, else the plain export name ("wasi_thread_start"), else "func[3]". */
  readonly name: string;
  readonly location: CodeLocation;
  readonly source?: SourcePosition;
  /**
   * With DWARF, when this code was inlined: the source functions it was
   * inlined into, innermost first, each at its call site (the last is the
   * out-of-line function the wasm frame runs). `name` is then the inlined
   * function's. Front ends show each as a frame of its own after this one.
   */
  readonly inlinedCallers?: readonly InlinedFrame[];
}

/** A source-level frame with no wasm frame of its own (inlined code). */
export interface InlinedFrame {
  readonly name: string;
  readonly source?: SourcePosition;
}

export interface HandlerClause {
  /** "$yield" or "tag[0]". */
  readonly tag: string;
  /** "$on_yield" / "label 1", or 'switch'. */
  readonly target: string;
}

/** One segment of a thread's stack chain, innermost segment first in `chain()`. */
export interface ChainSegment {
  readonly stack: number;
  /** Set when the segment is a continuation's stack (not the thread's main stack). */
  readonly continuation?: ContinuationId;
  readonly state: StackState;
  /** How this segment was entered: by which resume/switch (in the next segment's top frame) and with which handlers. */
  readonly enteredBy?: { readonly how: 'resume' | 'switch' | 'resume_throw'; readonly handlers: readonly HandlerClause[] };
  /**
   * Innermost first; callers are shown at their call instruction. All of the
   * segment's frames, unless `chain` was given a window: then only the
   * segment's frames inside it (maybe none), the first being frame
   * `frameStart` of the segment.
   */
  readonly frames: readonly FrameInfo[];
  /** How many frames the segment has in all, whatever `frames` holds. Always set by the engine. */
  readonly frameCount?: number;
  /** Index in the segment of `frames[0]` (0 when absent). */
  readonly frameStart?: number;
}

/**
 * A window of a chain's frames, numbered through the whole chain innermost
 * first (the numbering `frame N` uses): segment 0's frames, then segment 1's…
 * Building a frame costs (its source position); the chain's shape — segments,
 * their states, handlers and frame counts — does not, so `{ count: 0 }` asks
 * for the shape of a chain of any depth cheaply.
 */
export interface ChainWindow {
  readonly start?: number;
  /** Default: to the end of the chain. */
  readonly count?: number;
}

/**
 * Which continuations `continuations(query)` returns, in a stable order
 * (creation order) so that `start`/`count` page through them.
 */
export interface ContinuationQuery {
  /** Only continuations in this state (or one of these states). */
  readonly state?: StackState | readonly StackState[];
  /** Only this continuation. */
  readonly id?: ContinuationId;
  /** Skip this many of the matching ones. */
  readonly start?: number;
  /** At most this many. */
  readonly count?: number;
  /** Build the frames of suspended continuations (default false with a query: frames cost, lists do not need them). */
  readonly withFrames?: boolean;
}

export interface ContinuationInfo {
  readonly id: ContinuationId;
  readonly state: StackState;
  /** The thread whose chain it is linked into, if running or a parent. */
  readonly thread?: ThreadId;
  readonly created: { readonly location: CodeLocation; readonly source?: SourcePosition; readonly frames: readonly CodeLocation[] };
  readonly lastSuspend?: { readonly how: 'suspend' | 'switch'; readonly tag: string; readonly location: CodeLocation; readonly source?: SourcePosition };
  /** Frames of a suspended continuation, innermost first (none for fresh ones, none unless asked for with a query). */
  readonly frames: readonly FrameInfo[];
  /** How many frames its stack holds (set by the engine even when `frames` was not asked for). */
  readonly frameCount?: number;
}

/** A value as a debugger shows it: its wasm type, the value, and text. */
export interface DebugValue {
  readonly type: string; // 'i32', 'f64', 'funcref', '(ref null $t)', 'contref', 'exnref', …
  readonly value: Value;
  readonly text: string;
  /** For references with structure (continuations, exceptions), and C pointers and aggregates: expand with `children`. */
  readonly expandable?: boolean;
  /** A C value (DWARF): its type and place, for `children` and member access. `type` is then the C type name. */
  readonly c?: CRef;
}

/** Source-level (C) variable scopes of a frame, through DWARF. */
export type SourceScope = 'locals' | 'globals';

export interface NamedValue extends DebugValue {
  /** "$i", or "local 3" when unnamed. */
  readonly name: string;
  readonly index: number;
}

export type BreakpointLocation =
  | { readonly kind: 'code'; readonly location: CodeLocation }
  | { readonly kind: 'function'; readonly name: string } // export name, "$name", or function index as text
  | { readonly kind: 'source'; readonly file: string; readonly line: number; readonly column?: number };

export interface BreakpointSpec {
  readonly location: BreakpointLocation;
  /** An engine expression (see `evaluate`); stop only when it is non-zero. */
  readonly condition?: string;
  /** Stop on the Nth hit: "5", ">= 5", "% 3". */
  readonly hitCondition?: string;
  /** Instead of stopping, print this with {expr} parts evaluated. */
  readonly logMessage?: string;
}

export interface BreakpointState {
  readonly id: number;
  readonly verified: boolean;
  /** Where it was placed (a line with no code moves to the next line with code). */
  readonly location?: CodeLocation;
  readonly source?: SourcePosition;
  readonly message?: string;
}

/** Which events stop the program (exception-style breakpoint filters). */
export interface EventFilters {
  readonly traps?: boolean; // default true
  readonly uncaughtExceptions?: boolean; // default true
  readonly contNew?: boolean;
  readonly resume?: boolean;
  /** true: every suspend; a list: only suspends of these tags ("$yield"). */
  readonly suspend?: boolean | readonly string[];
  readonly switch?: boolean;
  readonly contReturn?: boolean;
  readonly threadStart?: boolean;
  readonly threadExit?: boolean;
}

export type StepKind = 'in' | 'over' | 'out';
export type StepGranularity = 'line' | 'instruction';

export interface LaunchOptions {
  /** A .wasm or .wat path. */
  readonly program: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Preopened directories, "HOST" or "HOST::GUEST". */
  readonly dirs?: readonly string[];
  readonly seed?: number;
  readonly maxThreads?: number;
  readonly stopOnEntry?: boolean;
  /** For modules without _start: the export to call. */
  readonly invoke?: string;
}

/** A read-only WAT rendering of a module, mapped both ways to its code. */
export interface GeneratedSource {
  /** A pseudo file name front ends show and pass back to setSourceBreakpoints, e.g. "program.wasm.wat". */
  readonly name: string;
  readonly text: string;
  lineOf(location: CodeLocation): number | undefined;
  locationsOnLine(line: number): readonly CodeLocation[];
}

/**
 * How a front end gets a target: `launch(options)` in runtime/debug/target.ts,
 * `(options: LaunchOptions) => Promise<DebugTarget>`. It loads, compiles and
 * instantiates the program (throwing CompileError, LinkError or a
 * DebugApiError('bad-request') for a bad program or option) and returns a
 * target that has not run yet: set breakpoints, then call `start()`.
 */
export type Launch = (options: LaunchOptions) => Promise<DebugTarget>;

/** Errors a front end can show as they are: bad requests, stale handles, wrong state. */
export class DebugApiError extends Error {
  override readonly name = 'DebugApiError';
  constructor(readonly code: 'stale' | 'not-paused' | 'no-such-thread' | 'no-such-frame' | 'bad-expression' | 'bad-request' | 'exited', message: string) {
    super(message);
  }
}

/**
 * One debugged program. Created by `launch` (runtime/debug/target.ts);
 * execution starts with `start()` and every control call returns at once —
 * what happens next arrives as events.
 */
export interface DebugTarget {
  on<E extends keyof DebugEvents>(event: E, listener: DebugEvents[E]): void;

  // Execution control.
  start(): void;
  continue(thread?: ThreadId, singleThread?: boolean): void;
  step(thread: ThreadId, kind: StepKind, granularity: StepGranularity, singleThread?: boolean): void;
  pause(): void;
  terminate(): void;

  // Breakpoints. Each call replaces the set it names (like DAP): source breakpoints per file.
  setSourceBreakpoints(file: string, specs: readonly BreakpointSpec[]): BreakpointState[];
  setFunctionBreakpoints(specs: readonly BreakpointSpec[]): BreakpointState[];
  setInstructionBreakpoints(specs: readonly BreakpointSpec[]): BreakpointState[];
  setEventFilters(filters: EventFilters): void;
  /** Lines of `file` where a breakpoint can stand. */
  breakpointLines(file: string, fromLine: number, toLine: number): number[];

  // Inspection (while paused; `threads` and `continuations` at any time).
  threads(): ThreadInfo[];
  /**
   * A thread's stack chain, innermost segment first. Without a window every
   * frame is built (fine for a few hundred); with one, only the window's frames
   * (see ChainWindow) — front ends that page (DAP stackTrace) should ask for one.
   * A thread held at a trap stop keeps its chain as it was at the trap (the
   * continuation that trapped, then its resumers) until it is released.
   */
  chain(thread: ThreadId, window?: ChainWindow): ChainSegment[];
  /**
   * Live continuations (not returned), in creation order. Without a query:
   * all of them, suspended ones with their frames. With one: those it selects,
   * without frames unless `withFrames` — cheap enough for 100,000.
   */
  continuations(query?: ContinuationQuery): ContinuationInfo[];
  /** How many live continuations match `query` (its state/id; start/count ignored). The engine implements it; scripted targets may not. */
  continuationCount?(query?: ContinuationQuery): number;
  locals(frame: FrameHandle): NamedValue[];
  /**
   * The frame's operand stack, bottom first (the top of the stack is the last
   * element), with each value's wasm type. For a caller frame (or a frame
   * suspended at suspend/resume) the operands below the call's arguments.
   */
  operands(frame: FrameHandle): DebugValue[];
  globals(module?: number): NamedValue[];
  children(frame: FrameHandle | undefined, value: DebugValue): NamedValue[];
  /**
   * With DWARF: the C variables of a frame — its parameters and locals
   * visible at its pc ('locals'), or the program's C globals ('globals') —
   * with C types and values (text "<optimized out>" when DWARF gives no
   * location there). Undefined when the module has no DWARF.
   */
  sourceVariables?(frame: FrameHandle, scope: SourceScope): NamedValue[] | undefined;
  readMemory(memory: number, address: number, length: number, module?: number): Uint8Array;
  /**
   * `$i == 42 && $thread == 2`, `i32[$p + 4]`, `u8[0x1000]`, `$cont`, … in the context of a frame.
   * With DWARF also a C variable with member and index access: `p->next->value`, `arr[3]`, `s.x`, `*p`.
   */
  evaluate(expression: string, frame?: FrameHandle): DebugValue;

  // Changing state (while paused).
  setLocal(frame: FrameHandle, index: number, value: string): DebugValue;
  setGlobal(module: number, index: number, value: string): DebugValue;
  writeMemory(memory: number, address: number, bytes: Uint8Array, module?: number): void;

  // Code views.
  /** WAT text for an instruction range of a function (the Disassembly view). */
  disassemble(location: CodeLocation, count: number): { readonly location: CodeLocation; readonly text: string; readonly source?: SourcePosition }[];
  /** The whole module as WAT with a line map, for a .wasm that has no source (breakpoints can be set in it). */
  generatedSource(module: number): GeneratedSource;
  /** Source files the program's line maps name. */
  sources(): string[];
}
