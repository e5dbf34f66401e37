// Type DIEs turned into a tree a debugger can format values with. Types are
// cached by DIE offset and the cache entry is created before its parts, so
// self-referential types (a list node pointing to itself) become cyclic
// object graphs instead of infinite recursion.

import { DW_AT, DW_TAG } from './constants.js';
import type { Die } from './info.js';

// Local aliases: a CommonJS transpile turns imported bindings into getter calls in hot loops.
const AT = DW_AT;
const TAG = DW_TAG;

export interface Member {
  readonly name: string | undefined;
  readonly type: DwarfType;
  /** Byte offset in the enclosing struct/union (0 for union members). */
  readonly offset: number;
  readonly bitSize?: number;
  /** Bit offset from the start of the struct, for bit fields. */
  readonly bitOffset?: number;
}

export type DwarfType =
  | { readonly kind: 'void' }
  | { readonly kind: 'base'; readonly name: string; readonly byteSize: number; readonly encoding: number }
  | { readonly kind: 'pointer' | 'reference'; readonly target: DwarfType; readonly byteSize: number }
  | { readonly kind: 'const' | 'volatile' | 'restrict' | 'atomic'; readonly target: DwarfType }
  | { readonly kind: 'typedef'; readonly name: string; readonly target: DwarfType }
  | { readonly kind: 'array'; readonly element: DwarfType; readonly counts: readonly (number | undefined)[] }
  | { readonly kind: 'struct' | 'union' | 'class'; readonly name: string | undefined; readonly byteSize: number | undefined; readonly members: Member[]; readonly declaration: boolean }
  | { readonly kind: 'enum'; readonly name: string | undefined; readonly byteSize: number | undefined; readonly underlying: DwarfType | undefined; readonly enumerators: { readonly name: string; readonly value: number }[] }
  | { readonly kind: 'function'; readonly returnType: DwarfType; readonly params: DwarfType[]; readonly variadic: boolean }
  | { readonly kind: 'unknown'; readonly tag: number };

/** The DIE queries the type builder needs from the Dwarf facade. */
export interface TypeSource {
  name(die: Die): string | undefined;
  constant(die: Die, at: number): number | undefined;
  ref(die: Die, at: number): Die | undefined;
  expression(die: Die, at: number): Uint8Array | undefined;
}

const VOID: DwarfType = { kind: 'void' };

export class TypeBuilder {
  private readonly cache = new Map<number, DwarfType>();
  constructor(private readonly src: TypeSource) {}

  /** The type a DIE's DW_AT_type names (void when absent). */
  typeOf(die: Die): DwarfType {
    const t = this.src.ref(die, AT.type);
    return t ? this.build(t) : VOID;
  }

  build(die: Die): DwarfType {
    const hit = this.cache.get(die.offset);
    if (hit) return hit;
    const s = this.src;
    const name = s.name(die);
    const size = s.constant(die, AT.byte_size);
    let t: DwarfType;
    switch (die.tag) {
      case TAG.base_type:
        t = { kind: 'base', name: name ?? '?', byteSize: size ?? 0, encoding: s.constant(die, AT.encoding) ?? 0 };
        break;
      case TAG.unspecified_type:
        t = { kind: 'base', name: name ?? 'void', byteSize: 0, encoding: 0 };
        break;
      case TAG.pointer_type: case TAG.reference_type: case TAG.rvalue_reference_type: {
        const p = { kind: die.tag === TAG.pointer_type ? 'pointer' : 'reference', target: VOID, byteSize: size ?? die.unit.addrSize } as { kind: 'pointer'; target: DwarfType; byteSize: number };
        this.cache.set(die.offset, p);
        p.target = this.typeOf(die);
        return p;
      }
      case TAG.const_type: case TAG.volatile_type: case TAG.restrict_type: case TAG.atomic_type: {
        const kind = die.tag === TAG.const_type ? 'const' : die.tag === TAG.volatile_type ? 'volatile' : die.tag === TAG.restrict_type ? 'restrict' : 'atomic';
        const q = { kind, target: VOID } as { kind: 'const'; target: DwarfType };
        this.cache.set(die.offset, q);
        q.target = this.typeOf(die);
        return q;
      }
      case TAG.typedef: {
        const d = { kind: 'typedef', name: name ?? '?', target: VOID } as { kind: 'typedef'; name: string; target: DwarfType };
        this.cache.set(die.offset, d);
        d.target = this.typeOf(die);
        return d;
      }
      case TAG.array_type: {
        const a = { kind: 'array', element: VOID, counts: [] as (number | undefined)[] } as { kind: 'array'; element: DwarfType; counts: (number | undefined)[] };
        this.cache.set(die.offset, a);
        a.element = this.typeOf(die);
        for (const c of die.children) {
          if (c.tag !== TAG.subrange_type) continue;
          const count = s.constant(c, AT.count);
          const upper = s.constant(c, AT.upper_bound);
          const lower = s.constant(c, AT.lower_bound) ?? 0;
          a.counts.push(count ?? (upper === undefined ? undefined : upper - lower + 1));
        }
        return a;
      }
      case TAG.structure_type: case TAG.union_type: case TAG.class_type: {
        const kind = die.tag === TAG.structure_type ? 'struct' : die.tag === TAG.union_type ? 'union' : 'class';
        const members: Member[] = [];
        t = { kind, name, byteSize: size, members, declaration: s.constant(die, AT.declaration) === 1 };
        this.cache.set(die.offset, t);
        for (const c of die.children) {
          if (c.tag !== TAG.member) continue;
          const bitSize = s.constant(c, AT.bit_size);
          const dataBitOffset = s.constant(c, AT.data_bit_offset);
          const m: { -readonly [K in keyof Member]: Member[K] } = { name: s.name(c), type: this.typeOf(c), offset: this.memberOffset(c, dataBitOffset) };
          if (bitSize !== undefined) m.bitSize = bitSize;
          if (dataBitOffset !== undefined) m.bitOffset = dataBitOffset;
          members.push(m);
        }
        return t;
      }
      case TAG.enumeration_type: {
        const enumerators: { name: string; value: number }[] = [];
        const e = { kind: 'enum', name, byteSize: size, underlying: undefined, enumerators } as { kind: 'enum'; name: string | undefined; byteSize: number | undefined; underlying: DwarfType | undefined; enumerators: { name: string; value: number }[] };
        this.cache.set(die.offset, e);
        if (s.ref(die, AT.type)) e.underlying = this.typeOf(die);
        for (const c of die.children) {
          if (c.tag === TAG.enumerator) enumerators.push({ name: s.name(c) ?? '?', value: s.constant(c, AT.const_value) ?? 0 });
        }
        return e;
      }
      case TAG.subroutine_type: {
        const params: DwarfType[] = [];
        const f = { kind: 'function', returnType: VOID, params, variadic: false } as { kind: 'function'; returnType: DwarfType; params: DwarfType[]; variadic: boolean };
        this.cache.set(die.offset, f);
        f.returnType = this.typeOf(die);
        for (const c of die.children) {
          if (c.tag === TAG.formal_parameter) params.push(this.typeOf(c));
          else if (c.tag === TAG.unspecified_parameters) f.variadic = true;
        }
        return f;
      }
      default:
        t = { kind: 'unknown', tag: die.tag };
    }
    this.cache.set(die.offset, t);
    return t;
  }

  private memberOffset(member: Die, dataBitOffset: number | undefined): number {
    const c = this.src.constant(member, AT.data_member_location);
    if (c !== undefined) return c;
    // DWARF 2 style: an expression "DW_OP_plus_uconst N".
    const e = this.src.expression(member, AT.data_member_location);
    if (e && e[0] === 0x23) {
      let v = 0, mul = 1;
      for (let i = 1; i < e.length; i++) { v += (e[i]! & 0x7f) * mul; mul *= 128; if (!(e[i]! & 0x80)) break; }
      return v;
    }
    return dataBitOffset === undefined ? 0 : Math.floor(dataBitOffset / 8);
  }
}

function typeNameAt(t: DwarfType, inner: string, depth: number): string {
  return typeName(t, inner, depth);
}

/** A C-like spelling of a type: "const struct node *", "int[3][5]", "int (*)(const struct shape *)". */
export function typeName(t: DwarfType, inner = '', depth = 0): string {
  // Corrupt DWARF can make a pointer point at itself; cut such cycles short.
  if (depth > 64) return `<...>${inner ? ` ${inner}` : ''}`;
  const typeName = (x: DwarfType, i = ''): string => typeNameAt(x, i, depth + 1);
  const join = (base: string): string => (inner ? `${base} ${inner}` : base);
  switch (t.kind) {
    case 'void': return join('void');
    case 'base': return join(t.name);
    case 'typedef': return join(t.name);
    case 'struct': case 'union': case 'class': case 'enum':
      return join(`${t.kind} ${t.name ?? '<anonymous>'}`);
    case 'const': case 'volatile': case 'restrict': case 'atomic': {
      const q = t.kind === 'atomic' ? '_Atomic' : t.kind;
      // Qualifiers of a pointer go after the star; of anything else, before the name.
      if (t.target.kind === 'pointer') return typeName(t.target, `${q}${inner ? ` ${inner}` : ''}`);
      return `${q} ${typeName(t.target, inner)}`;
    }
    case 'pointer': case 'reference': {
      const star = t.kind === 'pointer' ? '*' : '&';
      const wrapped = t.target.kind === 'array' || t.target.kind === 'function' ? `(${star}${inner})` : `${star}${inner}`;
      return typeName(t.target, wrapped);
    }
    case 'array':
      return typeName(t.element, `${inner}${t.counts.map((c) => `[${c ?? ''}]`).join('')}`);
    case 'function': {
      const params = t.params.map((p) => typeName(p)).concat(t.variadic ? ['...'] : []);
      return typeName(t.returnType, `${inner}(${params.length ? params.join(', ') : 'void'})`);
    }
    case 'unknown': return join(`<tag 0x${t.tag.toString(16)}>`);
  }
}
