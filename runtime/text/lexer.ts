// The text format's lexer: one pass over the source's char codes, producing
// every token up front (the parser then walks an array, which is both simple
// and fast). Comments and annotations `(@id …)` are dropped here.

import { CompileError } from '../errors.js';
import type { Span } from '../syntax/module.js';
import { decodeUtf8, pushUtf8, RAW_BYTE_BASE } from './utf8.js';

export const enum Tok {
  LParen,
  RParen,
  /** Keywords, numbers and anything else made of idchars that does not start with `$`. */
  Atom,
  /** `$name` or `$"name"`; `text` is always `$` + the decoded name. */
  Id,
  String,
  Eof,
}

/**
 * One token. A class, so that every token has the same shape (the parser's
 * hot path reads them); it is also a Span, so instructions can use their
 * opcode's token as their span without allocating another object.
 */
export class Token implements Span {
  constructor(
    readonly file: string,
    readonly kind: Tok,
    readonly text: string,
    /** Offsets into the source (UTF-16 units). */
    readonly start: number,
    readonly end: number,
    readonly line: number,
    readonly column: number,
    /** For strings: the raw bytes. */
    readonly bytes: Uint8Array | undefined = undefined,
  ) {}
}

/** The span of a token (tokens are spans; `file` is only checked for symmetry with callers). */
export function tokenSpan(_file: string, t: Token): Span {
  return t;
}

// idchar: 0-9 a-z A-Z ! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~
const ID_CHAR = new Uint8Array(128);
for (let c = 0x21; c < 0x7f; c++) ID_CHAR[c] = 1;
for (const ch of '"(),;[]{}') ID_CHAR[ch.charCodeAt(0)] = 0;

const RESERVED_PUNCT = new Uint8Array(128);
for (const ch of ',[]{}') RESERVED_PUNCT[ch.charCodeAt(0)] = 1;

const CH_LPAREN = 0x28, CH_RPAREN = 0x29, CH_SEMI = 0x3b, CH_QUOTE = 0x22, CH_DOLLAR = 0x24;
const CH_AT = 0x40, CH_BACKSLASH = 0x5c, CH_NL = 0x0a, CH_CR = 0x0d, CH_TAB = 0x09, CH_SPACE = 0x20;

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}
function hexValue(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10;
}

/**
 * All tokens of a source, column-wise in typed arrays. A 10,000-line module
 * has a few hundred thousand tokens; keeping them as objects for the whole
 * parse makes the garbage collector copy them again and again. Token objects
 * are made on demand instead (see `token`), and mostly die young.
 */
export class TokenTable {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  lines: Int32Array;
  columns: Int32Array;
  /** Bytes of string tokens, by token index. */
  readonly stringBytes = new Map<number, Uint8Array>();
  /** `$"…"` ids: the decoded `$name`, by token index (plain ids are their source text). */
  readonly quotedIds = new Map<number, string>();
  /** Outermost annotations, in source order (their tokens are not in the table). */
  readonly annotations: Annotation[] = [];

  constructor(readonly src: string, readonly file: string) {
    const capacity = Math.max(16, src.length >> 2);
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.lines = new Int32Array(capacity);
    this.columns = new Int32Array(capacity);
  }

  push(kind: Tok, start: number, end: number, line: number, column: number): number {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.lines[i] = line;
    this.columns[i] = column;
    return i;
  }

  private grow(): void {
    const n = this.kinds.length * 2;
    const more = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.kinds = more(this.kinds, (k) => new Uint8Array(k));
    this.starts = more(this.starts, (k) => new Int32Array(k));
    this.ends = more(this.ends, (k) => new Int32Array(k));
    this.lines = more(this.lines, (k) => new Int32Array(k));
    this.columns = more(this.columns, (k) => new Int32Array(k));
  }

  /** The text of token `i` (for ids: `$` + the decoded name). */
  text(i: number): string {
    if (this.kinds[i] === Tok.Id) {
      const q = this.quotedIds.get(i);
      if (q !== undefined) return q;
    }
    return this.src.slice(this.starts[i], this.ends[i]);
  }

  /** Is token `i` the atom `kw`? (No string is made.) */
  isAtom(i: number, kw: string): boolean {
    return this.kinds[i] === Tok.Atom && this.ends[i]! - this.starts[i]! === kw.length && this.src.startsWith(kw, this.starts[i]);
  }

  /** A Token object for token `i`. */
  token(i: number): Token {
    return new Token(this.file, this.kinds[i]!, this.text(i), this.starts[i]!, this.ends[i]!, this.lines[i]!, this.columns[i]!,
      this.kinds[i] === Tok.String ? this.stringBytes.get(i) : undefined);
  }
}

/**
 * An annotation `(@id …)` the lexer skipped. `at` is the index of the token
 * that follows it, which tells the parser where it stood (e.g. between two
 * module fields); its body can be lexed again from `bodyStart`..`end - 1`.
 */
export interface Annotation {
  readonly id: string;
  readonly at: number;
  readonly start: number;
  readonly bodyStart: number;
  end: number;
  readonly line: number;
  readonly column: number;
}

/** Lexes the whole source into a token table. Throws CompileError('malformed') with a text span. */
export function lex(src: string, file: string): TokenTable {
  return new Lexer(src, file).run();
}

/** Every token as an object (for tests and tools; the parser reads the table). */
export function tokenize(src: string, file: string): Token[] {
  const table = lex(src, file);
  const out: Token[] = [];
  for (let i = 0; i < table.count; i++) out.push(table.token(i));
  return out;
}

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly table: TokenTable;
  /** Nesting depth inside an annotation; tokens are discarded while > 0. */
  private annotationDepth = 0;
  private annotationStart = { start: 0, end: 0 };

  constructor(private readonly src: string, private readonly file: string) {
    this.table = new TokenTable(src, file);
  }

  run(): TokenTable {
    const src = this.src;
    const n = src.length;
    while (this.pos < n) {
      const c = src.charCodeAt(this.pos);
      if (c === CH_SPACE || c === CH_TAB) { this.pos++; continue; }
      // A newline is LF, CR or CR LF.
      if (c === CH_NL || (c === CH_CR && src.charCodeAt(this.pos + 1) !== CH_NL)) {
        this.newline(this.pos + 1);
        this.pos++;
        continue;
      }
      if (c === CH_CR) { this.pos++; continue; }
      if (c === CH_SEMI) {
        if (src.charCodeAt(this.pos + 1) === CH_SEMI) { this.lineComment(); continue; }
        if (this.annotationDepth > 0) { this.pos++; continue; }
        this.fail('unexpected token', this.pos, this.pos + 1);
      }
      // `, [ ] { }` only occur in reserved tokens, which annotations may hold.
      if (this.annotationDepth > 0 && RESERVED_PUNCT[c] === 1) { this.pos++; continue; }
      if (c === CH_LPAREN) {
        const next = src.charCodeAt(this.pos + 1);
        if (next === CH_SEMI) { this.blockComment(); continue; }
        if (next === CH_AT && this.annotationDepth === 0) { this.annotation(); continue; }
        this.simple(Tok.LParen, 1);
        if (this.annotationDepth > 0) this.annotationDepth++;
        continue;
      }
      if (c === CH_RPAREN) {
        this.simple(Tok.RParen, 1);
        if (this.annotationDepth > 0 && --this.annotationDepth === 0) {
          this.table.annotations[this.table.annotations.length - 1]!.end = this.pos;
        }
        continue;
      }
      if (c === CH_QUOTE) { this.string(); continue; }
      if (c === CH_DOLLAR) { this.id(); continue; }
      if (c < 0x80 && ID_CHAR[c]) { this.atom(); continue; }
      this.badChar(this.pos);
    }
    if (this.annotationDepth > 0) {
      const a = this.annotationStart;
      this.fail('unclosed annotation', a.start, a.end);
    }
    this.push(Tok.Eof, n, n);
    return this.table;
  }

  private newline(nextLineStart: number): void {
    this.line++;
    this.lineStart = nextLineStart;
  }

  /** Records a token (unless inside an annotation); returns its index, or -1 when discarded. */
  private push(kind: Tok, start: number, end: number): number {
    if (this.annotationDepth > 0 && kind !== Tok.Eof) return -1;
    return this.table.push(kind, start, end, this.line, start - this.lineStart + 1);
  }

  private simple(kind: Tok, len: number): void {
    const start = this.pos;
    this.pos += len;
    this.push(kind, start, this.pos);
  }

  private fail(message: string, start: number, end: number, line = this.line, column = start - this.lineStart + 1): never {
    throw new CompileError('malformed', message, {
      kind: 'text', span: { file: this.file, line, column, start, end },
    });
  }

  /** A character that cannot start a token (or invalid UTF-8 smuggled in as a raw byte). */
  private badChar(at: number): never {
    const c = this.src.charCodeAt(at);
    if (isRawByte(c) || isLoneSurrogate(this.src, at)) this.fail('malformed UTF-8 encoding', at, at + 1);
    this.fail('illegal character', at, at + 1);
  }

  /** Comments may hold any text, but not invalid UTF-8. */
  private checkCommentChar(at: number): void {
    const c = this.src.charCodeAt(at);
    if (c >= 0xd800 && c <= 0xdfff && (isRawByte(c) || isLoneSurrogate(this.src, at))) {
      this.fail('malformed UTF-8 encoding', at, at + 1);
    }
  }

  private lineComment(): void {
    const src = this.src;
    let p = this.pos + 2;
    while (p < src.length && src.charCodeAt(p) !== CH_NL && src.charCodeAt(p) !== CH_CR) {
      this.checkCommentChar(p);
      p++;
    }
    this.pos = p;
  }

  private blockComment(): void {
    const src = this.src;
    const startLine = this.line, startCol = this.pos - this.lineStart + 1, start = this.pos;
    let depth = 1;
    let p = this.pos + 2;
    while (depth > 0) {
      if (p >= src.length) this.fail('unclosed comment', start, start + 2, startLine, startCol);
      const c = src.charCodeAt(p);
      if (c === CH_LPAREN && src.charCodeAt(p + 1) === CH_SEMI) { depth++; p += 2; continue; }
      if (c === CH_SEMI && src.charCodeAt(p + 1) === CH_RPAREN) { depth--; p += 2; continue; }
      if (c === CH_NL || (c === CH_CR && src.charCodeAt(p + 1) !== CH_NL)) this.newline(p + 1);
      else this.checkCommentChar(p);
      p++;
    }
    this.pos = p;
  }

  /** `(@id …)`: the id is idchars or a non-empty string; the body is skipped token by token. */
  private annotation(): void {
    const start = this.pos;
    this.pos += 2;
    const c = this.src.charCodeAt(this.pos);
    let id: string;
    if (c === CH_QUOTE) {
      let bytes: Uint8Array | undefined;
      try { bytes = this.stringBytes(); } catch { bytes = undefined; }
      if (!bytes || bytes.length === 0) this.fail('empty annotation id', start, this.pos + 1);
      const name = decodeUtf8(bytes);
      if (name === undefined) this.fail('malformed UTF-8 encoding', start, this.pos);
      id = name;
    } else {
      const idStart = this.pos;
      while (this.pos < this.src.length && isIdChar(this.src.charCodeAt(this.pos))) this.pos++;
      if (this.pos === idStart) this.fail('empty annotation id', start, this.pos + 1);
      id = this.src.slice(idStart, this.pos);
    }
    if (this.annotationDepth === 0) {
      this.annotationStart = { start, end: start + 2 };
      this.table.annotations.push({
        id, at: this.table.count, start, bodyStart: this.pos, end: -1, line: this.line, column: start - this.lineStart + 1,
      });
    }
    this.annotationDepth++;
  }

  private atom(): void {
    const src = this.src;
    const start = this.pos;
    let p = start;
    while (p < src.length && isIdChar(src.charCodeAt(p))) p++;
    this.pos = p;
    this.checkDelimited(start);
    this.push(Tok.Atom, start, p);
  }

  private id(): void {
    const src = this.src;
    const start = this.pos;
    let p = start + 1;
    if (src.charCodeAt(p) === CH_QUOTE) {
      this.pos = p;
      let bytes: Uint8Array;
      try {
        bytes = this.stringBytes();
      } catch {
        // Not a well-formed string, so `$` stands alone.
        this.fail('empty identifier', start, p);
      }
      const name = decodeUtf8(bytes);
      if (name === undefined) this.fail('malformed UTF-8 encoding', start, this.pos);
      if (name.length === 0) this.fail('empty identifier', start, this.pos);
      this.checkDelimited(start);
      const i = this.push(Tok.Id, start, this.pos);
      if (i >= 0) this.table.quotedIds.set(i, '$' + name);
      return;
    }
    while (p < src.length && isIdChar(src.charCodeAt(p))) p++;
    if (p === start + 1) this.fail('empty identifier', start, p);
    this.pos = p;
    this.checkDelimited(start);
    this.push(Tok.Id, start, p);
  }

  /** Tokens must be separated by whitespace, parentheses or comments: `0x"a"` is one bad token. */
  private checkDelimited(start: number): void {
    if (this.annotationDepth > 0) return; // annotations may hold reserved tokens like `x"a"-2`
    const c = this.src.charCodeAt(this.pos);
    if (Number.isNaN(c) || c === CH_SPACE || c === CH_TAB || c === CH_NL || c === CH_CR
      || c === CH_LPAREN || c === CH_RPAREN || c === CH_SEMI) return;
    if (c === CH_QUOTE || (c < 0x80 && ID_CHAR[c])) this.fail('unknown operator', start, this.pos + 1);
    this.badChar(this.pos);
  }

  private string(): void {
    const start = this.pos;
    const bytes = this.stringBytes();
    this.checkDelimited(start);
    const i = this.push(Tok.String, start, this.pos);
    if (i >= 0) this.table.stringBytes.set(i, bytes);
  }

  /** Reads a string literal at `pos` (which is at the opening quote) into bytes. */
  private stringBytes(): Uint8Array {
    const src = this.src;
    const start = this.pos;
    const out: number[] = [];
    let p = start + 1;
    for (;;) {
      if (p >= src.length) this.fail('unclosed string', start, p);
      const c = src.charCodeAt(p);
      if (c === CH_QUOTE) { p++; break; }
      if (c === CH_NL) this.fail('unclosed string', start, p);
      if (c < 0x20 || c === 0x7f) this.fail('illegal character', p, p + 1);
      if (c === CH_BACKSLASH) {
        p = this.escape(p, out);
        continue;
      }
      if (c < 0x80) { out.push(c); p++; continue; }
      if (isRawByte(c)) { out.push(c - RAW_BYTE_BASE); p++; continue; }
      const cp = src.codePointAt(p)!;
      if (cp >= 0xd800 && cp <= 0xdfff) this.fail('malformed UTF-8 encoding', p, p + 1);
      pushUtf8(out, cp);
      p += cp > 0xffff ? 2 : 1;
    }
    this.pos = p;
    return Uint8Array.from(out);
  }

  private escape(p: number, out: number[]): number {
    const src = this.src;
    const e = src.charCodeAt(p + 1);
    switch (e) {
      case 0x74: out.push(0x09); return p + 2; // \t
      case 0x6e: out.push(0x0a); return p + 2; // \n
      case 0x72: out.push(0x0d); return p + 2; // \r
      case CH_QUOTE: out.push(CH_QUOTE); return p + 2;
      case 0x27: out.push(0x27); return p + 2; // \'
      case CH_BACKSLASH: out.push(CH_BACKSLASH); return p + 2;
      case 0x75: { // \u{hex}
        if (src.charCodeAt(p + 2) !== 0x7b) this.fail('illegal escape', p, p + 2);
        let q = p + 3;
        let cp = 0;
        let digits = 0;
        while (q < src.length && (isHexDigit(src.charCodeAt(q)) || (src.charCodeAt(q) === 0x5f && digits > 0))) {
          const d = src.charCodeAt(q);
          if (d !== 0x5f) { cp = cp * 16 + hexValue(d); digits++; }
          q++;
          if (cp > 0x10ffff) break;
        }
        if (digits === 0 || src.charCodeAt(q) !== 0x7d) this.fail('illegal escape', p, q);
        if (cp >= 0x110000 || (cp >= 0xd800 && cp < 0xe000)) this.fail('malformed UTF-8 encoding', p, q + 1);
        pushUtf8(out, cp);
        return q + 1;
      }
      default:
        if (isHexDigit(e) && isHexDigit(src.charCodeAt(p + 2))) {
          out.push(hexValue(e) * 16 + hexValue(src.charCodeAt(p + 2)));
          return p + 3;
        }
        this.fail('illegal escape', p, p + 2);
    }
  }
}

function isIdChar(c: number): boolean {
  return c < 0x80 && ID_CHAR[c] === 1;
}

function isRawByte(c: number): boolean {
  return c >= RAW_BYTE_BASE + 0x80 && c <= RAW_BYTE_BASE + 0xff;
}

function isLoneSurrogate(src: string, at: number): boolean {
  const c = src.charCodeAt(at);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = src.charCodeAt(at + 1);
    return !(d >= 0xdc00 && d <= 0xdfff);
  }
  if (c >= 0xdc00 && c <= 0xdfff) {
    const b = src.charCodeAt(at - 1);
    return !(b >= 0xd800 && b <= 0xdbff);
  }
  return false;
}
