// The symbol scanner: walks the lexer's token table (not the parser's IR) and
// records every `$identifier` definition and reference with its index space.
// Working from tokens keeps it cheap, and lets it index text the parser
// rejects (a half-typed instruction mid-edit) as long as it lexes.
//
// It follows the parser's two passes: first every module field's identifier
// (so fields may refer forward), then the references inside each field, with
// locals and labels scoped to their function and block.

import { Tok, type TokenTable } from '../../runtime/text/lexer.js';
import { opByName, type ImmKind } from '../../runtime/syntax/opcodes.js';
import type { DefDetail, Occurrence, OffsetRange, Space, SymbolDef, Unresolved } from './model.js';
import type { FieldOutline, ModuleOutline } from './outline-model.js';

/** A definition under construction (scopes of plain blocks are known only at their `end`). */
type MutableDef = { -readonly [K in keyof SymbolDef]: SymbolDef[K] };

/** The index spaces whose names are module-wide. */
const MODULE_SPACES = ['func', 'table', 'memory', 'global', 'tag', 'type', 'elem', 'data'] as const;
type ModuleSpace = typeof MODULE_SPACES[number];

const FIELD_SPACE: Readonly<Record<string, ModuleSpace>> = {
  func: 'func', table: 'table', memory: 'memory', global: 'global', tag: 'tag', elem: 'elem', data: 'data', type: 'type',
};

const BLOCK_OPENERS: ReadonlySet<string> = new Set(['block', 'loop', 'if', 'try', 'try_table']);

/** What the scan of one document yields. */
export interface ScanResult {
  readonly defs: SymbolDef[];
  /** Sorted by offset. */
  readonly occurrences: Occurrence[];
  readonly unresolved: Unresolved[];
  readonly modules: ModuleOutline[];
}

/** Expected spaces for the index immediates that follow an instruction, given how many follow. */
function immediateSpaces(imm: ImmKind, count: number): readonly Space[] {
  switch (imm) {
    case 'label': case 'brOnCast': return ['label'];
    case 'brTable': return Array<Space>(Math.max(count, 1)).fill('label');
    case 'func': return ['func'];
    case 'type': case 'heapType': case 'typeLen': return ['type'];
    case 'callIndirect': case 'table': return ['table'];
    case 'local': return ['local'];
    case 'global': return ['global'];
    case 'memory': case 'memarg': return ['memory'];
    case 'tag': return ['tag'];
    case 'data': return ['data'];
    case 'elem': return ['elem'];
    case 'tableInit': return count >= 2 ? ['table', 'elem'] : ['elem'];
    case 'tableCopy': return ['table', 'table'];
    case 'memoryInit': return count >= 2 ? ['memory', 'data'] : ['data'];
    case 'memoryCopy': return ['memory', 'memory'];
    case 'typeType': return ['type', 'type'];
    case 'resume': return ['type'];
    case 'resumeThrow': case 'typeTag': return ['type', 'tag'];
    case 'typeField': return ['type', 'field'];
    case 'typeData': return ['type', 'data'];
    case 'typeElem': return ['type', 'elem'];
    default: return [];
  }
}

/** The spaces the index immediates of instruction `name` name (for completion). */
export function spacesAfterInstruction(name: string, position: number): Space | undefined {
  const info = opByName(name);
  if (!info) return undefined;
  const spaces = immediateSpaces(info.imm, position + 1);
  // `tableInit`/`memoryInit` take two indices when two are written; offer the first space's.
  return spaces[Math.min(position, spaces.length - 1)];
}

interface Label {
  readonly def: MutableDef | undefined;
  readonly name: string | undefined;
  /** Token index of the `)` that closes a folded block; -1 for a plain one (closed by `end`). */
  readonly close: number;
  /** try_table before its body: its catch clauses' labels resolve outside it. */
  header: boolean;
}

/** Scans every module of a token table. For a .wast script, each `(module …)` form is a module. */
export function scanDocument(table: TokenTable, closing: Int32Array, script: boolean): ScanResult {
  const out: ScanResult = { defs: [], occurrences: [], unresolved: [], modules: [] };
  const n = table.count - 1; // the final Eof
  const isModuleForm = (i: number): boolean => table.kinds[i] === Tok.LParen && table.isAtom(i + 1, 'module');
  const scanForm = (open: number): void => {
    const close = closing[open]!;
    let from = open + 2;
    if (table.kinds[from] === Tok.Id) from++;
    if (table.isAtom(from, 'definition')) from++;
    // `(module binary …)` / `(module quote …)` hold no text fields to index.
    if (table.isAtom(from, 'binary') || table.isAtom(from, 'quote')) return;
    new ModuleScanner(table, closing, out, out.modules.length, { start: table.starts[open]!, end: table.ends[close]! }, nameAt(table, open + 2))
      .scan(from, close);
  };
  if (!script) {
    if (isModuleForm(0)) scanForm(0);
    else new ModuleScanner(table, closing, out, 0, { start: 0, end: table.src.length }, undefined).scan(0, n);
  } else if (table.kinds[0] === Tok.LParen && FIELD_WORDS.has(table.text(1))) {
    new ModuleScanner(table, closing, out, 0, { start: 0, end: table.src.length }, undefined).scan(0, n);
  } else {
    // Modules at the top level and inside assertions (`(assert_invalid (module …) "…")`).
    for (let i = 0; i < n; i++) {
      if (!isModuleForm(i)) continue;
      scanForm(i);
      i = closing[i]!;
    }
  }
  out.occurrences.sort((a, b) => a.start - b.start);
  return out;
}

const FIELD_WORDS: ReadonlySet<string> = new Set(['type', 'rec', 'import', 'func', 'table', 'memory', 'global', 'tag', 'export', 'start', 'elem', 'data']);

function nameAt(table: TokenTable, i: number): string | undefined {
  return table.kinds[i] === Tok.Id ? table.text(i) : undefined;
}

class ModuleScanner {
  private readonly kinds: Uint8Array;
  private readonly spaces = new Map<Space, Map<string, MutableDef>>();
  private readonly counts: Record<ModuleSpace, number> = { func: 0, table: 0, memory: 0, global: 0, tag: 0, type: 0, elem: 0, data: 0 };
  /** Struct fields by type index. */
  private readonly fieldsOfType = new Map<number, Map<string, MutableDef>>();
  /** Type index → how many parameters its `(func …)` declares (for functions that use `(type $t)` only). */
  private readonly typeParams = new Map<number, number>();
  private readonly typeByName = new Map<string, number>();
  private readonly outline: ModuleOutline;

  constructor(
    private readonly t: TokenTable,
    private readonly closing: Int32Array,
    private readonly out: ScanResult,
    private readonly moduleNo: number,
    range: OffsetRange,
    name: string | undefined,
  ) {
    this.kinds = t.kinds;
    for (const s of MODULE_SPACES) this.spaces.set(s, new Map());
    this.outline = { index: moduleNo, name, range, fields: [] };
    out.modules.push(this.outline);
  }

  private range(i: number): OffsetRange {
    return { start: this.t.starts[i]!, end: this.t.ends[i]! };
  }
  private spanOf(open: number): OffsetRange {
    return { start: this.t.starts[open]!, end: this.t.ends[this.closing[open]!]! };
  }
  private isId(i: number): boolean {
    return this.kinds[i] === Tok.Id;
  }
  private isField(i: number, kw: string): boolean {
    return this.kinds[i] === Tok.LParen && this.t.isAtom(i + 1, kw);
  }
  /** Token index just past the form or token at `i`. */
  private after(i: number): number {
    return this.kinds[i] === Tok.LParen ? this.closing[i]! + 1 : i + 1;
  }

  private define(space: Space, i: number, index: number, extra: { scope?: OffsetRange; owner?: number; detail?: DefDetail } = {}): MutableDef {
    const def: MutableDef = {
      space, name: this.t.text(i), index, range: this.range(i), module: this.moduleNo,
      scope: extra.scope, owner: extra.owner, detail: extra.detail ?? { kind: 'plain' }, refs: [],
    };
    this.out.defs.push(def);
    // Explicit literals, not spreads: object spread takes a slow path in V8 on this hot path.
    this.out.occurrences.push({ start: def.range.start, end: def.range.end, def, isDef: true });
    return def;
  }

  private defineInModule(space: ModuleSpace, i: number): number {
    const index = this.counts[space]++;
    if (!this.isId(i)) return index;
    const map = this.spaces.get(space)!;
    const name = this.t.text(i);
    // A duplicate is an error the parser reports; the first definition keeps the name.
    const def = this.define(space, i, index);
    if (!map.has(name)) map.set(name, def);
    if (space === 'type') this.typeByName.set(name, index);
    return index;
  }

  private reference(def: MutableDef | undefined, i: number, space: Space): void {
    const r = this.range(i);
    if (!def) {
      this.out.unresolved.push({ start: r.start, end: r.end, space, name: this.t.text(i) });
      return;
    }
    def.refs.push(r);
    this.out.occurrences.push({ start: r.start, end: r.end, def, isDef: false });
  }

  private refModule(space: ModuleSpace, i: number): void {
    this.reference(this.spaces.get(space)!.get(this.t.text(i)), i, space);
  }

  scan(from: number, to: number): void {
    const fields: number[] = [];
    for (let i = from; i < to && this.kinds[i] === Tok.LParen; i = this.closing[i]! + 1) {
      fields.push(i);
      this.declare(i);
    }
    for (const open of fields) this.references(open);
  }

  // ---- pass 1: definitions -------------------------------------------------

  private declare(open: number): void {
    const kw = this.t.text(open + 1);
    const id = open + 2;
    const outline: FieldOutline = { kind: kw, range: this.spanOf(open), selection: this.range(open + 1), children: [] };
    switch (kw) {
      case 'type':
        this.declareType(open, outline);
        break;
      case 'rec':
        for (let i = open + 2; this.isField(i, 'type'); i = this.closing[i]! + 1) {
          const child: FieldOutline = { kind: 'type', range: this.spanOf(i), selection: this.range(i + 1), children: [] };
          this.declareType(i, child);
          outline.children.push(child);
        }
        break;
      case 'func': case 'table': case 'memory': case 'global': case 'tag': {
        const index = this.defineInModule(FIELD_SPACE[kw]!, id);
        this.named(outline, id, FIELD_SPACE[kw]!, index);
        let i = this.isId(id) ? id + 1 : id;
        while (this.isField(i, 'export')) i = this.after(i);
        if (this.isField(i, 'import')) outline.imported = true;
        else if (kw === 'table' || kw === 'memory') this.countInlineSegments(kw, open);
        break;
      }
      case 'import': {
        // `(import "m" "n" (kind $id? …))`
        let i = open + 2;
        while (this.kinds[i] === Tok.String) i++;
        if (this.kinds[i] === Tok.LParen) {
          const kind = this.t.text(i + 1);
          const space = FIELD_SPACE[kind];
          if (space && space !== 'elem' && space !== 'data' && space !== 'type') {
            const index = this.defineInModule(space, i + 2);
            outline.kind = kind;
            outline.imported = true;
            this.named(outline, i + 2, space, index);
          }
        }
        break;
      }
      case 'elem': case 'data': {
        const index = this.defineInModule(kw, id);
        this.named(outline, id, kw, index);
        break;
      }
      case 'export':
        if (this.kinds[open + 2] === Tok.String) outline.name = JSON.stringify(this.t.text(open + 2).slice(1, -1));
        break;
    }
    this.outline.fields.push(outline);
  }

  private named(outline: FieldOutline, id: number, space: Space, index: number): void {
    outline.space = space;
    outline.index = index;
    if (this.isId(id)) {
      outline.name = this.t.text(id);
      outline.selection = this.range(id);
    }
  }

  /** `(table … (elem …))` and `(memory (data …))` each define an unnamed segment. */
  private countInlineSegments(kw: string, open: number): void {
    const close = this.closing[open]!;
    for (let i = open + 2; i < close; i = this.after(i)) {
      if (kw === 'table' && this.isField(i, 'elem')) this.counts.elem++;
      if (kw === 'memory' && this.isField(i, 'data')) this.counts.data++;
    }
  }

  /** `(type $t? (sub …)? (func|struct|array|cont …))`: the type, its struct fields, its parameter count. */
  private declareType(open: number, outline: FieldOutline): void {
    const index = this.defineInModule('type', open + 2);
    this.named(outline, open + 2, 'type', index);
    const close = this.closing[open]!;
    const scope = this.spanOf(open);
    const fields = new Map<string, MutableDef>();
    let fieldIndex = 0;
    let params = 0;
    // The composite type may sit inside `(sub final? $super* …)`; look through one level.
    const visit = (from: number, to: number): void => {
      for (let i = from; i < to; i = this.after(i)) {
        if (this.kinds[i] !== Tok.LParen) continue;
        const kw = this.t.text(i + 1);
        if (kw === 'sub') visit(i + 2, this.closing[i]!);
        else if (kw === 'struct' || kw === 'func') visit(i + 2, this.closing[i]!);
        else if (kw === 'field') {
          if (this.isId(i + 2)) {
            const def = this.define('field', i + 2, fieldIndex++, { scope, owner: index });
            if (!fields.has(def.name)) fields.set(def.name, def);
          } else {
            fieldIndex += this.countItems(i + 2, this.closing[i]!);
          }
        } else if (kw === 'param') {
          params += this.isId(i + 2) ? 1 : this.countItems(i + 2, this.closing[i]!);
        }
      }
    };
    visit(open + 2, close);
    this.fieldsOfType.set(index, fields);
    this.typeParams.set(index, params);
  }

  /** How many types a `(param t*)`, `(local t*)` or `(field t*)` list holds. */
  private countItems(from: number, to: number): number {
    let n = 0;
    for (let i = from; i < to; i = this.after(i)) n++;
    return n;
  }

  // ---- pass 2: references --------------------------------------------------

  private references(open: number): void {
    const kw = this.t.text(open + 1);
    const close = this.closing[open]!;
    let i = open + 2;
    switch (kw) {
      case 'type':
        this.walkTypes(i, close);
        return;
      case 'rec':
        for (; this.isField(i, 'type'); i = this.after(i)) this.walkTypes(i + 2, this.closing[i]!);
        return;
      case 'func':
        this.func(open);
        return;
      case 'import': {
        while (this.kinds[i] === Tok.String) i++;
        if (this.kinds[i] === Tok.LParen) this.walkCode(i + 2 + (this.isId(i + 2) ? 1 : 0), this.closing[i]!, undefined);
        return;
      }
      case 'table': case 'memory': case 'global': case 'tag':
        if (this.isId(i)) i++;
        this.walkCode(i, close, undefined, kw === 'table' ? 'func' : undefined);
        return;
      case 'export':
        this.walkCode(i, close, undefined);
        return;
      case 'start':
        this.walkCode(i, close, undefined, 'func');
        return;
      case 'elem':
        if (this.isId(i)) i++;
        // Legacy `(elem $table (offset …) …)`: an index before the offset names the table.
        if ((this.isId(i) || this.isNat(i)) && this.kinds[i + 1] === Tok.LParen) {
          if (this.isId(i)) this.refModule('table', i);
          i++;
        }
        this.walkCode(i, close, undefined, 'func');
        return;
      case 'data':
        if (this.isId(i)) i++;
        if (this.isId(i)) { this.refModule('memory', i); i++; }
        this.walkCode(i, close, undefined);
        return;
    }
  }

  private isNat(i: number): boolean {
    if (this.kinds[i] !== Tok.Atom) return false;
    const c = this.t.src.charCodeAt(this.t.starts[i]!);
    return c >= 0x30 && c <= 0x39;
  }

  /** Inside a type definition every bare `$id` names a type (`(ref $t)`, `(sub $super …)`, `(cont $ft)`). */
  private walkTypes(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      if (!this.isId(i)) continue;
      const prev = this.kinds[i - 1] === Tok.Atom ? this.t.text(i - 1) : '';
      // The definition's own id and the names of fields and params are not references.
      if (prev === 'type' || prev === 'field' || prev === 'param') continue;
      this.refModule('type', i);
    }
  }

  /** A function: its params and locals, then its body. */
  private func(open: number): void {
    const close = this.closing[open]!;
    const funcIndex = this.outlineIndex(open);
    const scope = this.spanOf(open);
    const locals = new Map<string, MutableDef>();
    let i = open + 2;
    if (this.isId(i)) i++;
    while (this.isField(i, 'export')) i = this.after(i);
    if (this.isField(i, 'import')) i = this.after(i);
    let localIndex = 0;
    let sawParams = false;
    const declareLocals = (p: number, param: boolean): void => {
      const end = this.closing[p]!;
      if (this.isId(p + 2)) {
        const def = this.define('local', p + 2, localIndex++, { scope, owner: funcIndex, detail: { kind: 'local', param } });
        if (!locals.has(def.name)) locals.set(def.name, def);
        this.walkCode(p + 3, end, undefined);
      } else {
        localIndex += this.countItems(p + 2, end);
        this.walkCode(p + 2, end, undefined);
      }
    };
    if (this.isField(i, 'type')) {
      const t = i + 2;
      if (this.isId(t)) this.refModule('type', t);
      const typeIndex = this.isId(t) ? this.typeByName.get(this.t.text(t)) : this.isNat(t) ? Number(this.t.text(t)) : undefined;
      if (!this.isField(this.after(i), 'param')) localIndex = typeIndex === undefined ? 0 : (this.typeParams.get(typeIndex) ?? 0);
      i = this.after(i);
    }
    for (; this.isField(i, 'param'); i = this.after(i)) {
      if (!sawParams) { localIndex = 0; sawParams = true; }
      declareLocals(i, true);
    }
    for (; this.isField(i, 'result'); i = this.after(i)) this.walkCode(i + 2, this.closing[i]!, undefined);
    for (; this.isField(i, 'local'); i = this.after(i)) declareLocals(i, false);
    this.walkCode(i, close, locals);
  }

  /** The index a function field got in pass 1. */
  private outlineIndex(open: number): number {
    const start = this.t.starts[open]!;
    return this.outline.fields.find((f) => f.range.start === start)?.index ?? -1;
  }

  /**
   * Instructions (plain and folded), type uses and the other forms that may
   * appear inside a field. `bare` is the space of a `$id` that follows no
   * instruction (function indices in elem segments, the start function).
   */
  private walkCode(from: number, to: number, locals: Map<string, MutableDef> | undefined, bare?: ModuleSpace): void {
    const t = this.t;
    const kinds = this.kinds;
    const labels: Label[] = [];
    /** What the next `$id`s name, set by the instruction or form before them. */
    let expect: readonly Space[] = [];
    let slot = 0;
    /** The type a `struct.get $t $field` names, for its field. */
    let lastType = -1;
    /** The label `end $l` / `else $l` may repeat. */
    let closingLabel: Label | undefined;

    const resolveLabel = (i: number, outsideHeader: boolean): void => {
      const name = t.text(i);
      for (let k = labels.length - 1; k >= 0; k--) {
        const l = labels[k]!;
        if (outsideHeader && l.header) continue;
        if (l.name === name) { this.reference(l.def, i, 'label'); return; }
      }
      this.reference(undefined, i, 'label');
    };
    const openBlock = (kw: string, at: number, close: number): number => {
      // `block $l`, then the label's scope runs to the block's `end` or `)`.
      const id = at + 1;
      const scopeStart = t.starts[close >= 0 ? at - 1 : at]!;
      const def = this.isId(id)
        ? this.define('label', id, labels.length, { scope: { start: scopeStart, end: close >= 0 ? t.ends[close]! : t.ends[to - 1]! }, detail: { kind: 'label', opener: kw } })
        : undefined;
      labels.push({ def, name: def?.name, close, header: kw === 'try_table' });
      return def ? id + 1 : id;
    };
    const endHeader = (): void => {
      const top = labels[labels.length - 1];
      if (top) top.header = false;
    };

    for (let i = from; i < to; i++) {
      const k = kinds[i];
      if (k === Tok.Id) {
        const space = expect[slot];
        slot++;
        if (closingLabel) {
          if (closingLabel.def && closingLabel.name === t.text(i)) this.reference(closingLabel.def, i, 'label');
          closingLabel = undefined;
          continue;
        }
        if (space === undefined) {
          if (bare) this.refModule(bare, i);
          continue;
        }
        this.resolveIn(space, i, locals, lastType, resolveLabel);
        if (space === 'type') lastType = this.typeByName.get(t.text(i)) ?? -1;
        continue;
      }
      if (k === Tok.Atom && this.isNat(i)) {
        if (expect[slot] === 'type') lastType = Number(t.text(i));
        slot++;
        continue;
      }
      // `(ref null $t)`: the `null` keeps the type expectation.
      if (k === Tok.Atom && t.isAtom(i, 'null')) continue;
      closingLabel = undefined;
      expect = [];
      slot = 0;
      if (k === Tok.RParen) {
        // Pop the folded block this closes, and any plain block left unclosed inside it (mid-edit).
        for (let d = labels.length - 1; d >= 0; d--) {
          if (labels[d]!.close !== i) continue;
          labels.length = d;
          break;
        }
        continue;
      }
      if (k === Tok.LParen) {
        if (kinds[i + 1] !== Tok.Atom) continue;
        const kw = t.text(i + 1);
        i++;
        switch (kw) {
          case 'type': case 'ref': case 'sub': case 'cont': expect = ['type']; continue;
          case 'func': case 'table': case 'memory': case 'global': case 'tag': expect = [FIELD_SPACE[kw]!]; continue;
          case 'on':
            if (this.isId(i + 1)) this.refModule('tag', i + 1);
            if (this.isId(i + 2)) resolveLabel(i + 2, false);
            i = this.closing[i - 1]! - 1;
            continue;
          case 'catch': case 'catch_ref': case 'catch_all': case 'catch_all_ref': {
            let j = i + 1;
            if (kw === 'catch' || kw === 'catch_ref') {
              if (this.isId(j)) this.refModule('tag', j);
              j++;
            }
            const top = labels[labels.length - 1];
            if (top?.header) {
              // try_table clause: a label follows, resolved outside the try_table.
              if (this.isId(j)) resolveLabel(j, true);
              i = this.closing[i - 1]! - 1;
            } else {
              i = j - 1; // legacy folded `(catch $tag instr*)`
            }
            continue;
          }
          case 'param': case 'result': case 'local': case 'export': case 'import':
          case 'offset': case 'item': case 'then': case 'else': case 'do': case 'elem': case 'data': case 'mut':
            // Forms with no index of their own; their contents are walked as usual.
            continue;
          default:
            if (BLOCK_OPENERS.has(kw)) {
              endHeader();
              i = openBlock(kw, i, this.closing[i - 1]!) - 1;
              continue;
            }
            endHeader();
            expect = this.instruction(kw, i);
            continue;
        }
      }
      // A plain atom: an instruction or a structural keyword.
      const word = t.text(i);
      if (BLOCK_OPENERS.has(word)) {
        endHeader();
        i = openBlock(word, i, -1) - 1;
        continue;
      }
      switch (word) {
        case 'end': {
          const top = labels[labels.length - 1];
          if (top && top.close < 0) {
            labels.pop();
            if (top.def) (top.def as MutableDef).scope = { start: top.def.scope!.start, end: t.ends[i]! };
            closingLabel = top;
          }
          continue;
        }
        case 'else': {
          closingLabel = labels[labels.length - 1];
          continue;
        }
        case 'delegate': {
          const top = labels[labels.length - 1];
          if (top && top.close < 0) labels.pop();
          expect = ['label'];
          continue;
        }
        case 'func': {
          // `elem … func $f $g`: function indices follow.
          let count = 0;
          while (this.isId(i + 1 + count) || this.isNat(i + 1 + count)) count++;
          expect = Array<Space>(count).fill('func');
          continue;
        }
      }
      // Value types in `(result i32)` are atoms too; only an instruction starts a try_table's body.
      if (opByName(word)) endHeader();
      expect = this.instruction(word, i);
    }
  }

  /** The index spaces that the `$id`s after instruction `word` (at token `i`) name. */
  private instruction(word: string, i: number): readonly Space[] {
    const info = opByName(word);
    if (!info) return [];
    let count = 0;
    while (this.isId(i + 1 + count) || this.isNat(i + 1 + count)) count++;
    return immediateSpaces(info.imm, count);
  }

  private resolveIn(
    space: Space, i: number, locals: Map<string, MutableDef> | undefined, lastType: number,
    resolveLabel: (i: number, outsideHeader: boolean) => void,
  ): void {
    const name = this.t.text(i);
    switch (space) {
      case 'label': resolveLabel(i, false); return;
      case 'local': this.reference(locals?.get(name), i, 'local'); return;
      case 'field': this.reference(this.fieldsOfType.get(lastType)?.get(name), i, 'field'); return;
      default: this.refModule(space as ModuleSpace, i);
    }
  }
}
