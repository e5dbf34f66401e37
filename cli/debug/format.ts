// Text for the terminal debugger: pure functions from debug-API data to
// lines. No target, no I/O — what a file name looks like, a source line's
// text and a function's name come in through `View`, so the same data always
// prints the same way (the golden transcripts depend on it).

import type {
  BreakpointState, ChainSegment, CodeLocation, ContinuationInfo, DebugValue, FrameInfo,
  NamedValue, SourcePosition, StopEvent, ThreadInfo,
} from '../../runtime/debug/api.js';
import type { MemoryUnit } from './commands.js';

/** What the formatter needs from the world, all optional: it degrades to numbers. */
export interface View {
  /** How a source file is shown (the driver makes paths relative to the working directory). */
  readonly path?: (file: string) => string;
  /** The text of a source line, to show where a stop happened. */
  readonly sourceLine?: (file: string, line: number) => string | undefined;
  /** A function's name by index (learned from frames seen so far). */
  readonly funcName?: (module: number, func: number) => string | undefined;
}

export function hex(n: number, width = 0): string {
  return `0x${n.toString(16).padStart(width, '0')}`;
}

/** `func 3 @ 0x4a`: where in the module binary, which `*0x4a` breakpoints name. */
export function formatCodeLocation(location: CodeLocation): string {
  const module = location.module === 0 ? '' : `module ${location.module} `;
  return `${module}func ${location.func} @ ${hex(location.offset)}`;
}

export function formatSource(source: SourcePosition, view: View = {}): string {
  return `${view.path ? view.path(source.file) : source.file}:${source.line}`;
}

/** `$fib at fib.wat:12 (func 3 @ 0x4a)`, or without a source `$fib (func 3 @ 0x4a)`. */
export function formatPlace(name: string, location: CodeLocation, source: SourcePosition | undefined, view: View = {}): string {
  const at = source ? ` at ${formatSource(source, view)}` : '';
  return `${name}${at} (${formatCodeLocation(location)})`;
}

/** Where a breakpoint stands: the source line first, the function's name when known. */
function formatBreakpointPlace(location: CodeLocation, source: SourcePosition | undefined, view: View): string {
  const name = view.funcName?.(location.module, location.func);
  if (name || !source) return formatLocation(location, source, view);
  return `${formatSource(source, view)} (${formatCodeLocation(location)})`;
}

/** A place known only by location: the function's name if the view knows it. */
function formatLocation(location: CodeLocation, source: SourcePosition | undefined, view: View): string {
  const name = view.funcName?.(location.module, location.func) ?? `func[${location.func}]`;
  return formatPlace(name, location, source, view);
}

export function formatFrameLine(number: number, frame: FrameInfo, view: View = {}, selected = false): string {
  const mark = selected ? '→' : ' ';
  return `${mark}#${number}  ${formatPlace(frame.name, frame.location, frame.source, view)}`;
}

/**
 * The line between a continuation's segment and the one that resumed it:
 * `──── cont #3 resumed by $consumer · handlers: $yield→$on_yield ────`.
 * `below` is the next segment of the chain (its top frame did the resume).
 */
export function formatSegmentSeparator(segment: ChainSegment, below: ChainSegment | undefined): string {
  const what = segment.continuation !== undefined ? `cont #${segment.continuation}` : `stack ${segment.stack}`;
  const by = below?.frames[0]?.name;
  const entered = segment.enteredBy;
  let how: string;
  if (!entered) how = 'entered';
  else if (entered.how === 'switch') how = 'switched to';
  else if (entered.how === 'resume_throw') how = 'resumed (throw)';
  else how = 'resumed';
  const parts = [`${what} ${how}${by ? ` by ${by}` : ''}`];
  if (entered && entered.handlers.length) {
    parts.push(`handlers: ${entered.handlers.map((h) => `${h.tag}→${h.target}`).join(', ')}`);
  }
  return `──── ${parts.join(' · ')} ────`;
}

/** Frames numbered through the whole chain, innermost first; `frame N` uses these numbers. */
export function chainFrames(chain: readonly ChainSegment[]): FrameInfo[] {
  return chain.flatMap((segment) => segment.frames);
}

/** The whole chain of a thread: every segment's frames, a separator before each parent segment. */
export function formatBacktrace(chain: readonly ChainSegment[], view: View = {}, selectedFrame = -1): string[] {
  const lines: string[] = [];
  let n = 0;
  chain.forEach((segment, i) => {
    for (const frame of segment.frames) {
      lines.push(formatFrameLine(n, frame, view, n === selectedFrame));
      n++;
    }
    // The separator sits between a segment and the one that resumed it.
    const below = chain[i + 1];
    if (below) lines.push(formatSegmentSeparator(segment, below));
  });
  if (lines.length === 0) lines.push('No stack.');
  return lines;
}

export function formatThreads(threads: readonly ThreadInfo[], selected: number | undefined): string[] {
  if (threads.length === 0) return ['No threads.'];
  const rows = threads.map((t) => [t.id === selected ? '*' : ' ', String(t.id), t.state, t.name + (t.waitingOn ? ` — waiting on ${t.waitingOn}` : '')]);
  return table([['', 'Id', 'State', 'Name'], ...rows]);
}

export function formatContinuations(conts: readonly ContinuationInfo[], view: View = {}): string[] {
  if (conts.length === 0) return ['No live continuations.'];
  const lines: string[] = [];
  for (const c of conts) {
    const on = c.thread !== undefined ? ` on thread ${c.thread}` : '';
    lines.push(`cont #${c.id}  ${c.state}${on}`);
    lines.push(`    ${'created at'.padEnd(17)}${formatLocation(c.created.location, c.created.source, view)}`);
    if (c.lastSuspend) {
      const { how, tag, location, source } = c.lastSuspend;
      lines.push(`    ${`last ${how} at`.padEnd(17)}${formatLocation(location, source, view)}  [${how} ${tag}]`);
    }
    c.frames.forEach((frame, i) => lines.push(`    ${formatFrameLine(i, frame, view).trimStart()}`));
  }
  return lines;
}

export function formatValue(value: DebugValue): string {
  return `${value.text} (${value.type})`;
}

export function formatNamedValues(values: readonly NamedValue[], empty: string): string[] {
  if (values.length === 0) return [empty];
  return table(values.map((v) => [v.name, v.type, v.text]));
}

export function formatOperands(values: readonly DebugValue[]): string[] {
  if (values.length === 0) return ['The operand stack is empty.'];
  // Top of the stack first, numbered as gdb numbers frames.
  return table([...values].reverse().map((v, i) => [`[${i}]`, v.type, v.text]));
}

/** One breakpoint as `info breakpoints` lists it. */
export interface BreakpointRow {
  readonly number: number;
  /** What the user typed: `demo.wat:70`, `$worker`, `*0x4a`. */
  readonly what: string;
  readonly temporary?: boolean;
  readonly condition?: string;
  readonly logMessage?: string;
  readonly state?: BreakpointState;
  readonly hits: number;
}

export function formatBreakpointSet(row: BreakpointRow, view: View = {}): string {
  const state = row.state;
  const label = row.logMessage !== undefined ? 'Dprintf' : row.temporary ? 'Temporary breakpoint' : 'Breakpoint';
  if (!state || !state.verified) return `${label} ${row.number} at ${row.what} (pending${state?.message ? `: ${state.message}` : ''})`;
  const where = state.location ? formatBreakpointPlace(state.location, state.source, view) : state.source ? formatSource(state.source, view) : row.what;
  return `${label} ${row.number} at ${where}`;
}

export function formatBreakpointTable(rows: readonly BreakpointRow[], view: View = {}): string[] {
  if (rows.length === 0) return ['No breakpoints.'];
  const body = rows.map((r) => {
    const state = r.state;
    const where = state?.verified && state.location ? formatBreakpointPlace(state.location, state.source, view) : `${r.what} (pending)`;
    return [String(r.number), r.temporary ? 'del' : 'keep', where];
  });
  const lines = table([['Num', 'Disp', 'Where'], ...body]);
  // Conditions and hit counts under their breakpoint, as gdb shows them.
  const out: string[] = [lines[0]!];
  rows.forEach((r, i) => {
    out.push(lines[i + 1]!);
    if (r.condition) out.push(`        stop only if ${r.condition}`);
    if (r.logMessage !== undefined) out.push(`        prints "${r.logMessage}"`);
    if (r.hits) out.push(`        breakpoint already hit ${r.hits} time${r.hits === 1 ? '' : 's'}`);
  });
  return out;
}

/**
 * The lines printed when the program stops: why, on which thread, where, and
 * the source line. `userBreakpoints` are the user's numbers for the hit breakpoints.
 */
export function formatStop(stop: StopEvent, thread: ThreadInfo | undefined, top: FrameInfo | undefined, userBreakpoints: readonly number[], view: View = {}): string[] {
  const who = `Thread ${stop.thread}${thread ? ` "${thread.name}"` : ''}`;
  const inCont = stop.continuation !== undefined ? ` in cont #${stop.continuation}` : '';
  let why: string;
  switch (stop.reason) {
    case 'breakpoint':
    case 'function-breakpoint':
    case 'instruction-breakpoint':
      why = userBreakpoints.length ? `hit breakpoint ${userBreakpoints.join(', ')}` : `hit a breakpoint`;
      break;
    case 'step': why = 'stepped'; break;
    case 'entry': why = 'stopped at entry'; break;
    case 'pause': why = 'paused'; break;
    default: why = `stopped: ${stop.description}`;
  }
  const lines = [`${who}${inCont} ${why}`];
  if (top) {
    lines[0] += `, ${formatPlace(top.name, top.location, top.source, view)}`;
    const text = top.source ? view.sourceLine?.(top.source.file, top.source.line) : undefined;
    if (top.source && text !== undefined) lines.push(`${top.source.line}\t${text.trim()}`);
  }
  return lines;
}

const UNIT_BYTES: Readonly<Record<MemoryUnit, number>> = { b: 1, h: 2, w: 4, g: 8 };

/** `x/8wx 0x200`: the address, then units of memory, little-endian as wasm stores them. */
export function formatMemory(address: number, bytes: Uint8Array, unit: MemoryUnit, radix: 'x' | 'd' | 'u'): string[] {
  const size = UNIT_BYTES[unit];
  const perLine = Math.max(1, 16 / size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const cells: string[] = [];
  for (let at = 0; at + size <= bytes.length; at += size) {
    const unsigned = readUnit(view, at, size, false);
    if (radix === 'x') cells.push(`0x${unsigned.toString(16).padStart(size * 2, '0')}`);
    else cells.push(String(radix === 'd' ? readUnit(view, at, size, true) : unsigned));
  }
  const width = Math.max(...cells.map((c) => c.length));
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += perLine) {
    const row = cells.slice(i, i + perLine).map((c) => c.padStart(width)).join('  ');
    lines.push(`${hex(address + i * size, 8)}:  ${row}`);
  }
  return lines;
}

function readUnit(view: DataView, at: number, size: number, signed: boolean): bigint | number {
  switch (size) {
    case 1: return signed ? view.getInt8(at) : view.getUint8(at);
    case 2: return signed ? view.getInt16(at, true) : view.getUint16(at, true);
    case 4: return signed ? view.getInt32(at, true) : view.getUint32(at, true);
    default: return signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true);
  }
}

export function memoryUnitBytes(unit: MemoryUnit): number {
  return UNIT_BYTES[unit];
}

/** Columns padded to their widest cell; trailing spaces trimmed so transcripts diff cleanly. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}
