// C values through DWARF: a variable's location (a wasm local, global,
// operand, linear memory, or pieces of them) read into bytes and shown with
// its C type; pointers, arrays, structs and unions expand by reading memory.
// Member/index access for `evaluate` (`p->next->value`, `arr[3]`, `s.x`).

import type { DwarfLocation, DwarfType, Member } from '../dwarf/index.js';
import { typeName } from '../dwarf/index.js';
import { DW_ATE } from '../dwarf/constants.js';
import { f32FromBits, f64FromBits, i32, i64, type Value } from '../objects/values.js';
import { DebugApiError, type DebugValue, type NamedValue } from './api.js';

/** Where a C value's bytes are: in linear memory, or already read (registers, constants). */
export type CPlace =
  | { readonly kind: 'memory'; readonly address: number }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'unavailable'; readonly why: string };

/** What `children` and member access need to go further into a C value (opaque to front ends). */
export interface CRef {
  readonly type: DwarfType;
  readonly place: CPlace;
}

/** Little-endian reads of the program's linear memory; undefined when out of bounds. */
export type ReadMemory = (address: number, size: number) => Uint8Array | undefined;

/** Elements of an array listed as children at most. */
const MAX_ELEMENTS = 1000;
/** Members shown in a one-line struct summary before "…". */
const SUMMARY_MEMBERS = 6;

/** The type under typedefs and qualifiers (what decides how a value reads). */
export function strip(t: DwarfType): DwarfType {
  let x = t;
  for (let i = 0; i < 64 && (x.kind === 'typedef' || x.kind === 'const' || x.kind === 'volatile' || x.kind === 'restrict' || x.kind === 'atomic'); i++) x = x.target;
  return x;
}

export function sizeOf(t: DwarfType): number {
  const s = strip(t);
  switch (s.kind) {
    case 'base': case 'pointer': case 'reference': return s.byteSize;
    case 'struct': case 'union': case 'class': case 'enum': return s.byteSize ?? 4;
    case 'array': return sizeOf(s.element) * s.counts.reduce<number>((n, c) => n * (c ?? 0), 1);
    default: return 0;
  }
}

/** A DWARF location as a place, reading wasm locals/globals/operands through `value` (their bits, little-endian). */
export function placeOf(loc: DwarfLocation, size: number, value: (kind: 'wasm-local' | 'wasm-global' | 'wasm-operand', index: number) => bigint): CPlace {
  switch (loc.kind) {
    case 'memory': return { kind: 'memory', address: Number(BigInt.asUintN(32, loc.address)) };
    case 'value': return { kind: 'bytes', bytes: leBytes(loc.value, size) };
    case 'implicit': return { kind: 'bytes', bytes: loc.bytes };
    case 'wasm-local': case 'wasm-global': case 'wasm-operand': return { kind: 'bytes', bytes: leBytes(value(loc.kind, loc.index), size) };
    case 'optimized-out': return { kind: 'unavailable', why: '<optimized out>' };
    case 'pieces': return { kind: 'unavailable', why: '<split across places>' };
  }
}

function leBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(Math.max(size, 0));
  let x = BigInt.asUintN(64, v);
  for (let i = 0; i < out.length && i < 8; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

function unsignedOf(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  return v;
}

export class CValues {
  constructor(private readonly read: ReadMemory) {}

  private bytesOf(r: CRef): Uint8Array | undefined {
    const size = sizeOf(r.type);
    if (r.place.kind === 'bytes') return r.place.bytes;
    if (r.place.kind === 'memory') return this.read(r.place.address, size);
    return undefined;
  }

  /** A C value for the debug API: C type name, a wasm value for scalars, text, and expandability. */
  value(r: CRef): DebugValue {
    const type = typeName(r.type);
    if (r.place.kind === 'unavailable') return { type, value: i32(0), text: r.place.why };
    const s = strip(r.type);
    const expandable = this.hasChildren(r);
    const base = { type, ...(expandable ? { expandable: true } : {}), c: r };
    if (s.kind === 'struct' || s.kind === 'union' || s.kind === 'class' || s.kind === 'array') {
      return { ...base, value: i32(r.place.kind === 'memory' ? r.place.address : 0), text: this.summary(r, 0) };
    }
    const bytes = this.bytesOf(r);
    if (!bytes) return { type, value: i32(0), text: `<memory at 0x${(r.place as { address: number }).address.toString(16)} unreadable>` };
    const { value, text } = scalar(s, bytes, (p) => this.cString(p));
    return { ...base, value, text };
  }

  /** "{x = 1, y = 2}" or "{1, 2, 3, …}", nested aggregates shortened. */
  private summary(r: CRef, depth: number): string {
    const s = strip(r.type);
    if (depth > 1) return '{…}';
    const shown = this.children(r, SUMMARY_MEMBERS + 1);
    const parts = shown.slice(0, SUMMARY_MEMBERS).map((c) => {
      const cs = strip(c.c!.type);
      const text = cs.kind === 'struct' || cs.kind === 'union' || cs.kind === 'array' ? this.summary(c.c!, depth + 1) : c.text;
      return s.kind === 'array' ? text : `${c.name} = ${text}`;
    });
    const more = shown.length > SUMMARY_MEMBERS ? ', …' : '';
    if (s.kind === 'array' && isChar(strip(s.element)) && r.place.kind === 'memory') return `"${this.cString(r.place.address, s.counts[0] ?? 64)}"`;
    return `{${parts.join(', ')}${more}}`;
  }

  private cString(address: number, max = 64): string {
    let out = '';
    for (let i = 0; i < max; i++) {
      const b = this.read(address + i, 1);
      if (!b || b[0] === 0) return out;
      out += b[0]! >= 0x20 && b[0]! < 0x7f ? String.fromCharCode(b[0]!) : `\\x${b[0]!.toString(16).padStart(2, '0')}`;
    }
    return `${out}…`;
  }

  /** Whether `children` has anything, without building it. */
  private hasChildren(r: CRef): boolean {
    const s = strip(r.type);
    if (r.place.kind === 'unavailable') return false;
    if (s.kind === 'struct' || s.kind === 'union' || s.kind === 'class') return s.members.length > 0;
    if (s.kind === 'array') return r.place.kind === 'memory' && (s.counts[0] ?? 0) > 0;
    if (s.kind !== 'pointer') return false;
    const target = strip(s.target);
    if (target.kind === 'void' || target.kind === 'function' || sizeOf(target) === 0) return false;
    const bytes = this.bytesOf(r);
    return bytes !== undefined && unsignedOf(bytes) !== 0n;
  }

  /** Members of a struct/union, elements of an array (at most `limit`), the pointee of a pointer (a struct's members directly). */
  children(r: CRef, limit = MAX_ELEMENTS): (NamedValue & { c?: CRef })[] {
    const s = strip(r.type);
    const place = r.place;
    if (place.kind === 'unavailable') return [];
    if (s.kind === 'struct' || s.kind === 'union' || s.kind === 'class') {
      return s.members.map((m, i) => ({ ...this.member(r, m), name: m.name ?? `<anonymous ${i}>`, index: i }));
    }
    if (s.kind === 'array') {
      if (place.kind !== 'memory') return [];
      const count = s.counts[0] ?? 0;
      const inner: DwarfType = s.counts.length > 1 ? { kind: 'array', element: s.element, counts: s.counts.slice(1) } : s.element;
      const size = sizeOf(inner);
      const out: (NamedValue & { c?: CRef })[] = [];
      for (let i = 0; i < Math.min(count, limit); i++) {
        const c: CRef = { type: inner, place: { kind: 'memory', address: place.address + i * size } };
        out.push({ ...this.value(c), c, name: `[${i}]`, index: i });
      }
      return out;
    }
    if (s.kind === 'pointer') {
      const target = strip(s.target);
      const bytes = this.bytesOf(r);
      const address = bytes ? Number(unsignedOf(bytes)) : 0;
      if (address === 0 || target.kind === 'void' || target.kind === 'function' || sizeOf(target) === 0) return [];
      const pointee: CRef = { type: s.target, place: { kind: 'memory', address } };
      if (target.kind === 'struct' || target.kind === 'union' || target.kind === 'class') return this.children(pointee);
      return [{ ...this.value(pointee), c: pointee, name: '*', index: 0 }];
    }
    return [];
  }

  private member(r: CRef, m: Member): DebugValue & { c: CRef } {
    const place = r.place;
    let c: CRef;
    if (place.kind === 'memory') c = { type: m.type, place: { kind: 'memory', address: place.address + m.offset } };
    else if (place.kind === 'bytes') c = { type: m.type, place: { kind: 'bytes', bytes: place.bytes.subarray(m.offset, m.offset + sizeOf(m.type)) } };
    else c = { type: m.type, place };
    if (m.bitSize !== undefined) return { ...this.bitField(c, m), c };
    return { ...this.value(c), c };
  }

  private bitField(c: CRef, m: Member): DebugValue {
    const whole = this.bytesOf({ type: c.type, place: c.place });
    if (!whole || m.bitSize === undefined) return this.value(c);
    // data_bit_offset counts from the struct start; the member's bytes start at floor(offset / 8)... so take the bits within them.
    const shift = BigInt((m.bitOffset ?? 0) - m.offset * 8);
    const v = (unsignedOf(whole) >> shift) & ((1n << BigInt(m.bitSize)) - 1n);
    return { type: `${typeName(c.type)} : ${m.bitSize}`, value: i64(v), text: String(v) };
  }

  /**
   * `root` followed by `.f`, `->f`, `[n]` and a leading `*`: C access on a
   * variable found by `lookup`. Undefined when the root names no C variable.
   */
  evaluate(expression: string, lookup: (name: string) => CRef | undefined): DebugValue | undefined {
    const m = /^\s*(\*?)\s*([A-Za-z_]\w*)((?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[\s*\d+\s*\])*)\s*$/.exec(expression);
    if (!m) return undefined;
    let cur = lookup(m[2]!);
    if (!cur) return undefined;
    for (const step of m[3]!.matchAll(/(->|\.)\s*([A-Za-z_]\w*)|\[\s*(\d+)\s*\]/g)) {
      if (step[1] === '->') cur = this.deref(cur, expression);
      if (step[2] !== undefined) cur = this.field(cur, step[2], expression);
      else cur = this.index(cur, Number(step[3]), expression);
    }
    if (m[1] === '*') cur = this.deref(cur, expression);
    return this.value(cur);
  }

  private deref(r: CRef, expr: string): CRef {
    const s = strip(r.type);
    if (s.kind === 'array') return this.index(r, 0, expr);
    if (s.kind !== 'pointer') throw new DebugApiError('bad-expression', `${expr}: ${typeName(r.type)} is not a pointer`);
    const bytes = this.bytesOf(r);
    if (!bytes) throw new DebugApiError('bad-expression', `${expr}: the pointer is unavailable`);
    const address = Number(unsignedOf(bytes));
    if (address === 0) throw new DebugApiError('bad-expression', `${expr}: null pointer`);
    return { type: s.target, place: { kind: 'memory', address } };
  }

  private field(r: CRef, name: string, expr: string): CRef {
    const s = strip(r.type);
    if (s.kind !== 'struct' && s.kind !== 'union' && s.kind !== 'class') throw new DebugApiError('bad-expression', `${expr}: ${typeName(r.type)} has no members`);
    const m = s.members.find((x) => x.name === name);
    if (!m) throw new DebugApiError('bad-expression', `${expr}: ${typeName(r.type)} has no member ${name}`);
    return this.member(r, m).c;
  }

  private index(r: CRef, i: number, expr: string): CRef {
    const s = strip(r.type);
    if (s.kind === 'pointer') {
      const base = this.deref(r, expr);
      return { type: s.target, place: { kind: 'memory', address: (base.place as { address: number }).address + i * sizeOf(s.target) } };
    }
    if (s.kind !== 'array') throw new DebugApiError('bad-expression', `${expr}: ${typeName(r.type)} cannot be indexed`);
    if (r.place.kind !== 'memory') throw new DebugApiError('bad-expression', `${expr}: the array is not in memory`);
    const inner: DwarfType = s.counts.length > 1 ? { kind: 'array', element: s.element, counts: s.counts.slice(1) } : s.element;
    return { type: inner, place: { kind: 'memory', address: r.place.address + i * sizeOf(inner) } };
  }
}

function isChar(t: DwarfType): boolean {
  return t.kind === 'base' && t.byteSize === 1 && (t.encoding === DW_ATE.signed_char || t.encoding === DW_ATE.unsigned_char);
}

/** A scalar's wasm value and C text. */
function scalar(s: DwarfType, bytes: Uint8Array, cString: (address: number) => string): { value: Value; text: string } {
  const raw = unsignedOf(bytes);
  const size = bytes.length;
  const asValue = (v: bigint): Value => (size > 4 ? i64(v) : i32(Number(BigInt.asIntN(32, v))));
  switch (s.kind) {
    case 'pointer': case 'reference': {
      const hex = `0x${raw.toString(16).padStart(8, '0')}`;
      const target = strip(s.target);
      const str = raw !== 0n && isChar(target) ? ` "${cString(Number(raw))}"` : '';
      return { value: i32(Number(BigInt.asIntN(32, raw))), text: raw === 0n ? 'NULL' : `${hex}${str}` };
    }
    case 'enum': {
      const v = Number(BigInt.asIntN(size * 8 || 32, raw));
      const e = s.enumerators.find((x) => x.value === v);
      return { value: i32(v), text: e ? e.name : `${v}` };
    }
    case 'base': {
      const enc = s.encoding;
      if (enc === DW_ATE.float) {
        if (size === 4) return { value: { type: 'f32', bits: Number(raw) }, text: String(f32FromBits(Number(raw))) };
        if (size === 8) return { value: { type: 'f64', bits: raw }, text: String(f64FromBits(raw)) };
        return { value: i64(raw), text: `<${size}-byte float>` };
      }
      if (enc === DW_ATE.boolean) return { value: i32(Number(raw)), text: raw === 0n ? 'false' : 'true' };
      const signed = enc === DW_ATE.signed || enc === DW_ATE.signed_char;
      const v = signed && size > 0 ? BigInt.asIntN(size * 8, raw) : raw;
      if (isChar(s)) {
        const c = Number(BigInt.asUintN(8, raw));
        return { value: asValue(v), text: `${v} '${c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`}'` };
      }
      return { value: asValue(v), text: String(v) };
    }
    default:
      return { value: i32(0), text: `<${typeName(s)}>` };
  }
}
