// Constant expressions (global initialisers, segment offsets, element items,
// table initialisers). Wasm 3.0 allows number constants, ref.null, ref.func,
// global.get of an immutable global, and the extended-const integer
// add/sub/mul; anything else is "constant expression required".

import { CompileError, type SourceLocation } from '../errors.js';
import type { ConstExpr } from '../syntax/module.js';
import { Op, opInfo } from '../syntax/opcodes.js';
import { F32, F64, I32, I64, refType, valTypeToString, type ValType } from '../syntax/types.js';
import type { ValidationContext } from './context.js';
import { refToType } from './module-types.js';
import { instrLocation, invalid } from './report.js';

const BINARY_I32 = new Set([Op['i32.add']!, Op['i32.sub']!, Op['i32.mul']!]);
const BINARY_I64 = new Set([Op['i64.add']!, Op['i64.sub']!, Op['i64.mul']!]);
const END = Op['end']!;

/**
 * Checks that `expr` is constant and produces one value of a subtype of
 * `expected`. `visibleGlobals` is how many globals (from index 0) the
 * expression may read: a global's initialiser sees only the globals before it.
 */
export function checkConstExpr(
  ctx: ValidationContext, expr: ConstExpr, expected: ValType, visibleGlobals: number, where?: SourceLocation,
): void {
  const stack: ValType[] = [];
  const loc = (i: number): SourceLocation | undefined => instrLocation(expr[i]) ?? where;
  const pop = (t: ValType, i: number): void => {
    const got = stack.pop();
    if (got !== t) throw invalid(`type mismatch: constant expression requires ${valTypeToString(t)}`, loc(i));
  };
  for (let i = 0; i < expr.length; i++) {
    const ins = expr[i]!;
    switch (ins.op) {
      case Op['i32.const']: stack.push(I32); break;
      case Op['i64.const']: stack.push(I64); break;
      case Op['f32.const']: stack.push(F32); break;
      case Op['f64.const']: stack.push(F64); break;
      case Op['ref.null']: {
        const h = ins.heapType;
        if (h === undefined) throw invalid('ref.null without heap type', loc(i));
        ctx.types.checkHeapType(h, loc(i));
        stack.push(refType(h, true));
        break;
      }
      case Op['ref.func']: {
        const t = ctx.funcTypes[ins.index];
        if (t === undefined) throw invalid(`unknown function ${ins.index}`, loc(i));
        stack.push(refToType(t));
        break;
      }
      case Op['global.get']: {
        const g = ctx.globals[ins.index];
        if (!g || ins.index >= visibleGlobals) throw invalid(`unknown global ${ins.index}`, loc(i));
        if (g.mutable) throw invalid('constant expression required: global.get of a mutable global', loc(i));
        stack.push(g.type);
        break;
      }
      case END:
        if (i !== expr.length - 1) throw invalid('constant expression required', loc(i));
        break;
      default:
        if (BINARY_I32.has(ins.op)) {
          pop(I32, i);
          pop(I32, i);
          stack.push(I32);
        } else if (BINARY_I64.has(ins.op)) {
          pop(I64, i);
          pop(I64, i);
          stack.push(I64);
        } else {
          const info = opInfo(ins.op);
          if (info && (info.feature === 'simd' || info.feature === 'gc')) {
            throw new CompileError('unsupported', `${info.name} (${info.feature}) is not supported yet`, loc(i));
          }
          throw invalid('constant expression required', loc(i));
        }
    }
  }
  const last = expr.length > 0 ? expr.length - 1 : 0;
  if (stack.length !== 1 || !ctx.types.matches(stack[0]!, expected)) {
    const got = stack.map(valTypeToString).join(' ');
    throw invalid(`type mismatch: constant expression requires [${valTypeToString(expected)}] but has [${got}]`, loc(last));
  }
}
