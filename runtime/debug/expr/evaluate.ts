// Evaluates a parsed expression against a paused frame. Arithmetic follows
// wasm: i32 wraps at 32 bits, i64 at 64; an i32 meets an i64 as i64, an
// integer meets a float as f64. Comparisons and `! && ||` give i32 0 or 1.

import { f64, i32, i64, type Value } from '../../objects/values.js';
import { badExpression } from './lexer.js';
import { parseExpression, type Expr, type LoadType } from './parser.js';

/** What names mean where the expression is evaluated. */
export interface EvalScope {
  /** `$name`: a local, else a global, else `thread` / `cont`; undefined when unknown. */
  name(name: string): Value | undefined;
  local(index: number): Value | undefined;
  global(index: number): Value | undefined;
  /** Memory 0's bytes, if there is one. */
  memory(): Uint8Array | undefined;
}

type Num = { t: 'i32'; v: number } | { t: 'i64'; v: bigint } | { t: 'f64'; v: number };

function toNum(v: Value, column: number): Num {
  switch (v.type) {
    case 'i32': return { t: 'i32', v: v.value };
    case 'i64': return { t: 'i64', v: v.value };
    case 'f32': return { t: 'f64', v: new Float32Array(new Uint32Array([v.bits]).buffer)[0]! };
    case 'f64': return { t: 'f64', v: new Float64Array(new BigUint64Array([BigInt.asUintN(64, v.bits)]).buffer)[0]! };
    default: throw badExpression(column, `a ${v.type} value has no arithmetic`);
  }
}

function fromNum(n: Num): Value {
  switch (n.t) {
    case 'i32': return i32(n.v);
    case 'i64': return i64(BigInt.asIntN(64, n.v));
    case 'f64': return f64(n.v);
  }
}

const truth = (n: Num): boolean => n.v !== 0 && n.v !== 0n;
const bool = (b: boolean): Num => ({ t: 'i32', v: b ? 1 : 0 });

function parseNumber(text: string, column: number): Num {
  if (/^0x/i.test(text) || /^\d+$/.test(text)) {
    const big = BigInt(text);
    if (big <= 0xffffffffn) return { t: 'i32', v: Number(big) | 0 };
    if (big <= 0xffffffffffffffffn) return { t: 'i64', v: BigInt.asIntN(64, big) };
    throw badExpression(column, `${text} does not fit in 64 bits`);
  }
  return { t: 'f64', v: Number(text) };
}

function load(mem: Uint8Array, type: LoadType, address: number, column: number): Num {
  const size = { i8: 1, u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, f32: 4, i64: 8, u64: 8, f64: 8 }[type];
  if (address < 0 || address + size > mem.length) throw badExpression(column, `${type}[${address}] is outside memory (${mem.length} bytes)`);
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  switch (type) {
    case 'i8': return { t: 'i32', v: dv.getInt8(address) };
    case 'u8': return { t: 'i32', v: dv.getUint8(address) };
    case 'i16': return { t: 'i32', v: dv.getInt16(address, true) };
    case 'u16': return { t: 'i32', v: dv.getUint16(address, true) };
    case 'i32': case 'u32': return { t: 'i32', v: dv.getInt32(address, true) };
    case 'i64': case 'u64': return { t: 'i64', v: dv.getBigInt64(address, true) };
    case 'f32': return { t: 'f64', v: dv.getFloat32(address, true) };
    case 'f64': return { t: 'f64', v: dv.getFloat64(address, true) };
  }
}

function widen(a: Num, b: Num): [Num, Num] {
  if (a.t === b.t) return [a, b];
  if (a.t === 'f64' || b.t === 'f64') return [{ t: 'f64', v: Number(a.v) }, { t: 'f64', v: Number(b.v) }];
  return [{ t: 'i64', v: BigInt(a.v) }, { t: 'i64', v: BigInt(b.v) }];
}

function arith(op: string, x: Num, y: Num, column: number): Num {
  const [a, b] = widen(x, y);
  if (a.t === 'f64') {
    const p = a.v, q = b.v as number;
    switch (op) {
      case '+': return { t: 'f64', v: p + q };
      case '-': return { t: 'f64', v: p - q };
      case '*': return { t: 'f64', v: p * q };
      case '/': return { t: 'f64', v: p / q };
      case '%': return { t: 'f64', v: p % q };
      default: throw badExpression(column, `'${op}' needs integers`);
    }
  }
  if (a.t === 'i64') {
    const p = a.v, q = b.v as bigint;
    if ((op === '/' || op === '%') && q === 0n) throw badExpression(column, 'division by zero');
    const r = { '+': p + q, '-': p - q, '*': p * q, '/': p / q, '%': p % q, '&': p & q, '|': p | q, '^': p ^ q,
      '<<': p << (q & 63n), '>>': p >> (q & 63n), '>>>': BigInt.asUintN(64, p) >> (q & 63n) }[op];
    if (r === undefined) throw badExpression(column, `unknown operator '${op}'`);
    return { t: 'i64', v: BigInt.asIntN(64, r) };
  }
  const p = a.v, q = b.v as number;
  if ((op === '/' || op === '%') && q === 0) throw badExpression(column, 'division by zero');
  switch (op) {
    case '+': return { t: 'i32', v: (p + q) | 0 };
    case '-': return { t: 'i32', v: (p - q) | 0 };
    case '*': return { t: 'i32', v: Math.imul(p, q) };
    case '/': return { t: 'i32', v: (p / q) | 0 };
    case '%': return { t: 'i32', v: (p % q) | 0 };
    case '&': return { t: 'i32', v: p & q };
    case '|': return { t: 'i32', v: p | q };
    case '^': return { t: 'i32', v: p ^ q };
    case '<<': return { t: 'i32', v: p << q };
    case '>>': return { t: 'i32', v: p >> q };
    case '>>>': return { t: 'i32', v: (p >>> q) | 0 };
  }
  throw badExpression(column, `unknown operator '${op}'`);
}

function compare(op: string, x: Num, y: Num): Num {
  const [a, b] = widen(x, y);
  const p = a.v, q = b.v;
  switch (op) {
    case '==': return bool(p === q);
    case '!=': return bool(p !== q);
    case '<': return bool(p < q);
    case '<=': return bool(p <= q);
    case '>': return bool(p > q);
    default: return bool(p >= q);
  }
}

function evalNum(e: Expr, scope: EvalScope): Num {
  switch (e.kind) {
    case 'num': return parseNumber(e.text, e.column);
    case 'name': {
      const v = scope.name(e.name);
      if (!v) throw badExpression(e.column, `no local, global or debugger variable named $${e.name}`);
      return toNum(v, e.column);
    }
    case 'local': case 'global': {
      const v = e.kind === 'local' ? scope.local(e.index) : scope.global(e.index);
      if (!v) throw badExpression(e.column, `there is no ${e.kind} ${e.index}`);
      return toNum(v, e.column);
    }
    case 'load': {
      const mem = scope.memory();
      if (!mem) throw badExpression(e.column, 'the program has no memory');
      const a = evalNum(e.address, scope);
      return load(mem, e.type, Number(a.t === 'i32' ? a.v >>> 0 : a.v), e.column);
    }
    case 'unary': {
      const a = evalNum(e.arg, scope);
      if (e.op === '!') return bool(!truth(a));
      if (e.op === '-') return a.t === 'i32' ? { t: 'i32', v: -a.v | 0 } : a.t === 'i64' ? { t: 'i64', v: BigInt.asIntN(64, -a.v) } : { t: 'f64', v: -a.v };
      if (a.t === 'f64') throw badExpression(e.column, "'~' needs an integer");
      return a.t === 'i32' ? { t: 'i32', v: ~a.v } : { t: 'i64', v: ~a.v };
    }
    case 'binary': {
      if (e.op === '&&') return bool(truth(evalNum(e.left, scope)) && truth(evalNum(e.right, scope)));
      if (e.op === '||') return bool(truth(evalNum(e.left, scope)) || truth(evalNum(e.right, scope)));
      const a = evalNum(e.left, scope), b = evalNum(e.right, scope);
      if (['==', '!=', '<', '<=', '>', '>='].includes(e.op)) return compare(e.op, a, b);
      return arith(e.op, a, b, e.column);
    }
  }
}

/** Parses and evaluates `src`; throws DebugApiError('bad-expression') with the column. */
export function evaluateExpression(src: string, scope: EvalScope): Value {
  const e = parseExpression(src);
  // A lone name may be a reference (a continuation, a funcref): give it back as it is.
  if (e.kind === 'name') {
    const v = scope.name(e.name);
    if (!v) throw badExpression(e.column, `no local, global or debugger variable named $${e.name}`);
    return v;
  }
  if (e.kind === 'local' || e.kind === 'global') {
    const v = e.kind === 'local' ? scope.local(e.index) : scope.global(e.index);
    if (!v) throw badExpression(e.column, `there is no ${e.kind} ${e.index}`);
    return v;
  }
  return fromNum(evalNum(e, scope));
}

/** Whether a value counts as true for a condition. */
export function isTrue(v: Value): boolean {
  switch (v.type) {
    case 'i32': return v.value !== 0;
    case 'i64': return v.value !== 0n;
    case 'f32': return (v.bits & 0x7fffffff) !== 0;
    case 'f64': return (BigInt.asUintN(64, v.bits) & 0x7fffffffffffffffn) !== 0n;
    case 'ref': return v.ref !== null;
    default: return true;
  }
}
