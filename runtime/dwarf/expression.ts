// DWARF expressions (DWARF 5 section 2.5/2.6) with the wasm extension
// DW_OP_WASM_location. The evaluator knows nothing of the engine: reading a
// wasm local, global, operand-stack slot or linear memory goes through
// callbacks, so the interpreter can plug in once it exposes frames.

import { DW_OP_WASM_location } from './constants.js';
import { DwarfError } from './error.js';
import { DwarfReader } from './reader.js';

export type WasmPlace = 'wasm-local' | 'wasm-global' | 'wasm-operand';

/** Where a value lives, or the value itself. */
export type DwarfLocation =
  | { readonly kind: 'memory'; readonly address: bigint }
  | { readonly kind: WasmPlace; readonly index: number }
  | { readonly kind: 'value'; readonly value: bigint }
  | { readonly kind: 'implicit'; readonly bytes: Uint8Array }
  | { readonly kind: 'pieces'; readonly pieces: readonly { readonly size: number; readonly location: DwarfLocation }[] }
  | { readonly kind: 'optimized-out' };

export interface ExpressionContext {
  /** Value of wasm local `index` of the current frame. */
  readLocal?(index: number): bigint;
  readGlobal?(index: number): bigint;
  /** Value of operand-stack slot `index` (as DW_OP_WASM_location encodes it: counted from the stack bottom of the frame). */
  readOperand?(index: number): bigint;
  /** Little-endian unsigned read of `size` bytes of linear memory. */
  readMemory?(address: bigint, size: number): bigint;
  /** The frame base value (DW_AT_frame_base of the enclosing subprogram, already evaluated). */
  frameBase?(): bigint;
  /** Resolves a .debug_addr index (DW_OP_addrx/constx). */
  address?(index: number): number;
  /** Size of an address in bytes: 4 on wasm32. */
  readonly addrSize?: number;
}

const MASK64 = (1n << 64n) - 1n;
const wrap = (v: bigint): bigint => v & MASK64;
const signed = (v: bigint): bigint => BigInt.asIntN(64, v);

const WASM_KINDS: readonly WasmPlace[] = ['wasm-local', 'wasm-global', 'wasm-operand', 'wasm-global'];

function need<T>(f: T | undefined, what: string): T {
  if (f === undefined) throw new DwarfError(`expression needs ${what}, which this context cannot provide`);
  return f;
}

function readWasmLocation(r: DwarfReader): { kind: WasmPlace; index: number } {
  const k = r.u8();
  // Kind 3 is a global whose index is a fixed 4-byte value (so linkers can relocate it in place).
  const index = k === 3 ? r.u32() : r.uleb();
  const kind = WASM_KINDS[k];
  if (!kind) throw r.error(`unknown DW_OP_WASM_location kind ${k}`);
  return { kind, index };
}

function readPlace(place: { kind: WasmPlace; index: number }, ctx: ExpressionContext): bigint {
  switch (place.kind) {
    case 'wasm-local': return need(ctx.readLocal, 'a wasm local')(place.index);
    case 'wasm-global': return need(ctx.readGlobal, 'a wasm global')(place.index);
    case 'wasm-operand': return need(ctx.readOperand, 'a wasm operand')(place.index);
  }
}

/** Reads the value a location holds (for a frame base or a DW_OP_deref target). */
export function locationValue(loc: DwarfLocation, ctx: ExpressionContext): bigint {
  switch (loc.kind) {
    case 'memory': return loc.address;
    case 'value': return loc.value;
    case 'wasm-local': case 'wasm-global': case 'wasm-operand': return readPlace(loc, ctx);
    default: throw new DwarfError(`a ${loc.kind} location has no single value`);
  }
}

/**
 * Evaluates an expression to a location. An empty expression means the
 * value is unavailable (optimized out), as DWARF 5 section 2.6.1.1.1 says.
 */
export function evaluate(expr: Uint8Array, ctx: ExpressionContext = {}): DwarfLocation {
  if (expr.length === 0) return { kind: 'optimized-out' };
  const r = new DwarfReader(expr, 'DWARF expression');
  const addrSize = ctx.addrSize ?? 4;
  const stack: bigint[] = [];
  const pieces: { size: number; location: DwarfLocation }[] = [];
  // A location fixed by DW_OP_WASM_location / implicit_value / stack_value for the current piece.
  let place: DwarfLocation | undefined;
  let steps = 0;
  const pop = (): bigint => {
    const v = stack.pop();
    if (v === undefined) throw r.error('expression stack underflow');
    return v;
  };
  const top = (depth = 0): bigint => {
    const v = stack[stack.length - 1 - depth];
    if (v === undefined) throw r.error('expression stack underflow');
    return v;
  };
  const current = (): DwarfLocation => {
    if (place) return place;
    if (stack.length === 0) return { kind: 'optimized-out' };
    return { kind: 'memory', address: top() };
  };
  while (!r.atEnd()) {
    if (++steps > 100000) throw r.error('expression does not terminate');
    const opAt = r.pos;
    const op = r.u8();
    if (op >= 0x30 && op <= 0x4f) { stack.push(BigInt(op - 0x30)); continue; } // lit0..lit31
    if (op >= 0x70 && op <= 0x8f) throw r.error('DW_OP_breg has no meaning on wasm', opAt);
    if (op >= 0x50 && op <= 0x6f) throw r.error('DW_OP_reg has no meaning on wasm', opAt);
    switch (op) {
      case 0x03: stack.push(BigInt(r.unsigned(addrSize))); break; // addr
      case 0x06: stack.push(need(ctx.readMemory, 'memory')(pop(), addrSize)); break; // deref
      case 0x94: { const size = r.u8(); stack.push(need(ctx.readMemory, 'memory')(pop(), size)); break; } // deref_size
      case 0x08: stack.push(BigInt(r.u8())); break;
      case 0x09: stack.push(wrap(BigInt((r.u8() << 24) >> 24))); break;
      case 0x0a: stack.push(BigInt(r.u16())); break;
      case 0x0b: stack.push(wrap(BigInt((r.u16() << 16) >> 16))); break;
      case 0x0c: stack.push(BigInt(r.u32())); break;
      case 0x0d: stack.push(wrap(BigInt(r.u32() | 0))); break;
      case 0x0e: case 0x0f: stack.push(r.u64()); break;
      case 0x10: stack.push(wrap(r.ulebBig())); break; // constu
      case 0x11: stack.push(wrap(r.slebBig())); break; // consts
      case 0x12: stack.push(top()); break; // dup
      case 0x13: pop(); break; // drop
      case 0x14: stack.push(top(1)); break; // over
      case 0x15: stack.push(top(r.u8())); break; // pick
      case 0x16: { const a = pop(); const b = pop(); stack.push(a, b); break; } // swap
      case 0x17: { const a = pop(); const b = pop(); const c = pop(); stack.push(a, c, b); break; } // rot
      case 0x19: { const v = signed(pop()); stack.push(wrap(v < 0n ? -v : v)); break; } // abs
      case 0x1a: { const b = pop(); stack.push(pop() & b); break; }
      case 0x1b: { const b = signed(pop()); const a = signed(pop()); if (b === 0n) throw r.error('division by zero', opAt); stack.push(wrap(a / b)); break; }
      case 0x1c: { const b = pop(); stack.push(wrap(pop() - b)); break; }
      case 0x1d: { const b = pop(); const a = pop(); if (b === 0n) throw r.error('division by zero', opAt); stack.push(a % b); break; }
      case 0x1e: { const b = pop(); stack.push(wrap(pop() * b)); break; }
      case 0x1f: stack.push(wrap(-pop())); break;
      case 0x20: stack.push(wrap(~pop())); break;
      case 0x21: { const b = pop(); stack.push(pop() | b); break; }
      case 0x22: { const b = pop(); stack.push(wrap(pop() + b)); break; }
      case 0x23: stack.push(wrap(pop() + r.ulebBig())); break; // plus_uconst
      case 0x24: { const b = pop(); stack.push(b >= 64n ? 0n : wrap(pop() << b)); break; }
      case 0x25: { const b = pop(); stack.push(b >= 64n ? 0n : pop() >> b); break; }
      case 0x26: { const b = pop(); stack.push(wrap(signed(pop()) >> (b >= 64n ? 63n : b))); break; }
      case 0x27: { const b = pop(); stack.push(pop() ^ b); break; }
      case 0x28: { const off = (r.u16() << 16) >> 16; if (pop() !== 0n) jump(r, off); break; } // bra
      case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: {
        const b = signed(pop()); const a = signed(pop());
        const t = [a === b, a >= b, a > b, a <= b, a < b, a !== b][op - 0x29];
        stack.push(t ? 1n : 0n);
        break;
      }
      case 0x2f: jump(r, (r.u16() << 16) >> 16); break; // skip
      case 0x91: stack.push(wrap(need(ctx.frameBase, 'the frame base')() + r.slebBig())); break; // fbreg
      case 0x93: { // piece
        const size = r.uleb();
        pieces.push({ size, location: current() });
        place = undefined;
        stack.length = 0;
        break;
      }
      case 0x96: break; // nop
      case 0x9e: place = { kind: 'implicit', bytes: r.take(r.uleb()) }; break; // implicit_value
      case 0x9f: place = { kind: 'value', value: pop() }; break; // stack_value
      case 0xa1: case 0xa2: stack.push(BigInt(need(ctx.address, '.debug_addr')(r.uleb()))); break; // addrx, constx
      case DW_OP_WASM_location: {
        const loc = readWasmLocation(r);
        // Alone (or right before a piece) it names the place; otherwise its value feeds the stack.
        if (r.atEnd() || expr[r.pos] === 0x93) place = loc;
        else stack.push(readPlace(loc, ctx));
        break;
      }
      default: throw r.error(`unsupported DWARF operation 0x${op.toString(16)}`, opAt);
    }
  }
  if (pieces.length) return { kind: 'pieces', pieces };
  return current();
}

function jump(r: DwarfReader, offset: number): void {
  const to = r.pos + offset;
  if (to < 0 || to > r.end) throw r.error('branch out of the expression');
  r.pos = to;
}

const NAMES: Record<number, string> = {
  0x03: 'addr', 0x06: 'deref', 0x08: 'const1u', 0x09: 'const1s', 0x0a: 'const2u', 0x0b: 'const2s',
  0x0c: 'const4u', 0x0d: 'const4s', 0x0e: 'const8u', 0x0f: 'const8s', 0x10: 'constu', 0x11: 'consts',
  0x12: 'dup', 0x13: 'drop', 0x14: 'over', 0x15: 'pick', 0x16: 'swap', 0x17: 'rot', 0x19: 'abs',
  0x1a: 'and', 0x1b: 'div', 0x1c: 'minus', 0x1d: 'mod', 0x1e: 'mul', 0x1f: 'neg', 0x20: 'not',
  0x21: 'or', 0x22: 'plus', 0x23: 'plus_uconst', 0x24: 'shl', 0x25: 'shr', 0x26: 'shra', 0x27: 'xor',
  0x28: 'bra', 0x29: 'eq', 0x2a: 'ge', 0x2b: 'gt', 0x2c: 'le', 0x2d: 'lt', 0x2e: 'ne', 0x2f: 'skip',
  0x91: 'fbreg', 0x93: 'piece', 0x94: 'deref_size', 0x96: 'nop', 0x9e: 'implicit_value',
  0x9f: 'stack_value', 0xa1: 'addrx', 0xa2: 'constx', [DW_OP_WASM_location]: 'WASM_location',
};

/** Renders an expression the way llvm-dwarfdump does ("DW_OP_fbreg +12, DW_OP_deref"). */
export function disassemble(expr: Uint8Array, addrSize = 4): string {
  const r = new DwarfReader(expr, 'DWARF expression');
  const out: string[] = [];
  const hex = (n: number | bigint): string => `0x${n.toString(16)}`;
  while (!r.atEnd()) {
    const op = r.u8();
    if (op >= 0x30 && op <= 0x4f) { out.push(`DW_OP_lit${op - 0x30}`); continue; }
    const name = NAMES[op];
    if (!name) throw r.error(`unsupported DWARF operation 0x${op.toString(16)}`, r.pos - 1);
    let text = `DW_OP_${name}`;
    switch (op) {
      case 0x03: text += ` ${hex(r.unsigned(addrSize))}`; break;
      case 0x08: case 0x15: case 0x94: text += ` ${hex(r.u8())}`; break;
      case 0x09: text += ` ${(r.u8() << 24) >> 24}`; break;
      case 0x0a: text += ` ${hex(r.u16())}`; break;
      case 0x0b: case 0x28: case 0x2f: text += ` ${(r.u16() << 16) >> 16}`; break;
      case 0x0c: text += ` ${hex(r.u32())}`; break;
      case 0x0d: text += ` ${r.u32() | 0}`; break;
      case 0x0e: text += ` ${hex(r.u64())}`; break;
      case 0x0f: text += ` ${BigInt.asIntN(64, r.u64())}`; break;
      case 0x10: case 0x23: case 0x93: case 0xa1: case 0xa2: text += ` ${hex(r.ulebBig())}`; break;
      case 0x11: text += ` ${r.slebBig()}`; break;
      case 0x91: { const v = r.slebBig(); text += ` ${v >= 0n ? '+' : ''}${v}`; break; }
      case 0x9e: { const n = r.uleb(); r.take(n); text += ` ${hex(n)}`; break; }
      case DW_OP_WASM_location: { const k = r.u8(); text += ` ${hex(k)} ${hex(k === 3 ? r.u32() : r.uleb())}`; break; }
      default: break;
    }
    out.push(text);
  }
  return out.join(', ');
}
