// Decoding of instruction sequences (function bodies and constant
// expressions) into the flat Instr lists of module.ts, driven by the opcode
// table: the opcode's ImmKind says which immediates follow.

import { CompileError } from '../errors.js';
import { PREFIX_ATOMIC, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, opId, opInfo } from '../syntax/opcodes.js';
import type { OpInfo } from '../syntax/opcodes.js';
import type { CatchClause, Instr, ResumeHandler } from '../syntax/module.js';
import { readBlockType, readHeapType, readValTypes, unsupportedSimd } from './decode-types.js';
import type { ByteReader } from './reader.js';

/** What instruction decoding reports back to the module decoder. */
export interface InstrContext {
  /** Offset of the first memory.init or data.drop, which need a data count section; -1 if none. */
  dataCountUse: number;
}

// One-byte opcodes by byte, so the common case is an array index.
const ONE_BYTE: (OpInfo | undefined)[] = [];
for (let b = 0; b < 256; b++) ONE_BYTE.push(b >= 0xfb ? undefined : opInfo(b));

const OP_END = 0x0b;
const OP_ELSE = 0x05;
const OP_TRY = 0x06;
const OP_CATCH = 0x07;
const OP_DELEGATE = 0x18;
const OP_CATCH_ALL = 0x19;
const OP_IF = 0x04;
const OP_MEMORY_INIT = opId(PREFIX_MISC, 8);
const OP_DATA_DROP = opId(PREFIX_MISC, 9);

// What kind of structured block each open frame is, so that else/catch/
// delegate are only accepted where the binary grammar allows them.
const enum Frame {
  Plain, // block, loop, try_table
  Then, // if, before else
  Else, // if, after else
  Try, // legacy try, no handler yet
  TryCatch, // after a catch
  TryCatchAll, // after catch_all: nothing more but end
}

const CATCH_KINDS: readonly CatchClause['kind'][] = ['catch', 'catch_ref', 'catch_all', 'catch_all_ref'];

// Memarg flags: bits 0..5 are log2(align); bit 6 says a memory index follows.
const MEMARG_HAS_MEMORY = 0x40;
const MEMARG_ALIGN_MASK = 0x3f;
const MEMARG_FLAGS_LIMIT = 0x80;

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

function readInstrInfo(r: ByteReader, at: number): OpInfo {
  const b = r.u8();
  if (b < PREFIX_GC) {
    const info = ONE_BYTE[b];
    if (!info) r.fail(`illegal opcode ${hex(b)}`, at);
    return info;
  }
  if (b === PREFIX_SIMD) {
    r.u32(); // still a well-formed LEB, or the LEB error wins
    throw unsupportedSimd(at);
  }
  if (b === PREFIX_GC || b === PREFIX_MISC || b === PREFIX_ATOMIC) {
    const code = r.u32();
    const info = opInfo(opId(b, code));
    if (!info) r.fail(`illegal opcode ${hex(b)} ${code}`, at);
    return info;
  }
  return r.fail(`illegal opcode ${hex(b)}`, at);
}

function readHandlers(r: ByteReader): ResumeHandler[] {
  const n = r.count();
  const handlers: ResumeHandler[] = new Array<ResumeHandler>(n);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const kind = r.u8();
    if (kind === 0x00) {
      const tag = r.u32();
      handlers[i] = { tag, label: r.u32() };
    } else if (kind === 0x01) {
      handlers[i] = { tag: r.u32(), label: -1 };
    } else {
      r.fail('malformed handler', at);
    }
  }
  return handlers;
}

function readCatches(r: ByteReader): CatchClause[] {
  const n = r.count();
  const catches: CatchClause[] = new Array<CatchClause>(n);
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const code = r.u8();
    const kind = CATCH_KINDS[code];
    if (!kind) r.fail('malformed catch clause', at);
    const tag = code < 2 ? r.u32() : -1;
    catches[i] = { kind, tag, label: r.u32() };
  }
  return catches;
}

/** Reads the immediates of `info` into `ins`. */
function readImmediates(r: ByteReader, info: OpInfo, ins: Instr): void {
  switch (info.imm) {
    case 'none':
      return;
    case 'block':
      ins.blockType = readBlockType(r);
      return;
    case 'label': case 'func': case 'type': case 'local': case 'global': case 'table':
    case 'memory': case 'tag': case 'data': case 'elem':
      ins.index = r.u32();
      return;
    case 'brTable': {
      const n = r.count();
      const labels: number[] = new Array<number>(n);
      for (let i = 0; i < n; i++) labels[i] = r.u32();
      ins.labels = labels;
      ins.index = r.u32();
      return;
    }
    case 'callIndirect': case 'tableInit': case 'tableCopy': case 'memoryInit': case 'memoryCopy':
    case 'typeType': case 'typeTag': case 'typeField': case 'typeLen': case 'typeData': case 'typeElem':
      ins.index = r.u32();
      ins.index2 = r.u32();
      return;
    case 'memarg': {
      const at = r.pos;
      const flags = r.u32();
      if (flags >= MEMARG_FLAGS_LIMIT) r.fail('malformed memop flags', at);
      const memory = flags & MEMARG_HAS_MEMORY ? r.u32() : 0;
      ins.memArg = { align: flags & MEMARG_ALIGN_MASK, offset: r.u64Exact(), memory };
      return;
    }
    case 'i32':
      ins.value = r.s32();
      return;
    case 'i64':
      ins.value = r.s64();
      return;
    case 'f32':
      ins.value = r.f32Bits();
      return;
    case 'f64':
      ins.value = r.f64Bits();
      return;
    case 'heapType': case 'refType':
      ins.heapType = readHeapType(r);
      return;
    case 'selectT':
      ins.types = readValTypes(r);
      return;
    case 'tryTable':
      ins.blockType = readBlockType(r);
      ins.catches = readCatches(r);
      return;
    case 'fence': {
      const at = r.pos;
      if (r.u8() !== 0) r.fail('zero byte expected', at);
      return;
    }
    case 'resume':
      ins.index = r.u32();
      ins.handlers = readHandlers(r);
      return;
    case 'resumeThrow':
      ins.index = r.u32();
      ins.index2 = r.u32();
      ins.handlers = readHandlers(r);
      return;
    case 'brOnCast':
      ins.castFlags = r.u8();
      ins.index = r.u32();
      ins.heapType = readHeapType(r);
      ins.heapType2 = readHeapType(r);
      return;
  }
}

/**
 * Reads instructions up to and including the `end` that closes the
 * expression, appending them to `out`. Instruction offsets are positions in
 * the reader's buffer, which is the whole module.
 */
export function readExpr(r: ByteReader, ctx: InstrContext, out: Instr[]): void {
  const frames: Frame[] = [];
  for (;;) {
    const at = r.pos;
    const info = readInstrInfo(r, at);
    if (info.feature === 'gc') {
      throw new CompileError('unsupported', `GC instructions are not supported yet (${info.name})`, {
        kind: 'binary', offset: at,
      });
    }
    const ins: Instr = { op: info.id, index: 0, index2: 0, offset: at };
    readImmediates(r, info, ins);
    out.push(ins);
    switch (info.id) {
      case OP_END:
        if (frames.length === 0) return;
        frames.pop();
        break;
      case OP_ELSE:
        if (frames[frames.length - 1] !== Frame.Then) r.fail('END opcode expected', at);
        frames[frames.length - 1] = Frame.Else;
        break;
      case OP_CATCH: case OP_CATCH_ALL: {
        const top = frames[frames.length - 1];
        if (top !== Frame.Try && top !== Frame.TryCatch) r.fail('END opcode expected', at);
        frames[frames.length - 1] = info.id === OP_CATCH ? Frame.TryCatch : Frame.TryCatchAll;
        break;
      }
      case OP_DELEGATE:
        if (frames[frames.length - 1] !== Frame.Try) r.fail('END opcode expected', at);
        frames.pop();
        break;
      case OP_IF:
        frames.push(Frame.Then);
        break;
      case OP_TRY:
        frames.push(Frame.Try);
        break;
      case OP_MEMORY_INIT: case OP_DATA_DROP:
        if (ctx.dataCountUse < 0) ctx.dataCountUse = at;
        break;
      default:
        if (info.imm === 'block' || info.imm === 'tryTable') frames.push(Frame.Plain);
    }
  }
}
