// Instructions in the text format, plain and folded, flattened into the
// binary order the Module IR uses (block/loop/if/else/try/catch/end markers).
// Labels are resolved by name against a stack, so an inner label shadows an
// outer one of the same name.

import type { BlockType, ValType } from '../syntax/types.js';
import { EMPTY_BLOCK, refHeap, refNullable } from '../syntax/types.js';
import type { CatchClause, Instr, ResumeHandler } from '../syntax/module.js';
import { OBSOLETE_NAMES, opByName, type OpInfo } from '../syntax/opcodes.js';
import { IdSpace, type ModuleContext, readU32 } from './context.js';
import type { Cursor } from './cursor.js';
import { isKnownKeyword } from './keywords.js';
import { Tok, type Token, tokenSpan } from './lexer.js';
import { parseF32, parseF64, parseI32, parseI64, parseNat } from './numbers.js';
import { parseHeapType, parseParams, parseRefType, parseResults, parseTypeUse } from './types-text.js';

/** The local and label scope of the code being parsed (a function body or a constant expression). */
export class CodeScope {
  readonly locals = new IdSpace('local', 'local');
  /** Enclosing labels, innermost last; `undefined` for unnamed ones. */
  readonly labels: (string | undefined)[] = [];
  /**
   * Names of the labels opened so far, by label index: the extended name
   * section numbers a function's labels in the order of their block, loop,
   * if, try and try_table instructions, which is the order they are opened
   * here (a folded `if` opens its label after its condition, as it is emitted).
   */
  readonly labelNames = new Map<number, string>();
  private opened = 0;

  /** Enters a block-like instruction's label, recording its name for the name section. */
  openLabel(label: string | undefined): void {
    if (label !== undefined) this.labelNames.set(this.opened, label.slice(1));
    this.opened++;
    this.labels.push(label);
  }
}

/** Words that end an instruction sequence in the plain syntax. */
const TERMINATORS: ReadonlySet<string> = new Set(['end', 'else', 'catch', 'catch_all', 'delegate']);

/** Table entries that have no text name of their own (the text spells them differently). */
const NOT_TEXT_NAMES: ReadonlySet<string> = new Set([
  'select_t', 'ref.test_null', 'ref.cast_null', 'block', 'loop', 'if', 'else', 'end', 'try',
  'try_table', 'catch', 'catch_all', 'delegate',
]);

const SIMD_PREFIXES = ['v128.', 'i8x16.', 'i16x8.', 'i32x4.', 'i64x2.', 'f32x4.', 'f64x2.', 'v8x16.', 'f16x8.'];

const OPS = {
  block: opId('block'), loop: opId('loop'), if: opId('if'), else: opId('else'), end: opId('end'),
  try: opId('try'), catch: opId('catch'), catchAll: opId('catch_all'), delegate: opId('delegate'),
  tryTable: opId('try_table'), selectT: opId('select_t'),
};

function opId(name: string): number {
  return opByName(name)!.id;
}

export class InstrParser {
  private readonly c: Cursor;
  /** In a plain `try`: whether the last handler was `catch_all` (nothing may follow it). */
  private lastHandlerWasCatchAll = false;

  constructor(private readonly ctx: ModuleContext, private readonly scope: CodeScope) {
    this.c = ctx.c;
  }

  private instr(op: number, t: Token): Instr {
    return { op, index: 0, index2: 0, offset: 0, span: tokenSpan(this.c.file, t) };
  }

  /** Instructions up to a `)` or a plain-syntax terminator (`end`, `else`, …). */
  parseInstrs(out: Instr[]): void {
    const c: Cursor = this.c;
    for (;;) {
      const k = c.kind();
      if (k === Tok.LParen) { this.parseFolded(out); continue; }
      if (k === Tok.Atom) {
        if (TERMINATORS.has(c.text())) return;
        this.parsePlain(out);
        continue;
      }
      if (k === Tok.RParen || k === Tok.Eof) return;
      c.unexpected();
    }
  }

  private optLabel(): string | undefined {
    return this.c.isId() ? this.c.next().text : undefined;
  }

  /** `end $l` / `else $l` may repeat the block's label, nothing else. */
  private checkEndLabel(label: string | undefined): void {
    const c: Cursor = this.c;
    if (!c.isId()) return;
    const t = c.next();
    if (t.text !== label) c.fail('mismatching label', t);
  }

  private expectTerminator(word: string): Token {
    const c: Cursor = this.c;
    if (!c.isAtom(word)) c.unexpected();
    return c.next();
  }

  parseBlockType(): BlockType {
    const c: Cursor = this.c;
    if (c.isField('type')) return { kind: 'index', index: parseTypeUse(this.ctx, false).typeIndex };
    if (!c.isField('param') && !c.isField('result')) return EMPTY_BLOCK;
    const params: ValType[] = [];
    const results: ValType[] = [];
    parseParams(this.ctx, params, null);
    parseResults(this.ctx, results);
    if (params.length === 0 && results.length === 0) return EMPTY_BLOCK;
    if (params.length === 0 && results.length === 1) return { kind: 'value', type: results[0]! };
    return { kind: 'index', index: this.ctx.inlineFuncType({ params, results }) };
  }

  private parsePlain(out: Instr[]): void {
    const c: Cursor = this.c;
    const t = c.next();
    switch (t.text) {
      case 'block':
      case 'loop': {
        const label = this.openBlock(t.text === 'block' ? OPS.block : OPS.loop, t, out);
        this.parseInstrs(out);
        this.closeBlock(label, out);
        return;
      }
      case 'if': {
        const label = this.openBlock(OPS.if, t, out);
        this.parseInstrs(out);
        if (c.isAtom('else')) {
          out.push(this.instr(OPS.else, c.next()));
          this.checkEndLabel(label);
          this.parseInstrs(out);
        }
        this.closeBlock(label, out);
        return;
      }
      case 'try_table': {
        const label = this.openBlock(OPS.tryTable, t, out, true);
        this.parseInstrs(out);
        this.closeBlock(label, out);
        return;
      }
      case 'try': {
        const label = this.openBlock(OPS.try, t, out);
        this.parseInstrs(out);
        let clauses = 0;
        while (c.isAtom('catch') || c.isAtom('catch_all')) {
          if (clauses > 0 && this.lastHandlerWasCatchAll) c.unexpected();
          clauses++;
          const k = c.next();
          this.lastHandlerWasCatchAll = k.text === 'catch_all';
          const handler = this.instr(k.text === 'catch' ? OPS.catch : OPS.catchAll, k);
          if (k.text === 'catch') handler.index = this.ctx.tags.resolve(c);
          out.push(handler);
          this.parseInstrs(out);
        }
        if (c.isAtom('delegate')) {
          if (clauses > 0) c.unexpected();
          const d = c.next();
          this.scope.labels.pop();
          const ins2 = this.instr(OPS.delegate, d);
          ins2.index = this.resolveLabel();
          out.push(ins2);
          return;
        }
        this.closeBlock(label, out);
        return;
      }
      default:
        out.push(this.parseOp(t));
    }
  }

  /**
   * The opening of a plain-form block (`block`, `loop`, `if`, `try_table`,
   * `try`): its label, instruction and block type (and catch clauses), with
   * the label put in scope. Returns the label for closeBlock.
   */
  private openBlock(op: number, t: Token, out: Instr[], withCatches = false): string | undefined {
    const label = this.optLabel();
    const ins = this.instr(op, t);
    ins.blockType = this.parseBlockType();
    if (withCatches) ins.catches = this.parseCatchClauses();
    out.push(ins);
    this.scope.openLabel(label);
    return label;
  }

  /** The `end` of a plain-form block: a label after it must repeat the opening one. */
  private closeBlock(label: string | undefined, out: Instr[]): void {
    out.push(this.instr(OPS.end, this.expectTerminator('end')));
    this.checkEndLabel(label);
    this.scope.labels.pop();
  }

  /** The closing `)` of a folded block stands for its `end`. */
  private closeFolded(out: Instr[]): void {
    out.push(this.instr(OPS.end, this.c.expectRParen()));
    this.scope.labels.pop();
  }

  /** Exactly one folded instruction `( … )`. */
  parseFoldedInstr(out: Instr[]): void {
    this.parseFolded(out);
  }

  private parseFolded(out: Instr[]): void {
    const c: Cursor = this.c;
    c.expectLParen();
    const t = c.peek();
    if (t.kind !== Tok.Atom) c.unexpected(t);
    c.next();
    switch (t.text) {
      case 'block':
      case 'loop':
        this.openBlock(t.text === 'block' ? OPS.block : OPS.loop, t, out);
        this.parseInstrs(out);
        this.closeFolded(out);
        return;
      case 'if': {
        const label = this.optLabel();
        const ins = this.instr(OPS.if, t);
        ins.blockType = this.parseBlockType();
        // The condition operands are evaluated before the `if`, outside its label.
        while (c.isLParen() && !c.isAtom('then', 1)) this.parseFolded(out);
        out.push(ins);
        this.scope.openLabel(label);
        c.expectField('then');
        this.parseInstrs(out);
        c.expectRParen();
        if (c.isField('else')) {
          c.next();
          out.push(this.instr(OPS.else, c.next()));
          this.parseInstrs(out);
          c.expectRParen();
        }
        this.closeFolded(out);
        return;
      }
      case 'try_table':
        this.openBlock(OPS.tryTable, t, out, true);
        this.parseInstrs(out);
        this.closeFolded(out);
        return;
      case 'try':
        this.parseFoldedTry(t, out);
        return;
      default: {
        const ins = this.parseOp(t);
        while (c.isLParen()) this.parseFolded(out);
        c.expectRParen();
        out.push(ins);
      }
    }
  }

  /** `(try $l? bt (do …) (catch $tag …)* (catch_all …)?)` or `(try … (do …) (delegate $l))`. */
  private parseFoldedTry(t: Token, out: Instr[]): void {
    const c: Cursor = this.c;
    this.openBlock(OPS.try, t, out);
    c.expectField('do');
    this.parseInstrs(out);
    c.expectRParen();
    let clauses = 0;
    let sawCatchAll = false;
    while (c.isField('catch') || c.isField('catch_all')) {
      if (sawCatchAll) c.unexpected(c.peek(1));
      clauses++;
      c.next();
      const k = c.next();
      sawCatchAll = k.text === 'catch_all';
      const handler = this.instr(k.text === 'catch' ? OPS.catch : OPS.catchAll, k);
      if (k.text === 'catch') handler.index = this.ctx.tags.resolve(c);
      out.push(handler);
      this.parseInstrs(out);
      c.expectRParen();
    }
    if (c.isField('delegate')) {
      if (clauses > 0) c.unexpected(c.peek(1));
      c.next();
      const d = c.next();
      this.scope.labels.pop();
      const del = this.instr(OPS.delegate, d);
      del.index = this.resolveLabel();
      c.expectRParen();
      c.expectRParen();
      out.push(del);
      return;
    }
    this.closeFolded(out);
  }

  /** try_table's clauses; their labels are resolved outside the try_table's own label. */
  private parseCatchClauses(): CatchClause[] {
    const c: Cursor = this.c;
    const catches: CatchClause[] = [];
    for (;;) {
      if (!c.isLParen()) break;
      const kw = c.peek(1);
      if (kw.kind !== Tok.Atom) break;
      const kind = kw.text;
      if (kind !== 'catch' && kind !== 'catch_ref' && kind !== 'catch_all' && kind !== 'catch_all_ref') break;
      c.next(); c.next();
      const tag = kind === 'catch' || kind === 'catch_ref' ? this.ctx.tags.resolve(c) : -1;
      const label = this.resolveLabel();
      c.expectRParen();
      catches.push({ kind, tag, label });
    }
    return catches;
  }

  private resolveLabel(): number {
    const c: Cursor = this.c;
    const t = c.peek();
    if (t.kind === Tok.Id) {
      const labels = this.scope.labels;
      for (let i = labels.length - 1; i >= 0; i--) {
        if (labels[i] === t.text) { c.next(); return labels.length - 1 - i; }
      }
      c.fail(`unknown label ${t.text}`, t);
    }
    return readU32(c);
  }

  private lookupOp(t: Token): OpInfo {
    const info = opByName(t.text);
    if (info && !NOT_TEXT_NAMES.has(t.text)) return info;
    const c: Cursor = this.c;
    if (isKnownKeyword(t.text)) c.unexpected(t);
    if (OBSOLETE_NAMES.has(t.text)) c.fail(`unknown operator ${t.text} (now ${OBSOLETE_NAMES.get(t.text)})`, t);
    if (t.text.includes('/')) c.fail(`unknown operator ${t.text}`, t);
    if (SIMD_PREFIXES.some((p) => t.text.startsWith(p))) {
      c.fail(`SIMD instruction ${t.text}`, t, 'unsupported');
    }
    if (t.kind === Tok.Atom && TERMINATORS.has(t.text)) c.unexpected(t);
    return c.fail(`unknown operator ${t.text}`, t);
  }

  /** One non-structured instruction `t` with its immediates. */
  private parseOp(t: Token): Instr {
    const c: Cursor = this.c;
    const ctx = this.ctx;
    const info = this.lookupOp(t);
    const ins = this.instr(info.id, t);
    switch (info.imm) {
      case 'none':
        if (t.text === 'select' && c.isField('result')) {
          const types: ValType[] = [];
          parseResults(ctx, types);
          ins.op = OPS.selectT;
          ins.types = types;
        }
        break;
      case 'block': // structured instructions are handled by the callers
      case 'tryTable':
        c.unexpected(t);
        break;
      case 'label':
        ins.index = this.resolveLabel();
        break;
      case 'brTable': {
        const labels: number[] = [];
        while (c.isId() || c.isNat()) labels.push(this.resolveLabel());
        if (labels.length === 0) c.unexpected();
        ins.index = labels.pop()!;
        ins.labels = labels;
        break;
      }
      case 'func': ins.index = ctx.funcs.resolve(c); break;
      case 'type': ins.index = ctx.types.resolve(c); break;
      case 'callIndirect':
        ins.index2 = IdSpace.isIndex(c) ? ctx.tables.resolve(c) : 0;
        ins.index = parseTypeUse(ctx, false).typeIndex;
        break;
      case 'local': ins.index = this.scope.locals.resolve(c); break;
      case 'global': ins.index = ctx.globals.resolve(c); break;
      case 'table': ins.index = IdSpace.isIndex(c) ? ctx.tables.resolve(c) : 0; break;
      case 'memory': ins.index = IdSpace.isIndex(c) ? ctx.memories.resolve(c) : 0; break;
      case 'tag': ins.index = ctx.tags.resolve(c); break;
      case 'data': ins.index = ctx.datas.resolve(c); ctx.usesDataIndex = true; break;
      case 'elem': ins.index = ctx.elems.resolve(c); break;
      case 'memarg': this.parseMemArg(ins, info); break;
      case 'i32': ins.value = this.c.literal(parseI32); break;
      case 'i64': ins.value = this.c.literal(parseI64); break;
      case 'f32': ins.value = this.c.literal(parseF32); break;
      case 'f64': ins.value = this.c.literal(parseF64); break;
      case 'heapType': ins.heapType = parseHeapType(ctx); break;
      case 'selectT': c.unexpected(t); break;
      case 'tableInit':
        // `table.init $table? $elem`
        if (IdSpace.isIndex(c) && isIndexToken(c.peek(1))) ins.index2 = ctx.tables.resolve(c);
        ins.index = ctx.elems.resolve(c);
        break;
      case 'tableCopy':
        if (IdSpace.isIndex(c)) {
          ins.index = ctx.tables.resolve(c);
          ins.index2 = ctx.tables.resolve(c);
        }
        break;
      case 'memoryInit': {
        const twoIndices = IdSpace.isIndex(c) && isIndexToken(c.peek(1));
        if (twoIndices) ins.index2 = ctx.memories.resolve(c);
        ins.index = ctx.datas.resolve(c);
        ctx.usesDataIndex = true;
        break;
      }
      case 'memoryCopy':
        if (IdSpace.isIndex(c)) {
          ins.index = ctx.memories.resolve(c);
          ins.index2 = ctx.memories.resolve(c);
        }
        break;
      case 'fence': break;
      case 'typeType':
        ins.index = ctx.types.resolve(c);
        ins.index2 = ctx.types.resolve(c);
        break;
      case 'resume':
        ins.index = ctx.types.resolve(c);
        ins.handlers = this.parseHandlers();
        break;
      case 'resumeThrow':
        ins.index = ctx.types.resolve(c);
        ins.index2 = ctx.tags.resolve(c);
        ins.handlers = this.parseHandlers();
        break;
      case 'typeTag':
        ins.index = ctx.types.resolve(c);
        ins.index2 = ctx.tags.resolve(c);
        break;
      case 'typeField': {
        ins.index = ctx.types.resolve(c);
        const f = c.peek();
        if (f.kind === Tok.Id) {
          const field = ctx.fieldIds.get(ins.index)?.get(f.text);
          if (field === undefined) c.fail(`unknown field ${f.text}`, f);
          c.next();
          ins.index2 = field;
        } else {
          ins.index2 = readU32(c);
        }
        break;
      }
      case 'typeLen':
        ins.index = ctx.types.resolve(c);
        ins.index2 = readU32(c);
        break;
      case 'typeData':
        ins.index = ctx.types.resolve(c);
        ins.index2 = ctx.datas.resolve(c);
        ctx.usesDataIndex = true;
        break;
      case 'typeElem':
        ins.index = ctx.types.resolve(c);
        ins.index2 = ctx.elems.resolve(c);
        break;
      case 'refType': {
        const rt = parseRefType(ctx);
        ins.heapType = refHeap(rt);
        if (refNullable(rt)) ins.op = opByName(`${info.name}_null`)!.id;
        break;
      }
      case 'brOnCast': {
        ins.index = this.resolveLabel();
        const rt1 = parseRefType(ctx);
        const rt2 = parseRefType(ctx);
        ins.heapType = refHeap(rt1);
        ins.heapType2 = refHeap(rt2);
        ins.castFlags = (refNullable(rt1) ? 1 : 0) | (refNullable(rt2) ? 2 : 0);
        break;
      }
    }
    return ins;
  }

  /** `(on $tag $label)` / `(on $tag switch)` clauses of resume and resume_throw. */
  private parseHandlers(): ResumeHandler[] {
    const c: Cursor = this.c;
    const handlers: ResumeHandler[] = [];
    while (c.isField('on')) {
      c.next(); c.next();
      const tag = this.ctx.tags.resolve(c);
      let label = -1;
      if (c.isAtom('switch')) c.next();
      else label = this.resolveLabel();
      c.expectRParen();
      handlers.push({ tag, label });
    }
    return handlers;
  }


  /** `$mem? offset=N? align=N?`; alignment must be a power of two. */
  private parseMemArg(ins: Instr, info: OpInfo): void {
    const c: Cursor = this.c;
    const memory = IdSpace.isIndex(c) ? this.ctx.memories.resolve(c) : 0;
    let offset: number | bigint = 0;
    let align = info.naturalAlign;
    let t = c.peek();
    if (t.kind === Tok.Atom && t.text.startsWith('offset=')) {
      const n = this.memArgNumber(t, 7);
      offset = n <= 0xffffffffn ? Number(n) : n;
      c.next();
      t = c.peek();
    }
    if (t.kind === Tok.Atom && t.text.startsWith('align=')) {
      const n = this.memArgNumber(t, 6);
      if (n === 0n || (n & (n - 1n)) !== 0n) c.fail('alignment must be a power of two', t);
      align = n.toString(2).length - 1;
      c.next();
    }
    ins.memArg = { align, offset, memory };
  }

  private memArgNumber(t: Token, skip: number): bigint {
    let n: bigint | null;
    try {
      n = parseNat(t.text.slice(skip));
    } catch {
      n = null;
    }
    if (n === null) this.c.fail(`unknown operator ${t.text}`, t);
    if (n >= 1n << 64n) this.c.fail('constant out of range', t);
    return n;
  }
}

function isIndexToken(t: Token): boolean {
  if (t.kind === Tok.Id) return true;
  if (t.kind !== Tok.Atom) return false;
  const ch = t.text.charCodeAt(0);
  return ch >= 0x30 && ch <= 0x39;
}
