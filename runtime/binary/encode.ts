// The binary module encoder, the exact inverse of decode.ts. Besides the
// bytes it reports where things landed: every Instr's `offset` is set to the
// module offset of its opcode (the text parser builds its .wat line map from
// these), and the offsets of the function bodies are returned.

import type { CustomSection, DataSegment, ElemSegment, Func, Module } from '../syntax/module.js';
import { AbsHeap, FUNCREF, refType } from '../syntax/types.js';
import { opId, PREFIX_MISC } from '../syntax/opcodes.js';
import { writeConstExpr, writeInstrs } from './encode-instr.js';
import { encodeNameSection, hasNames } from './encode-names.js';
import {
  writeGlobalType, writeMemoryType, writeSubType, writeTableType, writeValType,
} from './encode-types.js';
import { SectionId, WASM_MAGIC, WASM_VERSION } from './format.js';
import { ByteWriter } from './writer.js';
import type { Mark } from './writer.js';

export interface EncodedModule {
  bytes: Uint8Array;
  /** Per defined function, the module offset of its body (its size field). */
  funcBodyOffsets: number[];
}

const REF_FUNC = opId(0, 0xd2);
const OP_END = 0x0b;
const OP_MEMORY_INIT = opId(PREFIX_MISC, 8);
const OP_DATA_DROP = opId(PREFIX_MISC, 9);
const FUNC_INDEX_ELEM_TYPE = refType(AbsHeap.Func, false);

/** Sections in the order the format requires them. */
const SECTION_SEQUENCE: readonly SectionId[] = [
  SectionId.Type, SectionId.Import, SectionId.Function, SectionId.Table, SectionId.Memory,
  SectionId.Tag, SectionId.Global, SectionId.Export, SectionId.Start, SectionId.Element,
  SectionId.DataCount, SectionId.Code, SectionId.Data,
];

const IMPORT_KIND_CODES = { func: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;

/** The function index an item `ref.func i; end` stands for, or -1 if it is another expression. */
function funcIndexItem(item: readonly { op: number; index: number }[]): number {
  const [first, second] = item;
  if (!first || first.op !== REF_FUNC) return -1;
  if (item.length === 1 || (item.length === 2 && second!.op === OP_END)) return first.index;
  return -1;
}

function writeElemSegment(w: ByteWriter, seg: ElemSegment): void {
  const mode = seg.mode;
  const active = mode.kind === 'active';
  const implicitTable = active && mode.index === 0;
  // The compact forms list function indices; they can only express (ref func) segments.
  const indices = seg.type === FUNC_INDEX_ELEM_TYPE ? seg.items.map(funcIndexItem) : [];
  const asIndices = seg.type === FUNC_INDEX_ELEM_TYPE && indices.every((i) => i >= 0);
  let flags: number;
  if (asIndices) flags = active ? (implicitTable ? 0 : 2) : mode.kind === 'passive' ? 1 : 3;
  else if (active) flags = implicitTable && seg.type === FUNCREF ? 4 : 6;
  else flags = mode.kind === 'passive' ? 5 : 7;
  w.u32(flags);
  if (mode.kind === 'active') {
    if (flags === 2 || flags === 6) w.u32(mode.index);
    writeConstExpr(w, mode.offset);
  }
  if (asIndices) {
    if (flags !== 0) w.u8(0x00); // elemkind: funcref
    w.u32(indices.length);
    for (const i of indices) w.u32(i);
  } else {
    if (flags !== 4) writeValType(w, seg.type);
    w.u32(seg.items.length);
    for (const item of seg.items) writeConstExpr(w, item);
  }
}

function writeDataSegment(w: ByteWriter, seg: DataSegment): void {
  const mode = seg.mode;
  if (mode.kind === 'active') {
    if (mode.index === 0) {
      w.u32(0);
    } else {
      w.u32(2);
      w.u32(mode.index);
    }
    writeConstExpr(w, mode.offset);
  } else {
    w.u32(1); // passive (data segments have no declarative form)
  }
  w.u32(seg.bytes.length);
  w.bytes(seg.bytes);
}

function writeFuncBody(w: ByteWriter, f: Func): void {
  // Runs of equal types are grouped: (count, type) pairs.
  const groups: [number, number][] = [];
  for (const t of f.locals) {
    const last = groups[groups.length - 1];
    if (last && last[1] === t) last[0]++;
    else groups.push([1, t]);
  }
  w.u32(groups.length);
  for (const [count, type] of groups) {
    w.u32(count);
    writeValType(w, type);
  }
  writeInstrs(w, f.body);
}

function usesDataCount(m: Module): boolean {
  return m.funcs.some((f) => f.body.some((i) => i.op === OP_MEMORY_INIT || i.op === OP_DATA_DROP));
}

/**
 * Writes the contents of section `id`, or returns false if the module has
 * nothing for it. With `keepEmpty`, a vector section is written even when
 * empty (a custom section was recorded after it, and stays there).
 */
function writeSection(w: ByteWriter, id: SectionId, m: Module, bodyMarks: Mark[], keepEmpty: boolean): boolean {
  switch (id) {
    case SectionId.Type: {
      if (m.types.length === 0 && m.recGroups.length === 0 && !keepEmpty) return false;
      const groups = m.recGroups.length > 0 || m.types.length === 0
        ? m.recGroups
        : m.types.map((_, i) => ({ start: i, count: 1 }));
      w.u32(groups.length);
      for (const g of groups) {
        if (g.count !== 1) {
          w.u8(0x4e); // rec
          w.u32(g.count);
        }
        for (let i = g.start; i < g.start + g.count; i++) writeSubType(w, m.types[i]!);
      }
      return true;
    }
    case SectionId.Import:
      if (m.imports.length === 0 && !keepEmpty) return false;
      w.u32(m.imports.length);
      for (const imp of m.imports) {
        w.name(imp.module);
        w.name(imp.name);
        const d = imp.desc;
        w.u8(IMPORT_KIND_CODES[d.kind]);
        switch (d.kind) {
          case 'func': w.u32(d.typeIndex); break;
          case 'table': writeTableType(w, d.type); break;
          case 'memory': writeMemoryType(w, d.type); break;
          case 'global': writeGlobalType(w, d.type); break;
          case 'tag': w.u8(0x00); w.u32(d.typeIndex); break;
        }
      }
      return true;
    case SectionId.Function:
      if (m.funcs.length === 0 && !keepEmpty) return false;
      w.u32(m.funcs.length);
      for (const f of m.funcs) w.u32(f.typeIndex);
      return true;
    case SectionId.Table:
      if (m.tables.length === 0 && !keepEmpty) return false;
      w.u32(m.tables.length);
      for (const t of m.tables) {
        if (t.init) {
          w.u8(0x40);
          w.u8(0x00);
          writeTableType(w, t.type);
          writeConstExpr(w, t.init);
        } else {
          writeTableType(w, t.type);
        }
      }
      return true;
    case SectionId.Memory:
      if (m.memories.length === 0 && !keepEmpty) return false;
      w.u32(m.memories.length);
      for (const mem of m.memories) writeMemoryType(w, mem);
      return true;
    case SectionId.Tag:
      if (m.tags.length === 0 && !keepEmpty) return false;
      w.u32(m.tags.length);
      for (const t of m.tags) {
        w.u8(0x00); // attribute: exception
        w.u32(t.typeIndex);
      }
      return true;
    case SectionId.Global:
      if (m.globals.length === 0 && !keepEmpty) return false;
      w.u32(m.globals.length);
      for (const g of m.globals) {
        writeGlobalType(w, g.type);
        writeConstExpr(w, g.init);
      }
      return true;
    case SectionId.Export:
      if (m.exports.length === 0 && !keepEmpty) return false;
      w.u32(m.exports.length);
      for (const e of m.exports) {
        w.name(e.name);
        w.u8(IMPORT_KIND_CODES[e.kind]);
        w.u32(e.index);
      }
      return true;
    case SectionId.Start:
      if (m.start === undefined) return false;
      w.u32(m.start);
      return true;
    case SectionId.Element:
      if (m.elems.length === 0 && !keepEmpty) return false;
      w.u32(m.elems.length);
      for (const seg of m.elems) writeElemSegment(w, seg);
      return true;
    case SectionId.DataCount: {
      // memory.init and data.drop need the count even when the text did not ask for it.
      const count = m.dataCount ?? (usesDataCount(m) ? m.datas.length : undefined);
      if (count === undefined) return false;
      w.u32(count);
      return true;
    }
    case SectionId.Code:
      if (m.funcs.length === 0 && !keepEmpty) return false;
      w.u32(m.funcs.length);
      for (const f of m.funcs) {
        const body = new ByteWriter();
        writeFuncBody(body, f);
        const mark: Mark = { offset: 0 };
        w.mark(mark);
        bodyMarks.push(mark);
        w.appendSized(body);
      }
      return true;
    case SectionId.Data:
      if (m.datas.length === 0 && !keepEmpty) return false;
      w.u32(m.datas.length);
      for (const seg of m.datas) writeDataSegment(w, seg);
      return true;
    default:
      return false;
  }
}

function writeCustom(w: ByteWriter, name: string, payload: Uint8Array): void {
  const s = new ByteWriter(payload.length + name.length + 8);
  s.name(name);
  s.bytes(payload);
  w.u8(SectionId.Custom);
  w.appendSized(s);
}

export function encodeModuleWithMap(m: Module): EncodedModule {
  const out = new ByteWriter(4096);
  out.bytes(WASM_MAGIC);
  out.bytes(WASM_VERSION);
  const names = hasNames(m.names) ? encodeNameSection(m.names) : undefined;
  let namesWritten = false;
  const writeCustomsAfter = (after: number): void => {
    for (const c of m.customs) {
      if (c.after !== after) continue;
      writeCustomSection(c);
    }
  };
  const writeCustomSection = (c: CustomSection): void => {
    if (c.name === 'name' && names) {
      // The names in the IR are the truth; the recorded section only says where they go.
      if (!namesWritten) writeCustom(out, 'name', names);
      namesWritten = true;
      return;
    }
    writeCustom(out, c.name, c.bytes);
  };
  const bodyMarks: Mark[] = [];
  writeCustomsAfter(0);
  for (const id of SECTION_SEQUENCE) {
    const section = new ByteWriter();
    const keepEmpty = m.customs.some((c) => c.after === id);
    if (writeSection(section, id, m, bodyMarks, keepEmpty)) {
      out.u8(id);
      out.appendSized(section);
    }
    writeCustomsAfter(id);
  }
  // Customs recorded after a section id we do not know still go out, last.
  for (const c of m.customs) if (c.after !== 0 && !SECTION_SEQUENCE.includes(c.after)) writeCustomSection(c);
  if (names && !namesWritten) writeCustom(out, 'name', names);
  return { bytes: out.finish(), funcBodyOffsets: bodyMarks.map((mk) => mk.offset) };
}

export function encodeModule(m: Module): Uint8Array {
  return encodeModuleWithMap(m).bytes;
}
