// The terminal debugger's driver: runs parsed commands against a DebugTarget
// and turns its events into text. It knows the target only through the
// debug API; what things look like is format.ts's business.
//
// Control commands (run, continue, step…) return once the program has
// stopped again or ended, so a command file reads as a transcript: each
// command's output, then the next command.

import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import {
  DebugApiError, type ChainSegment, type DebugTarget, type DebugValue, type EventFilters, type FrameInfo, type StopEvent,
} from '../../runtime/debug/api.js';
import { Breakpoints } from './breakpoints.js';
import { CommandError, HELP, type CatchKind, type Command, type LocationSpec } from './commands.js';
import {
  chainFrames, formatBacktrace, formatBreakpointSet, formatBreakpointTable, formatContinuations, formatFrameLine,
  formatMemory, formatNamedValues, formatOperands, formatStop, formatThreads, formatValue, memoryUnitBytes, type View,
} from './format.js';

/** Where the debugger's own text goes, and the program's. */
export interface Output {
  /** A whole line of the debugger's own output. */
  line(text: string): void;
  /** Program output as it arrives (not necessarily whole lines). */
  program(category: 'stdout' | 'stderr' | 'console', text: string): void;
}

type Settled = { kind: 'stopped'; stop: StopEvent } | { kind: 'exited'; exitCode: number; reason: string };

export class Session {
  readonly view: View;
  private readonly breakpoints: Breakpoints;
  private started = false;
  private exit: { exitCode: number; reason: string } | undefined;
  private paused = false;
  private thread: number | undefined;
  private frame = 0;
  private filters: { -readonly [K in keyof EventFilters]: EventFilters[K] } = {};
  private waiting: ((s: Settled) => void) | undefined;
  /** Function names by `module:func`, learned from every frame seen: conts and breakpoints name places by index only. */
  private readonly funcNames = new Map<string, string>();
  private readonly sourceCache = new Map<string, string[] | undefined>();
  private functionByOffset: Map<number, number> | undefined;

  constructor(private readonly target: DebugTarget, private readonly out: Output, cwd = process.cwd()) {
    this.view = {
      path: (file) => displayPath(file, cwd),
      sourceLine: (file, line) => this.sourceLines(file)?.[line - 1],
      funcName: (module, func) => this.funcNames.get(`${module}:${func}`),
    };
    this.breakpoints = new Breakpoints(target, (offset) => this.functionAt(offset));
    target.on('stopped', (stop) => this.settle({ kind: 'stopped', stop }));
    target.on('exited', (e) => this.settle({ kind: 'exited', exitCode: e.exitCode, reason: e.reason }));
    target.on('output', (e) => out.program(e.category, e.text));
    target.on('thread', (e) => {
      out.line(e.reason === 'started' ? `[New Thread ${e.thread} "${e.name}"]` : `[Thread ${e.thread} "${e.name}" exited]`);
    });
    target.on('breakpoint', (state) => this.breakpoints.update(state));
  }

  get ended(): boolean {
    return this.exit !== undefined;
  }

  get running(): boolean {
    return this.started && !this.paused && !this.ended;
  }

  /** Runs one command; false when the user asked to quit. Errors a user can cause print as one line. */
  async execute(command: Command): Promise<boolean> {
    try {
      return await this.dispatch(command);
    } catch (e) {
      if (e instanceof CommandError || e instanceof DebugApiError) {
        this.out.line(e.message);
        return true;
      }
      throw e;
    }
  }

  /** Ends the program if it still runs, and waits until it has. */
  async terminate(): Promise<void> {
    if (!this.started || this.ended) return;
    const settled = this.nextSettled();
    this.target.terminate();
    // A target that never reports its end must not hang the debugger.
    await Promise.race([settled, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.out.line('[Program terminated]');
  }

  /** Ctrl-C: stop everything where it is. */
  interrupt(): void {
    if (this.running) this.target.pause();
  }

  private async dispatch(c: Command): Promise<boolean> {
    switch (c.name) {
      case 'nothing': return true;
      case 'help': this.lines(HELP.split('\n')); return true;
      case 'echo': this.out.line(c.text); return true;
      case 'quit': return false;
      case 'break':
      case 'tbreak': {
        const text = describeLocation(c.location);
        const row = this.breakpoints.add(c.location, text, { ...(c.condition ? { condition: c.condition } : {}), temporary: c.name === 'tbreak' });
        this.out.line(formatBreakpointSet(row, this.view));
        return true;
      }
      case 'dprintf': {
        const text = describeLocation(c.location);
        this.out.line(formatBreakpointSet(this.breakpoints.add(c.location, text, { logMessage: c.message }), this.view));
        return true;
      }
      case 'condition':
        this.breakpoints.setCondition(c.id, c.condition);
        this.out.line(c.condition ? `Breakpoint ${c.id} now stops only if ${c.condition}` : `Breakpoint ${c.id} now unconditional.`);
        return true;
      case 'delete': this.breakpoints.delete(c.ids); return true;
      case 'catch': this.catch(c.kind, c.tags); return true;
      case 'run':
        if (this.started) throw new CommandError(this.ended ? 'The program has ended.' : 'The program is already running; use continue.');
        await this.resume(() => { this.started = true; this.target.start(); });
        return true;
      case 'continue':
        this.requirePaused();
        await this.resume(() => this.target.continue());
        return true;
      case 'step':
        for (let i = 0; i < c.count && !this.ended; i++) {
          this.requirePaused();
          const thread = this.thread!;
          await this.resume(() => this.target.step(thread, c.kind, c.granularity));
        }
        return true;
      case 'threads':
        this.lines(formatThreads(this.target.threads(), this.thread));
        return true;
      case 'thread': return this.selectThread(c.id);
      case 'bt': {
        this.requirePaused();
        this.lines(formatBacktrace(this.chain(), this.view, this.frame));
        return true;
      }
      case 'conts': {
        const conts = this.target.continuations();
        for (const cont of conts) this.learnNames(cont.frames);
        this.lines(formatContinuations(conts, this.view));
        return true;
      }
      case 'frame': return this.selectFrame(c.index ?? this.frame);
      case 'up': return this.selectFrame(this.frame + c.count);
      case 'down': return this.selectFrame(this.frame - c.count);
      case 'info': return this.info(c.what);
      case 'print': {
        const value = this.target.evaluate(c.expression, this.paused ? this.selectedFrame().handle : undefined);
        this.out.line(`${c.expression} = ${formatValue(value)}`);
        return true;
      }
      case 'x': {
        this.requirePaused();
        const address = this.address(c.address);
        const bytes = this.target.readMemory(0, address, c.count * memoryUnitBytes(c.unit));
        this.lines(formatMemory(address, bytes, c.unit, c.radix));
        return true;
      }
      case 'set': this.set(c.target, c.value); return true;
      case 'disassemble': {
        this.requirePaused();
        const frame = this.selectedFrame();
        for (const ins of this.target.disassemble(frame.location, c.count)) {
          const mark = ins.location.offset === frame.location.offset ? '=>' : '  ';
          this.out.line(`${mark} 0x${ins.location.offset.toString(16).padStart(4, '0')}  ${ins.text}`);
        }
        return true;
      }
    }
  }

  /** Lets the program go and waits until it stops or ends, then says which. */
  private async resume(go: () => void): Promise<void> {
    if (this.ended) throw new CommandError('The program is not being run.');
    const settled = this.nextSettled();
    this.paused = false;
    go();
    const s = await settled;
    if (s.kind === 'exited') {
      this.exit = { exitCode: s.exitCode, reason: s.reason };
      // The reason only when it says more than the code does.
      const plain = !s.reason || s.reason === 'exited' || s.reason === `exit(${s.exitCode})`;
      this.out.line(`[Program exited with code ${s.exitCode}${plain ? '' : `: ${s.reason}`}]`);
      return;
    }
    this.paused = true;
    this.thread = s.stop.thread;
    this.frame = 0;
    const hit = this.breakpoints.hit(s.stop.breakpoints ?? []);
    const chain = this.chain();
    const info = this.target.threads().find((t) => t.id === s.stop.thread);
    this.lines(formatStop(s.stop, info, chain[0]?.frames[0], hit, this.view));
  }

  private nextSettled(): Promise<Settled> {
    return new Promise((resolve) => { this.waiting = resolve; });
  }

  private settle(s: Settled): void {
    if (s.kind === 'exited') this.exit ??= { exitCode: s.exitCode, reason: s.reason };
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(s);
  }

  private requirePaused(): void {
    if (this.ended) throw new CommandError('The program is not being run.');
    if (!this.started) throw new CommandError("The program is not being run. Use 'run'.");
    if (!this.paused) throw new CommandError('The program is running.');
  }

  /** The selected thread's chain, and the names of its functions learned on the way. */
  private chain(): ChainSegment[] {
    const chain = this.target.chain(this.thread!);
    for (const segment of chain) this.learnNames(segment.frames);
    return chain;
  }

  private selectedFrame(): FrameInfo {
    this.requirePaused();
    const frame = chainFrames(this.chain())[this.frame];
    if (!frame) throw new CommandError('No frame selected.');
    return frame;
  }

  private selectThread(id: number | undefined): boolean {
    if (id === undefined) {
      if (this.thread === undefined) throw new CommandError('No thread selected.');
      const info = this.target.threads().find((t) => t.id === this.thread);
      this.out.line(`[Current thread is ${this.thread}${info ? ` "${info.name}"` : ''}]`);
      return true;
    }
    this.requirePaused();
    const info = this.target.threads().find((t) => t.id === id);
    if (!info) throw new CommandError(`Unknown thread ${id}.`);
    this.thread = id;
    this.frame = 0;
    this.out.line(`[Switching to thread ${id} "${info.name}" (${info.state})]`);
    const top = chainFrames(this.chain())[0];
    if (top) this.printFrame(0, top);
    return true;
  }

  private selectFrame(index: number): boolean {
    this.requirePaused();
    const frames = chainFrames(this.chain());
    if (index < 0 || index >= frames.length) throw new CommandError(`No frame ${index} (frames 0-${frames.length - 1}).`);
    this.frame = index;
    this.printFrame(index, frames[index]!);
    return true;
  }

  private printFrame(index: number, frame: FrameInfo): void {
    this.out.line(formatFrameLine(index, frame, this.view).trimStart());
    const text = frame.source ? this.view.sourceLine?.(frame.source.file, frame.source.line) : undefined;
    if (frame.source && text !== undefined) this.out.line(`${frame.source.line}\t${text.trim()}`);
  }

  private info(what: 'breakpoints' | 'locals' | 'operands' | 'globals' | 'threads' | 'frame'): boolean {
    switch (what) {
      case 'breakpoints': this.lines(formatBreakpointTable(this.breakpoints.rows(), this.view)); break;
      case 'threads': this.lines(formatThreads(this.target.threads(), this.thread)); break;
      case 'locals': this.lines(formatNamedValues(this.target.locals(this.selectedFrame().handle), 'No locals.')); break;
      case 'operands': this.lines(formatOperands(this.target.operands(this.selectedFrame().handle))); break;
      case 'globals': this.requirePaused(); this.lines(formatNamedValues(this.target.globals(), 'No globals.')); break;
      case 'frame': this.printFrame(this.frame, this.selectedFrame()); break;
    }
    return true;
  }

  /** `set $local = V` (the selected frame's local, else a global) or `set TYPE[ADDR] = V` (memory). */
  private set(target: string, value: string): void {
    const frame = this.selectedFrame();
    const memory = /^([iu](?:8|16|32|64)|f32|f64)\[(.+)\]$/.exec(target);
    if (memory) {
      const address = this.address(memory[2]!);
      this.target.writeMemory(0, address, encodeScalar(memory[1]!, value));
      this.out.line(`${target} = ${formatValue(this.target.evaluate(target, frame.handle))}`);
      return;
    }
    const local = this.target.locals(frame.handle).find((l) => l.name === target || `local ${l.index}` === target);
    if (local) {
      this.out.line(`${local.name} = ${formatValue(this.target.setLocal(frame.handle, local.index, value))}`);
      return;
    }
    const global = this.target.globals(frame.location.module).find((g) => g.name === target);
    if (global) {
      this.out.line(`${global.name} = ${formatValue(this.target.setGlobal(frame.location.module, global.index, value))}`);
      return;
    }
    throw new CommandError(`No local or global ${target} in ${frame.name}.`);
  }

  private catch(kind: CatchKind, tags: readonly string[]): void {
    const f = this.filters;
    switch (kind) {
      case 'trap': f.traps = true; break;
      case 'exception': f.uncaughtExceptions = true; break;
      case 'suspend': {
        // Tags add up; a bare `catch suspend` catches them all.
        if (tags.length === 0) f.suspend = true;
        else if (f.suspend !== true) f.suspend = [...new Set([...(Array.isArray(f.suspend) ? f.suspend : []), ...tags])];
        break;
      }
      case 'resume': f.resume = true; break;
      case 'switch': f.switch = true; break;
      case 'cont.new': f.contNew = true; break;
      case 'cont.return': f.contReturn = true; break;
      case 'thread': f.threadStart = true; f.threadExit = true; break;
    }
    this.target.setEventFilters({ ...f });
    this.out.line(`Catchpoint: ${kind}${tags.length ? ` ${tags.join(' ')}` : ''}`);
  }

  /** An address: a number, or an expression evaluated in the selected frame. */
  private address(text: string): number {
    if (/^(0x[0-9a-f]+|\d+)$/i.test(text)) return Number(text);
    return toAddress(this.target.evaluate(text, this.selectedFrame().handle), text);
  }

  /**
   * Which function an instruction offset belongs to, for `break *0xOFF`: the
   * API places code breakpoints by (function, offset), and the module's
   * generated WAT maps every instruction to both.
   */
  private functionAt(offset: number): number | undefined {
    if (!this.functionByOffset) {
      this.functionByOffset = new Map();
      const source = this.target.generatedSource(0);
      const lines = source.text.split('\n').length;
      for (let line = 1; line <= lines; line++) {
        for (const loc of source.locationsOnLine(line)) this.functionByOffset.set(loc.offset, loc.func);
      }
    }
    return this.functionByOffset.get(offset);
  }

  private learnNames(frames: readonly FrameInfo[]): void {
    for (const f of frames) this.funcNames.set(`${f.location.module}:${f.location.func}`, f.name);
  }

  private sourceLines(file: string): string[] | undefined {
    if (!this.sourceCache.has(file)) {
      let lines: string[] | undefined;
      try { lines = readFileSync(file, 'utf8').split(/\r?\n/); } catch { lines = undefined; }
      this.sourceCache.set(file, lines);
    }
    return this.sourceCache.get(file);
  }

  private lines(lines: readonly string[]): void {
    for (const l of lines) this.out.line(l);
  }
}

/** Paths under the working directory print relative to it, so transcripts don't depend on where the repo is. */
export function displayPath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

function toAddress(value: DebugValue, text: string): number {
  const v = value.value;
  if (v.type === 'i32') return v.value >>> 0;
  if (v.type === 'i64') return Number(BigInt.asUintN(64, v.value));
  throw new CommandError(`${text} is a ${value.type}, not an address`);
}

/** A number typed by the user as the little-endian bytes of a memory store. */
export function encodeScalar(type: string, text: string): Uint8Array {
  const size = type === 'f32' ? 4 : type === 'f64' ? 8 : Number(type.slice(1)) / 8;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const bad = () => new CommandError(`'${text}' is not a valid ${type}`);
  if (type === 'f32' || type === 'f64') {
    const n = Number(text);
    if (text.trim() === '' || Number.isNaN(n) && text.trim().toLowerCase() !== 'nan') throw bad();
    if (type === 'f32') view.setFloat32(0, n, true);
    else view.setFloat64(0, n, true);
    return bytes;
  }
  let n: bigint;
  try { n = BigInt(text.trim()); } catch { throw bad(); }
  const bits = BigInt(size * 8);
  if (n < -(1n << (bits - 1n)) || n >= 1n << bits) throw bad();
  const u = BigInt.asUintN(size * 8, n);
  for (let i = 0; i < size; i++) bytes[i] = Number((u >> BigInt(8 * i)) & 0xffn);
  return bytes;
}

/** A location as the user would type it again: `demo.wat:70`, `$worker`, `*0x4a`. */
function describeLocation(location: LocationSpec): string {
  switch (location.kind) {
    case 'instruction': return `*0x${location.offset.toString(16)}`;
    case 'source': return `${location.file}:${location.line}`;
    case 'function': return location.name;
  }
}
