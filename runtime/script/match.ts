// Comparing what an invocation returned with what a script assertion expects.
// Floats compare by bits (so -0 ≠ +0 and NaN payloads count), except where
// the script asks for a class of NaNs.

import { ExternRef, type Reference, type Value } from '../objects/values.js';
import type { ResultPattern, ScriptConst } from './ast.js';
import { EXTERNREF, refType } from '../syntax/types.js';

const F32_CANONICAL_NAN = 0x7fc00000;
const F32_QUIET_BIT = 0x00400000;
const F64_CANONICAL_NAN = 0x7ff8000000000000n;
const F64_QUIET_BIT = 0x0008000000000000n;

/** Host-made references in a script: `(ref.extern N)` is the same object each time N recurs. */
export class ScriptHostRefs {
  private readonly externs = new Map<number, ExternRef>();
  private readonly hosts = new Map<number, ExternRef>();

  extern(id: number): ExternRef {
    let r = this.externs.get(id);
    if (!r) this.externs.set(id, (r = new ExternRef(id)));
    return r;
  }
  host(id: number): ExternRef {
    let r = this.hosts.get(id);
    if (!r) this.hosts.set(id, (r = new ExternRef(`host ${id}`)));
    return r;
  }
}

/** The kind of reference an engine object is, for patterns like `(ref.func)`. */
export type RefClassifier = (ref: Reference) => string;

export function matchesPattern(
  actual: Value, pattern: ResultPattern, hostRefs: ScriptHostRefs, classify: RefClassifier,
): boolean {
  switch (pattern.kind) {
    case 'value': return sameValue(actual, pattern.value);
    case 'ref.extern': return actual.type === 'ref' && actual.ref === hostRefs.extern(pattern.id);
    case 'ref.host': return actual.type === 'ref' && actual.ref === hostRefs.host(pattern.id);
    case 'ref.null':
    case 'ref.null.any': return actual.type === 'ref' && actual.ref === null;
    case 'ref.kind': return actual.type === 'ref' && actual.ref !== null && refIsOfKind(actual.ref, pattern.refKind, classify);
    case 'nan': return isNanOfClass(actual, pattern.type, pattern.which);
    case 'either': return false; // `either` spans the whole result list; see matchesResults
  }
}

function refIsOfKind(ref: Reference, kind: string, classify: RefClassifier): boolean {
  const actualKind = ref instanceof ExternRef ? 'extern' : classify(ref);
  if (kind === actualKind) return true;
  // Hierarchies: any ⊇ eq ⊇ {i31, struct, array}; a host reference counts as extern.
  if (kind === 'any') return actualKind !== 'func' && actualKind !== 'exn' && actualKind !== 'cont';
  if (kind === 'eq') return actualKind === 'i31' || actualKind === 'struct' || actualKind === 'array' || actualKind === 'eq';
  return false;
}

function isNanOfClass(v: Value, type: 'f32' | 'f64', which: 'canonical' | 'arithmetic'): boolean {
  if (type === 'f32' && v.type === 'f32') {
    const magnitude = v.bits & 0x7fffffff;
    if (which === 'canonical') return magnitude === F32_CANONICAL_NAN;
    return magnitude >= 0x7f800001 && (magnitude & F32_QUIET_BIT) !== 0;
  }
  if (type === 'f64' && v.type === 'f64') {
    const magnitude = v.bits & 0x7fffffffffffffffn;
    if (which === 'canonical') return magnitude === F64_CANONICAL_NAN;
    return magnitude > 0x7ff0000000000000n && (magnitude & F64_QUIET_BIT) !== 0n;
  }
  return false;
}

export function sameValue(a: Value, b: Value): boolean {
  switch (b.type) {
    case 'i32': return a.type === 'i32' && a.value === b.value;
    case 'i64': return a.type === 'i64' && a.value === b.value;
    case 'f32': return a.type === 'f32' && a.bits === b.bits;
    case 'f64': return a.type === 'f64' && a.bits === b.bits;
    case 'v128': return a.type === 'v128' && a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
    case 'ref': return a.type === 'ref' && a.ref === b.ref;
  }
}

/** Does a whole result list match the expected patterns (with `either` alternatives)? */
export function matchesResults(
  actual: readonly Value[], expected: readonly ResultPattern[], hostRefs: ScriptHostRefs, classify: RefClassifier,
): boolean {
  if (expected.length === 1 && expected[0]!.kind === 'either') {
    return expected[0]!.options.some((option) => matchesResults(actual, option, hostRefs, classify));
  }
  if (actual.length !== expected.length) return false;
  return expected.every((pattern, i) => {
    if (pattern.kind === 'either') {
      return pattern.options.some((option) => option.length === 1 && matchesPattern(actual[i]!, option[0]!, hostRefs, classify));
    }
    return matchesPattern(actual[i]!, pattern, hostRefs, classify);
  });
}

/** The argument value a script constant stands for. */
export function constToValue(c: ScriptConst, hostRefs: ScriptHostRefs): Value {
  switch (c.kind) {
    case 'value': return c.value;
    case 'ref.extern': return { type: 'ref', valType: EXTERNREF, ref: hostRefs.extern(c.id) };
    case 'ref.host': return { type: 'ref', valType: EXTERNREF, ref: hostRefs.host(c.id) };
    case 'ref.null': return { type: 'ref', valType: refType(c.heap, true), ref: null };
  }
}

export function patternToString(p: ResultPattern): string {
  switch (p.kind) {
    case 'value': return JSON.stringify(p.value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    case 'ref.extern': return `(ref.extern ${p.id})`;
    case 'ref.host': return `(ref.host ${p.id})`;
    case 'ref.null': return '(ref.null)';
    case 'ref.null.any': return '(ref.null)';
    case 'ref.kind': return `(ref.${p.refKind})`;
    case 'nan': return `${p.type}:nan:${p.which}`;
    case 'either': return `(either ${p.options.map((o) => o.map(patternToString).join(' ')).join(' | ')})`;
  }
}
