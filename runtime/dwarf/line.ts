// .debug_line: the line number program of one unit (headers of versions 2-5,
// including v5's self-describing directory/file entry formats) run through
// the state machine of DWARF 5 section 6.2 into a list of rows.

import { DW_FORM, DW_LNCT, DW_LNE, DW_LNS } from './constants.js';
import { DwarfReader, stringAt } from './reader.js';
import type { DwarfSections } from './sections.js';

// Local aliases: a CommonJS transpile turns imported bindings into getter calls in hot loops.
const FORM = DW_FORM;
const LNCT = DW_LNCT;
const LNE = DW_LNE;
const LNS = DW_LNS;

export interface LineFile {
  /** The name as written in the table. */
  readonly name: string;
  /** Name joined with its directory (and the compilation directory when relative). */
  readonly path: string;
}

export interface LineRow {
  readonly address: number;
  readonly file: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly endSequence: boolean;
  readonly prologueEnd: boolean;
  readonly discriminator: number;
}

export interface LineProgram {
  readonly offset: number;
  readonly version: number;
  /** Indexed by the row's `file`; DWARF 4 tables are 1-based, so entry 0 is a placeholder there. */
  readonly files: (LineFile | undefined)[];
  /** Rows grouped in sequences; each sequence ends with a row whose endSequence is true. */
  readonly rows: LineRow[];
}

export function joinPath(dir: string, name: string): string {
  if (!dir || name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name)) return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Addresses the linker writes for code it removed; sequences starting there are dropped. */
export function isTombstone(address: number): boolean {
  return address === 0xffffffff || address === 0xfffffffe;
}

type EntryValue = string | number | Uint8Array;

function readEntryValue(r: DwarfReader, form: number, is64: boolean, sections: DwarfSections): EntryValue {
  switch (form) {
    case FORM.string: return r.cstr();
    case FORM.line_strp: return stringAt(sections.lineStr, '.debug_line_str', r.offset(is64));
    case FORM.strp: return stringAt(sections.str, '.debug_str', r.offset(is64));
    case FORM.udata: return r.uleb();
    case FORM.data1: return r.u8();
    case FORM.data2: return r.u16();
    case FORM.data4: return r.u32();
    case FORM.data8: return r.u64n();
    case FORM.data16: return r.take(16);
    case FORM.block: return r.take(r.uleb());
    // strx would need the unit's str_offsets_base; no producer uses it here.
    default: throw r.error(`unsupported form 0x${form.toString(16)} in line table header`);
  }
}

function readEntries(r: DwarfReader, is64: boolean, sections: DwarfSections): Map<number, EntryValue>[] {
  const formatCount = r.u8();
  const format: [number, number][] = [];
  for (let i = 0; i < formatCount; i++) format.push([r.uleb(), r.uleb()]);
  const count = r.uleb();
  const out: Map<number, EntryValue>[] = [];
  for (let i = 0; i < count; i++) {
    const entry = new Map<number, EntryValue>();
    for (const [type, form] of format) entry.set(type, readEntryValue(r, form, is64, sections));
    out.push(entry);
  }
  return out;
}

/** Parses and runs the line program at `offset`; `compDir` and `cuName` come from the unit DIE. */
export function readLineProgram(sections: DwarfSections, offset: number, addrSize: number, compDir: string): LineProgram {
  if (!sections.line) throw new DwarfReader(new Uint8Array(0), '.debug_line').error('section missing', offset);
  const r = new DwarfReader(sections.line, '.debug_line');
  if (offset >= sections.line.length) throw r.error('line table offset out of range', offset);
  r.pos = offset;
  const { end, is64 } = r.unitLength();
  r.end = end;
  const version = r.u16();
  if (version < 2 || version > 5) throw r.error(`unsupported line table version ${version}`, offset);
  if (version >= 5) {
    addrSize = r.u8();
    r.u8(); // segment selector size
  }
  const headerLength = r.offset(is64);
  const programStart = r.pos + headerLength;
  if (programStart > end) throw r.error('header extends past the table');
  const minInstLength = r.u8();
  const maxOps = version >= 4 ? r.u8() || 1 : 1;
  const defaultIsStmt = r.u8() !== 0;
  const lineBase = (r.u8() << 24) >> 24;
  const lineRange = r.u8();
  if (lineRange === 0) throw r.error('line_range is zero');
  const opcodeBase = r.u8();
  const opLengths: number[] = [];
  for (let i = 1; i < opcodeBase; i++) opLengths.push(r.u8());

  const dirs: string[] = [];
  const files: (LineFile | undefined)[] = [];
  if (version >= 5) {
    for (const e of readEntries(r, is64, sections)) {
      const p = e.get(LNCT.path);
      dirs.push(typeof p === 'string' ? p : '');
    }
    for (const e of readEntries(r, is64, sections)) {
      const p = e.get(LNCT.path);
      const d = e.get(LNCT.directory_index);
      const name = typeof p === 'string' ? p : '';
      const dir = typeof d === 'number' ? dirs[d] ?? '' : '';
      // In v5, directory 0 is the compilation directory itself.
      files.push({ name, path: joinPath(dir, name) });
    }
  } else {
    dirs.push(compDir);
    for (;;) {
      const d = r.cstr();
      if (!d) break;
      dirs.push(joinPath(compDir, d));
    }
    files.push(undefined); // v2-v4 file numbers start at 1
    for (;;) {
      const name = r.cstr();
      if (!name) break;
      const dirIndex = r.uleb();
      r.uleb(); r.uleb(); // modification time, length
      files.push({ name, path: joinPath(dirs[dirIndex] ?? '', name) });
    }
  }
  r.pos = programStart;

  const rows: LineRow[] = [];
  let address = 0, opIndex = 0, file = 1, line = 1, column = 0, isStmt = defaultIsStmt;
  let prologueEnd = false, discriminator = 0;
  let seqStart = 0; // index in rows where the current sequence began
  const reset = (): void => {
    address = 0; opIndex = 0; file = 1; line = 1; column = 0; isStmt = defaultIsStmt;
    prologueEnd = false; discriminator = 0;
  };
  const emit = (endSequence: boolean): void => {
    rows.push({ address, file, line, column, isStmt, endSequence, prologueEnd, discriminator });
    discriminator = 0;
    prologueEnd = false;
  };
  const advance = (operationAdvance: number): void => {
    // VLIW op_index arithmetic; with max_ops 1 (always on wasm) this is address += adv * minInst.
    address += minInstLength * Math.floor((opIndex + operationAdvance) / maxOps);
    opIndex = (opIndex + operationAdvance) % maxOps;
  };
  while (r.pos < end) {
    const op = r.u8();
    if (op >= opcodeBase) {
      const adjusted = op - opcodeBase;
      advance(Math.floor(adjusted / lineRange));
      line += lineBase + (adjusted % lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = r.uleb();
        const next = r.pos + len;
        if (len === 0 || next > end) throw r.error('bad extended opcode length');
        const sub = r.u8();
        switch (sub) {
          case LNE.end_sequence: {
            emit(true);
            // Sequences of code the linker discarded start at a tombstone address.
            if (isTombstone(rows[seqStart]!.address)) rows.length = seqStart;
            seqStart = rows.length;
            reset();
            break;
          }
          case LNE.set_address: address = r.unsigned(len - 1 || addrSize); opIndex = 0; break;
          case LNE.define_file: {
            const name = r.cstr();
            const dirIndex = r.uleb();
            files.push({ name, path: joinPath(dirs[dirIndex] ?? '', name) });
            break;
          }
          case LNE.set_discriminator: discriminator = r.uleb(); break;
          default: break; // unknown extended opcodes are skipped by their length
        }
        r.pos = next;
        break;
      }
      case LNS.copy: emit(false); break;
      case LNS.advance_pc: advance(r.uleb()); break;
      case LNS.advance_line: line += r.sleb(); break;
      case LNS.set_file: file = r.uleb(); break;
      case LNS.set_column: column = r.uleb(); break;
      case LNS.negate_stmt: isStmt = !isStmt; break;
      case LNS.set_basic_block: break;
      case LNS.const_add_pc: advance(Math.floor((255 - opcodeBase) / lineRange)); break;
      case LNS.fixed_advance_pc: address += r.u16(); opIndex = 0; break;
      case LNS.set_prologue_end: prologueEnd = true; break;
      case LNS.set_epilogue_begin: break;
      case LNS.set_isa: r.uleb(); break;
      default: {
        // A standard opcode this reader does not know: skip its LEB operands.
        const n = opLengths[op - 1] ?? 0;
        for (let i = 0; i < n; i++) r.uleb();
      }
    }
  }
  rows.length = seqStart; // an unterminated sequence has no end address: drop it
  return { offset, version, files, rows };
}
