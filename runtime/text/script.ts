// The .wast script format: modules, actions, assertions, and the threads
// proposal's `thread`/`wait`. Text modules are parsed here; a module this
// parser cannot handle (a SIMD module, or a bug of ours) is kept as its
// source text, like `(module quote …)`, so the error surfaces when that one
// command runs and the rest of the script still does.

import { CompileError } from '../errors.js';
import type { Span } from '../syntax/module.js';
import type { Action, Command, ResultPattern, Script, ScriptConst, ScriptModule } from '../script/ast.js';
import type { Value } from '../objects/values.js';
import { ABS_HEAP_BY_NAME, AbsHeap } from '../syntax/types.js';
import { Cursor } from './cursor.js';
import { lex, Tok, type Token } from './lexer.js';
import { parseModuleFields } from './module-fields.js';
import { parseF32, parseF64, parseIntBits } from './numbers.js';
import { bytesToTextLossless } from './utf8.js';

/** Parses a whole .wast script. Throws CompileError('malformed') on script syntax errors. */
export function parseScript(text: string, file: string): Script {
  const c = new Cursor(lex(text, file));
  const p = new ScriptParser(c, text);
  const commands: Command[] = [];
  if (c.isLParen() && isModuleFieldWord(c.peek(1))) {
    // A bare list of module fields is one module.
    commands.push(p.bareModule());
  } else {
    while (!c.atEnd()) {
      const cmd = p.command();
      if (cmd) commands.push(cmd);
    }
  }
  if (!c.atEnd()) c.unexpected();
  return { file, commands };
}

const MODULE_FIELD_WORDS = new Set(['type', 'rec', 'import', 'func', 'table', 'memory', 'global', 'tag', 'export', 'start', 'elem', 'data']);

function isModuleFieldWord(t: Token): boolean {
  return t.kind === Tok.Atom && MODULE_FIELD_WORDS.has(t.text);
}

const MODULE_ASSERTIONS = new Set([
  'assert_malformed', 'assert_invalid', 'assert_unlinkable', 'assert_uninstantiable',
  'assert_malformed_custom', 'assert_invalid_custom',
]);

class ScriptParser {
  constructor(private readonly c: Cursor, private readonly text: string) {}

  private spanFrom(open: Token): Span {
    return this.c.spanFrom(open);
  }

  bareModule(): Command {
    const c: Cursor = this.c;
    const first = c.peek();
    const module = this.textModule(first, c.pos, c.tokenCount - 1, undefined);
    return { kind: 'module', definition: false, module, span: module.span };
  }

  /** One command, or undefined for commands that do nothing here (`input`/`output`). */
  command(): Command | undefined {
    const c: Cursor = this.c;
    const open = c.expectLParen();
    const head = c.peek();
    if (head.kind !== Tok.Atom) c.unexpected(head);
    switch (head.text) {
      case 'module': {
        c.pos--;
        return this.moduleCommand();
      }
      case 'register': {
        c.next();
        const as = c.name();
        const module = c.isId() ? c.next().text : undefined;
        c.expectRParen();
        return { kind: 'register', as, ...(module !== undefined ? { module } : {}), span: this.spanFrom(open) };
      }
      case 'invoke':
      case 'get': {
        c.pos--;
        const action = this.action();
        return { kind: 'action', action, span: action.span };
      }
      case 'assert_return': {
        c.next();
        const action = this.action();
        const expected: ResultPattern[] = [];
        while (c.isLParen()) expected.push(this.result());
        c.expectRParen();
        return { kind: 'assert_return', action, expected, span: this.spanFrom(open) };
      }
      case 'assert_trap': {
        c.next();
        if (c.isField('module')) {
          const module = this.scriptModule().module;
          const message = this.message();
          c.expectRParen();
          return { kind: 'assert_trap_module', module, message, span: this.spanFrom(open) };
        }
        const action = this.action();
        const message = this.message();
        c.expectRParen();
        return { kind: 'assert_trap', action, message, span: this.spanFrom(open) };
      }
      case 'assert_exhaustion':
      case 'assert_suspension': {
        c.next();
        const action = this.action();
        const message = this.message();
        c.expectRParen();
        return { kind: head.text, action, message, span: this.spanFrom(open) };
      }
      case 'assert_exception': {
        c.next();
        const action = this.action();
        c.expectRParen();
        return { kind: 'assert_exception', action, span: this.spanFrom(open) };
      }
      case 'thread': {
        c.next();
        const name = c.isId() ? c.next().text : c.unexpected();
        const shared: string[] = [];
        while (c.isField('shared')) {
          c.next(); c.next();
          c.expectField('module');
          shared.push(c.isId() ? c.next().text : c.unexpected());
          c.expectRParen();
          c.expectRParen();
        }
        const commands: Command[] = [];
        while (c.isLParen()) {
          const cmd = this.command();
          if (cmd) commands.push(cmd);
        }
        c.expectRParen();
        return { kind: 'thread', name, shared, commands, span: this.spanFrom(open) };
      }
      case 'wait': {
        c.next();
        const thread = c.isId() ? c.next().text : c.unexpected();
        c.expectRParen();
        return { kind: 'wait', thread, span: this.spanFrom(open) };
      }
      case 'input':
      case 'output':
        c.pos = c.closeOf(c.pos - 1) + 1;
        return undefined;
      default:
        if (MODULE_ASSERTIONS.has(head.text)) {
          c.next();
          const module = this.scriptModule().module;
          const message = this.message();
          c.expectRParen();
          return {
            kind: head.text as 'assert_malformed', module, message, span: this.spanFrom(open),
          };
        }
        return c.unexpected(head);
    }
  }

  private message(): string {
    const t = this.c.string();
    return bytesToTextLossless(t.bytes!);
  }

  /** `(module …)` as a command: a module, a definition, or `(module instance …)`. */
  private moduleCommand(): Command {
    const c: Cursor = this.c;
    const open = c.peek();
    if (c.isAtom('instance', 2)) {
      c.next(); c.next(); c.next();
      const id = c.isId() ? c.next().text : undefined;
      const definition = c.isId() ? c.next().text : undefined;
      c.expectRParen();
      return {
        kind: 'instance', ...(id !== undefined ? { id } : {}), ...(definition !== undefined ? { definition } : {}),
        span: this.spanFrom(open),
      };
    }
    const { module, id, definition } = this.scriptModule();
    return { kind: 'module', ...(id !== undefined ? { id } : {}), definition, module, span: this.spanFrom(open) };
  }

  /** `(module definition? $id? (binary|quote)? …)`. */
  scriptModule(): { module: ScriptModule; id?: string; definition: boolean } {
    const c: Cursor = this.c;
    const open = c.peek();
    const openIndex = c.pos;
    const close = c.closeOf(openIndex);
    c.expectField('module');
    let definition = false;
    if (c.isAtom('definition')) { c.next(); definition = true; }
    const idTok = c.optId();
    const id = idTok?.text;
    let module: ScriptModule;
    if (c.isAtom('binary') || c.isAtom('quote')) {
      const quote = c.next().text === 'quote';
      const parts: Uint8Array[] = [];
      while (c.isString()) parts.push(c.next().bytes!);
      c.expectRParen();
      const bytes = concat(parts);
      const span = this.spanFrom(open);
      module = quote ? { kind: 'quote', text: bytesToTextLossless(bytes), span } : { kind: 'binary', bytes, span };
    } else {
      module = this.textModule(open, c.pos, close, idTok?.text.slice(1));
      c.pos = close;
      c.expectRParen();
    }
    return { module, definition, ...(id !== undefined ? { id } : {}) };
  }

  /**
   * Module fields from token `from` to the `)` at `close` (exclusive). On a
   * CompileError the module is kept as source text, padded so that line and
   * column numbers stay those of the script file.
   */
  private textModule(open: Token, from: number, close: number, name: string | undefined): ScriptModule {
    const c: Cursor = this.c;
    const closeTok = c.tokenAt(close);
    const span: Span = { file: c.file, line: open.line, column: open.column, start: open.start, end: closeTok.end };
    const source = this.text.slice(open.start, closeTok.end);
    c.pos = from;
    try {
      const module = parseModuleFields(c, name);
      if (c.pos !== close) c.unexpected();
      return { kind: 'text', module, source, span };
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      c.pos = close;
      // Keep just the fields (a bare field list is a module too), placed at
      // their original line and column so error positions stay right.
      const first = c.tokenAt(from);
      const fields = this.text.slice(first.start, closeTok.start);
      const padded = '\n'.repeat(first.line - 1) + ' '.repeat(first.column - 1) + fields;
      return { kind: 'quote', text: padded, span };
    }
  }

  private action(): Action {
    const c: Cursor = this.c;
    const open = c.expectLParen();
    const kind = c.next();
    if (kind.kind !== Tok.Atom || (kind.text !== 'invoke' && kind.text !== 'get')) c.unexpected(kind);
    const module = c.isId() ? c.next().text : undefined;
    const name = c.name();
    const withModule = module !== undefined ? { module } : {};
    if (kind.text === 'get') {
      c.expectRParen();
      return { kind: 'get', ...withModule, name, span: this.spanFrom(open) };
    }
    const args: ScriptConst[] = [];
    while (c.isLParen()) {
      const r = this.constOrPattern(false);
      args.push(r as ScriptConst);
    }
    c.expectRParen();
    return { kind: 'invoke', ...withModule, name, args, span: this.spanFrom(open) };
  }

  private result(): ResultPattern {
    const c: Cursor = this.c;
    if (c.isField('either')) {
      c.next(); c.next();
      const options: ResultPattern[][] = [];
      while (c.isLParen()) options.push([this.result()]);
      c.expectRParen();
      return { kind: 'either', options };
    }
    return this.constOrPattern(true);
  }

  /** `(t.const x)`, `(ref.… )` …; patterns (NaN kinds, payload-less refs) only when `pattern`. */
  private constOrPattern(pattern: boolean): ResultPattern {
    const c: Cursor = this.c;
    c.expectLParen();
    const head = c.next();
    if (head.kind !== Tok.Atom) c.unexpected(head);
    let r: ResultPattern;
    switch (head.text) {
      case 'i32.const':
        r = value({ type: 'i32', value: Number(BigInt.asIntN(32, this.c.literal((s) => parseIntBits(s, 32)))) });
        break;
      case 'i64.const':
        r = value({ type: 'i64', value: BigInt.asIntN(64, this.c.literal((s) => parseIntBits(s, 64))) });
        break;
      case 'f32.const':
      case 'f64.const': {
        const t = c.peek();
        const type = head.text === 'f32.const' ? 'f32' : 'f64';
        if (pattern && (t.text === 'nan:canonical' || t.text === 'nan:arithmetic')) {
          c.next();
          r = { kind: 'nan', type, which: t.text === 'nan:canonical' ? 'canonical' : 'arithmetic' };
        } else if (type === 'f32') {
          r = value({ type: 'f32', bits: this.c.literal(parseF32) });
        } else {
          r = value({ type: 'f64', bits: this.c.literal(parseF64) });
        }
        break;
      }
      case 'v128.const':
        r = value({ type: 'v128', bytes: this.v128Lanes(pattern) });
        break;
      case 'ref.null': {
        const t = c.peek();
        if (t.kind === Tok.RParen) {
          r = pattern ? { kind: 'ref.null.any' } : { kind: 'ref.null', heap: AbsHeap.Any };
        } else {
          c.next();
          r = { kind: 'ref.null', heap: ABS_HEAP_BY_NAME.get(t.text) ?? AbsHeap.Any };
        }
        break;
      }
      case 'ref.extern':
      case 'ref.host': {
        if (c.isRParen()) {
          r = { kind: 'ref.kind', refKind: head.text.slice(4) };
        } else {
          const id = Number(this.c.literal((s) => parseIntBits(s, 32)));
          r = { kind: head.text === 'ref.extern' ? 'ref.extern' : 'ref.host', id };
        }
        break;
      }
      default:
        if (head.text.startsWith('ref.')) {
          // `(ref.func)`, `(ref.struct)`, …: any non-null reference of that kind.
          while (!c.isRParen() && !c.atEnd()) c.next();
          r = { kind: 'ref.kind', refKind: head.text.slice(4) };
          break;
        }
        return c.unexpected(head);
    }
    c.expectRParen();
    if (!pattern && (r.kind === 'nan' || r.kind === 'ref.kind' || r.kind === 'ref.null.any' || r.kind === 'either')) {
      c.fail('unexpected token', head);
    }
    return r;
  }


  /**
   * `shape lane*` of a v128.const, as 16 little-endian bytes. A NaN pattern
   * lane (`nan:canonical`) is stored as the canonical NaN: the AST has no
   * per-lane patterns, and SIMD is not supported by the engine yet.
   */
  private v128Lanes(pattern: boolean): Uint8Array {
    const c: Cursor = this.c;
    const shapeTok = c.next();
    const shape = SHAPES[shapeTok.text];
    if (!shape) c.unexpected(shapeTok);
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < shape.lanes; i++) {
      const t = c.peek();
      const nanPattern = pattern && (t.text === 'nan:canonical' || t.text === 'nan:arithmetic');
      const at = i * shape.bytes;
      switch (shape.kind) {
        case 'int': {
          const v = this.c.literal((s) => parseIntBits(s, (shape.bytes * 8) as 8 | 16 | 32 | 64));
          if (shape.bytes === 1) view.setUint8(at, Number(v));
          else if (shape.bytes === 2) view.setUint16(at, Number(v), true);
          else if (shape.bytes === 4) view.setUint32(at, Number(v), true);
          else view.setBigUint64(at, v, true);
          break;
        }
        case 'f32':
          if (nanPattern) { c.next(); view.setUint32(at, 0x7fc00000, true); } else view.setUint32(at, this.c.literal(parseF32), true);
          break;
        case 'f64':
          if (nanPattern) { c.next(); view.setBigUint64(at, 0x7ff8000000000000n, true); } else view.setBigUint64(at, this.c.literal(parseF64), true);
          break;
      }
    }
    return bytes;
  }
}

const SHAPES: Record<string, { kind: 'int' | 'f32' | 'f64'; lanes: number; bytes: number }> = {
  i8x16: { kind: 'int', lanes: 16, bytes: 1 },
  i16x8: { kind: 'int', lanes: 8, bytes: 2 },
  i32x4: { kind: 'int', lanes: 4, bytes: 4 },
  i64x2: { kind: 'int', lanes: 2, bytes: 8 },
  f32x4: { kind: 'f32', lanes: 4, bytes: 4 },
  f64x2: { kind: 'f64', lanes: 2, bytes: 8 },
};

function value(v: Value): ScriptConst {
  return { kind: 'value', value: v };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
