// A cursor over the token array with the small vocabulary the parsers share:
// look at the next token(s), consume expected ones, and fail with a
// CompileError whose span points at the offending token.

import { CompileError } from '../errors.js';
import type { Span } from '../syntax/module.js';
import { isKnownKeyword } from './keywords.js';
import { Tok, type Token, type TokenTable, tokenSpan } from './lexer.js';
import { LiteralRangeError } from './numbers.js';
import { decodeUtf8 } from './utf8.js';

export class Cursor {
  pos: number;
  readonly file: string;
  /** For each `(` token index: the index of its matching `)` (or of Eof when unbalanced). */
  private readonly closing: Int32Array;
  private readonly kinds: Uint8Array;
  private readonly last: number;

  constructor(readonly table: TokenTable, start = 0) {
    this.pos = start;
    this.file = table.file;
    this.kinds = table.kinds;
    this.last = table.count - 1;
    this.closing = matchParens(table);
  }

  /** Number of tokens, the final Eof included. */
  get tokenCount(): number {
    return this.table.count;
  }
  /** Token `i` (absolute index) as an object. */
  tokenAt(i: number): Token {
    return this.table.token(Math.min(i, this.last));
  }

  private at(k: number): number {
    return Math.min(this.pos + k, this.last);
  }

  peek(k = 0): Token {
    return this.table.token(this.at(k));
  }
  next(): Token {
    const t = this.peek();
    if (this.pos < this.last) this.pos++;
    return t;
  }
  /** Moves past `n` tokens the caller has already looked at. */
  skip(n = 1): void {
    this.pos = Math.min(this.pos + n, this.last);
  }
  atEnd(): boolean {
    return this.pos >= this.last;
  }
  kind(k = 0): Tok {
    return this.kinds[this.at(k)]!;
  }
  /** The text of the token `k` ahead. */
  text(k = 0): string {
    return this.table.text(this.at(k));
  }

  isLParen(k = 0): boolean {
    return this.kinds[this.at(k)] === Tok.LParen;
  }
  isRParen(k = 0): boolean {
    return this.kinds[this.at(k)] === Tok.RParen;
  }
  /** Is the next token the atom `kw`? */
  isAtom(kw: string, k = 0): boolean {
    return this.table.isAtom(this.at(k), kw);
  }
  /** Is the next thing `(kw …`? */
  isField(kw: string): boolean {
    return this.isLParen() && this.isAtom(kw, 1);
  }
  isId(): boolean {
    return this.kinds[this.at(0)] === Tok.Id;
  }
  isString(): boolean {
    return this.kinds[this.at(0)] === Tok.String;
  }
  /** Is the next token an unsigned integer literal (an index, a limit)? */
  isNat(k = 0): boolean {
    const i = this.at(k);
    if (this.kinds[i] !== Tok.Atom) return false;
    const c = this.table.src.charCodeAt(this.table.starts[i]!);
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
    const i = Math.max(this.pos - 1, 0);
    return { file: this.file, line: from.line, column: from.column, start: from.start, end: Math.max(this.table.ends[i]!, from.end) };
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

  /**
   * Consumes the atom at the cursor as a literal read by `parse`. An atom
   * that is not that kind of literal (`parse` gives null) is an unexpected
   * token; one of the right kind but too large fails with `rangeMessage`,
   * the wording the spec's tests expect for that place.
   */
  literal<T>(parse: (text: string) => T | null, rangeMessage = 'constant out of range'): T {
    const t = this.peek();
    if (t.kind !== Tok.Atom) this.unexpected(t);
    let v: T | null;
    try {
      v = parse(t.text);
    } catch (e) {
      if (e instanceof LiteralRangeError) this.fail(rangeMessage, t);
      throw e;
    }
    if (v === null) this.unexpected(t);
    this.next();
    return v;
  }

}

function matchParens(table: TokenTable): Int32Array {
  const n = table.count;
  const closing = new Int32Array(n).fill(n - 1);
  const kinds = table.kinds;
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    if (k === Tok.LParen) stack.push(i);
    else if (k === Tok.RParen && stack.length) closing[stack.pop()!] = i;
  }
  return closing;
}
