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
  // Non-empty address spans of rows, sorted by start, kept column-wise in
  // typed arrays: a big module has ~10^5 rows and objects per span cost GC time.
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly programOf: Uint32Array;
  private readonly rowOf: Uint32Array;

  constructor(private readonly programs: readonly LineProgram[]) {
    let n = 0;
    for (const p of programs) n += p.rows.length;
    const starts = new Float64Array(n), ends = new Float64Array(n);
    const programOf = new Uint32Array(n), rowOf = new Uint32Array(n);
    let k = 0;
    let sorted = true;
    programs.forEach((p, pi) => {
      const rows = p.rows;
      for (let i = 0; i + 1 < rows.length; i++) {
        const row = rows[i]!;
        if (row.endSequence) continue;
        const next = rows[i + 1]!;
        // Several rows at one address: the last one describes it (as llvm-dwarfdump does).
        if (next.address <= row.address) continue;
        if (k > 0 && row.address < starts[k - 1]!) sorted = false;
        starts[k] = row.address; ends[k] = next.address; programOf[k] = pi; rowOf[k] = i;
        k++;
      }
    });
    if (sorted) {
      this.starts = starts.subarray(0, k); this.ends = ends.subarray(0, k);
      this.programOf = programOf.subarray(0, k); this.rowOf = rowOf.subarray(0, k);
    } else {
      const order = new Uint32Array(k);
      for (let i = 0; i < k; i++) order[i] = i;
      order.sort((x, y) => starts[x]! - starts[y]!);
      this.starts = new Float64Array(k); this.ends = new Float64Array(k);
      this.programOf = new Uint32Array(k); this.rowOf = new Uint32Array(k);
      for (let i = 0; i < k; i++) {
        const j = order[i]!;
        this.starts[i] = starts[j]!; this.ends[i] = ends[j]!; this.programOf[i] = programOf[j]!; this.rowOf[i] = rowOf[j]!;
      }
    }
  }

  /** The row covering a DWARF address (code-section-relative), if any. */
  lookup(address: number): LineLocation | undefined {
    const starts = this.starts;
    let lo = 0, hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= address) lo = mid + 1;
      else hi = mid;
    }
    const i = lo - 1;
    if (i < 0 || address >= this.ends[i]!) return undefined;
    const p = this.programs[this.programOf[i]!]!;
    const row = p.rows[this.rowOf[i]!]!;
    return { address, file: p.files[row.file]?.path ?? '<unknown>', line: row.line, column: row.column, isStmt: row.isStmt };
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
