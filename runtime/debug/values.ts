// Wasm values as a debugger shows them: type, value, text, and for
// references with structure (continuations, exceptions) their children.

import { FuncInstance } from '../objects/func.js';
import { ExceptionRef } from '../objects/tag.js';
import { f32FromBits, f64FromBits, i32, i64, f32, f64, type Value } from '../objects/values.js';
import { ContRef } from '../exec/switching.js';
import { valTypeToString, type ValType } from '../syntax/types.js';
import { DebugApiError, type DebugValue, type NamedValue } from './api.js';

export function typeName(v: Value, declared?: ValType): string {
  if (declared !== undefined) return valTypeToString(declared);
  if (v.type === 'ref') return valTypeToString(v.valType);
  return v.type;
}

export function valueText(v: Value): string {
  switch (v.type) {
    case 'i32': return String(v.value);
    case 'i64': return String(v.value);
    case 'f32': return String(f32FromBits(v.bits));
    case 'f64': return String(f64FromBits(BigInt.asUintN(64, v.bits)));
    case 'v128': return `v128 ${Array.from(v.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
    case 'ref': {
      const r = v.ref;
      if (r === null) return 'null';
      if (r instanceof ContRef) return `cont #${r.stack.id} (${r.live ? r.stack.state : 'consumed'})`;
      if (r instanceof ExceptionRef) return `exception ${r.tag.name ? `$${r.tag.name}` : 'tag'}`;
      if (r instanceof FuncInstance) return `func ${r.name ? `$${r.name}` : '?'}`;
      return typeof (r as { describe?: unknown }).describe === 'function' ? (r as { describe(): string }).describe() : 'ref';
    }
  }
}

export function debugValue(v: Value, declared?: ValType): DebugValue {
  const expandable = v.type === 'ref' && (v.ref instanceof ContRef || v.ref instanceof ExceptionRef);
  return { type: typeName(v, declared), value: v, text: valueText(v), ...(expandable ? { expandable } : {}) };
}

export function named(name: string, index: number, v: Value, declared?: ValType): NamedValue {
  return { ...debugValue(v, declared), name, index };
}

/** Parses `text` as a value of type `t` ("42", "-1", "0x10", "1.5"). */
export function parseValue(text: string, t: string): Value {
  const s = text.trim().replace(/_/g, '');
  const bad = (): never => { throw new DebugApiError('bad-request', `'${text}' is not a ${t} value`); };
  try {
    switch (t) {
      case 'i32': {
        if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(s)) bad();
        const neg = s.startsWith('-');
        const n = BigInt(neg ? s.slice(1) : s);
        return i32(Number(BigInt.asIntN(32, neg ? -n : n)));
      }
      case 'i64': {
        if (!/^-?(0x[0-9a-f]+|\d+)$/i.test(s)) bad();
        const neg = s.startsWith('-');
        const n = BigInt(neg ? s.slice(1) : s);
        return i64(BigInt.asIntN(64, neg ? -n : n));
      }
      case 'f32': case 'f64': {
        const x = Number(s);
        if (Number.isNaN(x) && !/^[+-]?nan$/i.test(s)) bad();
        return t === 'f32' ? f32(x) : f64(x);
      }
    }
  } catch (e) {
    if (e instanceof DebugApiError) throw e;
    bad();
  }
  throw new DebugApiError('bad-request', `cannot set a value of type ${t}`);
}
