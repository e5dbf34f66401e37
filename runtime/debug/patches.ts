// Breakpoints cost nothing where none is hit because they live in the code
// itself: a BREAK code is written over the first word of the instruction,
// and the word it replaced is kept in `CompiledFunc.breaks`, where the
// interpreter finds it when the debugger runs on past the stop
// (Stack.passBreak). Several owners may want the same pc (a user
// breakpoint, a step's flood, an event filter); the word goes back only when
// the last one lets go.

import { Code } from '../exec/codes.generated.js';
import type { CompiledFunc } from '../exec/compiled.js';

export class Patches {
  /** cf → pc → owners wanting a BREAK there. */
  private readonly owners = new Map<CompiledFunc, Map<number, Set<string>>>();

  add(cf: CompiledFunc, pc: number, owner: string): void {
    let byPc = this.owners.get(cf);
    if (!byPc) this.owners.set(cf, (byPc = new Map()));
    let set = byPc.get(pc);
    if (!set) {
      byPc.set(pc, (set = new Set()));
      const breaks = cf.breaks ?? (cf.breaks = new Map());
      breaks.set(pc, cf.code[pc]!);
      cf.code[pc] = Code.BREAK;
    }
    set.add(owner);
  }

  /** Drops `owner` everywhere (or only in `cf`). */
  remove(owner: string, only?: CompiledFunc): void {
    for (const [cf, byPc] of this.owners) {
      if (only && cf !== only) continue;
      for (const [pc, set] of byPc) {
        if (!set.delete(owner) || set.size > 0) continue;
        byPc.delete(pc);
        cf.code[pc] = cf.breaks!.get(pc)!;
        cf.breaks!.delete(pc);
      }
    }
  }

  ownersAt(cf: CompiledFunc, pc: number): ReadonlySet<string> {
    return this.owners.get(cf)?.get(pc) ?? EMPTY;
  }

  /** The code word at `pc` as compiled (what a BREAK covers, if any). */
  static originalAt(cf: CompiledFunc, pc: number): number {
    return cf.breaks?.get(pc) ?? cf.code[pc]!;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
