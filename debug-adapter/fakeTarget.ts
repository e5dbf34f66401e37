// A scripted DebugTarget for the adapter's own tests: two threads, a chain
// with a generator continuation on top of the main stack, a suspended
// continuation, locals, globals and 64 KiB of memory. It follows the API's
// rules (handles valid per pause, 'stale' after a resume) so the session's
// mapping can be tested without the engine.

import type {
  BreakpointSpec, BreakpointState, ChainSegment, ChainWindow, CodeLocation, ContinuationInfo, ContinuationQuery, DebugEvents, DebugTarget, DebugValue, EventFilters,
  FrameHandle, FrameInfo, GeneratedSource, LaunchOptions, NamedValue, ThreadInfo,
} from '../runtime/debug/api.js';
import { DebugApiError } from '../runtime/debug/api.js';

const i32 = (n: number): DebugValue => ({ type: 'i32', value: { type: 'i32', value: n | 0 }, text: String(n | 0) });

export class FakeTarget implements DebugTarget {
  epoch = 1;
  paused = false;
  started = false;
  terminated = false;
  filters: EventFilters = {};
  /** Frames of the main stack; set to many to measure paging. */
  mainDepth = 1;
  /** Suspended continuations besides #7. */
  extraContinuations = 0;
  readonly memory = new Uint8Array(65536);
  readonly localsByFrame = new Map<string, number[]>();
  globalValue = 100;
  readonly calls: string[] = [];
  private readonly listeners = new Map<string, ((...a: never[]) => void)[]>();
  private nextBp = 1;

  constructor(readonly options: LaunchOptions) {}

  on<E extends keyof DebugEvents>(event: E, listener: DebugEvents[E]): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (...a: never[]) => void);
    this.listeners.set(event, list);
  }

  emit<E extends keyof DebugEvents>(event: E, ...args: Parameters<DebugEvents[E]>): void {
    for (const l of this.listeners.get(event) ?? []) (l as unknown as (...a: Parameters<DebugEvents[E]>) => void)(...args);
  }

  private stop(reason: 'entry' | 'breakpoint' | 'step' | 'pause' | 'trap', thread = 1): void {
    this.paused = true;
    this.epoch++;
    const detail = reason === 'trap' ? { kind: 'integer-divide-by-zero', message: 'integer divide by zero' } : undefined;
    setImmediate(() => this.emit('stopped', { reason, thread, continuation: 7, description: reason === 'trap' ? 'trap: integer divide by zero' : `paused (${reason})`, ...(detail && { detail }) }));
  }

  private resume(): void {
    this.requirePaused();
    this.paused = false;
    this.epoch++;
  }

  start(): void {
    this.calls.push('start');
    this.started = true;
    if (this.options.stopOnEntry) this.stop('entry');
    else this.finish();
  }

  private finish(): void {
    setImmediate(() => {
      this.emit('output', { category: 'stdout', text: 'done\n' });
      this.emit('exited', { exitCode: 0, reason: 'exit' });
    });
  }

  continue(thread?: number, single?: boolean): void {
    this.resume();
    this.calls.push(`continue ${thread ?? '-'} ${single ? 'single' : 'all'}`);
    this.finish();
  }

  step(thread: number, kind: string, granularity: string): void {
    this.resume();
    this.calls.push(`step ${thread} ${kind} ${granularity}`);
    this.stop(kind === 'in' ? 'trap' : 'step', thread);
  }

  pause(): void {
    this.calls.push('pause');
    if (!this.paused) this.stop('pause');
  }

  terminate(): void {
    this.terminated = true;
    setImmediate(() => this.emit('exited', { exitCode: 137, reason: 'terminated' }));
  }

  private bps(specs: readonly BreakpointSpec[]): BreakpointState[] {
    return specs.map((s) => {
      const id = this.nextBp++;
      if (s.location.kind === 'source') {
        const line = s.location.line === 3 ? 4 : s.location.line; // line 3 has no code: moves to 4
        const verified = line < 100;
        return { id, verified, ...(verified ? { source: { file: s.location.file, line, column: 1 }, location: { module: 0, func: 0, offset: 0x20 + line } } : { message: 'no code on this line' }) };
      }
      if (s.location.kind === 'function') return { id, verified: s.location.name === '$fibs', ...(s.location.name !== '$fibs' && { message: `no function ${s.location.name}` }) };
      return { id, verified: true, location: s.location.location };
    });
  }

  setSourceBreakpoints(_file: string, specs: readonly BreakpointSpec[]): BreakpointState[] { return this.bps(specs); }
  setFunctionBreakpoints(specs: readonly BreakpointSpec[]): BreakpointState[] { return this.bps(specs); }
  setInstructionBreakpoints(specs: readonly BreakpointSpec[]): BreakpointState[] { return this.bps(specs); }
  setEventFilters(filters: EventFilters): void { this.filters = filters; }
  breakpointLines(_file: string, from: number, to: number): number[] {
    const lines: number[] = [];
    for (let l = from; l <= to; l++) if (l !== 3) lines.push(l);
    return lines;
  }

  threads(): ThreadInfo[] {
    return [
      { id: 1, name: 'main', state: this.paused ? 'paused' : 'running' },
      { id: 2, name: 'thread 2 · wasi_thread_start', state: 'waiting', waitingOn: 'memory.atomic.wait32 at 0x104' },
    ];
  }

  private requirePaused(): void {
    if (!this.paused) throw new DebugApiError('not-paused', 'the program is running');
  }

  private frame(thread: number, stack: number, depth: number, name: string, func: number, line: number): FrameInfo {
    const location: CodeLocation = { module: 0, func, offset: 0x40 + func * 0x10 + depth };
    return { handle: { epoch: this.epoch, thread, stack, depth }, name, location, source: { file: '/fake/generator.wat', line, column: 7 } };
  }

  /** Like the engine: frames are built only inside the window (a 10,000-frame main stack costs only its page). */
  chain(thread: number, window?: ChainWindow): ChainSegment[] {
    this.requirePaused();
    if (thread === 2) return this.windowed([{ stack: 2, state: 'running', frames: [] }], [(d) => this.frame(2, 2, d, d === 0 ? '$worker' : 'wasi_thread_start', d === 0 ? 3 : 4, d === 0 ? 20 : 30)], [2], window);
    if (thread !== 1) throw new DebugApiError('no-such-thread', `no thread ${thread}`);
    return this.windowed([
      { stack: 9, continuation: 7, state: 'running', enteredBy: { how: 'resume', handlers: [{ tag: '$yield', target: '$on_yield' }] }, frames: [] },
      { stack: 1, state: 'parent', frames: [] },
    ], [(d) => this.frame(1, 9, d, '$fibs', 0, 12), (d) => this.frame(1, 1, d, d === 0 ? '$_start' : `$caller${d}`, 1, 25)], [1, this.mainDepth], window);
  }

  private windowed(segments: ChainSegment[], frame: ((depth: number) => FrameInfo)[], counts: number[], window: ChainWindow | undefined): ChainSegment[] {
    const from = window?.start ?? 0;
    const to = window?.count !== undefined ? from + window.count : Infinity;
    let base = 0;
    return segments.map((seg, i) => {
      const first = Math.max(0, from - base);
      const last = Math.min(counts[i]!, to - base);
      const frames: FrameInfo[] = [];
      for (let d = first; d < last; d++) frames.push(frame[i]!(d));
      base += counts[i]!;
      return { ...seg, frames, frameCount: counts[i]!, ...(window && { frameStart: frames.length > 0 ? first : 0 }) };
    });
  }

  /** #7 (running), #8 (suspended), then `extraContinuations` suspended ones; only those in [start, end) of the selection are built. */
  private selected(query: ContinuationQuery | undefined, start = 0, end = Infinity): ContinuationInfo[] {
    const states = query?.state === undefined ? undefined : typeof query.state === 'string' ? [query.state] : query.state;
    const created = { location: { module: 0, func: 1, offset: 0x50 }, frames: [] };
    const lastSuspend = { how: 'suspend', tag: '$yield', location: { module: 0, func: 0, offset: 0x30 } } as const;
    const withFrames = query === undefined || query.withFrames === true;
    const make = (id: number): ContinuationInfo => (id === 7
      ? { id: 7, state: 'running', thread: 1, created, frames: [], frameCount: 1 }
      : { id, state: 'suspended', created, lastSuspend, frames: id === 8 && this.paused && withFrames ? [this.frame(0, 10, 0, '$fibs', 0, 12)] : [], frameCount: id === 8 ? 1 : 0 });
    const ids = [7, 8];
    const wanted = (id: number): boolean => (states === undefined || states.includes(id === 7 ? 'running' : 'suspended')) && (query?.id === undefined || query.id === id);
    const out: ContinuationInfo[] = [];
    let n = 0;
    const consider = (id: number): boolean => {
      if (!wanted(id)) return true;
      if (n >= start && n < end) out.push(make(id));
      n++;
      return n < end;
    };
    for (const id of ids) if (!consider(id)) return out;
    if (query?.id !== undefined) { if (query.id >= 100 && query.id < 100 + this.extraContinuations) consider(query.id); return out; }
    for (let i = 0; i < this.extraContinuations; i++) if (!consider(100 + i)) break;
    return out;
  }

  continuations(query?: ContinuationQuery): ContinuationInfo[] {
    const start = query?.start ?? 0;
    return this.selected(query, start, query?.count !== undefined ? start + query.count : Infinity);
  }

  continuationCount(query?: ContinuationQuery): number {
    const states = query?.state === undefined ? undefined : typeof query.state === 'string' ? [query.state] : query.state;
    if (query?.id !== undefined) return this.selected({ ...query, withFrames: false }).length;
    return (states === undefined || states.includes('running') ? 1 : 0) + (states === undefined || states.includes('suspended') ? 1 + this.extraContinuations : 0);
  }

  private check(frame: FrameHandle): void {
    this.requirePaused();
    if (frame.epoch !== this.epoch) throw new DebugApiError('stale', 'stale frame handle: the program has run since');
  }

  private localValues(frame: FrameHandle): number[] {
    const key = `${frame.stack}:${frame.depth}`;
    let v = this.localsByFrame.get(key);
    if (!v) this.localsByFrame.set(key, (v = [frame.stack, frame.depth, 42]));
    return v;
  }

  locals(frame: FrameHandle): NamedValue[] {
    this.check(frame);
    const names = frame.stack === 9 ? ['$a', '$b', '$t'] : ['$k', '$n', '$sum'];
    return this.localValues(frame).map((n, index) => ({ ...i32(n), name: names[index]!, index }));
  }

  operands(frame: FrameHandle): DebugValue[] {
    this.check(frame);
    return [i32(1), i32(2)];
  }

  globals(): NamedValue[] {
    this.requirePaused();
    return [{ ...i32(this.globalValue), name: '$counter', index: 0 }, { type: 'contref', value: { type: 'i32', value: 0 }, text: 'cont #8', expandable: true, name: '$saved', index: 1 }];
  }

  children(_frame: FrameHandle | undefined, value: DebugValue): NamedValue[] {
    this.requirePaused();
    if (!value.expandable) throw new DebugApiError('bad-request', 'not expandable');
    return [{ ...i32(8), name: 'id', index: 0 }];
  }

  readMemory(memory: number, address: number, length: number): Uint8Array {
    if (memory !== 0) throw new DebugApiError('bad-request', `no memory ${memory}`);
    if (address + length > this.memory.length) throw new DebugApiError('bad-request', 'out of bounds');
    return this.memory.slice(address, address + length);
  }

  writeMemory(memory: number, address: number, bytes: Uint8Array): void {
    this.requirePaused();
    if (memory !== 0 || address + bytes.length > this.memory.length) throw new DebugApiError('bad-request', 'out of bounds');
    this.memory.set(bytes, address);
  }

  evaluate(expression: string, frame?: FrameHandle): DebugValue {
    this.requirePaused();
    if (frame) this.check(frame);
    const m = /^\$([a-z]+)$/.exec(expression);
    if (m && frame) {
      const local = this.locals(frame).find((l) => l.name === expression);
      if (local) return local;
    }
    if (/^\d+$/.test(expression)) return i32(Number(expression));
    if (/^\d+ \+ \d+$/.test(expression)) return i32(expression.split(' + ').map(Number).reduce((a, b) => a + b));
    throw new DebugApiError('bad-expression', `cannot evaluate ${expression}`);
  }

  setLocal(frame: FrameHandle, index: number, value: string): DebugValue {
    this.check(frame);
    const n = Number(value);
    if (!Number.isInteger(n)) throw new DebugApiError('bad-expression', `not an i32: ${value}`);
    this.localValues(frame)[index] = n;
    return i32(n);
  }

  setGlobal(_module: number, index: number, value: string): DebugValue {
    this.requirePaused();
    if (index !== 0) throw new DebugApiError('bad-request', 'immutable global');
    this.globalValue = Number(value);
    return i32(this.globalValue);
  }

  disassemble(location: CodeLocation, count: number): { location: CodeLocation; text: string }[] {
    const out: { location: CodeLocation; text: string }[] = [];
    // A function of 10 two-byte instructions from 0x40.
    for (let k = 0; k < 10 && out.length < count; k++) {
      const offset = 0x40 + k * 2;
      if (offset >= location.offset) out.push({ location: { ...location, offset }, text: `local.get ${k}` });
    }
    return out;
  }

  generatedSource(): GeneratedSource {
    return { name: 'fake.wasm.wat', text: '(module)\n', lineOf: () => 1, locationsOnLine: () => [] };
  }

  sources(): string[] {
    return ['/fake/generator.wat'];
  }
}

/** A Launch for tests: remembers the targets it made. */
export function fakeLauncher(made: FakeTarget[] = []): (o: LaunchOptions) => Promise<FakeTarget> {
  return async (options) => {
    if (options.program.endsWith('broken.wat')) {
      throw Object.assign(new Error('unexpected token'), { describe: (f?: string) => `${f}:3:5: malformed module: unexpected token` });
    }
    const t = new FakeTarget(options);
    made.push(t);
    return t;
  };
}
