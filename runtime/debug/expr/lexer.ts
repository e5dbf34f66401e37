// Tokens of the debugger's expression language (see parser.ts for the grammar).

import { DebugApiError } from '../api.js';

export type TokenKind = 'num' | 'name' | 'ident' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based column in the expression. */
  readonly column: number;
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<<', '>>>', '>>', '+', '-', '*', '/', '%', '<', '>', '!', '(', ')', '[', ']', '&', '|', '^', '~'];

export function badExpression(column: number, message: string): DebugApiError {
  return new DebugApiError('bad-expression', `column ${column}: ${message}`);
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const column = i + 1;
    const num = /^(0x[0-9a-fA-F_]+|\d[\d_]*(\.\d+)?([eE][+-]?\d+)?)/.exec(src.slice(i));
    if (num) {
      out.push({ kind: 'num', text: num[0], column });
      i += num[0].length;
      continue;
    }
    const name = /^\$[A-Za-z0-9_.\-+*/\\^~=<>!?@#'`|:]+/.exec(src.slice(i));
    if (name) {
      // `$a-1` should read as `$a - 1`: operator characters end a name unless a letter follows them.
      const text = /^\$[A-Za-z0-9_.]+/.exec(name[0])![0];
      out.push({ kind: 'name', text, column });
      i += text.length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (ident) {
      out.push({ kind: 'ident', text: ident[0], column });
      i += ident[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw badExpression(column, `unexpected character '${c}'`);
    out.push({ kind: 'op', text: op, column });
    i += op.length;
  }
  out.push({ kind: 'eof', text: '', column: src.length + 1 });
  return out;
}
