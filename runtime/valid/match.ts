// Extern type matching: does an exported entity fit the type an import
// declares? Instantiation (runtime/exec) calls this for every import with
// the importing module's canonical type map and the exporter's type in
// canonical terms, so entities can come from any module of the store.

import { LinkError } from '../errors.js';
import type { ImportDesc } from '../syntax/module.js';
import type { GlobalType, MemoryType, TableType } from '../syntax/types.js';
import { toCanonValType, type CanonId, type TypeRegistry } from './canon.js';

/**
 * The type of an entity as the store knows it: value types in canonical form
 * (see canon.ts), function and tag types as canonical ids, and limits as they
 * are *now* (a table's or memory's current size is its minimum).
 */
export type ExternType =
  | { readonly kind: 'func'; readonly typeId: CanonId }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly typeId: CanonId };

interface LimitsLike {
  readonly min: number;
  readonly max?: number;
}

/** `actual` limits fit `expected`: at least as large a minimum, a maximum no larger. */
export function limitsMatch(actual: LimitsLike, expected: LimitsLike): boolean {
  if (actual.min < expected.min) return false;
  if (expected.max === undefined) return true;
  return actual.max !== undefined && actual.max <= expected.max;
}

/** Function types match along declared subtyping (wasm 3.0: canonical ids, not structure). */
export function funcTypeMatches(registry: TypeRegistry, actual: CanonId, expected: CanonId): boolean {
  return registry.isSubtype(actual, expected);
}

export function memoryTypeMatches(actual: MemoryType, expected: MemoryType): boolean {
  return actual.shared === expected.shared
    && actual.index64 === expected.index64
    && (actual.pageSizeLog2 ?? 16) === (expected.pageSizeLog2 ?? 16)
    && limitsMatch(actual, expected);
}

/** Both table types canonical. Element types must be equal: tables are mutable. */
export function tableTypeMatches(registry: TypeRegistry, actual: TableType, expected: TableType): boolean {
  return actual.index64 === expected.index64
    && registry.valTypeMatches(actual.elem, expected.elem)
    && registry.valTypeMatches(expected.elem, actual.elem)
    && limitsMatch(actual, expected);
}

/** Both global types canonical. Mutable globals are invariant, immutable ones covariant. */
export function globalTypeMatches(registry: TypeRegistry, actual: GlobalType, expected: GlobalType): boolean {
  if (actual.mutable !== expected.mutable) return false;
  if (!registry.valTypeMatches(actual.type, expected.type)) return false;
  return !actual.mutable || registry.valTypeMatches(expected.type, actual.type);
}

/**
 * Why `actual` does not fit import `desc` of a module whose canonical type
 * map is `canon` (from registry.canonicalize), or undefined when it does.
 */
export function importMismatch(
  registry: TypeRegistry, canon: readonly number[], desc: ImportDesc, actual: ExternType,
): string | undefined {
  if (desc.kind !== actual.kind) return `expected a ${desc.kind}, got a ${actual.kind}`;
  switch (desc.kind) {
    case 'func': {
      const a = actual as Extract<ExternType, { kind: 'func' }>;
      return funcTypeMatches(registry, a.typeId, canon[desc.typeIndex]!) ? undefined : 'function type differs';
    }
    case 'tag': {
      const a = actual as Extract<ExternType, { kind: 'tag' }>;
      return a.typeId === canon[desc.typeIndex] ? undefined : 'tag type differs';
    }
    case 'memory': {
      const a = actual as Extract<ExternType, { kind: 'memory' }>;
      return memoryTypeMatches(a.type, desc.type) ? undefined : 'memory type differs';
    }
    case 'table': {
      const a = actual as Extract<ExternType, { kind: 'table' }>;
      const expected: TableType = { ...desc.type, elem: toCanonValType(desc.type.elem, canon) };
      return tableTypeMatches(registry, a.type, expected) ? undefined : 'table type differs';
    }
    case 'global': {
      const a = actual as Extract<ExternType, { kind: 'global' }>;
      const expected: GlobalType = { ...desc.type, type: toCanonValType(desc.type.type, canon) };
      return globalTypeMatches(registry, a.type, expected) ? undefined : 'global type differs';
    }
  }
}

/** Throws LinkError("incompatible import type …"), the spec's wording, when `actual` does not fit. */
export function checkImportMatch(
  registry: TypeRegistry, canon: readonly number[], desc: ImportDesc, actual: ExternType, what = '',
): void {
  const why = importMismatch(registry, canon, desc, actual);
  if (why !== undefined) throw new LinkError(`incompatible import type${what ? ` for ${what}` : ''}: ${why}`);
}
