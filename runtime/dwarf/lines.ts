// The line table API over all units: address → file:line:column, and
// file:line → addresses for breakpoints (moving to the next line that has
// code when the requested one has none).

import type { LineProgram, LineRow } from './line.js';

export interface LineLocation {
  readonly address: number;
  /** Path of the source file (directory joined). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
}

export interface BreakpointAddresses {
  /** The line that actually has code (the requested one or the next below it). */
  readonly line: number;
  readonly file: string;
  readonly addresses: number[];
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly row: LineRow;
  readonly program: LineProgram;
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const p of path.replace(/\\/g, '/').split('/')) {
    if (p === '.' || p === '') continue;
    if (p === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(p);
  }
  return (path.startsWith('/') ? '/' : '') + parts.join('/');
}

/** Whether a table's file path names the file a user asked for (equal, or one is a path suffix of the other). */
export function samePath(tablePath: string, wanted: string): boolean {
  const a = normalise(tablePath);
  const b = normalise(wanted);
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

export class LineIndex {
  /** Non-empty address spans of rows, sorted by start address. */
  private readonly spans: Span[] = [];

  constructor(private readonly programs: readonly LineProgram[]) {
    for (const p of programs) {
      const rows = p.rows;
      for (let i = 0; i + 1 < rows.length; i++) {
        const row = rows[i]!;
        if (row.endSequence) continue;
        const next = rows[i + 1]!;
        // Several rows at one address: the last one describes it (as llvm-dwarfdump does).
        if (next.address > row.address) this.spans.push({ start: row.address, end: next.address, row, program: p });
      }
    }
    this.spans.sort((a, b) => a.start - b.start);
  }

  private location(s: Span, address: number): LineLocation {
    return { address, file: s.program.files[s.row.file]?.path ?? '<unknown>', line: s.row.line, column: s.row.column, isStmt: s.row.isStmt };
  }

  /** The row covering a DWARF address (code-section-relative), if any. */
  lookup(address: number): LineLocation | undefined {
    const spans = this.spans;
    let lo = 0, hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (spans[mid]!.start <= address) lo = mid + 1;
      else hi = mid;
    }
    const s = spans[lo - 1];
    return s && address < s.end ? this.location(s, address) : undefined;
  }

  /** Every source file named by a line table row. */
  files(): string[] {
    const out = new Set<string>();
    for (const p of this.programs) for (const row of p.rows) { const f = p.files[row.file]; if (f) out.add(f.path); }
    return [...out];
  }

  /**
   * Addresses for a breakpoint at file:line: the is_stmt rows where execution
   * enters that line. If the line has no code, the nearest following line
   * of the same file that has some is used (what debuggers show as the
   * breakpoint "moving").
   */
  breakpointAddresses(file: string, line: number): BreakpointAddresses | undefined {
    let best: BreakpointAddresses | undefined;
    const found: { line: number; file: string; addresses: Set<number> }[] = [];
    for (const p of this.programs) {
      const rows = p.rows;
      let prev: LineRow | undefined;
      for (const row of rows) {
        const f = p.files[row.file];
        const entering = !prev || prev.endSequence || prev.line !== row.line || prev.file !== row.file;
        prev = row;
        if (row.endSequence || !row.isStmt || !entering || row.line < line || !f || !samePath(f.path, file)) continue;
        let slot = found.find((x) => x.line === row.line);
        if (!slot) found.push(slot = { line: row.line, file: f.path, addresses: new Set() });
        slot.addresses.add(row.address);
      }
    }
    for (const f of found) {
      if (!best || f.line < best.line) best = { line: f.line, file: f.file, addresses: [...f.addresses].sort((a, b) => a - b) };
    }
    return best;
  }
}
