// The validator's view of one module's type section: module-relative type
// indices backed by canonical ids, so that subtyping follows the
// iso-recursive equivalence of the spec (two identically spelt `(type (func))`
// definitions are the same type).

import type { Module } from '../syntax/module.js';
import {
  heapIndex, heapTypeIndex, isConcreteHeap, isRef, refHeap, refNullable, refType,
  type CompositeType, type FuncType, type HeapType, type ValType,
} from '../syntax/types.js';
import { TypeRegistry } from './canon.js';
import type { SourceLocation } from '../errors.js';
import { invalid } from './report.js';
import type { Instr } from '../syntax/module.js';

/**
 * The bottom value type of the validation algorithm: what popping from the
 * polymorphic stack of unreachable code yields. It matches every type.
 * 0 is no valid ValType encoding.
 */
export const BOT: ValType = 0;

export class ModuleTypes {
  /** Canonical id per module type index. */
  readonly canon: readonly number[];

  constructor(readonly module: Module, readonly registry: TypeRegistry = new TypeRegistry()) {
    this.canon = registry.canonicalize(module);
  }

  get count(): number {
    return this.module.types.length;
  }

  composite(index: number, where?: Instr | SourceLocation): CompositeType {
    const t = this.module.types[index];
    if (!t) throw invalid(`unknown type ${index}`, where);
    return t.composite;
  }

  /** The function type at `index`; "unknown type" when it is missing or not a function type. */
  funcType(index: number, where?: Instr | SourceLocation): FuncType {
    const c = this.composite(index, where);
    if (c.kind !== 'func') throw invalid(`unknown type ${index}: not a function type`, where);
    return c.func;
  }

  /** The function type a continuation type `(cont $ft)` at `index` resumes as. */
  contFuncType(index: number, where?: Instr | SourceLocation): FuncType {
    const c = this.composite(index, where);
    if (c.kind !== 'cont') throw invalid(`non-continuation type ${index}`, where);
    return this.funcType(c.funcTypeIndex, where);
  }

  /** Throws "unknown type" when a value type names a type index the module lacks. */
  checkValType(t: ValType, where?: Instr | SourceLocation): void {
    if (isRef(t)) this.checkHeapType(refHeap(t), where);
  }

  checkHeapType(h: HeapType, where?: Instr | SourceLocation): void {
    if (isConcreteHeap(h) && heapTypeIndex(h) >= this.module.types.length) {
      throw invalid(`unknown type ${heapTypeIndex(h)}`, where);
    }
  }

  /** Value subtyping `a <: b` on module-relative types; BOT matches anything. */
  matches(a: ValType, b: ValType): boolean {
    if (a === b || a === BOT) return true;
    if (!isRef(a) || !isRef(b)) return false;
    if (refNullable(a) && !refNullable(b)) return false;
    return this.heapMatches(refHeap(a), refHeap(b));
  }

  heapMatches(a: HeapType, b: HeapType): boolean {
    if (a === b) return true;
    return this.registry.heapMatches(this.canonHeap(a), this.canonHeap(b));
  }

  /** Pointwise `a <: b` with equal lengths. */
  allMatch(a: readonly ValType[], b: readonly ValType[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!this.matches(a[i]!, b[i]!)) return false;
    return true;
  }

  /** Function subtyping on module-relative function types. */
  funcMatches(a: FuncType, b: FuncType): boolean {
    return this.allMatch(b.params, a.params) && this.allMatch(a.results, b.results);
  }

  /** Equal types (mutual subtypes), as mutable globals and tables require. */
  equal(a: ValType, b: ValType): boolean {
    return this.matches(a, b) && this.matches(b, a);
  }

  /** Whether the reference type's heap is a concrete type of the given kind. */
  concreteKind(t: ValType): CompositeType['kind'] | undefined {
    if (!isRef(t)) return undefined;
    const h = refHeap(t);
    return isConcreteHeap(h) ? this.module.types[heapTypeIndex(h)]?.composite.kind : undefined;
  }

  private canonHeap(h: HeapType): HeapType {
    if (!isConcreteHeap(h)) return h;
    const id = this.canon[heapTypeIndex(h)];
    if (id === undefined) throw invalid(`unknown type ${heapTypeIndex(h)}`);
    return heapIndex(id);
  }
}

/** A non-nullable reference to concrete type `index`. */
export function refToType(index: number, nullable = false): ValType {
  return refType(heapIndex(index), nullable);
}
