// The binary module decoder: bytes in, Module IR (module.ts) out, or a
// located CompileError. It checks everything the binary format itself
// requires (well-formedness); typing rules are the validator's job.

import type {
  ConstExpr, DataSegment, ElemSegment, Func, Global, Import, ImportDesc, Instr, Module, SegmentMode, Table,
} from '../syntax/module.js';
import { emptyModule } from '../syntax/module.js';
import { AbsHeap, FUNCREF, refType } from '../syntax/types.js';
import type { ValType } from '../syntax/types.js';
import { opId } from '../syntax/opcodes.js';
import { readExpr } from './decode-instr.js';
import type { InstrContext } from './decode-instr.js';
import { readNameSection } from './decode-names.js';
import {
  readGlobalType, readMemoryType, readRecGroup, readRefType, readTableType, readValType,
} from './decode-types.js';
import { ByteReader } from './reader.js';
import { SectionId, SECTION_ORDER, WASM_MAGIC, WASM_VERSION } from './format.js';

/**
 * Locals per function beyond which we refuse a body. The spec only forbids
 * more than 2^32 - 1; real engines stop far sooner (V8 at 50 000), and every
 * local costs us memory in the IR, so we do too.
 */
export const MAX_LOCALS = 50_000;

const REF_FUNC = opId(0, 0xd2);
const OP_END = 0x0b;
/** Element segments written as function indices hold non-null function references. */
const FUNC_INDEX_ELEM_TYPE = refType(AbsHeap.Func, false);

/** Decoding state beyond the Module itself. */
interface DecodeState {
  readonly r: ByteReader;
  readonly m: Module;
  readonly ctx: InstrContext;
  /** Type indices from the function section; the code section supplies the bodies. */
  funcTypes: number[];
}

function readHeader(r: ByteReader): void {
  r.endMessage = 'unexpected end';
  const magic = r.view(4);
  for (let i = 0; i < 4; i++) if (magic[i] !== WASM_MAGIC[i]) r.fail('magic header not detected', 0);
  const version = r.view(4);
  for (let i = 0; i < 4; i++) if (version[i] !== WASM_VERSION[i]) r.fail('unknown binary version', 4);
}

function readConstExpr(s: DecodeState): ConstExpr {
  const out: Instr[] = [];
  readExpr(s.r, s.ctx, out);
  return out;
}

function readTypeSection(s: DecodeState): void {
  const n = s.r.count();
  for (let i = 0; i < n; i++) s.m.recGroups.push(readRecGroup(s.r, s.m.types));
}

function readTagType(r: ByteReader): number {
  const at = r.pos;
  if (r.u8() !== 0) r.fail('malformed tag attribute', at);
  return r.u32();
}

function readImportDesc(r: ByteReader): ImportDesc {
  const at = r.pos;
  switch (r.u8()) {
    case 0x00: return { kind: 'func', typeIndex: r.u32() };
    case 0x01: return { kind: 'table', type: readTableType(r) };
    case 0x02: return { kind: 'memory', type: readMemoryType(r) };
    case 0x03: return { kind: 'global', type: readGlobalType(r) };
    case 0x04: return { kind: 'tag', typeIndex: readTagType(r) };
    default: return r.fail('malformed import kind', at);
  }
}

function readImportSection(s: DecodeState): void {
  const r = s.r;
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const module = r.name();
    const name = r.name();
    const imp: Import = { module, name, desc: readImportDesc(r) };
    s.m.imports.push(imp);
  }
}

function readFunctionSection(s: DecodeState): void {
  const n = s.r.count();
  for (let i = 0; i < n; i++) s.funcTypes.push(s.r.u32());
}

function readTableSection(s: DecodeState): void {
  const r = s.r;
  const n = r.count();
  for (let i = 0; i < n; i++) {
    let table: Table;
    if (r.peek() === 0x40) {
      // 0x40 0x00 tabletype expr: a table with an initialiser for every element.
      r.pos++;
      const at = r.pos;
      if (r.u8() !== 0) r.fail('malformed table', at);
      const type = readTableType(r);
      table = { type, init: readConstExpr(s) };
    } else {
      table = { type: readTableType(r) };
    }
    s.m.tables.push(table);
  }
}

function readMemorySection(s: DecodeState): void {
  const n = s.r.count();
  for (let i = 0; i < n; i++) s.m.memories.push(readMemoryType(s.r));
}

function readTagSection(s: DecodeState): void {
  const n = s.r.count();
  for (let i = 0; i < n; i++) s.m.tags.push({ typeIndex: readTagType(s.r) });
}

function readGlobalSection(s: DecodeState): void {
  const n = s.r.count();
  for (let i = 0; i < n; i++) {
    const type = readGlobalType(s.r);
    const global: Global = { type, init: readConstExpr(s) };
    s.m.globals.push(global);
  }
}

const EXPORT_KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;

function readExportSection(s: DecodeState): void {
  const r = s.r;
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const name = r.name();
    const at = r.pos;
    const kind = EXPORT_KINDS[r.u8()];
    if (!kind) r.fail('malformed export kind', at);
    s.m.exports.push({ name, kind, index: r.u32() });
  }
}

/** A `ref.func i; end` expression standing for a function index in an element segment. */
function refFuncItem(funcIndex: number, offset: number): ConstExpr {
  return [
    { op: REF_FUNC, index: funcIndex, index2: 0, offset },
    { op: OP_END, index: 0, index2: 0, offset },
  ];
}

// Element segment flags: bit 0 = passive/declarative (else active), bit 1 =
// explicit table index (active) or declarative (not active), bit 2 = items are
// expressions (else function indices).
const ELEM_NOT_ACTIVE = 0x01;
const ELEM_TABLE_OR_DECLARE = 0x02;
const ELEM_EXPRS = 0x04;

function readElemSegment(s: DecodeState): ElemSegment {
  const r = s.r;
  const at = r.pos;
  const flags = r.u32();
  if (flags > 7) r.fail('malformed elements segment kind', at);
  let mode: SegmentMode;
  if (flags & ELEM_NOT_ACTIVE) {
    mode = flags & ELEM_TABLE_OR_DECLARE ? { kind: 'declarative' } : { kind: 'passive' };
  } else {
    const index = flags & ELEM_TABLE_OR_DECLARE ? r.u32() : 0;
    mode = { kind: 'active', index, offset: readConstExpr(s) };
  }
  // Flags 0 and 4 have an implicit type; the others spell it out.
  const explicitType = (flags & (ELEM_NOT_ACTIVE | ELEM_TABLE_OR_DECLARE)) !== 0;
  let type: ValType;
  const items: ConstExpr[] = [];
  if (flags & ELEM_EXPRS) {
    type = explicitType ? readRefType(r) : FUNCREF;
    const n = r.count();
    for (let i = 0; i < n; i++) items.push(readConstExpr(s));
  } else {
    if (explicitType) {
      const kindAt = r.pos;
      if (r.u8() !== 0x00) r.fail('malformed element kind', kindAt);
    }
    type = FUNC_INDEX_ELEM_TYPE;
    const n = r.count();
    for (let i = 0; i < n; i++) {
      const itemAt = r.pos;
      items.push(refFuncItem(r.u32(), itemAt));
    }
  }
  return { type, items, mode };
}

function readElementSection(s: DecodeState): void {
  const n = s.r.count();
  for (let i = 0; i < n; i++) s.m.elems.push(readElemSegment(s));
}

function readLocals(r: ByteReader): ValType[] {
  const at = r.pos;
  const groups = r.count();
  const locals: ValType[] = [];
  let total = 0;
  for (let i = 0; i < groups; i++) {
    const n = r.u32();
    const type = readValType(r);
    total += n;
    if (total > MAX_LOCALS) r.fail('too many locals', at);
    for (let k = 0; k < n; k++) locals.push(type);
  }
  return locals;
}

function readCodeSection(s: DecodeState): void {
  const r = s.r;
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const bodyOffset = r.pos;
    const size = r.length();
    const bodyStart = r.pos;
    const bodyEnd = bodyStart + size;
    const locals = readLocals(r);
    const body: Instr[] = [];
    readExpr(r, s.ctx, body);
    if (r.pos !== bodyEnd) r.fail('section size mismatch', bodyStart);
    const func: Func = { typeIndex: s.funcTypes[i] ?? 0, locals, body, bodyOffset, bodyEnd };
    s.m.funcs.push(func);
  }
}

function readDataSegment(s: DecodeState): DataSegment {
  const r = s.r;
  const at = r.pos;
  const flags = r.u32();
  let mode: SegmentMode;
  switch (flags) {
    case 0: mode = { kind: 'active', index: 0, offset: readConstExpr(s) }; break;
    case 1: mode = { kind: 'passive' }; break;
    case 2: {
      const index = r.u32();
      mode = { kind: 'active', index, offset: readConstExpr(s) };
      break;
    }
    default: return r.fail('malformed data segment kind', at);
  }
  return { bytes: r.copy(r.length()), mode };
}

function readDataSection(s: DecodeState): void {
  const n = s.r.count();
  for (let i = 0; i < n; i++) s.m.datas.push(readDataSegment(s));
}

function readCustomSection(s: DecodeState, sectionStart: number, end: number, after: number): void {
  const r = s.r;
  const name = r.name();
  if (r.pos > end) r.eof();
  const bytes = r.copy(end - r.pos);
  s.m.customs.push({ name, bytes, after, offset: sectionStart });
  if (name === 'name') readNameSection(bytes, s.m.names);
}

function readSection(s: DecodeState, id: SectionId): void {
  switch (id) {
    case SectionId.Type: return readTypeSection(s);
    case SectionId.Import: return readImportSection(s);
    case SectionId.Function: return readFunctionSection(s);
    case SectionId.Table: return readTableSection(s);
    case SectionId.Memory: return readMemorySection(s);
    case SectionId.Tag: return readTagSection(s);
    case SectionId.Global: return readGlobalSection(s);
    case SectionId.Export: return readExportSection(s);
    case SectionId.Start: s.m.start = s.r.u32(); return;
    case SectionId.Element: return readElementSection(s);
    case SectionId.DataCount: s.m.dataCount = s.r.u32(); return;
    case SectionId.Code: return readCodeSection(s);
    case SectionId.Data: return readDataSection(s);
    case SectionId.Custom: return; // handled by the caller, which knows the section bounds
  }
}

/** Decodes a binary module. Throws CompileError ('malformed', or 'unsupported' for SIMD/GC instructions). */
export function decodeModule(bytes: Uint8Array): Module {
  const r: ByteReader = new ByteReader(bytes);
  readHeader(r);
  const s: DecodeState = { r, m: emptyModule(), ctx: { dataCountUse: -1 }, funcTypes: [] };
  let lastRank = 0;
  let lastId = 0;
  while (!r.atEnd()) {
    const sectionStart = r.pos;
    const id = r.u8();
    const rank = SECTION_ORDER[id];
    if (rank === undefined) r.fail('malformed section id', sectionStart);
    r.endMessage = 'unexpected end';
    const size = r.length();
    r.endMessage = 'unexpected end of section or function';
    const start = r.pos;
    const end = start + size;
    if (id === SectionId.Custom) {
      readCustomSection(s, sectionStart, end, lastId);
    } else {
      if (rank <= lastRank) r.fail('unexpected content after last section', sectionStart);
      lastRank = rank;
      lastId = id;
      readSection(s, id);
    }
    if (r.pos !== end) r.fail('section size mismatch', start);
  }
  const m = s.m;
  const fileEnd = bytes.length;
  if (s.funcTypes.length !== m.funcs.length) {
    r.fail('function and code section have inconsistent lengths', fileEnd);
  }
  if (m.dataCount !== undefined && m.dataCount !== m.datas.length) {
    r.fail('data count and data section have inconsistent lengths', fileEnd);
  }
  if (m.dataCount === undefined && s.ctx.dataCountUse >= 0) {
    r.fail('data count section required', s.ctx.dataCountUse);
  }
  return m;
}
