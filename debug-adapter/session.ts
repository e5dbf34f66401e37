// The DAP session: requests in, debug-API calls out; debug-API events in, DAP
// events out. The engine knows nothing of DAP (as in vscode-mock-debug) and
// everything numbered for the client lives in a per-pause store dropped on
// resume (as in vscode-js-debug). Every request goes through one dispatcher
// that answers thrown errors with error responses, so a bad or ill-timed
// request never takes the adapter down.

import { readFileSync } from 'node:fs';
import {
  BreakpointEvent, ExitedEvent, InitializedEvent, InvalidatedEvent, LoggingDebugSession, MemoryEvent, OutputEvent, Response,
  StoppedEvent, TerminatedEvent, ThreadEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointState, DebugTarget, FrameHandle, Launch, StopEvent, StopReason } from '../runtime/debug/api.js';
import { EXCEPTION_FILTERS, eventFilters, functionSpecs, instructionSpecs, sourceSpecs, toDapBreakpoint } from './breakpoints.js';
import { type CallStackEntry, chainPage, continuationEntries, page } from './callStack.js';
import { type AdapterLaunchConfig, validateLaunchConfig } from './launchConfig.js';
import { PauseStore } from './pauseStore.js';
import { CodeAddresses, parseMemoryReference } from './references.js';
import { Sources } from './sources.js';
import { buildStackChains, type StackChainsArguments } from './stackChains.js';
import { buildThreadList, continuationOfThread } from './threadList.js';
import { valueMemoryReference, valueText } from './values.js';
import { type VariableContainer, VariableViews } from './variables.js';

/** A stack-frame id's referent: a real frame (with its handle) or a label row. */
interface FrameEntry {
  readonly thread: number;
  readonly entry: CallStackEntry;
}

type SessionState = 'idle' | 'launched' | 'running' | 'paused' | 'exited';

/** A request the adapter can answer; the return value is the response body. */
type Handler = (args: never, request: DebugProtocol.Request) => unknown;

/** Upper bound for reading one function's instructions at once (the engine stops at the function's end). */
const MAX_FUNCTION_INSTRUCTIONS = 1_000_000;

const STOP_REASONS: Record<StopReason, string> = {
  entry: 'entry',
  breakpoint: 'breakpoint',
  'function-breakpoint': 'function breakpoint',
  'instruction-breakpoint': 'instruction breakpoint',
  step: 'step',
  pause: 'pause',
  trap: 'exception',
  exception: 'exception',
  continuation: 'exception',
  'thread-start': 'thread start',
  'thread-exit': 'thread exit',
};

/** An error a client sees as is (its message is the whole story). */
class RequestError extends Error {}

/** Breakpoints the client set, kept so a restart can set them again with the same DAP ids. */
interface RememberedBreakpoints<T> {
  readonly args: readonly T[];
  dapIds: number[];
}

export class WasmDebugSession extends LoggingDebugSession {
  private target: DebugTarget | undefined;
  private config: AdapterLaunchConfig | undefined;
  private rawLaunchArgs: unknown;
  private state: SessionState = 'idle';
  private configurationDone = false;
  private terminatedSent = false;
  private readonly store = new PauseStore<FrameEntry, VariableContainer>();
  private readonly addresses = new CodeAddresses();
  private readonly sources = new Sources(() => this.target);
  private views: VariableViews | undefined;
  private readonly lastStops = new Map<number, StopEvent>();
  private cappedNoticeShown = false;
  /** Function names seen in frames, for disassembly symbols. */
  private readonly functionNames = new Map<number, string>();

  // What the client configured, replayed on restart.
  private readonly sourceBreakpoints = new Map<string, RememberedBreakpoints<DebugProtocol.SourceBreakpoint> & { source: DebugProtocol.Source }>();
  private functionBreakpoints: RememberedBreakpoints<DebugProtocol.FunctionBreakpoint> = { args: [], dapIds: [] };
  private instructionBreakpoints: RememberedBreakpoints<DebugProtocol.InstructionBreakpoint> = { args: [], dapIds: [] };
  private exceptionArgs: DebugProtocol.SetExceptionBreakpointsArguments | undefined;
  /** Engine breakpoint id → the DAP id the client knows it by. */
  private readonly dapIdOfEngine = new Map<number, number>();
  private nextDapBreakpointId = 1;

  private readonly handlers: Record<string, Handler> = {
    launch: (a: DebugProtocol.LaunchRequestArguments) => this.launch(a),
    attach: () => { throw new RequestError('wasmdbg launches programs; attach is not supported'); },
    configurationDone: () => this.onConfigurationDone(),
    restart: (a: DebugProtocol.RestartArguments) => this.restart(a),
    terminate: () => this.terminate(),
    disconnect: (a: DebugProtocol.DisconnectArguments) => this.disconnect(a),
    setBreakpoints: (a: DebugProtocol.SetBreakpointsArguments) => this.setBreakpoints(a),
    setFunctionBreakpoints: (a: DebugProtocol.SetFunctionBreakpointsArguments) => this.setFunctionBreakpoints(a),
    setInstructionBreakpoints: (a: DebugProtocol.SetInstructionBreakpointsArguments) => this.setInstructionBreakpoints(a),
    setExceptionBreakpoints: (a: DebugProtocol.SetExceptionBreakpointsArguments) => this.setExceptionBreakpoints(a),
    breakpointLocations: (a: DebugProtocol.BreakpointLocationsArguments) => this.breakpointLocations(a),
    continue: (a: DebugProtocol.ContinueArguments) => this.continueThread(a),
    next: (a: DebugProtocol.NextArguments) => this.step(a, 'over'),
    stepIn: (a: DebugProtocol.StepInArguments) => this.step(a, 'in'),
    stepOut: (a: DebugProtocol.StepOutArguments) => this.step(a, 'out'),
    pause: () => { this.requireTarget().pause(); },
    threads: () => this.threads(),
    stackTrace: (a: DebugProtocol.StackTraceArguments) => this.stackTrace(a),
    scopes: (a: DebugProtocol.ScopesArguments) => this.scopes(a),
    variables: (a: DebugProtocol.VariablesArguments) => ({ variables: this.requireViews().variables(a.variablesReference, a) }),
    setVariable: (a: DebugProtocol.SetVariableArguments) => this.setVariable(a),
    evaluate: (a: DebugProtocol.EvaluateArguments) => this.evaluate(a),
    exceptionInfo: (a: DebugProtocol.ExceptionInfoArguments) => this.exceptionInfo(a),
    source: (a: DebugProtocol.SourceArguments) => this.source(a),
    loadedSources: () => ({ sources: this.sources.loaded() }),
    readMemory: (a: DebugProtocol.ReadMemoryArguments) => this.readMemory(a),
    writeMemory: (a: DebugProtocol.WriteMemoryArguments) => this.writeMemory(a),
    disassemble: (a: DebugProtocol.DisassembleArguments) => this.disassemble(a),
    stackChains: (a: StackChainsArguments) => buildStackChains(this.requireTarget(), this.state === 'paused', a ?? {}),
  };

  /** `launcher` creates the engine's target (runtime/debug/target.ts `launch`; a fake in tests). */
  constructor(private readonly launcher: Launch) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  // ── dispatch ─────────────────────────────────────────────────────────────

  protected override dispatchRequest(request: DebugProtocol.Request): void {
    // initialize goes through the base class: it records the client's line/column conventions.
    if (request.command === 'initialize') return super.dispatchRequest(request);
    const response = new Response(request);
    const handler = this.handlers[request.command];
    if (!handler) {
      this.sendErrorResponse(response, { id: 1014, format: `unrecognised request '${request.command}'`, showUser: false });
      return;
    }
    Promise.resolve()
      .then(() => handler((request.arguments ?? {}) as never, request))
      .then(
        (body) => {
          if (body !== undefined) (response as DebugProtocol.Response).body = body;
          this.sendResponse(response);
        },
        (e: unknown) => this.sendErrorResponse(response, { id: 1001, format: errorText(e), showUser: request.command === 'launch' || request.command === 'restart' }),
      )
      .catch(() => undefined); // the connection itself failed: nothing left to tell
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsBreakpointLocationsRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
      supportsExceptionFilterOptions: true,
      supportsExceptionInfoRequest: true,
      supportsSteppingGranularity: true,
      supportsSingleThreadExecutionRequests: true,
      supportsTerminateRequest: true,
      supportsRestartRequest: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsValueFormattingOptions: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsLoadedSourcesRequest: true,
      supportsDelayedStackTraceLoading: true,
    };
    this.sendResponse(response);
  }

  // ── lifecycle ────────────────────────────────────────────────────────────

  private async launch(args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    if (this.state !== 'idle') throw new RequestError('a program is already launched in this session');
    await this.startTarget(args);
    // Configuration requests need a target to land on, so `initialized` waits for one.
    this.sendEvent(new InitializedEvent());
  }

  private async startTarget(args: unknown): Promise<void> {
    const config = validateLaunchConfig(args);
    let target: DebugTarget;
    try {
      target = await this.launcher(config.options);
    } catch (e) {
      throw new RequestError(`cannot debug ${config.options.program}: ${errorText(e, config.options.program)}`);
    }
    this.rawLaunchArgs = args;
    this.config = config;
    this.target = target;
    this.views = new VariableViews(target, this.store.variables);
    this.state = 'launched';
    this.terminatedSent = false;
    this.listen(target);
  }

  private onConfigurationDone(): void {
    const target = this.requireTarget();
    if (this.configurationDone) return;
    this.configurationDone = true;
    this.run(() => target.start());
  }

  private async restart(args: DebugProtocol.RestartArguments): Promise<void> {
    const old = this.requireTarget();
    const next = (args.arguments as unknown) ?? this.rawLaunchArgs;
    // Detach first: events of the old program must not reach the client after this point.
    this.target = undefined;
    this.views = undefined;
    this.store.clear();
    this.lastStops.clear();
    this.sources.reset();
    this.state = 'idle';
    try {
      old.terminate();
    } catch {
      // it may have exited already
    }
    await this.startTarget(next);
    this.reapplyConfiguration();
    if (this.configurationDone) this.run(() => this.target!.start());
  }

  private terminate(): void {
    const target = this.requireTarget();
    if (this.state === 'exited') {
      this.sendTerminated();
      return;
    }
    target.terminate();
    // The engine answers with `exited`; make sure the client hears of the end even if it does not.
    setTimeout(() => this.sendTerminated(), 2000).unref();
  }

  private disconnect(args: DebugProtocol.DisconnectArguments): void {
    const target = this.target;
    this.target = undefined;
    this.views = undefined;
    if (target && this.state !== 'exited' && args.terminateDebuggee !== false) {
      try {
        target.terminate();
      } catch {
        // already gone
      }
    }
    this.state = 'exited';
    // Let the response go out before a standalone adapter exits.
    setImmediate(() => this.shutdown());
  }

  private sendTerminated(): void {
    if (this.terminatedSent) return;
    this.terminatedSent = true;
    this.sendEvent(new TerminatedEvent());
  }

  // ── engine events → DAP events ───────────────────────────────────────────

  private listen(target: DebugTarget): void {
    const live = () => this.target === target;
    target.on('stopped', (e) => {
      if (!live()) return;
      this.state = 'paused';
      this.store.clear();
      this.cappedNoticeShown = false;
      this.lastStops.set(e.thread, e);
      const event = new StoppedEvent(STOP_REASONS[e.reason] ?? e.reason, e.thread) as DebugProtocol.StoppedEvent;
      event.body.description = e.description;
      event.body.text = e.description;
      event.body.allThreadsStopped = true;
      if (e.breakpoints && e.breakpoints.length > 0) event.body.hitBreakpointIds = e.breakpoints.map((id) => this.dapIdOfEngine.get(id) ?? id);
      this.sendEvent(event);
    });
    target.on('output', (e) => {
      if (live()) this.sendEvent(new OutputEvent(e.text, e.category));
    });
    target.on('thread', (e) => {
      if (live()) this.sendEvent(new ThreadEvent(e.reason, e.thread));
    });
    target.on('breakpoint', (state) => {
      if (!live()) return;
      const bp = this.dapBreakpoint(state);
      this.sendEvent(new BreakpointEvent('changed', bp as DebugProtocol.Breakpoint));
    });
    target.on('exited', (e) => {
      if (!live()) return;
      this.state = 'exited';
      this.store.clear();
      if (e.reason && e.reason !== 'exit' && e.reason !== 'returned') this.sendEvent(new OutputEvent(`wasmdbg: the program ended: ${e.reason} (exit code ${e.exitCode})\n`, 'console'));
      this.sendEvent(new ExitedEvent(e.exitCode));
      this.sendTerminated();
    });
  }

  // ── breakpoints ──────────────────────────────────────────────────────────

  private dapBreakpoint(state: BreakpointState, dapId?: number): DebugProtocol.Breakpoint {
    const id = dapId ?? this.dapIdOfEngine.get(state.id) ?? this.nextDapBreakpointId++;
    this.dapIdOfEngine.set(state.id, id);
    return { ...toDapBreakpoint(state, this.sources, this.addresses), id };
  }

  /** Engine states → DAP breakpoints, keeping the ids `remembered` already gave out (a restart) or making new ones. */
  private answer(states: readonly BreakpointState[], remembered: { dapIds: number[] }, fresh: boolean): DebugProtocol.Breakpoint[] {
    if (fresh) remembered.dapIds = states.map(() => this.nextDapBreakpointId++);
    return states.map((s, i) => this.dapBreakpoint(s, remembered.dapIds[i]));
  }

  private setBreakpoints(args: DebugProtocol.SetBreakpointsArguments): { breakpoints: DebugProtocol.Breakpoint[] } {
    const target = this.requireTarget();
    const file = this.sources.engineFile(args.source);
    const bps = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const remembered = { args: bps, dapIds: [] as number[], source: args.source };
    this.sourceBreakpoints.set(file, remembered);
    return { breakpoints: this.answer(target.setSourceBreakpoints(file, sourceSpecs(file, bps)), remembered, true) };
  }

  private setFunctionBreakpoints(args: DebugProtocol.SetFunctionBreakpointsArguments): { breakpoints: DebugProtocol.Breakpoint[] } {
    const target = this.requireTarget();
    this.functionBreakpoints = { args: args.breakpoints, dapIds: [] };
    return { breakpoints: this.answer(target.setFunctionBreakpoints(functionSpecs(args.breakpoints)), this.functionBreakpoints, true) };
  }

  private setInstructionBreakpoints(args: DebugProtocol.SetInstructionBreakpointsArguments): { breakpoints: DebugProtocol.Breakpoint[] } {
    const target = this.requireTarget();
    const specs = instructionSpecs(args.breakpoints, this.addresses);
    this.instructionBreakpoints = { args: args.breakpoints, dapIds: [] };
    return { breakpoints: this.answer(target.setInstructionBreakpoints(specs), this.instructionBreakpoints, true) };
  }

  private setExceptionBreakpoints(args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const target = this.requireTarget();
    const filters = eventFilters(args);
    this.exceptionArgs = args;
    target.setEventFilters(filters);
  }

  /** After a restart: the same breakpoints and filters on the new target, under the same DAP ids. */
  private reapplyConfiguration(): void {
    const target = this.requireTarget();
    for (const [file, r] of this.sourceBreakpoints) {
      const states = target.setSourceBreakpoints(file, sourceSpecs(file, r.args));
      for (const bp of this.answer(states, r, false)) this.sendEvent(new BreakpointEvent('changed', bp as DebugProtocol.Breakpoint));
    }
    const fn = target.setFunctionBreakpoints(functionSpecs(this.functionBreakpoints.args));
    for (const bp of this.answer(fn, this.functionBreakpoints, false)) this.sendEvent(new BreakpointEvent('changed', bp as DebugProtocol.Breakpoint));
    const ins = target.setInstructionBreakpoints(instructionSpecs(this.instructionBreakpoints.args, this.addresses));
    for (const bp of this.answer(ins, this.instructionBreakpoints, false)) this.sendEvent(new BreakpointEvent('changed', bp as DebugProtocol.Breakpoint));
    if (this.exceptionArgs) target.setEventFilters(eventFilters(this.exceptionArgs));
  }

  private breakpointLocations(args: DebugProtocol.BreakpointLocationsArguments): { breakpoints: DebugProtocol.BreakpointLocation[] } {
    const target = this.requireTarget();
    const file = this.sources.engineFile(args.source);
    const lines = target.breakpointLines(file, args.line, args.endLine ?? args.line);
    return { breakpoints: lines.map((line) => ({ line })) };
  }

  // ── execution control ────────────────────────────────────────────────────

  /** Resume through `go`: the pause's handles die first, so nothing stale is served meanwhile. */
  private run(go: () => void): void {
    this.store.clear();
    this.state = 'running';
    go();
  }

  private continueThread(args: DebugProtocol.ContinueArguments): DebugProtocol.ContinueResponse['body'] {
    const target = this.requireTarget();
    this.requireState('continue');
    // A continuation pseudo-thread does not run by itself: continuing it continues the program.
    const thread = continuationOfThread(args.threadId) === undefined ? args.threadId : undefined;
    const single = args.singleThread === true && thread !== undefined;
    this.run(() => target.continue(thread, single));
    return { allThreadsContinued: !single };
  }

  private step(args: DebugProtocol.NextArguments, kind: 'in' | 'over' | 'out'): void {
    const target = this.requireTarget();
    this.requireState('step');
    const cont = continuationOfThread(args.threadId);
    if (cont !== undefined) throw new RequestError(`cont #${cont} is suspended: it runs only when resumed; step in the thread that resumes it`);
    const granularity = args.granularity === 'instruction' ? 'instruction' : 'line';
    this.run(() => target.step(args.threadId, kind, granularity, args.singleThread === true));
  }

  // ── threads, call stacks, scopes ─────────────────────────────────────────

  private threads(): { threads: DebugProtocol.Thread[] } {
    const target = this.target;
    if (!target || this.state === 'exited') return { threads: [] };
    const config = this.config!;
    const build = (): ReturnType<typeof buildThreadList> => buildThreadList(target.threads(), target, config.continuationsAsThreads, config.maxContinuationThreads);
    // Threads come and go while the program runs: remembered only for the pause.
    const list = this.state === 'paused' ? this.store.cached('threadList', build) : build();
    if (list.continuationsTotal > list.continuationsListed && !this.cappedNoticeShown) {
      this.cappedNoticeShown = true;
      this.sendEvent(new OutputEvent(`wasmdbg: listing ${list.continuationsListed} of ${list.continuationsTotal} continuations as threads (raise maxContinuationThreads, or use the Stack Chains view)\n`, 'console'));
    }
    return { threads: list.threads };
  }

  /**
   * A page of a thread's call stack. Real threads: the chain's shape once per
   * pause, then only the page's frames from the engine (a 10,000-frame chain
   * costs its page, not a walk). Continuation pseudo-threads: that one
   * continuation with its frames.
   */
  private callStackPage(threadId: number, start: number, levels: number): { entries: { entry: CallStackEntry; index: number }[]; total: number } {
    const target = this.requireTarget();
    const cont = continuationOfThread(threadId);
    if (cont === undefined) {
      const shape = this.store.cached(`chain:${threadId}`, () => {
        const info = target.threads().find((t) => t.id === threadId);
        if (!info) throw new RequestError(`no thread ${threadId}`);
        return info.state === 'exited' ? [] : target.chain(threadId, { count: 0 });
      });
      return chainPage(shape, (window) => target.chain(threadId, window), start, levels);
    }
    const entries = this.store.cached(`cont:${cont}`, () => {
      const c = target.continuations({ id: cont, withFrames: true }).find((x) => x.id === cont);
      if (!c) throw new RequestError(`cont #${cont} no longer exists`);
      return continuationEntries(c);
    });
    return { entries: page(entries, start, levels).map((entry, i) => ({ entry, index: start + i })), total: entries.length };
  }

  private stackTrace(args: DebugProtocol.StackTraceArguments): DebugProtocol.StackTraceResponse['body'] {
    this.requireState('stackTrace', true);
    const { entries, total } = this.callStackPage(args.threadId, args.startFrame ?? 0, args.levels ?? 0);
    const stackFrames: DebugProtocol.StackFrame[] = [];
    let inlined = 0;
    for (const { entry, index } of entries) {
      stackFrames.push(this.stackFrame(args.threadId, entry, index));
      // C code inlined into other functions (DWARF): each function it was inlined into is a frame of its own.
      if (entry.kind !== 'frame' || !entry.frame.inlinedCallers) continue;
      entry.frame.inlinedCallers.forEach((caller, k) => {
        const frame = { ...entry.frame, name: caller.name, source: caller.source, inlinedCallers: undefined };
        stackFrames.push(this.stackFrame(args.threadId, { ...entry, frame }, `${index}.${k}`));
        inlined++;
      });
    }
    return { stackFrames, totalFrames: total + inlined };
  }

  private stackFrame(thread: number, entry: CallStackEntry, index: number | string): DebugProtocol.StackFrame {
    const id = this.store.frames.add({ thread, entry }, `${thread}:${index}`);
    if (entry.kind === 'label') return { id, name: entry.text, line: 0, column: 0, presentationHint: 'label' };
    const f = entry.frame;
    this.functionNames.set(f.location.func, f.name);
    const placed = this.sources.place(f.location, f.source);
    const frame: DebugProtocol.StackFrame = {
      id,
      name: f.name,
      line: placed.line,
      column: placed.column,
      instructionPointerReference: this.addresses.remember(f.location),
    };
    if (placed.source) frame.source = placed.source;
    if (placed.endLine !== undefined) frame.endLine = placed.endLine;
    if (placed.endColumn !== undefined) frame.endColumn = placed.endColumn;
    return frame;
  }

  private frameHandle(frameId: number | undefined): FrameHandle | undefined {
    if (frameId === undefined) return undefined;
    const { entry } = this.store.frames.get(frameId);
    return entry.kind === 'frame' ? entry.frame.handle : undefined;
  }

  private scopes(args: DebugProtocol.ScopesArguments): { scopes: DebugProtocol.Scope[] } {
    const { entry } = this.store.frames.get(args.frameId);
    if (entry.kind === 'label') return { scopes: [] };
    return { scopes: this.requireViews().scopes(entry.frame.handle, entry.frame.location.module) };
  }

  // ── inspection and changes ───────────────────────────────────────────────

  private setVariable(args: DebugProtocol.SetVariableArguments): DebugProtocol.SetVariableResponse['body'] {
    const views = this.requireViews();
    this.requireState('setVariable');
    const v = views.set(args.variablesReference, args.name, args.value);
    this.sendEvent(new InvalidatedEvent(['variables']));
    const mem = valueMemoryReference(v);
    return { value: valueText(v, args.format?.hex ?? false), type: v.type, ...(mem && { memoryReference: mem }) };
  }

  private evaluate(args: DebugProtocol.EvaluateArguments): DebugProtocol.EvaluateResponse['body'] {
    const target = this.requireTarget();
    const views = this.requireViews();
    const frame = this.frameHandle(args.frameId);
    let v;
    try {
      v = target.evaluate(args.expression, frame);
    } catch (e) {
      // Hovering `i` in `$i` sends the word without its `$`: try the identifier.
      if (args.context !== 'hover' || args.expression.startsWith('$')) throw e;
      v = target.evaluate(`$${args.expression}`, frame);
    }
    const variable = views.variable(args.expression, v, frame, args.format?.hex ?? false);
    return {
      result: variable.value,
      type: variable.type,
      variablesReference: variable.variablesReference,
      ...(variable.memoryReference && { memoryReference: variable.memoryReference }),
    };
  }

  private exceptionInfo(args: DebugProtocol.ExceptionInfoArguments): DebugProtocol.ExceptionInfoResponse['body'] {
    this.requireTarget();
    const stop = this.lastStops.get(args.threadId);
    if (!stop || this.state !== 'paused' || !['trap', 'exception', 'continuation', 'thread-start', 'thread-exit'].includes(stop.reason)) {
      throw new RequestError(`thread ${args.threadId} did not stop on a trap or an event`);
    }
    const kind = stop.detail?.kind ?? stop.reason;
    return {
      exceptionId: kind,
      description: stop.detail?.message ?? stop.description,
      breakMode: stop.reason === 'trap' || stop.reason === 'exception' ? 'unhandled' : 'always',
      details: { message: stop.description, typeName: kind },
    };
  }

  private source(args: DebugProtocol.SourceArguments): DebugProtocol.SourceResponse['body'] {
    const ref = args.source?.sourceReference ?? args.sourceReference;
    if (ref && ref > 0) return { content: this.sources.content(ref), mimeType: 'text/x-wat' };
    if (args.source?.path) return { content: readFileSync(args.source.path, 'utf8') };
    throw new RequestError('the source request needs a sourceReference or a path');
  }

  private readMemory(args: DebugProtocol.ReadMemoryArguments): DebugProtocol.ReadMemoryResponse['body'] {
    const target = this.requireTarget();
    const where = parseMemoryReference(args.memoryReference, args.offset ?? 0);
    // Read what exists: past the end of memory the rest is reported unreadable, not an error.
    let length = args.count;
    let bytes: Uint8Array | undefined;
    let failure: unknown;
    while (length > 0 && !bytes) {
      try {
        bytes = target.readMemory(where.memory, where.address, length, where.module);
      } catch (e) {
        failure ??= e;
        length = Math.floor(length / 2);
      }
    }
    if (!bytes && args.count > 0) {
      if (failure instanceof Error && /stale|not-paused|exited|running/i.test(failure.message)) throw failure;
      return { address: `0x${where.address.toString(16)}`, unreadableBytes: args.count };
    }
    return {
      address: `0x${where.address.toString(16)}`,
      data: Buffer.from(bytes ?? new Uint8Array(0)).toString('base64'),
      ...(bytes && bytes.length < args.count && { unreadableBytes: args.count - bytes.length }),
    };
  }

  private writeMemory(args: DebugProtocol.WriteMemoryArguments): DebugProtocol.WriteMemoryResponse['body'] {
    const target = this.requireTarget();
    this.requireState('writeMemory');
    const where = parseMemoryReference(args.memoryReference, args.offset ?? 0);
    const bytes = new Uint8Array(Buffer.from(args.data, 'base64'));
    target.writeMemory(where.memory, where.address, bytes, where.module);
    this.sendEvent(new MemoryEvent(args.memoryReference, args.offset ?? 0, bytes.length));
    this.sendEvent(new InvalidatedEvent(['variables']));
    return { bytesWritten: bytes.length };
  }

  private disassemble(args: DebugProtocol.DisassembleArguments): { instructions: DebugProtocol.DisassembledInstruction[] } {
    const target = this.requireTarget();
    const start = this.addresses.resolve(args.memoryReference, args.offset ?? 0);
    // The engine decodes forwards within a function, so read the function from its start and
    // cut the window around the reference; outside the function the rows are marked invalid.
    const body = target.disassemble({ ...start, offset: 0 }, MAX_FUNCTION_INSTRUCTIONS);
    let at = body.findIndex((l) => l.location.offset >= start.offset);
    if (at < 0) at = body.length;
    const first = at + (args.instructionOffset ?? 0);
    const instructions: DebugProtocol.DisassembledInstruction[] = [];
    for (let i = first; i < first + args.instructionCount; i++) {
      const line = body[i];
      if (!line) {
        // Addresses must still be distinct and ordered for the Disassembly view.
        const edge = i < 0 ? (body[0]?.location.offset ?? start.offset) + i : (body[body.length - 1]?.location.offset ?? start.offset) + 1 + (i - body.length);
        instructions.push({ address: `0x${Math.max(0, edge).toString(16).padStart(8, '0')}`, instruction: '', presentationHint: 'invalid' });
        continue;
      }
      const ins: DebugProtocol.DisassembledInstruction = { address: this.addresses.remember(line.location), instruction: line.text };
      if (i === 0 || i === first) ins.symbol = this.functionName(line.location);
      if (line.source) {
        ins.location = this.sources.dapSourceForFile(line.source.file);
        ins.line = line.source.line;
        ins.column = line.source.column;
      }
      instructions.push(ins);
    }
    return { instructions };
  }

  /** A function's name for the Disassembly view, from a frame seen in this pause if any. */
  private functionName(loc: { func: number }): string | undefined {
    return this.functionNames.get(loc.func);
  }

  // ── guards ───────────────────────────────────────────────────────────────

  private requireTarget(): DebugTarget {
    if (!this.target) throw new RequestError(this.state === 'exited' ? 'the program has ended' : 'no program is running: send launch first');
    return this.target;
  }

  private requireViews(): VariableViews {
    this.requireTarget();
    return this.views!;
  }

  /** Requests that need the program paused (or, for stackTrace of an exited thread, at least launched). */
  private requireState(what: string, allowLaunched = false): void {
    this.requireTarget();
    if (this.state === 'paused') return;
    if (this.state === 'exited') throw new RequestError(`${what}: the program has ended`);
    if (allowLaunched && this.state === 'launched') return;
    if (what === 'continue' || what === 'step') {
      if (this.state === 'launched') throw new RequestError(`${what}: the program has not started (send configurationDone)`);
      throw new RequestError(`${what}: the program is already running`);
    }
    throw new RequestError(`${what}: the program is running; pause it first`);
  }
}

/** One line for a client: CompileErrors with their location, other errors by message. */
export function errorText(e: unknown, fileName?: string): string {
  if (e && typeof e === 'object' && 'describe' in e && typeof (e as { describe: unknown }).describe === 'function') {
    return String((e as { describe(f?: string): string }).describe(fileName));
  }
  if (e instanceof Error) return e.message;
  return String(e);
}
