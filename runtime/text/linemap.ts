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
  /** Sorted by offset. */
  readonly entries: readonly LineMapEntry[];
  readonly file: string;
  private readonly byLine = new Map<number, number[]>();

  constructor(file: string, entries: LineMapEntry[]) {
    this.file = file;
    entries.sort((a, b) => a.offset - b.offset);
    this.entries = entries;
    for (const e of entries) {
      let list = this.byLine.get(e.line);
      if (!list) this.byLine.set(e.line, list = []);
      list.push(e.offset);
    }
  }

  /** The entry of the instruction at `offset`, or the closest one before it. */
  entryAt(offset: number): LineMapEntry | undefined {
    const es = this.entries;
    let lo = 0, hi = es.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (es[mid]!.offset <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found < 0 ? undefined : es[found];
  }

  /** The source span of the instruction at `offset` (exact or closest before). */
  spanAt(offset: number): Span | undefined {
    const e = this.entryAt(offset);
    return e && { file: this.file, line: e.line, column: e.column, start: e.start, end: e.end };
  }

  /** Offsets of the instructions that start on `line`, ascending. */
  offsetsForLine(line: number): readonly number[] {
    return this.byLine.get(line) ?? [];
  }

  /** The first line at or after `line` that has code (for placing a breakpoint on a blank line). */
  nearestLineWithCode(line: number): number | undefined {
    let best: number | undefined;
    for (const l of this.byLine.keys()) if (l >= line && (best === undefined || l < best)) best = l;
    return best;
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
