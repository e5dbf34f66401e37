import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tok, tokenize } from './lexer.js';
import { bytesToTextLossless } from './utf8.js';
import { assertMalformed } from './testutil.js';

const lex = (src: string) => tokenize(src, 'x.wat');
const kinds = (src: string): Tok[] => lex(src).map((t) => t.kind);

test('tokens carry 1-based line/column and offsets', () => {
  const ts = lex('(module\n  $f "s" 0x1_0 ;; c\n)');
  assert.deepEqual(ts.map((t) => [t.kind, t.text, t.line, t.column, t.start, t.end]), [
    [Tok.LParen, '(', 1, 1, 0, 1],
    [Tok.Atom, 'module', 1, 2, 1, 7],
    [Tok.Id, '$f', 2, 3, 10, 12],
    [Tok.String, '"s"', 2, 6, 13, 16],
    [Tok.Atom, '0x1_0', 2, 10, 17, 22],
    [Tok.RParen, ')', 3, 1, 28, 29],
    [Tok.Eof, '', 3, 2, 29, 29],
  ]);
  assert.equal(ts[0]!.file, 'x.wat');
});

test('strings: escapes, raw UTF-8, bytes kept as they are', () => {
  const [s] = lex(String.raw`"a\t\n\r\"\'\\\00\ff\u{263a}\u{1F600}é"`);
  assert.deepEqual([...s!.bytes!], [
    0x61, 9, 10, 13, 0x22, 0x27, 0x5c, 0, 0xff, 0xe2, 0x98, 0xba, 0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9,
  ]);
  assertMalformed(() => lex('"abc'), 'unclosed string', 1, 1);
  assertMalformed(() => lex('"a\nb"'), 'unclosed string');
  assertMalformed(() => lex('"\\q"'), 'illegal escape');
  assertMalformed(() => lex('"\\u{d800}"'), 'malformed UTF-8 encoding');
  assertMalformed(() => lex('"a\tb"'), 'illegal character');
});

test('ids: plain and quoted, which are the same id', () => {
  const ts = lex('$a $"a" $"\\41B" $x.y!');
  assert.deepEqual(ts.slice(0, 4).map((t) => t.text), ['$a', '$a', '$AB', '$x.y!']);
  assertMalformed(() => lex('$ x'), 'empty identifier', 1, 1);
  assertMalformed(() => lex('$""'), 'empty identifier');
  assertMalformed(() => lex('$"\\ef"'), 'malformed UTF-8');
});

test('comments nest and track lines; annotations are skipped', () => {
  assert.deepEqual(kinds('(; a (; b ;) c ;) x ;; y\n z'), [Tok.Atom, Tok.Atom, Tok.Eof]);
  const ts = lex('(;\n\n;) x');
  assert.deepEqual([ts[0]!.line, ts[0]!.column], [3, 4]);
  assertMalformed(() => lex('(; (; ;)'), 'unclosed comment', 1, 1);
  assert.deepEqual(kinds('(@a x-y$yz"aa"-2 (b ")" ,;[]{}) (@c)) y'), [Tok.Atom, Tok.Eof]);
  assert.deepEqual(kinds('(@"a b" 1) z'), [Tok.Atom, Tok.Eof]);
  assertMalformed(() => lex('(@x (y)'), 'unclosed annotation', 1, 1);
  assertMalformed(() => lex('(@ x)'), 'empty annotation id');
  assertMalformed(() => lex('(@"" x)'), 'empty annotation id');
  assertMalformed(() => lex('(@a \u0001)'), 'illegal character');
});

test('tokens must be separated; stray characters are illegal', () => {
  assertMalformed(() => lex('0x"a"'), 'unknown operator', 1, 1);
  assertMalformed(() => lex('(func) é'), 'illegal character', 1, 8);
  assertMalformed(() => lex('a ; b'), 'unexpected token', 1, 3);
  assert.deepEqual(kinds('(a)(b)"c"(d)'), [0, 2, 1, 0, 2, 1, 4, 0, 2, 1, 5].map((k) => k as Tok));
});

test('invalid UTF-8 in quoted module text is reported where it is', () => {
  const text = bytesToTextLossless(Uint8Array.from([0x28, 0x66, 0x75, 0x6e, 0x63, 0x20, 0xff, 0x29]));
  assertMalformed(() => lex(text), 'malformed UTF-8 encoding', 1, 7);
  // …but inside a string the raw byte survives as that byte.
  const s = bytesToTextLossless(Uint8Array.from([0x22, 0xc3, 0xa9, 0xfe, 0x22]));
  assert.deepEqual([...lex(s)[0]!.bytes!], [0xc3, 0xa9, 0xfe]);
  assertMalformed(() => lex(bytesToTextLossless(Uint8Array.from([0x3b, 0x3b, 0x80]))), 'malformed UTF-8 encoding');
});

test('newlines: LF, CR and CR LF each end a line comment and count one line', () => {
  const ts = lex('a ;; x\rb ;; y\r\nc\nd');
  assert.deepEqual(ts.slice(0, 4).map((t) => [t.text, t.line, t.column]), [['a', 1, 1], ['b', 2, 1], ['c', 3, 1], ['d', 4, 1]]);
});
