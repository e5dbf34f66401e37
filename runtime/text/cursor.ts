// A cursor over the token array with the small vocabulary the parsers share:
// look at the next token(s), consume expected ones, and fail with a
// CompileError whose span points at the offending token.

import { CompileError } from '../errors.js';
import type { Span } from '../syntax/module.js';
import { isKnownKeyword } from './keywords.js';
import { Tok, type Token, tokenSpan } from './lexer.js';
import { decodeUtf8 } from './utf8.js';

export class Cursor {
  pos: number;
  /** For each `(` token index: the index of its matching `)` (or of Eof when unbalanced). */
  private readonly closing: Int32Array;

  constructor(readonly tokens: readonly Token[], readonly file: string, start = 0) {
    this.pos = start;
    this.closing = matchParens(tokens);
  }

  peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (t.kind !== Tok.Eof) this.pos++;
    return t;
  }
  atEnd(): boolean {
    return this.peek().kind === Tok.Eof;
  }

  isLParen(k = 0): boolean {
    return this.peek(k).kind === Tok.LParen;
  }
  isRParen(k = 0): boolean {
    return this.peek(k).kind === Tok.RParen;
  }
  /** Is the next token the atom `kw`? */
  isAtom(kw: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === Tok.Atom && t.text === kw;
  }
  /** Is the next thing `(kw …`? */
  isField(kw: string): boolean {
    return this.isLParen() && this.isAtom(kw, 1);
  }
  isId(): boolean {
    return this.peek().kind === Tok.Id;
  }
  isString(): boolean {
    return this.peek().kind === Tok.String;
  }
  /** Is the next token an unsigned integer literal (an index, a limit)? */
  isNat(): boolean {
    const t = this.peek();
    if (t.kind !== Tok.Atom) return false;
    const c = t.text.charCodeAt(0);
    return c >= 0x30 && c <= 0x39;
  }

  /** The index of the `)` that closes the `(` at token index `open`. */
  closeOf(open: number): number {
    return this.closing[open]!;
  }

  expectLParen(): Token {
    if (!this.isLParen()) this.unexpected();
    return this.next();
  }
  expectRParen(): Token {
    if (!this.isRParen()) this.unexpected();
    return this.next();
  }
  expectAtom(kw: string): Token {
    if (!this.isAtom(kw)) this.unexpected();
    return this.next();
  }
  /** Consumes `(kw`. */
  expectField(kw: string): Token {
    this.expectLParen();
    return this.expectAtom(kw);
  }
  /** An optional `$id`. */
  optId(): Token | undefined {
    return this.isId() ? this.next() : undefined;
  }
  string(): Token {
    if (!this.isString()) this.unexpected();
    return this.next();
  }
  /** A string that must be valid UTF-8 (a name). */
  name(): string {
    const t = this.string();
    const s = decodeUtf8(t.bytes!);
    if (s === undefined) this.fail('malformed UTF-8 encoding', t);
    return s;
  }

  span(t: Token = this.peek()): Span {
    return tokenSpan(this.file, t);
  }
  /** A span from token `from` through the token before the cursor. */
  spanFrom(from: Token): Span {
    const last = this.tokens[Math.max(this.pos - 1, 0)]!;
    return { file: this.file, line: from.line, column: from.column, start: from.start, end: Math.max(last.end, from.end) };
  }

  fail(message: string, t: Token = this.peek(), kind: 'malformed' | 'unsupported' = 'malformed'): never {
    throw new CompileError(kind, message, { kind: 'text', span: tokenSpan(this.file, t) });
  }

  /**
   * The token at the cursor is not what the grammar allows here. Words that
   * are no keyword at all are reported as "unknown operator" (as the spec's
   * reference lexer does), everything else as "unexpected token".
   */
  unexpected(t: Token = this.peek()): never {
    if (t.kind === Tok.Eof) this.fail('unexpected end', t);
    if (t.kind === Tok.Atom && !isKnownKeyword(t.text)) this.fail(`unknown operator ${t.text}`, t);
    this.fail('unexpected token', t);
  }

  /** Skips past the `)` closing the innermost open paren the cursor is in (for the `(` at `open`). */
  skipTo(index: number): void {
    this.pos = index;
  }
}

function matchParens(tokens: readonly Token[]): Int32Array {
  const closing = new Int32Array(tokens.length).fill(tokens.length - 1);
  const stack: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const k = tokens[i]!.kind;
    if (k === Tok.LParen) stack.push(i);
    else if (k === Tok.RParen && stack.length) closing[stack.pop()!] = i;
  }
  return closing;
}
