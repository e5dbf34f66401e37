// A store-wide registry of canonical type definitions.
//
// Type indices are per module, but the engine must compare types across
// modules (import matching, call_indirect's run-time check, function
// references flowing between instances). Wasm 3.0 defines type equivalence
// iso-recursively: two rec groups are the same when they are structurally
// equal, comparing references *inside* the group by their position in the
// group and references to *earlier* groups by identity. So we give every
// distinct rec group one run of canonical ids and key the lookup by a string
// that spells the group in exactly those terms.
//
// Canonical value types use the same packing as runtime/syntax/types.ts,
// except that a concrete heap type holds a canonical id instead of a module
// type index (`refType(heapIndex(canonId), nullable)`).

import { CompileError } from '../errors.js';
import type { Module } from '../syntax/module.js';
import {
  abstractBottom, abstractTop,
  AbsHeap, heapIndex, heapTypeIndex, isConcreteHeap, isRef, refHeap, refNullable, refType,
  type CompositeType, type FieldType, type FuncType, type HeapType, type RecGroup, type SubType, type ValType,
} from '../syntax/types.js';

export type CanonId = number;
/** A value type whose concrete heap types are canonical ids. */
export type CanonValType = ValType;

export interface CanonType {
  readonly id: CanonId;
  readonly final: boolean;
  /** Declared supertype as a canonical id, or -1. */
  readonly supertype: CanonId;
  /** The composite type with canonical value types; `cont`'s funcTypeIndex is a canonical id. */
  readonly composite: CompositeType;
}

/** The rec groups of a module: the declared ones, or one group per type when none are recorded. */
export function moduleRecGroups(m: Module): readonly RecGroup[] {
  if (m.recGroups.length > 0 || m.types.length === 0) return m.recGroups;
  return m.types.map((_, i) => ({ start: i, count: 1 }));
}

export class TypeRegistry {
  private readonly defs: CanonType[] = [];
  private readonly groupByKey = new Map<string, CanonId>();

  get size(): number {
    return this.defs.length;
  }

  /**
   * Registers the module's types (or finds them already registered) and
   * returns the canonical id of every module type index. Throws
   * CompileError('invalid', 'unknown type …') for references past the end of
   * their rec group, which the iso-recursive rule cannot express. Call it on
   * validated modules when the registry is shared: a module that fails later
   * checks would otherwise leave its (harmless but useless) types behind.
   */
  canonicalize(m: Module): number[] {
    const map = new Array<number>(m.types.length).fill(-1);
    for (const g of moduleRecGroups(m)) {
      const key = groupKey(m.types, g, map);
      const known = this.groupByKey.get(key);
      if (known !== undefined) {
        for (let i = 0; i < g.count; i++) map[g.start + i] = known + i;
        continue;
      }
      const base = this.defs.length;
      for (let i = 0; i < g.count; i++) map[g.start + i] = base + i;
      for (let i = 0; i < g.count; i++) {
        const t = m.types[g.start + i]!;
        this.defs.push({
          id: base + i,
          final: t.final,
          supertype: t.supertypes.length > 0 ? map[t.supertypes[0]!]! : -1,
          composite: canonComposite(t.composite, map),
        });
      }
      this.groupByKey.set(key, base);
    }
    return map;
  }

  get(id: CanonId): CanonType {
    const d = this.defs[id];
    if (!d) throw new RangeError(`canonical type ${id} does not exist`);
    return d;
  }

  /** The function type of canonical id `id` (canonical value types), or undefined when it is not a function type. */
  funcType(id: CanonId): FuncType | undefined {
    const c = this.defs[id]?.composite;
    return c?.kind === 'func' ? c.func : undefined;
  }

  /** Declared subtyping (reflexive, transitive along the supertype chain). */
  isSubtype(a: CanonId, b: CanonId): boolean {
    for (let t = a; t >= 0; t = this.defs[t]!.supertype) {
      if (t === b) return true;
    }
    return false;
  }

  /** Heap type subtyping on canonical heap types. */
  heapMatches(a: HeapType, b: HeapType): boolean {
    if (a === b) return true;
    if (isConcreteHeap(b)) {
      if (isConcreteHeap(a)) return this.isSubtype(heapTypeIndex(a), heapTypeIndex(b));
      // Only the bottom type of b's hierarchy is below a concrete type.
      return a === abstractBottom(this.topOfConcrete(heapTypeIndex(b)));
    }
    const bAbs = b as AbsHeap;
    if (isConcreteHeap(a)) {
      const kind = this.get(heapTypeIndex(a)).composite.kind;
      switch (bAbs) {
        case AbsHeap.Func: return kind === 'func';
        case AbsHeap.Cont: return kind === 'cont';
        case AbsHeap.Any: case AbsHeap.Eq: return kind === 'struct' || kind === 'array';
        case AbsHeap.Struct: return kind === 'struct';
        case AbsHeap.Array: return kind === 'array';
        default: return false;
      }
    }
    return abstractHeapMatches(a as AbsHeap, bAbs);
  }

  /** Value type subtyping on canonical value types. */
  valTypeMatches(a: CanonValType, b: CanonValType): boolean {
    if (a === b) return true;
    if (!isRef(a) || !isRef(b)) return false;
    if (refNullable(a) && !refNullable(b)) return false;
    return this.heapMatches(refHeap(a), refHeap(b));
  }

  /** Function subtyping: contravariant parameters, covariant results. */
  funcTypeMatches(a: FuncType, b: FuncType): boolean {
    if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false;
    for (let i = 0; i < a.params.length; i++) {
      if (!this.valTypeMatches(b.params[i]!, a.params[i]!)) return false;
    }
    for (let i = 0; i < a.results.length; i++) {
      if (!this.valTypeMatches(a.results[i]!, b.results[i]!)) return false;
    }
    return true;
  }

  private topOfConcrete(id: CanonId): AbsHeap {
    switch (this.get(id).composite.kind) {
      case 'func': return AbsHeap.Func;
      case 'cont': return AbsHeap.Cont;
      default: return AbsHeap.Any;
    }
  }
}

/** Maps a module-relative value type to canonical form with a canonicalize() result. */
export function toCanonValType(t: ValType, map: readonly number[]): CanonValType {
  if (!isRef(t)) return t;
  const h = refHeap(t);
  if (!isConcreteHeap(h)) return t;
  const id = map[heapTypeIndex(h)];
  if (id === undefined || id < 0) throw new CompileError('invalid', `unknown type ${heapTypeIndex(h)}`);
  return refType(heapIndex(id), refNullable(t));
}



/** Subtyping among abstract heap types (a !== b). */
function abstractHeapMatches(a: AbsHeap, b: AbsHeap): boolean {
  const top = abstractTop(a);
  if (top !== abstractTop(b)) return false;
  if (a === abstractBottom(top)) return true;
  if (b === top) return true;
  // Inside the any hierarchy: i31, struct and array are below eq.
  if (b === AbsHeap.Eq) return a === AbsHeap.I31 || a === AbsHeap.Struct || a === AbsHeap.Array;
  return false;
}

// ---- rec group keys ----

function groupKey(types: readonly SubType[], g: RecGroup, map: readonly number[]): string {
  const parts: string[] = [];
  const ref = (index: number): string => {
    if (index >= g.start && index < g.start + g.count) return `r${index - g.start}`;
    if (index < g.start && index >= 0 && map[index]! >= 0) return `c${map[index]}`;
    throw new CompileError('invalid', `unknown type ${index}`);
  };
  const val = (t: ValType): string => {
    if (!isRef(t)) return String(t);
    const h = refHeap(t);
    return `${refNullable(t) ? 'n' : 'N'}${isConcreteHeap(h) ? ref(heapTypeIndex(h)) : `a${h}`}`;
  };
  const field = (f: FieldType): string => `${f.mutable ? 'm' : 'i'}${val(f.type)}`;
  for (let i = 0; i < g.count; i++) {
    const t = types[g.start + i];
    if (!t) throw new CompileError('invalid', `unknown type ${g.start + i}`);
    const c = t.composite;
    let body: string;
    switch (c.kind) {
      case 'func': body = `f(${c.func.params.map(val).join(',')};${c.func.results.map(val).join(',')})`; break;
      case 'struct': body = `s(${c.fields.map(field).join(',')})`; break;
      case 'array': body = `a(${field(c.element)})`; break;
      case 'cont': body = `k(${ref(c.funcTypeIndex)})`; break;
    }
    parts.push(`${t.final ? 'F' : 'O'}${t.supertypes.map(ref).join(',')}:${body}`);
  }
  return parts.join('|');
}

function canonComposite(c: CompositeType, map: readonly number[]): CompositeType {
  const val = (t: ValType): ValType => toCanonValType(t, map);
  const field = (f: FieldType): FieldType => ({ type: val(f.type), mutable: f.mutable });
  switch (c.kind) {
    case 'func': return { kind: 'func', func: { params: c.func.params.map(val), results: c.func.results.map(val) } };
    case 'struct': return { kind: 'struct', fields: c.fields.map(field) };
    case 'array': return { kind: 'array', element: field(c.element) };
    case 'cont': return { kind: 'cont', funcTypeIndex: map[c.funcTypeIndex]! };
  }
}
