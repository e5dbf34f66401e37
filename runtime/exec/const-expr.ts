// Evaluates constant expressions (global initialisers, segment offsets and
// items, table initialisers) during instantiation, extended-const included.

import { EngineBug, Trap } from '../errors.js';
import type { ModuleInstance } from '../objects/instance.js';
import type { Value } from '../objects/values.js';
import type { ConstExpr } from '../syntax/module.js';
import { Op, opInfo } from '../syntax/opcodes.js';
import { FUNCREF, refType, type ValType } from '../syntax/types.js';

export function evalConstExpr(expr: ConstExpr, inst: ModuleInstance, resultType?: ValType): Value {
  const stack: Value[] = [];
  const pop = (): Value => {
    const v = stack.pop();
    if (!v) throw new EngineBug('constant expression stack underflow');
    return v;
  };
  for (const ins of expr) {
    switch (ins.op) {
      case Op['end']: break;
      case Op['i32.const']: stack.push({ type: 'i32', value: Number(ins.value) | 0 }); break;
      case Op['i64.const']: stack.push({ type: 'i64', value: BigInt.asIntN(64, BigInt(ins.value ?? 0)) }); break;
      case Op['f32.const']: stack.push({ type: 'f32', bits: Number(ins.value) >>> 0 }); break;
      case Op['f64.const']: stack.push({ type: 'f64', bits: BigInt.asUintN(64, BigInt(ins.value ?? 0)) }); break;
      case Op['ref.null']:
        stack.push({ type: 'ref', valType: resultType ?? refType(ins.heapType ?? 0x70, true), ref: null });
        break;
      case Op['ref.func']: stack.push({ type: 'ref', valType: FUNCREF, ref: inst.funcs[ins.index]! }); break;
      case Op['global.get']: stack.push(inst.globals[ins.index]!.getValue()); break;
      case Op['i32.add']: case Op['i32.sub']: case Op['i32.mul']: {
        const b = pop(), a = pop();
        if (a.type !== 'i32' || b.type !== 'i32') throw new EngineBug('ill-typed constant expression');
        const r = ins.op === Op['i32.add'] ? a.value + b.value : ins.op === Op['i32.sub'] ? a.value - b.value : Math.imul(a.value, b.value);
        stack.push({ type: 'i32', value: r | 0 });
        break;
      }
      case Op['i64.add']: case Op['i64.sub']: case Op['i64.mul']: {
        const b = pop(), a = pop();
        if (a.type !== 'i64' || b.type !== 'i64') throw new EngineBug('ill-typed constant expression');
        const r = ins.op === Op['i64.add'] ? a.value + b.value : ins.op === Op['i64.sub'] ? a.value - b.value : a.value * b.value;
        stack.push({ type: 'i64', value: BigInt.asIntN(64, r) });
        break;
      }
      default:
        throw new Trap('other', `constant instruction ${opInfo(ins.op)?.name ?? ins.op} not implemented yet`);
    }
  }
  if (stack.length !== 1) throw new EngineBug(`constant expression left ${stack.length} values`);
  return stack[0]!;
}
