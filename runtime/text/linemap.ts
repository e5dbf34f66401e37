// The map between a module's binary offsets and the .wat source it came
// from: the debugger turns a pc into a source position (offset → span) and
// a breakpoint line into pcs (line → offsets).

import type { Module, Span } from '../syntax/module.js';

export interface LineMapEntry {
  /** Module offset of the instruction's opcode. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** Character offsets of the instruction's source text. */
  readonly start: number;
  readonly end: number;
  /** Index of the defined function (not counting imports) the instruction belongs to. */
  readonly func: number;
}

export class LineMap {
  readonly file: string;
  // Parallel columns, sorted by offset (the encoder emits code in order),
  // so a large module costs a few typed arrays rather than an object per instruction.
  private readonly offsets: Int32Array;
  private readonly lines: Int32Array;
  private readonly columns: Int32Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly funcs: Int32Array;
  private byLine: Map<number, number[]> | undefined;

  constructor(file: string, entries: readonly LineMapEntry[]) {
    this.file = file;
    const sorted = entries.every((e, i) => i === 0 || entries[i - 1]!.offset <= e.offset)
      ? entries : [...entries].sort((a, b) => a.offset - b.offset);
    const n = sorted.length;
    this.offsets = new Int32Array(n);
    this.lines = new Int32Array(n);
    this.columns = new Int32Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.funcs = new Int32Array(n);
    sorted.forEach((e, i) => this.set(i, e));
  }

  private set(i: number, e: LineMapEntry): void {
    this.offsets[i] = e.offset;
    this.lines[i] = e.line;
    this.columns[i] = e.column;
    this.starts[i] = e.start;
    this.ends[i] = e.end;
    this.funcs[i] = e.func;
  }

  get size(): number {
    return this.offsets.length;
  }

  /** All entries, in offset order. */
  get entries(): LineMapEntry[] {
    const out: LineMapEntry[] = [];
    for (let i = 0; i < this.offsets.length; i++) out.push(this.entry(i));
    return out;
  }

  private entry(i: number): LineMapEntry {
    return {
      offset: this.offsets[i]!, line: this.lines[i]!, column: this.columns[i]!,
      start: this.starts[i]!, end: this.ends[i]!, func: this.funcs[i]!,
    };
  }

  /** The entry of the instruction at `offset`, or the closest one before it. */
  entryAt(offset: number): LineMapEntry | undefined {
    const os = this.offsets;
    let lo = 0, hi = os.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (os[mid]! <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found < 0 ? undefined : this.entry(found);
  }

  /** The source span of the instruction at `offset` (exact or closest before). */
  spanAt(offset: number): Span | undefined {
    const e = this.entryAt(offset);
    return e && { file: this.file, line: e.line, column: e.column, start: e.start, end: e.end };
  }

  /** Offsets of the instructions that start on `line`, ascending. */
  offsetsForLine(line: number): readonly number[] {
    return this.lineIndex().get(line) ?? [];
  }

  /** The first line at or after `line` that has code (for placing a breakpoint on a blank line). */
  nearestLineWithCode(line: number): number | undefined {
    let best: number | undefined;
    for (const l of this.lineIndex().keys()) if (l >= line && (best === undefined || l < best)) best = l;
    return best;
  }

  private lineIndex(): Map<number, number[]> {
    if (this.byLine) return this.byLine;
    const byLine = new Map<number, number[]>();
    for (let i = 0; i < this.offsets.length; i++) {
      const line = this.lines[i]!;
      let list = byLine.get(line);
      if (!list) byLine.set(line, list = []);
      list.push(this.offsets[i]!);
    }
    return this.byLine = byLine;
  }
}

/** Builds the map from a module whose instructions carry spans and (after encoding) offsets. */
export function buildLineMap(m: Module, file: string): LineMap {
  const entries: LineMapEntry[] = [];
  m.funcs.forEach((f, func) => {
    for (const ins of f.body) {
      const s = ins.span;
      if (!s) continue;
      entries.push({ offset: ins.offset, line: s.line, column: s.column, start: s.start, end: s.end, func });
    }
  });
  return new LineMap(file, entries);
}
