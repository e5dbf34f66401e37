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

/** Lexes the whole source. Throws CompileError('malformed') with a text span. */
export function tokenize(src: string, file: string): Token[] {
  return new Lexer(src, file).run();
}

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];
  /** Nesting depth inside an annotation; tokens are discarded while > 0. */
  private annotationDepth = 0;
  private annotationStart: Token | undefined;

  constructor(private readonly src: string, private readonly file: string) {}

  run(): Token[] {
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
        if (this.annotationDepth > 0) this.annotationDepth--;
        continue;
      }
      if (c === CH_QUOTE) { this.string(); continue; }
      if (c === CH_DOLLAR) { this.id(); continue; }
      if (c < 0x80 && ID_CHAR[c]) { this.atom(); continue; }
      this.badChar(this.pos);
    }
    if (this.annotationDepth > 0) {
      const a = this.annotationStart!;
      this.fail('unclosed annotation', a.start, a.end);
    }
    this.tokens.push(this.token(Tok.Eof, '', n, n));
    return this.tokens;
  }

  private newline(nextLineStart: number): void {
    this.line++;
    this.lineStart = nextLineStart;
  }

  private token(kind: Tok, text: string, start: number, end: number, bytes?: Uint8Array): Token {
    return new Token(this.file, kind, text, start, end, this.line, start - this.lineStart + 1, bytes);
  }

  private push(t: Token): void {
    if (this.annotationDepth === 0) this.tokens.push(t);
  }

  private simple(kind: Tok, len: number): void {
    const start = this.pos;
    this.pos += len;
    this.push(this.token(kind, this.src.slice(start, this.pos), start, this.pos));
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
    const head = this.token(Tok.LParen, '(@', start, start + 2);
    this.pos += 2;
    const c = this.src.charCodeAt(this.pos);
    if (c === CH_QUOTE) {
      let bytes: Uint8Array | undefined;
      try { bytes = this.stringBytes(); } catch { bytes = undefined; }
      if (!bytes || bytes.length === 0) this.fail('empty annotation id', start, this.pos + 1);
      if (decodeUtf8(bytes) === undefined) this.fail('malformed UTF-8 encoding', start, this.pos);
    } else {
      const idStart = this.pos;
      while (this.pos < this.src.length && isIdChar(this.src.charCodeAt(this.pos))) this.pos++;
      if (this.pos === idStart) this.fail('empty annotation id', start, this.pos + 1);
    }
    if (this.annotationDepth === 0) this.annotationStart = head;
    this.annotationDepth++;
  }

  private atom(): void {
    const src = this.src;
    const start = this.pos;
    let p = start;
    while (p < src.length && isIdChar(src.charCodeAt(p))) p++;
    this.pos = p;
    this.checkDelimited(start);
    this.push(this.token(Tok.Atom, src.slice(start, p), start, p));
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
      this.push(this.token(Tok.Id, '$' + name, start, this.pos));
      return;
    }
    while (p < src.length && isIdChar(src.charCodeAt(p))) p++;
    if (p === start + 1) this.fail('empty identifier', start, p);
    this.pos = p;
    this.checkDelimited(start);
    this.push(this.token(Tok.Id, src.slice(start, p), start, p));
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
    this.push(this.token(Tok.String, this.src.slice(start, this.pos), start, this.pos, bytes));
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
