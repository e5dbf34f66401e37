// Where the debug engine gets source positions from: the .wat line map of a
// text program, or the DWARF of a compiled (C) module. The engine asks one
// SourceMap and never cares which; a module with neither has no map and is
// shown as generated WAT (code-view.ts).

import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import type { DwarfInfo } from '../dwarf/index.js';
import { samePath } from '../dwarf/lines.js';
import type { LineMap } from '../text/linemap.js';
import type { SourcePosition } from './api.js';

/** Code offsets for a breakpoint at a line (the line itself, or the next one below with code). */
export interface LineCode {
  readonly file: string;
  readonly line: number;
  /** Module byte offsets, ascending. */
  readonly offsets: readonly number[];
}

export interface SourceMap {
  readonly kind: 'wat' | 'dwarf';
  /** The source position of a module byte offset. */
  positionAt(offset: number): SourcePosition | undefined;
  /**
   * The line a line step compares at `offset`: a number where a statement
   * starts, null inside a statement (a line step never stops there),
   * undefined where there is no line information at all.
   */
  stepLine(offset: number): number | null | undefined;
  /** Whether `file` (an absolute path) is one of this map's sources. */
  owns(file: string): boolean;
  /** Code for a breakpoint at file:line, moved down to the next line with code. */
  breakpointCode(file: string, line: number): LineCode | undefined;
  /** Code exactly on file:line (no moving). */
  codeOnLine(file: string, line: number): readonly number[];
  /** Source files, as front ends should open them. */
  sources(): string[];
}

/** The .wat program's own line map: one file, the program. */
export class WatSourceMap implements SourceMap {
  readonly kind = 'wat';
  constructor(private readonly map: LineMap, private readonly file: string) {}

  positionAt(offset: number): SourcePosition | undefined {
    const e = this.map.entryAt(offset);
    return e ? { file: this.file, line: e.line, column: e.column } : undefined;
  }

  stepLine(offset: number): number | undefined {
    return this.map.entryAt(offset)?.line;
  }

  owns(file: string): boolean {
    return file === this.file;
  }

  breakpointCode(file: string, line: number): LineCode | undefined {
    if (!this.owns(file)) return undefined;
    const at = this.map.nearestLineWithCode(line);
    if (at === undefined) return undefined;
    return { file, line: at, offsets: [...this.map.offsetsForLine(at)].sort((a, b) => a - b) };
  }

  codeOnLine(file: string, line: number): readonly number[] {
    return this.owns(file) ? this.map.offsetsForLine(line) : [];
  }

  sources(): string[] {
    return [this.file];
  }
}

/**
 * DWARF line tables. File names in the tables are as the compiler saw them
 * (often relative to the build directory); each is shown as the file beside
 * the module when one exists there, so an editor can open it.
 */
export class DwarfSourceMap implements SourceMap {
  readonly kind = 'dwarf';
  private readonly display = new Map<string, string>();

  constructor(readonly dwarf: DwarfInfo, private readonly modulePath: string) {}

  /** A table path as front ends see it. */
  private shown(tablePath: string): string {
    let s = this.display.get(tablePath);
    if (s === undefined) {
      // The file beside the module is the one the user edits (an absolute path may be another machine's
      // or another checkout's): prefer it, then the path as recorded.
      const beside = join(dirname(this.modulePath), isAbsolute(tablePath) ? basename(tablePath) : tablePath);
      s = existsSync(beside) ? resolvePath(beside) : tablePath;
      this.display.set(tablePath, s);
    }
    return s;
  }

  positionAt(offset: number): SourcePosition | undefined {
    const row = this.dwarf.lines.lookup(this.dwarf.toDwarfAddress(offset));
    if (!row || row.line === 0) return undefined;
    return { file: this.shown(row.file), line: row.line, column: Math.max(1, row.column) };
  }

  stepLine(offset: number): number | null | undefined {
    const row = this.dwarf.lines.lookup(this.dwarf.toDwarfAddress(offset));
    if (!row) return undefined;
    // Line 0 is compiler-made code belonging to no line; non-statement rows are mid-statement.
    return row.isStmt && row.line !== 0 ? row.line : null;
  }

  owns(file: string): boolean {
    return this.tableFile(file) !== undefined;
  }

  /** The line-table path that names `file`, if any. */
  private tableFile(file: string): string | undefined {
    for (const f of this.dwarf.lines.files()) if (this.shown(f) === file || samePath(f, file)) return f;
    return undefined;
  }

  breakpointCode(file: string, line: number): LineCode | undefined {
    const table = this.tableFile(file);
    if (table === undefined) return undefined;
    const found = this.dwarf.lines.breakpointAddresses(table, line);
    if (!found || found.addresses.length === 0) return undefined;
    return { file: this.shown(found.file), line: found.line, offsets: found.addresses.map((a) => this.dwarf.toModuleOffset(a)) };
  }

  codeOnLine(file: string, line: number): readonly number[] {
    const at = this.breakpointCode(file, line);
    return at && at.line === line ? at.offsets : [];
  }

  sources(): string[] {
    const all = [...new Set(this.dwarf.lines.files().map((f) => this.shown(f)))];
    // Library sources of the toolchain's build machine are not here to open; list those that are.
    const here = all.filter((f) => isAbsolute(f) && existsSync(f));
    return here.length > 0 ? here : all;
  }
}
