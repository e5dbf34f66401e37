// Lookups over one scan: the occurrence under the cursor, the definitions a
// name could mean at an offset (for completion), and a definition's uses.

import type { Occurrence, Space, SymbolDef } from './model.js';
import type { ModuleOutline } from './outline-model.js';
import type { ScanResult } from './scan.js';

export class SymbolIndex {
  constructor(readonly scan: ScanResult) {}

  get defs(): readonly SymbolDef[] {
    return this.scan.defs;
  }
  get modules(): readonly ModuleOutline[] {
    return this.scan.modules;
  }

  /** The `$id` occurrence that contains `offset` (its end counts, so a cursor just after `$x` finds it). */
  occurrenceAt(offset: number): Occurrence | undefined {
    const occ = this.scan.occurrences;
    let lo = 0;
    let hi = occ.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = occ[mid]!;
      if (o.end < offset) lo = mid + 1;
      else if (o.start > offset) hi = mid - 1;
      else return o;
    }
    return undefined;
  }

  /** The module whose form contains `offset`. */
  moduleAt(offset: number): ModuleOutline | undefined {
    return this.scan.modules.find((m) => m.range.start <= offset && offset <= m.range.end);
  }

  /**
   * Definitions of `space` visible at `offset`: the module's, or for locals,
   * labels and fields those whose scope holds the offset. `slack` widens
   * scopes by the length the text has grown since the scan (stale index).
   */
  visibleAt(offset: number, space: Space, slack = 0): SymbolDef[] {
    const module = this.moduleAt(offset)?.index ?? 0;
    const seen = new Set<string>();
    const out: SymbolDef[] = [];
    // Innermost first, so a shadowing label wins.
    const candidates = this.scan.defs.filter((d) => d.space === space && d.module === module
      && (!d.scope || (d.scope.start <= offset && offset <= d.scope.end + slack)));
    candidates.sort((a, b) => (b.scope?.start ?? 0) - (a.scope?.start ?? 0));
    for (const d of candidates) {
      if (seen.has(d.name)) continue;
      seen.add(d.name);
      out.push(d);
    }
    return out;
  }

  /** Fields of the struct type named `typeName` in `module`. */
  fieldsOf(module: number, typeName: string): SymbolDef[] {
    const type = this.scan.defs.find((d) => d.space === 'type' && d.module === module && d.name === typeName);
    if (!type) return [];
    return this.scan.defs.filter((d) => d.space === 'field' && d.module === module && d.owner === type.index);
  }
}
