// Encoding of instruction sequences, the inverse of decode-instr.ts. Every
// instruction is marked in the writer so that its `offset` ends up as the
// module offset of its opcode.

import { EngineBug } from '../errors.js';
import { opInfo } from '../syntax/opcodes.js';
import type { CatchClause, Instr, ResumeHandler } from '../syntax/module.js';
import { writeBlockType, writeHeapType, writeValTypes } from './encode-types.js';
import type { ByteWriter } from './writer.js';

const OP_END = 0x0b;
const CATCH_CODES: Record<CatchClause['kind'], number> = {
  catch: 0, catch_ref: 1, catch_all: 2, catch_all_ref: 3,
};

function writeHandlers(w: ByteWriter, handlers: readonly ResumeHandler[] | undefined): void {
  const list = handlers ?? [];
  w.u32(list.length);
  for (const h of list) {
    if (h.label < 0) {
      w.u8(0x01); // (on $tag switch)
      w.u32(h.tag);
    } else {
      w.u8(0x00);
      w.u32(h.tag);
      w.u32(h.label);
    }
  }
}

function writeCatches(w: ByteWriter, catches: readonly CatchClause[] | undefined): void {
  const list = catches ?? [];
  w.u32(list.length);
  for (const c of list) {
    const code = CATCH_CODES[c.kind];
    w.u8(code);
    if (code < 2) w.u32(c.tag);
    w.u32(c.label);
  }
}

function int32(value: number | bigint | undefined): number {
  if (typeof value === 'bigint') return Number(BigInt.asIntN(32, value));
  return (value ?? 0) | 0;
}

function int64(value: number | bigint | undefined): bigint {
  return typeof value === 'bigint' ? value : BigInt(Math.trunc(value ?? 0));
}

export function writeInstr(w: ByteWriter, ins: Instr): void {
  const info = opInfo(ins.op);
  if (!info) throw new EngineBug(`encoder: unknown opcode id 0x${ins.op.toString(16)}`);
  w.mark(ins);
  if (info.prefix) {
    w.u8(info.prefix);
    w.u32(info.code);
  } else {
    w.u8(info.code);
  }
  switch (info.imm) {
    case 'none':
      return;
    case 'block':
      writeBlockType(w, ins.blockType ?? { kind: 'empty' });
      return;
    case 'label': case 'func': case 'type': case 'local': case 'global': case 'table':
    case 'memory': case 'tag': case 'data': case 'elem':
      w.u32(ins.index);
      return;
    case 'brTable': {
      const labels = ins.labels ?? [];
      w.u32(labels.length);
      for (const l of labels) w.u32(l);
      w.u32(ins.index);
      return;
    }
    case 'callIndirect': case 'tableInit': case 'tableCopy': case 'memoryInit': case 'memoryCopy':
    case 'typeType': case 'typeTag': case 'typeField': case 'typeLen': case 'typeData': case 'typeElem':
      w.u32(ins.index);
      w.u32(ins.index2);
      return;
    case 'memarg': {
      const ma = ins.memArg ?? { align: info.naturalAlign, offset: 0, memory: 0 };
      // Bit 6 of the flags says an explicit memory index follows (multi-memory).
      w.u32(ma.align | (ma.memory !== 0 ? 0x40 : 0));
      if (ma.memory !== 0) w.u32(ma.memory);
      w.u64(ma.offset);
      return;
    }
    case 'i32':
      w.s32(int32(ins.value));
      return;
    case 'i64':
      w.s64(int64(ins.value));
      return;
    case 'f32':
      w.f32Bits(Number(ins.value ?? 0));
      return;
    case 'f64':
      w.f64Bits(int64(ins.value));
      return;
    case 'heapType': case 'refType':
      writeHeapType(w, ins.heapType ?? 0);
      return;
    case 'selectT':
      writeValTypes(w, ins.types ?? []);
      return;
    case 'tryTable':
      writeBlockType(w, ins.blockType ?? { kind: 'empty' });
      writeCatches(w, ins.catches);
      return;
    case 'fence':
      w.u8(0x00);
      return;
    case 'resume':
      w.u32(ins.index);
      writeHandlers(w, ins.handlers);
      return;
    case 'resumeThrow':
      w.u32(ins.index);
      w.u32(ins.index2);
      writeHandlers(w, ins.handlers);
      return;
    case 'brOnCast':
      w.u8(ins.castFlags ?? 0);
      w.u32(ins.index);
      writeHeapType(w, ins.heapType ?? 0);
      writeHeapType(w, ins.heapType2 ?? 0);
      return;
  }
}

export function writeInstrs(w: ByteWriter, instrs: readonly Instr[]): void {
  for (const ins of instrs) writeInstr(w, ins);
}

/** A constant expression; the closing `end` is written if the list does not carry it. */
export function writeConstExpr(w: ByteWriter, expr: readonly Instr[]): void {
  writeInstrs(w, expr);
  if (expr.length === 0 || expr[expr.length - 1]!.op !== OP_END) w.u8(OP_END);
}
