// A global variable. Its value is kept the way the interpreter's slots keep
// values: numbers as raw 32-bit words (`lo`, and `hi` for i64/f64), references
// in `ref`, so that global.get/set copy words and never allocate.

import { F32, F64, I32, I64, isRef, valTypeToString, type GlobalType } from '../syntax/types.js';
import { EngineBug } from '../errors.js';
import type { Reference, Value } from './values.js';

export class GlobalInstance {
  lo = 0;
  hi = 0;
  ref: Reference | null = null;

  /** `type.type` is a canonical value type. */
  constructor(readonly type: GlobalType, initial?: Value) {
    if (initial) this.setValue(initial);
  }

  getValue(): Value {
    const t = this.type.type;
    switch (t) {
      case I32: return { type: 'i32', value: this.lo | 0 };
      case I64: return { type: 'i64', value: (BigInt(this.hi) << 32n) | BigInt(this.lo >>> 0) };
      case F32: return { type: 'f32', bits: this.lo >>> 0 };
      case F64: return { type: 'f64', bits: (BigInt(this.hi >>> 0) << 32n) | BigInt(this.lo >>> 0) };
    }
    if (isRef(t)) return { type: 'ref', valType: t, ref: this.ref };
    throw new EngineBug(`global of unsupported type ${valTypeToString(t)}`);
  }

  setValue(v: Value): void {
    switch (v.type) {
      case 'i32': this.lo = v.value | 0; this.hi = 0; return;
      case 'f32': this.lo = v.bits | 0; this.hi = 0; return;
      case 'i64': this.lo = Number(BigInt.asIntN(32, v.value)); this.hi = Number(BigInt.asIntN(32, v.value >> 32n)); return;
      case 'f64': this.lo = Number(BigInt.asIntN(32, v.bits)); this.hi = Number(BigInt.asIntN(32, v.bits >> 32n)); return;
      case 'ref': this.ref = v.ref; return;
      case 'v128': throw new EngineBug('v128 globals are not supported');
    }
  }

  describe(): string {
    return `global ${this.type.mutable ? 'mut ' : ''}${valTypeToString(this.type.type)}`;
  }
}
