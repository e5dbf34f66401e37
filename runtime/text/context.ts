// What the parser knows about the module being parsed: the identifier of
// every index space (collected in a first pass, so fields may refer forward),
// the types defined so far, and the implicit function types that inline
// signatures add at the end of the type section.

import type { Module } from '../syntax/module.js';
import type { FuncType, SubType, ValType } from '../syntax/types.js';
import type { Cursor } from './cursor.js';
import { Tok, type Token } from './lexer.js';
import { parseU32 } from './numbers.js';

/** One index space's identifiers: `$name` → index. */
export class IdSpace {
  readonly ids = new Map<string, number>();
  count = 0;

  /**
   * @param dupWord how "duplicate …" errors name the space (the spec tests' wording)
   * @param unknownWord how "unknown …" errors name it
   */
  constructor(readonly dupWord: string, readonly unknownWord: string) {}

  /** Allocates the next index, binding `id` to it when given. */
  add(c: Cursor, id: Token | undefined): number {
    const index = this.count++;
    if (id) this.bind(c, id, index);
    return index;
  }

  bind(c: Cursor, id: Token, index: number): void {
    if (this.ids.has(id.text)) c.fail(`duplicate ${this.dupWord} ${id.text}`, id);
    this.ids.set(id.text, index);
  }

  /** Reads an index (`$id` or a number) at the cursor. */
  resolve(c: Cursor): number {
    const t = c.peek();
    if (t.kind === Tok.Id) {
      const index = this.ids.get(t.text);
      if (index === undefined) c.fail(`unknown ${this.unknownWord} ${t.text}`, t);
      c.next();
      return index;
    }
    return readU32(c);
  }

  /** Whether the next token can be an index of this space. */
  static isIndex(c: Cursor): boolean {
    return c.isId() || c.isNat();
  }
}

/** A u32 literal at the cursor (indices, limits, lengths). */
export function readU32(c: Cursor): number {
  return c.literal(parseU32, 'i32 constant out of range');
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

export function sameFuncType(a: FuncType, b: FuncType): boolean {
  return sameTypes(a.params, b.params) && sameTypes(a.results, b.results);
}

export class ModuleContext {
  readonly funcs = new IdSpace('func', 'function');
  readonly tables = new IdSpace('table', 'table');
  readonly memories = new IdSpace('memory', 'memory');
  readonly globals = new IdSpace('global', 'global');
  readonly tags = new IdSpace('tag', 'tag');
  readonly types = new IdSpace('type', 'type');
  readonly elems = new IdSpace('elem', 'elem segment');
  readonly datas = new IdSpace('data', 'data segment');
  /** Field identifiers of struct types, by type index. */
  readonly fieldIds = new Map<number, Map<string, number>>();
  /** Function types appended for inline signatures; they follow the explicit types. */
  readonly implicitTypes: SubType[] = [];
  /** Set when an instruction refers to a data segment (the binary then needs a data count). */
  usesDataIndex = false;

  constructor(readonly c: Cursor, readonly module: Module) {}

  /** The composite type at `index` (explicit or implicit), if any. */
  typeAt(index: number): SubType | undefined {
    const explicit = this.module.types;
    return index < explicit.length ? explicit[index] : this.implicitTypes[index - explicit.length];
  }

  funcTypeAt(index: number): FuncType | undefined {
    const t = this.typeAt(index);
    return t && t.composite.kind === 'func' ? t.composite.func : undefined;
  }

  /**
   * The index of a function type for an inline signature: the first type
   * that is exactly `(type (func …))` with this signature (a final,
   * supertype-less func type alone in its rec group), else a new implicit one.
   */
  inlineFuncType(ft: FuncType): number {
    const key = `${ft.params.join(',')}>${ft.results.join(',')}`;
    const known = this.signatures().get(key);
    if (known !== undefined) return known;
    this.implicitTypes.push({ final: true, supertypes: [], composite: { kind: 'func', func: ft } });
    const index = this.module.types.length + this.implicitTypes.length - 1;
    this.bySignature!.set(key, index);
    return index;
  }

  /** Signature → first reusable type index; built once the explicit types are all parsed. */
  private bySignature: Map<string, number> | undefined;

  private signatures(): Map<string, number> {
    if (this.bySignature) return this.bySignature;
    const map = new Map<string, number>();
    const types = this.module.types;
    for (const g of this.module.recGroups) {
      if (g.count !== 1) continue;
      const t = types[g.start]!;
      if (!t.final || t.supertypes.length > 0 || t.composite.kind !== 'func') continue;
      const f = t.composite.func;
      const key = `${f.params.join(',')}>${f.results.join(',')}`;
      if (!map.has(key)) map.set(key, g.start);
    }
    return this.bySignature = map;
  }
}
