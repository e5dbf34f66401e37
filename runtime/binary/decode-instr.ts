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

// Local copies of imported constants: the hot loop should not go through
// module bindings (which some loaders compile to property getters).
const GC = PREFIX_GC;
const SIMD = PREFIX_SIMD;
const MISC = PREFIX_MISC;
const ATOMIC = PREFIX_ATOMIC;

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
  if (b < GC) {
    const info = ONE_BYTE[b];
    if (!info) r.fail(`illegal opcode ${hex(b)}`, at);
    return info;
  }
  if (b === SIMD) {
    r.u32(); // still a well-formed LEB, or the LEB error wins
    throw unsupportedSimd(at);
  }
  if (b === GC || b === MISC || b === ATOMIC) {
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

/**
 * Reads the immediates of `info` and builds the instruction. Each shape is
 * built as one object literal, so that V8 allocates every field in-object
 * instead of growing a property store afterwards (bodies hold millions).
 */
function readInstr(r: ByteReader, info: OpInfo, offset: number): Instr {
  const op = info.id;
  switch (info.imm) {
    case 'none':
      return { op, index: 0, index2: 0, offset };
    case 'label': case 'func': case 'type': case 'local': case 'global': case 'table':
    case 'memory': case 'tag': case 'data': case 'elem':
      return { op, index: r.u32(), index2: 0, offset };
    case 'i32':
      return { op, index: 0, index2: 0, offset, value: r.s32() };
    case 'memarg': {
      const at = r.pos;
      const flags = r.u32();
      if (flags >= MEMARG_FLAGS_LIMIT) r.fail('malformed memop flags', at);
      const memory = flags & MEMARG_HAS_MEMORY ? r.u32() : 0;
      const memArg = { align: flags & MEMARG_ALIGN_MASK, offset: r.u64Exact(), memory };
      return { op, index: 0, index2: 0, offset, memArg };
    }
    case 'block':
      return { op, index: 0, index2: 0, offset, blockType: readBlockType(r) };
    case 'i64':
      return { op, index: 0, index2: 0, offset, value: r.s64() };
    case 'f32':
      return { op, index: 0, index2: 0, offset, value: r.f32Bits() };
    case 'f64':
      return { op, index: 0, index2: 0, offset, value: r.f64Bits() };
    case 'brTable': {
      const n = r.count();
      const labels: number[] = new Array<number>(n);
      for (let i = 0; i < n; i++) labels[i] = r.u32();
      return { op, index: r.u32(), index2: 0, offset, labels };
    }
    case 'callIndirect': case 'tableInit': case 'tableCopy': case 'memoryInit': case 'memoryCopy':
    case 'typeType': case 'typeTag': case 'typeField': case 'typeLen': case 'typeData': case 'typeElem': {
      const index = r.u32();
      return { op, index, index2: r.u32(), offset };
    }
    case 'heapType': case 'refType':
      return { op, index: 0, index2: 0, offset, heapType: readHeapType(r) };
    case 'selectT':
      return { op, index: 0, index2: 0, offset, types: readValTypes(r) };
    case 'tryTable': {
      const blockType = readBlockType(r);
      return { op, index: 0, index2: 0, offset, blockType, catches: readCatches(r) };
    }
    case 'fence': {
      const at = r.pos;
      if (r.u8() !== 0) r.fail('zero byte expected', at);
      return { op, index: 0, index2: 0, offset };
    }
    case 'resume': {
      const index = r.u32();
      return { op, index, index2: 0, offset, handlers: readHandlers(r) };
    }
    case 'resumeThrow': {
      const index = r.u32();
      const index2 = r.u32();
      return { op, index, index2, offset, handlers: readHandlers(r) };
    }
    case 'brOnCast': {
      const castFlags = r.u8();
      const index = r.u32();
      const heapType = readHeapType(r);
      return { op, index, index2: 0, offset, castFlags, heapType, heapType2: readHeapType(r) };
    }
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
    out.push(readInstr(r, info, at));
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
