// Document symbols: module → its fields (funcs, types, globals, memories,
// tables, tags, imports, exports, segments), with a one-line detail each.

import { describeDef } from './describe.js';
import type { Analysis } from './document.js';
import type { OffsetRange, SymbolDef } from './model.js';
import type { FieldOutline } from './outline-model.js';

export type OutlineKind = 'module' | 'func' | 'type' | 'global' | 'memory' | 'table' | 'tag' | 'import' | 'export'
  | 'elem' | 'data' | 'start' | 'rec' | 'local';

export interface OutlineSymbol {
  readonly name: string;
  readonly kind: OutlineKind;
  readonly detail: string;
  readonly range: OffsetRange;
  readonly selection: OffsetRange;
  readonly children: OutlineSymbol[];
}

const KINDS: ReadonlySet<string> = new Set(['func', 'type', 'global', 'memory', 'table', 'tag', 'export', 'elem', 'data', 'start', 'rec']);

export function documentSymbols(a: Analysis): OutlineSymbol[] {
  return a.index.modules.map((m) => {
    const module = a.moduleOf(m);
    const defs = new Map<number, SymbolDef>();
    for (const d of a.index.defs) if (d.module === m.index) defs.set(d.range.start, d);
    const field = (f: FieldOutline): OutlineSymbol => {
      const def = defs.get(f.selection.start);
      const detail = def ? describeDef(def, module).code : '';
      const kind = (f.imported ? f.kind : KINDS.has(f.kind) ? f.kind : 'data') as OutlineKind;
      const name = f.name ?? (f.index !== undefined ? `${f.kind} ${f.index}` : f.kind);
      return {
        name: f.imported ? `${name} (import)` : name, kind, detail, range: f.range, selection: f.selection,
        children: f.children.map(field),
      };
    };
    return {
      name: m.name ?? (a.script ? `module ${m.index}` : 'module'), kind: 'module' as const, detail: '',
      range: m.range, selection: { start: m.range.start, end: Math.min(m.range.end, m.range.start + 7) },
      children: m.fields.map(field),
    };
  });
}
