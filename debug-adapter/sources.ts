// Where a frame or breakpoint is shown: a real file (a .wat through its line
// map), or a generated WAT view of a module that has no source, served by
// `source` requests under a sourceReference that lasts the whole session.

import { basename, resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { CodeLocation, DebugTarget, GeneratedSource, SourcePosition } from '../runtime/debug/api.js';

export interface Placement {
  readonly source?: DebugProtocol.Source;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

export class Sources {
  private readonly generated = new Map<number, { ref: number; source: GeneratedSource }>();
  private readonly byRef = new Map<number, { module: number; source: GeneratedSource }>();
  private nextRef = 1;

  constructor(private readonly target: () => DebugTarget | undefined) {}

  fileSource(file: string): DebugProtocol.Source {
    return { name: basename(file), path: file };
  }

  /** The generated WAT of a module, created on first use. */
  generatedFor(module: number): { ref: number; source: GeneratedSource } | undefined {
    const known = this.generated.get(module);
    if (known) return known;
    const target = this.target();
    if (!target) return undefined;
    let source: GeneratedSource;
    try {
      source = target.generatedSource(module);
    } catch {
      return undefined;
    }
    const entry = { ref: this.nextRef++, source };
    this.generated.set(module, entry);
    this.byRef.set(entry.ref, { module, source });
    return entry;
  }

  generatedDapSource(module: number): DebugProtocol.Source | undefined {
    const g = this.generatedFor(module);
    if (!g) return undefined;
    return { name: g.source.name, sourceReference: g.ref, presentationHint: 'deemphasize', origin: 'generated WAT' };
  }

  /** Text of a sourceReference; throws for an unknown one. */
  content(ref: number): string {
    const g = this.byRef.get(ref);
    if (!g) throw new Error(`unknown sourceReference ${ref}`);
    return g.source.text;
  }

  /** The engine's file name for a DAP source: a real path, or the generated view's pseudo name. */
  engineFile(source: DebugProtocol.Source): string {
    if (source.sourceReference && source.sourceReference > 0) {
      const g = this.byRef.get(source.sourceReference);
      if (g) return g.source.name;
    }
    if (source.path) {
      // A client that opened the generated view may send its name back as a path.
      for (const g of this.byRef.values()) if (g.source.name === source.path) return g.source.name;
      return resolve(source.path);
    }
    if (source.name) {
      for (const g of this.byRef.values()) if (g.source.name === source.name) return g.source.name;
    }
    throw new Error('a source needs a path or a sourceReference');
  }

  /** The DAP source for an engine file name (a generated view's pseudo name maps back to its reference). */
  dapSourceForFile(file: string): DebugProtocol.Source {
    for (const [ref, g] of this.byRef) if (g.source.name === file) return { name: g.source.name, sourceReference: ref, origin: 'generated WAT' };
    return this.fileSource(file);
  }

  /** Where a code location shows: its source position, else its line in the generated WAT, else nowhere (disassembly only). */
  place(location: CodeLocation, position: SourcePosition | undefined): Placement {
    if (position) {
      return {
        source: this.dapSourceForFile(position.file),
        line: position.line,
        column: position.column,
        ...(position.endLine !== undefined && { endLine: position.endLine }),
        ...(position.endColumn !== undefined && { endColumn: position.endColumn }),
      };
    }
    const g = this.generatedFor(location.module);
    const line = g?.source.lineOf(location);
    if (g && line !== undefined) return { source: this.generatedDapSource(location.module)!, line, column: 1 };
    return { line: 0, column: 0 };
  }

  /** loadedSources: the files the line maps name, plus generated views already handed out. */
  loaded(): DebugProtocol.Source[] {
    const target = this.target();
    const files = target ? target.sources().map((f) => this.fileSource(f)) : [];
    const generated = [...this.generated.keys()].map((m) => this.generatedDapSource(m)!);
    return [...files, ...generated];
  }

  reset(): void {
    // sourceReferences stay unique across restarts; the old ones simply stop resolving.
    this.generated.clear();
    this.byRef.clear();
  }
}
