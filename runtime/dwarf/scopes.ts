// Scopes at an address: the subprogram containing it and the chain of
// inlined subroutines inside it (each a frame of its own for the user), and
// the variables visible in each frame with their types and locations.

import { DW_AT, DW_TAG } from './constants.js';
import type { DwarfInfo, LocationAttr } from './dwarf.js';
import { DwarfError, guard } from './error.js';
import { evaluate, locationValue, type DwarfLocation, type ExpressionContext } from './expression.js';
import type { Die } from './info.js';
import type { Range } from './ranges.js';
import type { DwarfType } from './types.js';

// Local aliases: a CommonJS transpile turns imported bindings into getter calls in hot loops.
const AT = DW_AT;
const TAG = DW_TAG;

export interface CallSite {
  readonly file: string | undefined;
  readonly line: number;
  readonly column: number;
}

export interface Frame {
  readonly kind: 'function' | 'inlined';
  readonly die: Die;
  readonly name: string | undefined;
  readonly linkageName: string | undefined;
  readonly ranges: readonly Range[];
  /** For an inlined frame: where in its caller (the next frame out) the call was. */
  readonly callSite?: CallSite;
  /** The out-of-line subprogram this frame's code belongs to (itself for 'function'). */
  readonly subprogram: Die;
}

export interface Variable {
  readonly name: string | undefined;
  readonly die: Die;
  readonly isParameter: boolean;
  readonly type: DwarfType;
  readonly location: LocationAttr;
  readonly declLine: number | undefined;
}

interface FunctionEntry {
  readonly start: number;
  readonly end: number;
  readonly die: Die;
}

const contains = (ranges: readonly Range[], pc: number): boolean => ranges.some((r) => r.start <= pc && pc < r.end);

export class Scopes {
  private readonly functions: FunctionEntry[] = [];

  constructor(private readonly dwarf: DwarfInfo) {
    for (const u of dwarf.units) {
      const stack: Die[] = [u.root];
      while (stack.length) {
        const d = stack.pop()!;
        if (d.tag === TAG.subprogram) {
          try {
            for (const r of dwarf.ranges(d)) this.functions.push({ start: r.start, end: r.end, die: d });
          } catch (e) {
            dwarf.warnings.push(e instanceof DwarfError ? e : new DwarfError(String(e)));
          }
          continue; // nested subprograms do not occur in C; inlined ones are found per lookup
        }
        for (const c of d.children) stack.push(c);
      }
    }
    this.functions.sort((a, b) => a.start - b.start);
  }

  /** Every function with code: name, DIE and ranges. */
  allFunctions(): { name: string | undefined; die: Die; start: number; end: number }[] {
    return this.functions.map((f) => ({ name: guard('name', () => this.dwarf.name(f.die)), die: f.die, start: f.start, end: f.end }));
  }

  /** The out-of-line subprogram containing `pc`. */
  functionAt(pc: number): Die | undefined {
    const fs = this.functions;
    let lo = 0, hi = fs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (fs[mid]!.start <= pc) lo = mid + 1;
      else hi = mid;
    }
    // Ranges do not overlap in practice; look back a few in case of odd producers.
    for (let i = lo - 1; i >= 0 && i >= lo - 8; i--) if (pc < fs[i]!.end) return fs[i]!.die;
    return undefined;
  }

  /** The frames at `pc`, innermost first: inlined subroutines, then the subprogram. */
  framesAt(pc: number): Frame[] {
    return guard('scopes', () => {
      const sub = this.functionAt(pc);
      if (!sub) return [];
      const d = this.dwarf;
      const frames: Frame[] = [{ kind: 'function', die: sub, name: d.name(sub), linkageName: d.linkageName(sub), ranges: d.ranges(sub), subprogram: sub }];
      let scope: Die | undefined = sub;
      while (scope) {
        let next: Die | undefined;
        for (const c of scope.children) {
          if (c.tag !== TAG.lexical_block && c.tag !== TAG.inlined_subroutine) continue;
          const ranges = d.ranges(c);
          // A block without code ranges cannot be told apart by pc; do not enter it.
          if (!contains(ranges, pc)) continue;
          next = c;
          if (c.tag === TAG.inlined_subroutine) {
            const file = d.constant(c, AT.call_file);
            frames.unshift({
              kind: 'inlined', die: c, name: d.name(c), linkageName: d.linkageName(c), ranges, subprogram: sub,
              callSite: { file: file === undefined ? undefined : d.fileName(c.unit, file), line: d.constant(c, AT.call_line) ?? 0, column: d.constant(c, AT.call_column) ?? 0 },
            });
          }
          break;
        }
        scope = next;
      }
      return frames;
    });
  }

  /**
   * Variables of a frame visible at `pc`: its parameters and locals, and
   * those of lexical blocks covering pc (inner blocks last, so a shadowing
   * variable comes after the one it hides). Without `pc` all blocks count.
   */
  variables(frame: Frame | Die, pc?: number): Variable[] {
    return guard('variables', () => {
      const root = 'die' in frame ? frame.die : frame;
      const out: Variable[] = [];
      const d = this.dwarf;
      const visit = (scope: Die): void => {
        for (const c of scope.children) {
          if (c.tag === TAG.formal_parameter || c.tag === TAG.variable) {
            out.push({
              name: d.name(c), die: c, isParameter: c.tag === TAG.formal_parameter, type: d.typeOf(c),
              location: d.locationAttr(c), declLine: d.constant(d.typeDie(c), AT.decl_line),
            });
          } else if (c.tag === TAG.lexical_block) {
            const ranges = d.ranges(c);
            if (pc === undefined || ranges.length === 0 || contains(ranges, pc)) visit(c);
          }
        }
      };
      visit(root);
      return out;
    });
  }

  /** Global and file-static variables of every unit. */
  globals(): Variable[] {
    return guard('globals', () => {
      const d = this.dwarf;
      const out: Variable[] = [];
      for (const u of d.units) {
        for (const c of u.root.children) {
          if (c.tag !== TAG.variable) continue;
          out.push({ name: d.name(c), die: c, isParameter: false, type: d.typeOf(c), location: d.locationAttr(c), declLine: d.constant(c, AT.decl_line) });
        }
      }
      return out;
    });
  }

  /**
   * Where a variable is at `pc` in a frame, evaluated through `ctx`
   * (DW_OP_fbreg uses the frame base of the frame's subprogram).
   * "optimized-out" when no location covers pc.
   */
  locate(variable: Variable, pc: number, frame: Frame | undefined, ctx: ExpressionContext = {}): DwarfLocation {
    return guard('location', () => {
      const d = this.dwarf;
      if (variable.location.kind === 'const') {
        const v = variable.location.value;
        if (v.k === 'const') return { kind: 'value', value: BigInt.asUintN(64, BigInt(v.v)) };
        if (v.k === 'big') return { kind: 'value', value: v.v };
        if (v.k === 'block') return { kind: 'implicit', bytes: v.v };
        return { kind: 'optimized-out' };
      }
      const expr = d.locationAt(variable.location, pc);
      if (!expr) return { kind: 'optimized-out' };
      const unitCtx = d.unitContext(variable.die.unit);
      const sub = frame?.subprogram ?? this.functionAt(pc);
      const full: ExpressionContext = {
        addrSize: unitCtx.addrSize,
        address: (i) => unitCtx.address(i),
        ...ctx,
        frameBase: ctx.frameBase ?? (() => {
          if (!sub) throw new DwarfError('no enclosing function for DW_OP_fbreg');
          const fb = d.locationAt(d.locationAttr(sub, AT.frame_base), pc);
          if (!fb) throw new DwarfError('frame base unavailable at this address');
          return locationValue(evaluate(fb, { ...full, frameBase: undefined }), full);
        }),
      };
      return evaluate(expr, full);
    });
  }
}
