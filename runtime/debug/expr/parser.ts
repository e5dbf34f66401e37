// The debugger's expression language, for conditions, log points and watches:
//
//   expr    := or
//   or      := and ('||' and)*          and := bitor ('&&' bitor)*
//   bitor   := cmp (('|' | '^' | '&') cmp)*
//   cmp     := shift (('==' | '!=' | '<' | '<=' | '>' | '>=') shift)?
//   shift   := add (('<<' | '>>' | '>>>') add)*
//   add     := mul (('+' | '-') mul)*   mul := unary (('*' | '/' | '%') unary)*
//   unary   := ('-' | '!' | '~') unary | primary
//   primary := number | '$name' | 'local' '[' n ']' | 'global' '[' n ']'
//            | TYPE '[' expr ']' | '(' expr ')'
//   TYPE    := i8 u8 i16 u16 i32 u32 i64 u64 f32 f64   (a memory load at a byte address)
//
// `$name` is a local of the frame, else a global; `$thread` and `$cont` are
// the stopped thread's id and its running continuation's id (0: none).

import { badExpression, tokenize, type Token } from './lexer.js';

export type LoadType = 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64';
const LOADS: readonly string[] = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'f32', 'f64'];

export type Expr =
  | { readonly kind: 'num'; readonly text: string; readonly column: number }
  | { readonly kind: 'name'; readonly name: string; readonly column: number }
  | { readonly kind: 'local' | 'global'; readonly index: number; readonly column: number }
  | { readonly kind: 'load'; readonly type: LoadType; readonly address: Expr; readonly column: number }
  | { readonly kind: 'unary'; readonly op: string; readonly arg: Expr; readonly column: number }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly column: number };

const LEVELS: readonly (readonly string[])[] = [
  ['||'], ['&&'], ['|', '^', '&'], ['==', '!=', '<', '<=', '>', '>='], ['<<', '>>', '>>>'], ['+', '-'], ['*', '/', '%'],
];

export function parseExpression(src: string): Expr {
  const toks = tokenize(src);
  let i = 0;
  const peek = (): Token => toks[i]!;
  const next = (): Token => toks[i++]!;
  const expect = (text: string): void => {
    const t = next();
    if (t.text !== text) throw badExpression(t.column, `expected '${text}'${t.kind === 'eof' ? ' at the end' : `, found '${t.text}'`}`);
  };

  const binary = (level: number): Expr => {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    while (peek().kind === 'op' && LEVELS[level]!.includes(peek().text)) {
      const op = next();
      left = { kind: 'binary', op: op.text, left, right: binary(level + 1), column: op.column };
    }
    return left;
  };

  const unary = (): Expr => {
    const t = peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '!' || t.text === '~')) {
      next();
      return { kind: 'unary', op: t.text, arg: unary(), column: t.column };
    }
    return primary();
  };

  const index = (): number => {
    expect('[');
    const n = next();
    if (n.kind !== 'num' || !/^(0x[0-9a-f]+|\d+)$/i.test(n.text)) throw badExpression(n.column, 'expected an index');
    expect(']');
    return Number(n.text);
  };

  const primary = (): Expr => {
    const t = next();
    switch (t.kind) {
      case 'num': return { kind: 'num', text: t.text.replace(/_/g, ''), column: t.column };
      case 'name': return { kind: 'name', name: t.text.slice(1), column: t.column };
      case 'ident':
        if (t.text === 'local' || t.text === 'global') return { kind: t.text, index: index(), column: t.column };
        if (LOADS.includes(t.text)) {
          expect('[');
          const address = binary(0);
          expect(']');
          return { kind: 'load', type: t.text as LoadType, address, column: t.column };
        }
        throw badExpression(t.column, `unknown word '${t.text}' (locals and globals are written $name, local[n], global[n]; loads i32[addr])`);
      case 'op':
        if (t.text === '(') {
          const e = binary(0);
          expect(')');
          return e;
        }
        throw badExpression(t.column, `unexpected '${t.text}'`);
      case 'eof':
        throw badExpression(t.column, 'the expression ends too early');
    }
  };

  const e = binary(0);
  const rest = peek();
  if (rest.kind !== 'eof') throw badExpression(rest.column, `unexpected '${rest.text}' after the expression`);
  return e;
}
