// One open document's analysis, kept up to date as the text changes. When
// an edit leaves the text unlexable (a lone `$`, an unclosed string) the last
// good symbol index stays in service, and a module that stops parsing keeps
// its last parsed IR for hovers, so the editor's features survive mid-edit.

import type { Module } from '../../runtime/syntax/module.js';
import { compileDocument, type CompiledModule } from './compile.js';
import type { Diagnostic } from './model.js';
import type { ModuleOutline } from './outline-model.js';
import { scanDocument } from './scan.js';
import { SymbolIndex } from './symbol-index.js';

export interface Timings {
  /** Lex, parse and validate. */
  readonly compileMs: number;
  /** Build the symbol index. */
  readonly indexMs: number;
}

export interface Analysis {
  readonly uri: string;
  readonly text: string;
  readonly script: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly index: SymbolIndex;
  /** True when `index` was built from an earlier text (this one does not lex). */
  readonly stale: boolean;
  /** How much longer this text is than the one the index was built from. */
  readonly growth: number;
  readonly timings: Timings;
  /** The parsed module of an outline entry (this text's, else the last one that parsed). */
  moduleOf(outline: ModuleOutline | undefined): Module | undefined;
}

const EMPTY_INDEX = new SymbolIndex({ defs: [], occurrences: [], unresolved: [], modules: [] });

export function isScript(uri: string): boolean {
  return /\.wast$/i.test(uri);
}

export class DocumentAnalyzer {
  private lastIndex: SymbolIndex = EMPTY_INDEX;
  private lastIndexedLength = 0;
  /** The last module that parsed, by position among the document's compiled modules. */
  private readonly lastModules: (Module | undefined)[] = [];

  constructor(readonly uri: string) {}

  update(text: string): Analysis {
    const script = isScript(this.uri);
    const t0 = performance.now();
    const compiled = compileDocument(text, this.uri, script);
    const t1 = performance.now();
    let stale = true;
    if (compiled.table && compiled.closing) {
      try {
        this.lastIndex = new SymbolIndex(scanDocument(compiled.table, compiled.closing, script));
        this.lastIndexedLength = text.length;
        stale = false;
      } catch {
        // The scanner is best effort on malformed text; keep the last index rather than fail.
      }
    }
    const t2 = performance.now();
    compiled.modules.forEach((m, i) => {
      if (m.module) this.lastModules[i] = m.module;
    });
    const lastModules = this.lastModules.slice();
    const byStart = new Map<number, { compiled: CompiledModule; ordinal: number }>();
    compiled.modules.forEach((m, ordinal) => byStart.set(m.range.start, { compiled: m, ordinal }));
    const index = this.lastIndex;
    return {
      uri: this.uri,
      text,
      script,
      diagnostics: compiled.diagnostics,
      index,
      stale,
      growth: text.length - this.lastIndexedLength,
      timings: { compileMs: t1 - t0, indexMs: t2 - t1 },
      moduleOf(outline) {
        if (!outline) return compiled.modules[0]?.module ?? lastModules[0];
        const hit = byStart.get(outline.range.start);
        if (hit) return hit.compiled.module ?? lastModules[hit.ordinal];
        // A stale index's ranges may have moved: the nth module is the best guess then.
        // (Modules inside assertions are never compiled, so they have no IR.)
        return stale ? lastModules[outline.index] : undefined;
      },
    };
  }
}

/** Analyses a text once (tests, tools). */
export function analyze(text: string, uri: string): Analysis {
  return new DocumentAnalyzer(uri).update(text);
}
