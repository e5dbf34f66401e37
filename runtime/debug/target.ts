// The debug engine: `launch` loads and instantiates a program the way
// `wasmdbg run` does (runtime/threads/program.ts), with code compiled in the
// debug mode (no folding: every wasm instruction that does work owns an
// internal instruction, so stop points are real instruction boundaries), and
// drives its scheduler itself so that it can stop everything between two
// instructions of one thread (all-stop) and inspect every thread's chain.
//
// Stop points: a breakpoint at a wasm offset stands at the first internal
// instruction at or after it (an instruction that compiles to nothing, like
// `block` or a folded constant, stops at the instruction that consumes it).
// Breakpoints, steps and event filters are BREAK codes patched into the
// compiled code (patches.ts); functions compiled later get theirs when they
// are compiled (CompiledModule.debug.onCompiled).

import { readFileSync } from 'node:fs';
import { resolve as resolvePath, basename } from 'node:path';
import { Trap } from '../errors.js';
import { compileModule, getExport } from '../index.js';
import type { CompiledFunc, CompiledModule } from '../exec/compiled.js';
import { wasmOffsetOf } from '../exec/compiled.js';
import { describeStack, frameAtCall, stackFrames, type FrameView } from '../exec/continuations.js';
import { funcDisplayName } from '../exec/func-names.js';
import type { Stack, StackState } from '../exec/stack.js';
import { abandonChain, ContRef, continuationCounts, eachContinuationStack, findContinuationStack } from '../exec/switching.js';
import type { FuncInstance } from '../objects/func.js';
import type { ModuleInstance } from '../objects/instance.js';
import { WasmException } from '../objects/tag.js';
import { i32, i64, f32, f64, type Value } from '../objects/values.js';
import { ExceptionRef } from '../objects/tag.js';
import { loadProgram, ProgramFileError } from '../program-file.js';
import type { Instr, Module } from '../syntax/module.js';
import { Op } from '../syntax/opcodes.js';
import { I32, I64, F32, F64, type ValType } from '../syntax/types.js';
import { DwarfInfo, Scopes, type ExpressionContext } from '../dwarf/index.js';
import { DeadlockError, type Thread, type ThreadOutcome } from '../threads/scheduler.js';
import { prepareProgram, ProgramExit, type PreparedProgram } from '../threads/program.js';
import { ThreadExit } from '../threads/wasix.js';
import {
  DebugApiError, type BreakpointSpec, type BreakpointState, type ChainSegment, type ChainWindow, type CodeLocation, type ContinuationInfo, type ContinuationQuery,
  type DebugEvents, type DebugTarget, type DebugValue, type EventFilters, type FrameHandle, type FrameInfo,
  type GeneratedSource, type InlinedFrame, type Launch, type LaunchOptions, type NamedValue, type SourcePosition, type SourceScope, type StepGranularity,
  type StepKind, type StopEvent, type StopReason, type ThreadId, type ThreadInfo,
} from './api.js';
import { generateSource, instrText } from './code-view.js';
import { evaluateExpression, isTrue, type EvalScope } from './expr/evaluate.js';
import { CValues, placeOf, sizeOf, type CRef } from './c-values.js';
import { Patches } from './patches.js';
import { DwarfSourceMap, WatSourceMap, type SourceMap } from './source-map.js';
import { stepDone, type StepPlan } from './stepping.js';
import { debugValue, named, parseValue } from './values.js';

type BpKind = 'source' | 'function' | 'instruction';

interface Breakpoint {
  readonly id: number;
  readonly kind: BpKind;
  readonly spec: BreakpointSpec;
  /** Where it stands once resolved (function index, wasm offset). */
  loc?: { func: number; offset: number };
  message?: string;
  hits: number;
}

const STEP_OWNER = 'step';
const EVENT_OWNER = 'event';
const bpOwner = (id: number): string => `bp${id}`;

/** Stop reasons front ends get for each breakpoint kind. */
const BP_REASON: Record<BpKind, StopReason> = { source: 'breakpoint', function: 'function-breakpoint', instruction: 'instruction-breakpoint' };

export const launch: Launch = (options: LaunchOptions) => Promise.resolve(new Target(options));

class Target implements DebugTarget {
  private readonly listeners: { [E in keyof DebugEvents]?: DebugEvents[E][] } = {};
  private readonly compiled: CompiledModule;
  private readonly m: Module;
  private readonly imported: number;
  /** .wat line map or DWARF; none for a binary without DWARF (shown as generated WAT). */
  private readonly sourceMap: SourceMap | undefined;
  private readonly scopes_: Scopes | undefined;
  /** DWARF problems found at launch, told as output once someone listens. */
  private readonly loadWarnings: string[] = [];
  /** Function bodies by start offset, for the function of a DWARF address. */
  private funcStarts: Int32Array | undefined;
  private readonly file: string;
  private readonly program: PreparedProgram;
  private readonly patches = new Patches();
  private readonly bps = new Map<number, Breakpoint>();
  private readonly sourceSets = new Map<string, number[]>();
  private functionSet: number[] = [];
  private instructionSet: number[] = [];
  private nextBpId = 1;
  private filters: EventFilters = {};
  private eventOps = new Set<number>();
  private step_: StepPlan | null = null;
  private epoch = 1;
  private state: 'initial' | 'running' | 'paused' | 'exited' = 'initial';
  private pauseRequested = false;
  private pending: StopEvent | null = null;
  private stoppedThread: Thread | null = null;
  private lastRan: Thread | null = null;
  private readonly started = new Set<Thread>();
  private readonly allThreads = new Map<number, Thread>();
  private driving = false;
  private exitedSent = false;
  private generated: GeneratedSource | undefined;
  /** Per function index: its instructions by offset, for what a stop point is. */
  private readonly instrs = new Map<number, Map<number, Instr>>();
  /** Display names by function index (a 10,000-frame chain names the same few functions). */
  private readonly names = new Map<number, string>();

  constructor(private readonly options: LaunchOptions) {
    let loaded;
    try {
      loaded = loadProgram(options.program);
    } catch (e) {
      if (e instanceof ProgramFileError) throw new DebugApiError('bad-request', e.message);
      throw e;
    }
    this.file = resolvePath(options.program);
    this.compiled = compileModule(loaded.bytes);
    const dwarf = loaded.lineMap ? undefined : this.readDwarf(loaded.bytes);
    this.sourceMap = loaded.lineMap ? new WatSourceMap(loaded.lineMap, this.file) : dwarf ? new DwarfSourceMap(dwarf, this.file) : undefined;
    this.scopes_ = dwarf ? this.guardDwarf(() => new Scopes(dwarf)) : undefined;
    this.m = this.compiled.module;
    this.imported = this.m.imports.filter((i) => i.desc.kind === 'func').length;
    // Before anything is compiled (a start function runs at instantiation): debug mode and breakpoint placement.
    this.compiled.debug = { compileOptions: { optimize: false, recordShapes: true }, onCompiled: (def, cf) => this.placeIn(def, cf) };
    const decoder = new TextDecoder();
    const emit = (category: 'stdout' | 'stderr') => (bytes: Uint8Array): void => this.emit('output', { category, text: decoder.decode(bytes, { stream: true }) });
    this.program = prepareProgram(this.compiled, {
      args: [basename(options.program), ...(options.args ?? [])],
      env: { ...(options.env ?? {}) },
      preopens: (options.dirs ?? []).map((d) => {
        const [host, guest] = d.split('::');
        return { hostPath: resolvePath(options.cwd ?? '.', host!), guestPath: guest ?? host! };
      }),
      stdout: emit('stdout'),
      stderr: emit('stderr'),
      seed: options.seed,
      maxThreads: options.maxThreads,
      diagnostics: (line) => this.emit('output', { category: 'console', text: `${line}\n` }),
    }, { onThread: (t) => this.threadStarted(t) });
    this.program.scheduler.debug = {
      onBreak: (t) => this.onBreak(t),
      onExit: (t, o) => this.onThreadExit(t, o),
      beforeSlice: (t) => this.beforeSlice(t),
    };
  }

  /** The module's DWARF (its own or external_debug_info), if any; corrupt DWARF is a warning, never fatal. */
  private readDwarf(bytes: Uint8Array): DwarfInfo | undefined {
    const dwarf = this.guardDwarf(() => DwarfInfo.fromModuleBytes(bytes, { readFile: (p) => readFileSync(p), modulePath: this.file }));
    if (!dwarf) return undefined;
    for (const w of dwarf.warnings.slice(0, 5)) this.loadWarnings.push(`wasmdbg: DWARF: ${w.message}`);
    // Without line rows the DWARF cannot place anything: generated WAT serves better.
    return this.guardDwarf(() => dwarf.lines.files().length > 0) ? dwarf : undefined;
  }

  private guardDwarf<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      this.loadWarnings.push(`wasmdbg: DWARF unreadable, debugging without it: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  on<E extends keyof DebugEvents>(event: E, listener: DebugEvents[E]): void {
    const list = (this.listeners[event] ??= []) as DebugEvents[E][];
    list.push(listener);
  }

  private emit<E extends keyof DebugEvents>(event: E, e: Parameters<DebugEvents[E]>[0]): void {
    for (const l of this.listeners[event] ?? []) (l as (x: typeof e) => void)(e);
  }

  // ---------------------------------------------------------------- execution

  start(): void {
    if (this.state !== 'initial') throw new DebugApiError('bad-request', 'the program has already started');
    for (const w of this.loadWarnings) this.emit('output', { category: 'console', text: `${w}\n` });
    const main = this.program.main;
    const start = getExport(main, '_start');
    let entry: FuncInstance;
    let args: Value[] = [];
    if (start?.kind === 'func') entry = start.func;
    else {
      const name = this.options.invoke;
      const ex = name !== undefined ? getExport(main, name) : undefined;
      if (!name || ex?.kind !== 'func') {
        throw new DebugApiError('bad-request', name ? `the program exports no function ${name}` : 'the program exports no _start: say which export to invoke');
      }
      entry = ex.func;
      args = entry.type.params.map((t, i) => argValue(t, this.options.args?.[i]));
    }
    this.program.spawn(entry, args, start?.kind === 'func' ? '_start' : this.options.invoke!);
    if (this.options.stopOnEntry) {
      this.state = 'paused';
      this.stoppedThread = this.program.scheduler.threads[0] ?? null;
      this.started.add(this.stoppedThread!);
      queueMicrotask(() => this.emit('stopped', { reason: 'entry', thread: 1, description: 'entry' }));
      return;
    }
    this.resume();
  }

  continue(thread?: ThreadId, singleThread?: boolean): void {
    this.requirePaused();
    this.resume(singleThread ? this.thread(thread ?? this.stoppedThread?.id ?? 1) : null);
  }

  step(thread: ThreadId, kind: StepKind, granularity: StepGranularity, singleThread?: boolean): void {
    this.requirePaused();
    const t = this.thread(thread);
    const top = t.stack.chainTop;
    if (top.depth === 0) throw new DebugApiError('bad-request', `thread ${thread} has no frame to step in`);
    const d = top.depth - 1;
    const cf = top.frameFunc[d]!.code!;
    const pc = top.framePc[d]!;
    const ins = this.instrAt(cf.funcIndex, wasmOffsetOf(cf, pc));
    const lines = granularity === 'line' && this.sourceMap !== undefined;
    this.step_ = {
      thread, kind, granularity: lines ? 'line' : 'instruction', stack: top, depth: top.depth, pc,
      line: lines ? this.sourceMap!.positionAt(wasmOffsetOf(cf, pc))?.line : undefined,
      parent: top.parent, parentDepth: top.parent?.depth ?? 0,
      leavesStack: ins !== undefined && (ins.op === Op['suspend'] || ins.op === Op['switch']),
    };
    this.flood();
    this.resume(singleThread ? t : null);
  }

  pause(): void {
    if (this.state === 'running') this.pauseRequested = true;
  }

  terminate(): void {
    if (this.state === 'exited') return;
    this.program.end(0, 'terminated by the debugger');
    if (!this.driving) this.finish();
  }

  private requirePaused(): void {
    if (this.state === 'exited') throw new DebugApiError('exited', 'the program has exited');
    if (this.state !== 'paused') throw new DebugApiError('not-paused', 'the program is running');
  }

  private resume(only: Thread | null = null): void {
    const sch = this.program.scheduler;
    // Threads held at a trap kept their chain for the stop; it ends now, before anything else looks at it.
    for (const t of this.allThreads.values()) if (sch.isHeld(t)) this.dropTrapChain(t);
    // The stopped thread stands at a BREAK it stopped at: run the instruction under it.
    for (const t of sch.threads) {
      if (sch.isHeld(t)) continue;
      const top = t.stack.chainTop;
      if (top.depth > 0 && this.atBreak(top)) top.passBreak = true;
    }
    // Threads held at their exit (a trap stop, a thread-exit stop) exit now.
    for (const t of [...this.allThreads.values()]) if (sch.isHeld(t)) sch.release(t);
    sch.only = only;
    this.epoch++;
    this.state = 'running';
    this.pending = null;
    this.stoppedThread = null;
    void this.drive();
  }

  private atBreak(s: Stack): boolean {
    const cf = s.frameFunc[s.depth - 1]!.code;
    return cf !== null && cf.breaks?.has(s.framePc[s.depth - 1]!) === true;
  }

  private async drive(): Promise<void> {
    if (this.driving) return;
    this.driving = true;
    const program = this.program;
    const until = (): boolean => this.pending !== null || this.pauseRequested || program.ending !== null;
    try {
      while (!until()) {
        try {
          await program.scheduler.run(until);
        } catch (e) {
          if (!(e instanceof DeadlockError)) throw e;
          this.emit('output', { category: 'console', text: `wasmdbg: ${e.message}\n` });
          program.end(1, e.message);
        }
        if (!until() && program.scheduler.threads.length === 0) break;
        if (!until() && program.scheduler.only !== null) {
          // The one thread let run cannot go on alone (it exited or waits): stop there.
          this.pending = { reason: 'pause', thread: program.scheduler.only.id, description: 'the thread cannot run on alone' };
        }
      }
    } finally {
      this.driving = false;
    }
    if (program.ending !== null || program.scheduler.threads.length === 0) { this.finish(); return; }
    const stop = this.pending ?? this.pauseStop();
    this.pauseRequested = false;
    this.pending = stop;
    this.stoppedThread = this.allThreads.get(stop.thread) ?? null;
    this.unflood();
    this.state = 'paused';
    this.emit('stopped', stop);
  }

  private pauseStop(): StopEvent {
    const t = this.lastRan && this.lastRan.status !== 'exited' ? this.lastRan : this.program.scheduler.threads[0]!;
    return { reason: 'pause', thread: t.id, ...this.contOf(t), description: 'paused' };
  }

  private finish(): void {
    if (this.exitedSent) return;
    this.exitedSent = true;
    this.state = 'exited';
    this.program.wasi.close();
    const ending = this.program.ending ?? { exitCode: 0 };
    this.emit('exited', { exitCode: ending.exitCode, reason: ending.error ?? `exit(${ending.exitCode})` });
  }

  private contOf(t: Thread): { continuation?: number } {
    const top = t.stack.chainTop;
    return top !== t.stack ? { continuation: top.id } : {};
  }

  /** Makes `stop` the pending stop: the scheduler's loop ends after this slice. */
  private stopWith(stop: StopEvent): void {
    if (this.pending === null) this.pending = stop;
  }

  // ---------------------------------------------------------------- scheduler hooks

  private threadStarted(t: Thread): void {
    this.allThreads.set(t.id, t);
    t.stack.keepChainOnTrap = true;
    this.emit('thread', { reason: 'started', thread: t.id, name: threadName(t) });
  }

  private beforeSlice(t: Thread): boolean {
    if (this.pending !== null) return false;
    this.lastRan = t;
    if (!this.started.has(t)) {
      this.started.add(t);
      if (this.filters.threadStart) {
        this.stopWith({ reason: 'thread-start', thread: t.id, description: `${threadName(t)} started` });
        return false;
      }
    }
    return true;
  }

  private onThreadExit(t: Thread, o: ThreadOutcome): boolean {
    let hold = false;
    if (this.pending === null && o.kind === 'trapped') {
      const e = o.error;
      if (e instanceof ProgramExit || e instanceof ThreadExit) { /* an exit, not a fault */ }
      else if (e instanceof WasmException) {
        if (this.filters.uncaughtExceptions !== false) {
          this.stopWith({ reason: 'exception', thread: t.id, ...this.contOf(t), description: 'uncaught exception', detail: { kind: 'exception', message: e.exn.describe(), ...this.faultSite(t, e) } });
          hold = true;
        }
      } else if (this.filters.traps !== false) {
        const message = e.message;
        this.stopWith({ reason: 'trap', thread: t.id, ...this.contOf(t), description: `trap: ${message}`, detail: { kind: e instanceof Trap ? e.kind : 'engine', message, ...this.faultSite(t, e) } });
        hold = true;
      }
    } else if (this.pending === null && o.kind === 'returned' && this.filters.threadExit) {
      this.stopWith({ reason: 'thread-exit', thread: t.id, description: `${threadName(t)} exits` });
      hold = true;
    }
    if (!hold) {
      this.dropTrapChain(t);
      this.emit('thread', { reason: 'exited', thread: t.id, name: threadName(t) });
    }
    else t.onExit.push(() => this.emit('thread', { reason: 'exited', thread: t.id, name: threadName(t) }));
    return hold;
  }

  /** A faulted thread's chain, kept linked for its trap or exception stop (Stack.keepChainOnTrap), is abandoned as it would be without a debugger. */
  private dropTrapChain(t: Thread): void {
    const root = t.stack;
    if ((root.trap !== null || root.exception !== null) && root.chainTop !== root) abandonChain(this.program.store, root, root.chainTop);
  }

  /** Where a trap or exception happened: the thread's top frame (its chain is left as it was at the fault). */
  private faultSite(t: Thread, e: Error): { location?: CodeLocation } {
    const s = t.stack.chainTop;
    if (s.depth > 0) {
      const cf = s.frameFunc[s.depth - 1]!.code!;
      return { location: { module: 0, func: cf.funcIndex, offset: wasmOffsetOf(cf, s.framePc[s.depth - 1]!) } };
    }
    const bt = e instanceof Trap ? e.backtrace?.[0] : undefined;
    if (!bt) return {};
    const func = this.funcByName(bt.func);
    return func !== undefined ? { location: { module: 0, func, offset: bt.offset } } : {};
  }

  private onBreak(t: Thread): boolean {
    if (this.pending !== null) return false;
    const top = t.stack.chainTop;
    const d = top.depth - 1;
    const cf = top.frameFunc[d]!.code!;
    const pc = top.framePc[d]!;
    const owners = this.patches.ownersAt(cf, pc);
    const offset = wasmOffsetOf(cf, pc);
    const base = { thread: t.id, ...this.contOf(t) };
    // User breakpoints: conditions, hit counts and log points are judged here.
    const hit: number[] = [];
    let kind: BpKind | undefined;
    for (const owner of owners) {
      if (!owner.startsWith('bp')) continue;
      const bp = this.bps.get(Number(owner.slice(2)));
      if (!bp || !this.breakpointFires(bp, t)) continue;
      hit.push(bp.id);
      kind ??= bp.kind;
    }
    if (hit.length > 0) {
      this.stopWith({ reason: BP_REASON[kind!], ...base, breakpoints: hit, description: `breakpoint at ${this.describeLocation(cf, offset)}` });
      return false;
    }
    const plan = this.step_;
    if (plan !== null && plan.thread === t.id && owners.has(STEP_OWNER) && stepDone(plan, top, pc, this.lineAt(cf, pc))) {
      this.stopWith({ reason: 'step', ...base, description: `step to ${this.describeLocation(cf, offset)}` });
      return false;
    }
    if (owners.has(EVENT_OWNER)) {
      const ev = this.eventAt(t, top, cf, offset);
      if (ev) {
        this.stopWith({ reason: 'continuation', ...base, description: ev });
        return false;
      }
    }
    return true;
  }

  private breakpointFires(bp: Breakpoint, t: Thread): boolean {
    const spec = bp.spec;
    if (spec.condition) {
      try {
        if (!isTrue(evaluateExpression(spec.condition, this.scopeFor(t, 0)))) return false;
      } catch (e) {
        this.emit('output', { category: 'console', text: `breakpoint ${bp.id}: condition: ${e instanceof Error ? e.message : String(e)}\n` });
        return true;
      }
    }
    bp.hits++;
    if (spec.hitCondition && !hitMatches(spec.hitCondition, bp.hits)) return false;
    if (spec.logMessage !== undefined) {
      const text = spec.logMessage.replace(/\{([^}]*)\}/g, (_, src: string) => {
        try {
          return debugValue(evaluateExpression(src, this.scopeFor(t, 0))).text;
        } catch (e) {
          return `<${e instanceof Error ? e.message : String(e)}>`;
        }
      });
      this.emit('output', { category: 'console', text: `${text}\n` });
      return false;
    }
    return true;
  }

  /** A continuation event at a patched instruction, as a stop description; undefined when the filters do not want it. */
  private eventAt(t: Thread, top: Stack, cf: CompiledFunc, offset: number): string | undefined {
    const ins = this.instrAt(cf.funcIndex, offset);
    if (!ins) return undefined;
    const f = this.filters;
    const tagName = (i: number): string => { const n = this.m.names.tags.get(i); return n !== undefined ? `$${n}` : `tag[${i}]`; };
    const cont = top !== t.stack ? ` (cont #${top.id})` : '';
    const say = (kind: 'created' | 'resumed' | 'suspended' | 'switched' | 'returned', text: string, tag?: string): string => {
      this.emit('continuation', { kind, continuation: top.id, thread: t.id, ...(tag ? { tag } : {}) });
      return text;
    };
    switch (ins.op) {
      case Op['cont.new']: return f.contNew ? say('created', `cont.new in ${cf.name}${cont}`) : undefined;
      case Op['resume']: case Op['resume_throw']: return f.resume ? say('resumed', `resume in ${cf.name}${cont}`) : undefined;
      case Op['suspend']: {
        const tag = tagName(ins.index);
        const want = f.suspend === true || (Array.isArray(f.suspend) && f.suspend.includes(tag));
        return want ? say('suspended', `suspend ${tag}${cont}`, tag) : undefined;
      }
      case Op['switch']: return f.switch ? say('switched', `switch ${tagName(ins.index2)}${cont}`) : undefined;
      default:
        // return / end of a continuation's bottom frame.
        if (f.contReturn && top !== t.stack && top.depth === 1 && top.parent !== null) return say('returned', `continuation #${top.id} returns`);
        return undefined;
    }
  }

  // ---------------------------------------------------------------- breakpoints

  setSourceBreakpoints(file: string, specs: readonly BreakpointSpec[]): BreakpointState[] {
    const key = this.sourceKey(file);
    for (const id of this.sourceSets.get(key) ?? []) this.dropBp(id);
    const out = specs.map((spec) => this.addBp('source', spec));
    this.sourceSets.set(key, out.map((b) => b.id));
    return out;
  }

  setFunctionBreakpoints(specs: readonly BreakpointSpec[]): BreakpointState[] {
    for (const id of this.functionSet) this.dropBp(id);
    const out = specs.map((spec) => this.addBp('function', spec));
    this.functionSet = out.map((b) => b.id);
    return out;
  }

  setInstructionBreakpoints(specs: readonly BreakpointSpec[]): BreakpointState[] {
    for (const id of this.instructionSet) this.dropBp(id);
    const out = specs.map((spec) => this.addBp('instruction', spec));
    this.instructionSet = out.map((b) => b.id);
    return out;
  }

  setEventFilters(filters: EventFilters): void {
    this.filters = { ...filters };
    const ops = new Set<number>();
    if (filters.contNew) ops.add(Op['cont.new']!);
    if (filters.resume) { ops.add(Op['resume']!); ops.add(Op['resume_throw']!); }
    if (filters.suspend) ops.add(Op['suspend']!);
    if (filters.switch) ops.add(Op['switch']!);
    if (filters.contReturn) { ops.add(Op['return']!); ops.add(Op['end']!); }
    this.eventOps = ops;
    this.patches.remove(EVENT_OWNER);
    this.compiled.funcs.forEach((cf, def) => { if (cf) this.placeEvents(def, cf); });
  }

  breakpointLines(file: string, fromLine: number, toLine: number): number[] {
    const out: number[] = [];
    for (let line = fromLine; line <= toLine; line++) if (this.locationsOnLine(file, line).length > 0) out.push(line);
    return out;
  }

  private sourceKey(file: string): string {
    if (this.generatedName() === file) return file;
    return resolvePath(file);
  }

  private generatedName(): string {
    return `${basename(this.options.program)}.wat`;
  }

  /** Code locations on a source line (of the .wat program or C sources, or of the generated text of a binary). */
  private locationsOnLine(file: string, line: number): CodeLocation[] {
    if (this.sourceMap?.owns(this.sourceKey(file))) return this.codeLocations(this.sourceMap.codeOnLine(this.sourceKey(file), line));
    if (!this.sourceMap && file === this.generatedName()) return [...this.generatedSource(0).locationsOnLine(line)];
    return [];
  }

  private codeLocations(offsets: readonly number[]): CodeLocation[] {
    const out: CodeLocation[] = [];
    for (const offset of offsets) {
      const func = this.funcAt(offset);
      if (func !== undefined) out.push({ module: 0, func, offset });
    }
    return out;
  }

  /** The function whose body holds a module offset. */
  private funcAt(offset: number): number | undefined {
    const starts = (this.funcStarts ??= Int32Array.from(this.m.funcs, (f) => f.bodyOffset));
    let lo = 0, hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= offset) lo = mid + 1; else hi = mid;
    }
    const def = lo - 1;
    const f = this.m.funcs[def];
    return f && offset <= f.bodyEnd ? this.imported + def : undefined;
  }

  private addBp(kind: BpKind, spec: BreakpointSpec): BreakpointState {
    const bp: Breakpoint = { id: this.nextBpId++, kind, spec, hits: 0 };
    this.bps.set(bp.id, bp);
    const where = spec.location;
    try {
      if (spec.condition) evaluateCheck(spec.condition);
    } catch (e) {
      bp.message = e instanceof Error ? e.message : String(e);
      return this.bpState(bp);
    }
    switch (where.kind) {
      case 'code': {
        const { func, offset } = where.location;
        const f = this.m.funcs[func - this.imported];
        if (where.location.module !== 0 || !f) bp.message = `no function ${func} in module ${where.location.module}`;
        else if (offset < f.body[0]!.offset || offset > f.bodyEnd) bp.message = `offset 0x${offset.toString(16)} is outside function ${func}`;
        else bp.loc = { func, offset };
        break;
      }
      case 'function': {
        const func = this.funcByName(where.name);
        if (func === undefined || func < this.imported) bp.message = `no function named ${where.name}`;
        else bp.loc = { func, offset: this.m.funcs[func - this.imported]!.body[0]!.offset };
        break;
      }
      case 'source': {
        let line: number | undefined = where.line;
        const key = this.sourceKey(where.file);
        if (this.sourceMap?.owns(key)) {
          const code = this.sourceMap.breakpointCode(key, where.line);
          const locs = this.codeLocations(code?.offsets ?? []);
          if (locs.length === 0) { bp.message = 'no code on or after this line'; break; }
          bp.loc = { func: locs[0]!.func, offset: locs[0]!.offset };
          break;
        } else if (where.file === this.generatedName()) {
          while (line !== undefined && line <= where.line + 1000 && this.locationsOnLine(where.file, line).length === 0) line++;
        } else {
          bp.message = `${where.file} is not a source of this program`;
          break;
        }
        const locs = line !== undefined ? this.locationsOnLine(where.file, line) : [];
        if (locs.length === 0) { bp.message = 'no code on or after this line'; break; }
        const first = locs.reduce((a, b) => (b.offset < a.offset ? b : a));
        bp.loc = { func: first.func, offset: first.offset };
        break;
      }
    }
    if (bp.loc) {
      const def = bp.loc.func - this.imported;
      const cf = this.compiled.funcs[def];
      if (cf) this.placeBp(bp, cf);
    }
    return this.bpState(bp);
  }

  private dropBp(id: number): void {
    this.patches.remove(bpOwner(id));
    this.bps.delete(id);
  }

  private placeBp(bp: Breakpoint, cf: CompiledFunc): void {
    const at = stopPoint(cf, bp.loc!.offset);
    if (!at) { bp.message = 'no code at or after this offset in its function'; bp.loc = undefined; return; }
    bp.loc = { func: bp.loc!.func, offset: at.offset };
    this.patches.add(cf, at.pc, bpOwner(bp.id));
  }

  /** A function was compiled (debug mode): its breakpoints, the step flood, the event filters. */
  private placeIn(def: number, cf: CompiledFunc): void {
    const func = this.imported + def;
    for (const bp of this.bps.values()) {
      if (bp.loc?.func !== func) continue;
      const before = bp.loc.offset;
      this.placeBp(bp, cf);
      if (bp.loc?.offset !== before) this.emit('breakpoint', this.bpState(bp));
    }
    if (this.step_ !== null) this.floodFunc(cf);
    this.placeEvents(def, cf);
  }

  private placeEvents(def: number, cf: CompiledFunc): void {
    if (this.eventOps.size === 0) return;
    for (const ins of this.m.funcs[def]!.body) {
      if (!this.eventOps.has(ins.op)) continue;
      const at = exactPc(cf, ins.offset);
      if (at >= 0) this.patches.add(cf, at, EVENT_OWNER);
    }
  }

  private bpState(bp: Breakpoint): BreakpointState {
    const loc = bp.loc ? { module: 0, func: bp.loc.func, offset: bp.loc.offset } : undefined;
    return {
      id: bp.id, verified: loc !== undefined,
      ...(loc ? { location: loc } : {}),
      ...(loc && this.sourceOf(loc) ? { source: this.sourceOf(loc)! } : {}),
      ...(bp.message ? { message: bp.message } : {}),
    };
  }

  private flood(): void {
    for (const cf of this.compiled.funcs) if (cf) this.floodFunc(cf);
  }

  private floodFunc(cf: CompiledFunc): void {
    for (const pc of cf.pcs) this.patches.add(cf, pc, STEP_OWNER);
  }

  private unflood(): void {
    if (this.step_ === null) return;
    this.step_ = null;
    this.patches.remove(STEP_OWNER);
  }

  // ---------------------------------------------------------------- inspection

  threads(): ThreadInfo[] {
    const out: ThreadInfo[] = [];
    for (const t of this.allThreads.values()) {
      const held = this.program.scheduler.isHeld(t);
      if (t.status === 'exited' && !held) continue;
      const state = this.state === 'paused' ? 'paused'
        : t.status === 'waiting-address' ? 'waiting' : t.status === 'waiting-host' ? 'waiting-host' : 'running';
      const waitingOn = t.status === 'waiting-address' ? `memory.atomic.wait at 0x${t.waitAddress.toString(16)}`
        : t.status === 'waiting-host' ? `host function ${t.stack.chainTop.pending?.func.name ?? t.stack.pending?.func.name ?? '?'}` : undefined;
      out.push({ id: t.id, name: threadName(t), state, ...(waitingOn ? { waitingOn } : {}) });
    }
    return out;
  }

  chain(thread: ThreadId, window?: ChainWindow): ChainSegment[] {
    this.requirePaused();
    const t = this.thread(thread);
    // The window in chain frame numbers; each segment builds only its part of it.
    const from = Math.max(0, window?.start ?? 0);
    const to = window?.count !== undefined ? from + Math.max(0, window.count) : Infinity;
    const out: ChainSegment[] = [];
    let base = 0; // chain number of the segment's frame 0
    for (let s: Stack | null = t.stack.chainTop; s !== null; s = s.parent) {
      const view = describeStack(s, false);
      const handlers = view.handlers.map((h) => ({ tag: tagDisplay(h.tag), target: h.target }));
      const first = Math.max(0, from - base);
      const last = Math.min(s.depth, to - base);
      const frames = last > first ? this.framesOf(t.id, s, first, last - first) : [];
      out.push({
        stack: s.id,
        ...(s !== t.stack ? { continuation: s.id } : {}),
        state: s.state,
        ...(s.parent ? { enteredBy: { how: handlers.some((h) => h.target === 'switch') && s.suspendedBySwitch ? 'switch' : 'resume', handlers } } : {}),
        frames,
        frameCount: s.depth,
        ...(window ? { frameStart: frames.length > 0 ? first : 0 } : {}),
      } as ChainSegment);
      base += s.depth;
    }
    return out;
  }

  /** Frames `start` … of stack `s` (0 = innermost), with handles on `thread`. */
  private framesOf(thread: number, s: Stack, start = 0, count = s.depth): FrameInfo[] {
    return stackFrames(s, start, count).map((f, i) => this.frameInfo({ epoch: this.epoch, thread, stack: s.id, depth: start + i }, f));
  }

  private frameInfo(handle: FrameHandle, f: FrameView): FrameInfo {
    const location = { module: 0, func: f.funcIndex, offset: f.offset };
    const source = this.sourceOf(location);
    const c = this.scopes_ && f.offset >= 0 ? this.sourceFrames(f.offset, source) : undefined;
    if (c) return { handle, name: c.name, location, ...(source ? { source } : {}), ...(c.callers.length ? { inlinedCallers: c.callers } : {}) };
    return { handle, name: this.funcName(f.funcIndex), location, ...(source ? { source } : {}) };
  }

  /**
   * The C function at a module offset, and when it is code inlined into
   * another, the functions it was inlined into (innermost first) with their
   * call sites: the frames a source-level debugger shows for one wasm frame.
   */
  private sourceFrames(offset: number, source: SourcePosition | undefined): { name: string; callers: InlinedFrame[] } | undefined {
    let frames;
    try {
      frames = this.scopes_!.framesAt(this.sourceMap!.kind === 'dwarf' ? (this.sourceMap as DwarfSourceMap).dwarf.toDwarfAddress(offset) : offset);
    } catch {
      return undefined;
    }
    if (frames.length === 0 || frames[0]!.name === undefined) return undefined;
    const callers: InlinedFrame[] = [];
    for (let i = 1; i < frames.length; i++) {
      // Frame i runs at the call site recorded on the inlined frame inside it.
      const site = frames[i - 1]!.callSite;
      const file = site?.file !== undefined ? this.sourceMap!.sources().find((f) => f === site.file || f.endsWith(site.file!.replace(/^\.\//, '')))
        ?? site.file : source?.file;
      callers.push({ name: frames[i]!.name ?? '<inlined>', ...(file !== undefined && site ? { source: { file, line: site.line, column: Math.max(1, site.column) } } : {}) });
    }
    return { name: frames[0]!.name, callers };
  }

  continuations(query?: ContinuationQuery): ContinuationInfo[] {
    // No query: the original answer, every live continuation with its frames.
    const withFrames = query === undefined || query.withFrames === true;
    const skip = Math.max(0, query?.start ?? 0);
    const max = query?.count ?? Infinity;
    const picked: Stack[] = [];
    let seen = 0;
    for (const s of this.matching(query)) {
      if (seen++ < skip) continue;
      if (picked.length >= max) break;
      picked.push(s);
    }
    if (picked.length === 0) return [];
    // Which thread's chain each linked stack is on: one walk of every chain, not one per continuation.
    const threadOf = new Map<Stack, number>();
    for (const t of this.allThreads.values()) {
      if (t.status === 'exited' && !this.program.scheduler.isHeld(t)) continue;
      for (let s: Stack | null = t.stack.chainTop; s !== null; s = s.parent) threadOf.set(s, t.id);
    }
    return picked.map((s) => this.continuationInfo(s, threadOf.get(s), withFrames));
  }

  continuationCount(query?: ContinuationQuery): number {
    const states = queryStates(query);
    if (query?.id !== undefined) {
      const s = this.findStack(query.id);
      return s !== undefined && states.includes(s.state) ? 1 : 0;
    }
    // Kept by the engine at each state change: no visit of 100,000 weak references.
    const counts = continuationCounts(this.program.store);
    let n = 0;
    for (const state of states) n += counts[state];
    return n;
  }

  /**
   * Live continuation stacks that `query` selects (state, id), in creation
   * order, found lazily: a caller that takes the first hundred stops there
   * instead of dereferencing a weak reference per continuation ever made.
   */
  private *matching(query: ContinuationQuery | undefined): Generator<Stack> {
    const states = queryStates(query);
    if (query?.id !== undefined) {
      const s = this.findStack(query.id);
      if (s !== undefined && states.includes(s.state)) yield s;
      return;
    }
    for (const s of eachContinuationStack(this.program.store)) {
      if (states.includes(s.state)) yield s;
    }
  }

  private continuationInfo(s: Stack, thread: number | undefined, withFrames: boolean): ContinuationInfo {
    const v = describeStack(s, false);
    const createdAt = v.created?.frames[0];
    const loc = (f: FrameView): CodeLocation => ({ module: 0, func: f.funcIndex, offset: f.offset });
    const created = createdAt ? loc(createdAt) : { module: 0, func: -1, offset: -1 };
    const cs = this.sourceOf(created);
    const suspendAt = v.lastSuspend ? loc(v.lastSuspend.at) : undefined;
    const ss = suspendAt ? this.sourceOf(suspendAt) : undefined;
    return {
      id: v.id,
      state: v.state,
      ...(thread !== undefined ? { thread } : {}),
      created: { location: created, ...(cs ? { source: cs } : {}), frames: (v.created?.frames ?? []).map(loc) },
      ...(v.lastSuspend && suspendAt ? {
        lastSuspend: { how: v.lastSuspend.how, tag: tagDisplay(v.lastSuspend.tag), location: suspendAt, ...(ss ? { source: ss } : {}) },
      } : {}),
      frames: withFrames && v.state === 'suspended' ? this.framesOf(thread ?? 0, s) : [],
      frameCount: s.depth,
    };
  }

  /** The stack and frame index (in Stack frame order) a handle names. */
  private frameOf(h: FrameHandle): { t: Thread | undefined; s: Stack; index: number; cf: CompiledFunc; inst: ModuleInstance } {
    if (h.epoch !== this.epoch) throw new DebugApiError('stale', 'this frame belongs to an earlier pause');
    this.requirePaused();
    const t = this.allThreads.get(h.thread);
    let s: Stack | undefined;
    if (t) for (let x: Stack | null = t.stack.chainTop; x; x = x.parent) if (x.id === h.stack) s = x;
    if (!s) {
      const found = this.findStack(h.stack);
      if (found && found.state !== 'returned') s = found;
    }
    if (!s) throw new DebugApiError('no-such-frame', `no stack ${h.stack} on thread ${h.thread}`);
    const index = s.depth - 1 - h.depth;
    if (index < 0 || h.depth < 0) throw new DebugApiError('no-such-frame', `stack ${h.stack} has no frame ${h.depth}`);
    const f = s.frameFunc[index]!;
    return { t, s, index, cf: f.code!, inst: f.instance! };
  }

  private findStack(id: number): Stack | undefined {
    // Continuation stacks are reachable from references the debugger does not hold; search the store's list.
    const s = findContinuationStack(this.program.store, id);
    return s !== undefined && s.state !== 'returned' ? s : undefined;
  }

  locals(frame: FrameHandle): NamedValue[] {
    const { s, index, cf } = this.frameOf(frame);
    const fp = s.frameFp[index]!;
    const names = this.m.names.locals.get(cf.funcIndex);
    return cf.localTypes.map((t, i) => named(names?.get(i) !== undefined ? `$${names.get(i)}` : `local ${i}`, i, s.readValue(fp + 2 * i, t), t));
  }

  operands(frame: FrameHandle): DebugValue[] {
    const { s, index, cf } = this.frameOf(frame);
    const shapes = cf.shapes;
    if (!shapes) return [];
    // A caller stands in its call (its saved pc is the return pc): what is left is below the call's arguments.
    const atCall = frameAtCall(s, index);
    const pc = s.framePc[index]! - (atCall ? 1 : 0);
    const i = lastAtOrBefore(cf.pcs, pc);
    const shape = i >= 0 ? shapes[i] : undefined;
    if (!shape?.types) return [];
    const height = atCall ? shape.kept : shape.types.length;
    const base = s.frameFp[index]! + cf.operandBase * 2;
    return shape.types.slice(0, height).map((t, h) => debugValue(s.readValue(base + 2 * h, t), t));
  }

  globals(module = 0): NamedValue[] {
    if (module !== 0) throw new DebugApiError('bad-request', `no module ${module}`);
    const inst = this.instanceForGlobals();
    return inst.globals.map((g, i) => {
      const n = this.m.names.globals.get(i);
      return named(n !== undefined ? `$${n}` : `global ${i}`, i, g.getValue(), g.type.type);
    });
  }

  private instanceForGlobals(t?: Thread): ModuleInstance {
    const s = t?.stack;
    if (s && s.depth > 0) return s.frameFunc[0]!.instance ?? this.program.main;
    return this.program.main;
  }

  children(frame: FrameHandle | undefined, value: DebugValue): NamedValue[] {
    if (value.c) {
      const inst = frame ? this.frameOf(frame).inst : this.program.main;
      return this.cValues(inst).children(value.c);
    }
    const v = value.value;
    if (v.type !== 'ref') return [];
    const r = v.ref;
    if (r instanceof ExceptionRef) return r.payload.map((p, i) => named(`payload ${i}`, i, p));
    if (r instanceof ContRef) {
      const s = r.stack;
      const out: NamedValue[] = [
        named('id', 0, i32(s.id)),
        { name: 'state', index: 1, type: 'string', value: i32(0), text: r.live ? s.state : 'consumed' },
      ];
      if (r.live && s.created?.frames[0]) {
        const f = s.created.frames[0];
        out.push({ name: 'created', index: 2, type: 'string', value: i32(0), text: `${this.funcName(f.func.code?.funcIndex ?? -1)}` });
      }
      return out;
    }
    return [];
  }

  readMemory(memory: number, address: number, length: number, module = 0): Uint8Array {
    const mem = this.memory(memory, module);
    if (address < 0 || address + length > mem.byteLength) throw new DebugApiError('bad-request', `[${address}, ${address + length}) is outside memory ${memory} (${mem.byteLength} bytes)`);
    return mem.bytes.slice(address, address + length);
  }

  writeMemory(memory: number, address: number, bytes: Uint8Array, module = 0): void {
    this.requirePaused();
    const mem = this.memory(memory, module);
    if (address < 0 || address + bytes.length > mem.byteLength) throw new DebugApiError('bad-request', `[${address}, ${address + bytes.length}) is outside memory ${memory}`);
    mem.bytes.set(bytes, address);
  }

  private memory(memory: number, module: number): { bytes: Uint8Array; byteLength: number } {
    const mem = module === 0 ? this.program.main.memories[memory] : undefined;
    if (!mem) throw new DebugApiError('bad-request', `no memory ${memory} in module ${module}`);
    return mem;
  }

  evaluate(expression: string, frame?: FrameHandle): DebugValue {
    const c = this.scopes_ ? this.evaluateC(expression, frame) : undefined;
    if (c) return c;
    if (frame) {
      const f = this.frameOf(frame);
      return debugValue(evaluateExpression(expression, this.scope(f.s, f.index, f.t?.id ?? 0, f.inst)));
    }
    const t = this.stoppedThread ?? undefined;
    const scope = t ? this.scopeFor(t, 0) : this.scope(undefined, -1, 0, this.program.main);
    return debugValue(evaluateExpression(expression, scope));
  }

  // ---------------------------------------------------------------- C variables (DWARF)

  sourceVariables(frame: FrameHandle, scope: SourceScope): NamedValue[] | undefined {
    if (!this.scopes_) return undefined;
    const f = this.frameOf(frame);
    const values = this.cValues(f.inst);
    const vars = scope === 'globals' ? this.cGlobals(f) : this.cLocals(f, frame.depth);
    return vars.map((v, i) => ({ ...values.value(v.ref), name: v.name, index: i }));
  }

  private cValues(inst: ModuleInstance): CValues {
    return new CValues((address, size) => {
      const mem = inst.memories[0];
      if (!mem || address < 0 || address + size > mem.byteLength) return undefined;
      return mem.bytes.slice(address, address + size);
    });
  }

  /** The frame's DWARF address and a DWARF expression context over its wasm locals, globals, operands and memory. */
  private cContext(f: ReturnType<Target['frameOf']>, depth: number): { pc: number; value: (kind: 'wasm-local' | 'wasm-global' | 'wasm-operand', index: number) => bigint; ctx: ExpressionContext } {
    const dwarf = (this.sourceMap as DwarfSourceMap).dwarf;
    const view = stackFrames(f.s, depth, 1)[0];
    const pc = dwarf.toDwarfAddress(view?.offset ?? -1);
    const fp = f.s.frameFp[f.index]!;
    const bits = (v: Value | undefined): bigint => {
      if (!v) throw new DebugApiError('bad-request', 'no such wasm value');
      switch (v.type) {
        case 'i32': return BigInt(v.value >>> 0);
        case 'i64': return BigInt.asUintN(64, v.value);
        case 'f32': return BigInt(v.bits);
        case 'f64': return BigInt.asUintN(64, v.bits);
        default: throw new DebugApiError('bad-request', 'a reference has no C value');
      }
    };
    let ops: DebugValue[] | undefined;
    const value = (kind: 'wasm-local' | 'wasm-global' | 'wasm-operand', index: number): bigint => {
      if (kind === 'wasm-local') {
        const t = f.cf.localTypes[index];
        return bits(t === undefined ? undefined : f.s.readValue(fp + 2 * index, t));
      }
      if (kind === 'wasm-global') return bits(f.inst.globals[index]?.getValue());
      ops ??= this.operands({ epoch: this.epoch, thread: f.t?.id ?? 0, stack: f.s.id, depth });
      return bits(ops[index]?.value);
    };
    const mem = f.inst.memories[0];
    const ctx: ExpressionContext = {
      readLocal: (i) => value('wasm-local', i),
      readGlobal: (i) => value('wasm-global', i),
      readOperand: (i) => value('wasm-operand', i),
      readMemory: (address, size) => {
        const a = Number(address);
        if (!mem || a < 0 || a + size > mem.byteLength) throw new DebugApiError('bad-request', `memory at 0x${a.toString(16)} is out of bounds`);
        let v = 0n;
        for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(mem.bytes[a + i]!);
        return v;
      },
    };
    return { pc, value, ctx };
  }

  /** Parameters and locals of the innermost source function at the frame's pc, each at its place. */
  private cLocals(f: ReturnType<Target['frameOf']>, depth: number): { name: string; ref: CRef }[] {
    const { pc, value, ctx } = this.cContext(f, depth);
    const scopes = this.scopes_!;
    const frames = scopes.framesAt(pc);
    const top = frames[0];
    if (!top) return [];
    return scopes.variables(top, pc).map((v) => {
      let place: CRef['place'];
      try {
        place = placeOf(scopes.locate(v, pc, frames[frames.length - 1], ctx), sizeOf(v.type), value);
      } catch (e) {
        place = { kind: 'unavailable', why: `<${e instanceof Error ? e.message : String(e)}>` };
      }
      return { name: v.name ?? '<anonymous>', ref: { type: v.type, place } };
    });
  }

  private cGlobals(f: ReturnType<Target['frameOf']>): { name: string; ref: CRef }[] {
    const { pc, value, ctx } = this.cContext(f, 0);
    const scopes = this.scopes_!;
    const out: { name: string; ref: CRef }[] = [];
    for (const v of scopes.globals()) {
      if (v.name === undefined || v.location.kind === 'none') continue; // declarations: the definition is listed too
      let place: CRef['place'];
      try {
        place = placeOf(scopes.locate(v, pc, undefined, ctx), sizeOf(v.type), value);
      } catch (e) {
        place = { kind: 'unavailable', why: `<${e instanceof Error ? e.message : String(e)}>` };
      }
      out.push({ name: v.name, ref: { type: v.type, place } });
    }
    return out;
  }

  /** A C expression on a C variable of the frame (or of the stopped thread's top frame), else undefined. */
  private evaluateC(expression: string, frame: FrameHandle | undefined): DebugValue | undefined {
    if (this.state !== 'paused') return undefined;
    let h = frame;
    if (!h) {
      const t = this.stoppedThread;
      if (!t || t.stack.chainTop.depth === 0) return undefined;
      h = { epoch: this.epoch, thread: t.id, stack: t.stack.chainTop.id, depth: 0 };
    }
    const f = this.frameOf(h);
    const handle = h;
    let locals: { name: string; ref: CRef }[] | undefined;
    let globals: { name: string; ref: CRef }[] | undefined;
    const lookup = (name: string): CRef | undefined => {
      locals ??= this.cLocals(f, handle.depth);
      // Inner blocks come last: the last of a name is the one in scope.
      for (let i = locals.length - 1; i >= 0; i--) if (locals[i]!.name === name) return locals[i]!.ref;
      globals ??= this.cGlobals(f);
      return globals.find((g) => g.name === name)?.ref;
    };
    return this.cValues(f.inst).evaluate(expression, lookup);
  }

  private scopeFor(t: Thread, depth: number): EvalScope {
    const s = t.stack.chainTop;
    const index = s.depth - 1 - depth;
    return this.scope(index >= 0 ? s : undefined, index, t.id, index >= 0 ? s.frameFunc[index]!.instance! : this.program.main, s !== t.stack ? s.id : 0);
  }

  private scope(s: Stack | undefined, index: number, thread: number, inst: ModuleInstance, cont = s && s.parent ? s.id : 0): EvalScope {
    const cf = s && index >= 0 ? s.frameFunc[index]!.code! : undefined;
    const fp = s && index >= 0 ? s.frameFp[index]! : 0;
    const local = (i: number): Value | undefined => (cf && s && i < cf.localTypes.length ? s.readValue(fp + 2 * i, cf.localTypes[i]!) : undefined);
    const global = (i: number): Value | undefined => inst.globals[i]?.getValue();
    const localNames = cf ? this.m.names.locals.get(cf.funcIndex) : undefined;
    return {
      name: (n) => {
        if (localNames) for (const [i, ln] of localNames) if (ln === n) return local(i);
        for (const [i, gn] of this.m.names.globals) if (gn === n) return global(i);
        if (n === 'thread') return i32(thread);
        if (n === 'cont') return i32(cont);
        return undefined;
      },
      local, global,
      memory: () => inst.memories[0]?.bytes,
    };
  }

  setLocal(frame: FrameHandle, index: number, value: string): DebugValue {
    const { s, index: fi, cf } = this.frameOf(frame);
    const t = cf.localTypes[index];
    if (t === undefined) throw new DebugApiError('bad-request', `${cf.name} has no local ${index}`);
    const v = parseValue(value, shortType(t));
    s.writeValue(s.frameFp[fi]! + 2 * index, t, v);
    return debugValue(v, t);
  }

  setGlobal(module: number, index: number, value: string): DebugValue {
    this.requirePaused();
    if (module !== 0) throw new DebugApiError('bad-request', `no module ${module}`);
    const g = this.program.main.globals[index];
    if (!g) throw new DebugApiError('bad-request', `no global ${index}`);
    if (!g.type.mutable) throw new DebugApiError('bad-request', `global ${index} is immutable`);
    const v = parseValue(value, shortType(g.type.type));
    g.setValue(v);
    return debugValue(v, g.type.type);
  }

  // ---------------------------------------------------------------- code views

  disassemble(location: CodeLocation, count: number): { location: CodeLocation; text: string; source?: SourcePosition }[] {
    const f = this.m.funcs[location.func - this.imported];
    if (location.module !== 0 || !f) throw new DebugApiError('bad-request', `no function ${location.func}`);
    let start = f.body.findIndex((ins) => ins.offset >= location.offset);
    if (start < 0) start = f.body.length - 1;
    return f.body.slice(start, start + count).map((ins) => {
      const loc = { module: 0, func: location.func, offset: ins.offset };
      const source = this.sourceOf(loc);
      return { location: loc, text: instrText(this.m, location.func, ins), ...(source ? { source } : {}) };
    });
  }

  generatedSource(module: number): GeneratedSource {
    if (module !== 0) throw new DebugApiError('bad-request', `no module ${module}`);
    return (this.generated ??= generateSource(this.m, this.generatedName()));
  }

  sources(): string[] {
    return this.sourceMap ? this.sourceMap.sources() : [];
  }

  // ---------------------------------------------------------------- helpers

  private thread(id: ThreadId): Thread {
    const t = this.allThreads.get(id);
    if (!t || (t.status === 'exited' && !this.program.scheduler.isHeld(t))) throw new DebugApiError('no-such-thread', `no thread ${id}`);
    return t;
  }

  private instrAt(func: number, offset: number): Instr | undefined {
    let map = this.instrs.get(func);
    if (!map) {
      map = new Map();
      for (const ins of this.m.funcs[func - this.imported]?.body ?? []) map.set(ins.offset, ins);
      this.instrs.set(func, map);
    }
    return map.get(offset);
  }

  private lineAt(cf: CompiledFunc, pc: number): number | null | undefined {
    return this.sourceMap?.stepLine(wasmOffsetOf(cf, pc));
  }

  private sourceOf(loc: CodeLocation): SourcePosition | undefined {
    if (loc.offset < 0) return undefined;
    return this.sourceMap?.positionAt(loc.offset);
  }

  private describeLocation(cf: CompiledFunc, offset: number): string {
    const src = this.sourceOf({ module: 0, func: cf.funcIndex, offset });
    return `${this.funcName(cf.funcIndex)}+0x${offset.toString(16)}${src ? ` (${basename(src.file)}:${src.line})` : ''}`;
  }

  private funcName(func: number): string {
    let n = this.names.get(func);
    if (n === undefined) this.names.set(func, (n = funcDisplayName(this.m, func)));
    return n;
  }

  /** An export name, `$name` from the name section, or an index. */
  private funcByName(name: string): number | undefined {
    if (/^\d+$/.test(name)) return Number(name) < this.imported + this.m.funcs.length ? Number(name) : undefined;
    const ex = this.m.exports.find((e) => e.name === name && e.kind === 'func');
    if (ex) return ex.index;
    const bare = name.startsWith('$') ? name.slice(1) : name;
    for (const [i, n] of this.m.names.funcs) if (n === bare) return i;
    const m = /^func\[(\d+)\]$/.exec(name);
    return m ? Number(m[1]) : undefined;
  }
}

/** Index of the last element of the sorted `xs` at or before `x`, or -1. */
function lastAtOrBefore(xs: Int32Array, x: number): number {
  let lo = 0, hi = xs.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/** The first stop point at or after `offset`: an internal instruction start and its wasm offset. */
function stopPoint(cf: CompiledFunc, offset: number): { pc: number; offset: number } | undefined {
  for (let i = 0; i < cf.offsets.length; i++) if (cf.offsets[i]! >= offset) return { pc: cf.pcs[i]!, offset: cf.offsets[i]! };
  return undefined;
}

/** The internal pc that starts exactly the instruction at `offset`, or -1 when it compiled to nothing. */
function exactPc(cf: CompiledFunc, offset: number): number {
  for (let i = 0; i < cf.offsets.length; i++) if (cf.offsets[i] === offset) return cf.pcs[i]!;
  return -1;
}

function hitMatches(cond: string, hits: number): boolean {
  const m = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=': return hits >= n;
    case '<=': return hits <= n;
    case '>': return hits > n;
    case '<': return hits < n;
    case '%': return n > 0 && hits % n === 0;
    default: return hits === n;
  }
}

/** Checks an expression's syntax only (names are looked up when it runs). */
function evaluateCheck(src: string): void {
  try {
    evaluateExpression(src, { name: () => i32(0), local: () => i32(0), global: () => i32(0), memory: () => new Uint8Array(65536) });
  } catch (e) {
    if (e instanceof DebugApiError && !/division by zero|outside memory/.test(e.message)) throw e;
  }
}

function threadName(t: Thread): string {
  return t.id === 1 ? 'main' : t.describe();
}

function tagDisplay(tag: string): string {
  return /^tag\d+$/.test(tag) ? `tag[${tag.slice(3)}]` : tag.startsWith('$') ? tag : `$${tag}`;
}

function shortType(t: ValType): string {
  return t === I32 ? 'i32' : t === I64 ? 'i64' : t === F32 ? 'f32' : t === F64 ? 'f64' : 'ref';
}

function argValue(t: ValType, text: string | undefined): Value {
  if (text === undefined) return t === I64 ? i64(0n) : t === F32 ? f32(0) : t === F64 ? f64(0) : i32(0);
  return parseValue(text, shortType(t));
}

const LIVE_STATES: readonly StackState[] = ['fresh', 'running', 'parent', 'suspended'];

/** The states a query selects, returned excluded (returned continuations are not live). */
function queryStates(query: ContinuationQuery | undefined): readonly StackState[] {
  const q = query?.state;
  if (q === undefined) return LIVE_STATES;
  return (typeof q === 'string' ? [q] : q).filter((st) => st !== 'returned');
}
