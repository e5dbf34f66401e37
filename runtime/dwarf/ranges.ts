// Address ranges and location lists: DWARF 4 .debug_ranges/.debug_loc (pairs
// relative to the unit's base address) and DWARF 5 .debug_rnglists/
// .debug_loclists (typed entries, possibly indexed via .debug_addr).

import { DW_LLE, DW_RLE } from './constants.js';
import { DwarfReader } from './reader.js';
import type { DwarfSections } from './sections.js';
import { isTombstone } from './line.js';

// Local aliases: a CommonJS transpile turns imported bindings into getter calls in hot loops.
const LLE = DW_LLE;
const RLE = DW_RLE;

/** A half-open address range [start, end). */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface LocationListEntry extends Range {
  readonly expr: Uint8Array;
  /** DW_LLE_default_location: applies where no other entry does. */
  readonly isDefault?: boolean;
}

/** What list readers need from the unit they belong to. */
export interface UnitContext {
  readonly version: number;
  readonly addrSize: number;
  readonly is64: boolean;
  /** The unit's base address (DW_AT_low_pc of the unit DIE, else 0). */
  readonly baseAddress: number;
  /** Resolves an index into .debug_addr (DW_AT_addr_base applied). */
  address(index: number): number;
}

function maxAddress(addrSize: number): number {
  return addrSize === 8 ? Number.MAX_SAFE_INTEGER : 2 ** (addrSize * 8) - 1;
}

function push(out: Range[], start: number, end: number): void {
  if (end > start && !isTombstone(start)) out.push({ start, end });
}

/**
 * Walks a DWARF 4 list (.debug_ranges or .debug_loc): pairs of addresses
 * relative to a base, a pair starting with the largest address selecting a
 * new base, (0, 0) ending the list. `entry` gets each other pair's absolute
 * addresses and reads whatever follows the pair; `removed` marks pairs whose
 * start is a tombstone (code the linker removed), which callers skip.
 */
function walkV4List(
  bytes: Uint8Array | undefined, section: string, offset: number, u: UnitContext, what: string,
  entry: (r: DwarfReader, start: number, end: number, removed: boolean) => void,
): void {
  const r = new DwarfReader(bytes ?? new Uint8Array(0), section, 0);
  if (offset >= r.end) throw r.error(`${what} list offset out of range`, offset);
  r.pos = offset;
  const max = maxAddress(u.addrSize);
  let base = u.baseAddress;
  for (;;) {
    const start = r.unsigned(u.addrSize);
    const end = r.unsigned(u.addrSize);
    if (start === 0 && end === 0) return;
    if (start === max) { base = end; continue; }
    // The linker marks entries of removed code with a tombstone start.
    entry(r, base + start, base + end, isTombstone(start));
  }
}

/** DWARF 4 .debug_ranges list at `offset`. */
export function readRangesV4(sections: DwarfSections, offset: number, u: UnitContext): Range[] {
  const out: Range[] = [];
  walkV4List(sections.ranges, '.debug_ranges', offset, u, 'range', (_r, start, end, removed) => {
    if (!removed) push(out, start, end);
  });
  return out;
}

/** DWARF 5 .debug_rnglists list at `offset` (an absolute section offset). */
export function readRangeList(sections: DwarfSections, offset: number, u: UnitContext): Range[] {
  const r = new DwarfReader(sections.rnglists ?? new Uint8Array(0), '.debug_rnglists', 0);
  if (offset >= r.end) throw r.error('range list offset out of range', offset);
  r.pos = offset;
  const out: Range[] = [];
  let base = u.baseAddress;
  for (;;) {
    const kind = r.u8();
    switch (kind) {
      case RLE.end_of_list: return out;
      case RLE.base_addressx: base = u.address(r.uleb()); break;
      case RLE.startx_endx: { const s = u.address(r.uleb()); push(out, s, u.address(r.uleb())); break; }
      case RLE.startx_length: { const s = u.address(r.uleb()); push(out, s, s + r.uleb()); break; }
      case RLE.offset_pair: { const s = r.uleb(); const e = r.uleb(); push(out, base + s, base + e); break; }
      case RLE.base_address: base = r.unsigned(u.addrSize); break;
      case RLE.start_end: { const s = r.unsigned(u.addrSize); push(out, s, r.unsigned(u.addrSize)); break; }
      case RLE.start_length: { const s = r.unsigned(u.addrSize); push(out, s, s + r.uleb()); break; }
      default: throw r.error(`unknown range list entry kind ${kind}`, r.pos - 1);
    }
  }
}

/** DWARF 4 .debug_loc list at `offset`. */
export function readLocV4(sections: DwarfSections, offset: number, u: UnitContext): LocationListEntry[] {
  const out: LocationListEntry[] = [];
  walkV4List(sections.loc, '.debug_loc', offset, u, 'location', (r, start, end, removed) => {
    const expr = r.take(r.u16());
    if (!removed && end > start) out.push({ start, end, expr });
  });
  return out;
}

/** DWARF 5 .debug_loclists list at `offset` (an absolute section offset). */
export function readLocationList(sections: DwarfSections, offset: number, u: UnitContext): LocationListEntry[] {
  const r = new DwarfReader(sections.loclists ?? new Uint8Array(0), '.debug_loclists', 0);
  if (offset >= r.end) throw r.error('location list offset out of range', offset);
  r.pos = offset;
  const out: LocationListEntry[] = [];
  let base = u.baseAddress;
  const add = (start: number, end: number): void => {
    const expr = r.take(r.uleb());
    if (end > start && !isTombstone(start)) out.push({ start, end, expr });
  };
  for (;;) {
    const kind = r.u8();
    switch (kind) {
      case LLE.end_of_list: return out;
      case LLE.base_addressx: base = u.address(r.uleb()); break;
      case LLE.startx_endx: { const s = u.address(r.uleb()); add(s, u.address(r.uleb())); break; }
      case LLE.startx_length: { const s = u.address(r.uleb()); add(s, s + r.uleb()); break; }
      case LLE.offset_pair: { const s = r.uleb(); const e = r.uleb(); add(base + s, base + e); break; }
      case LLE.default_location: out.push({ start: 0, end: 0, expr: r.take(r.uleb()), isDefault: true }); break;
      case LLE.base_address: base = r.unsigned(u.addrSize); break;
      case LLE.start_end: { const s = r.unsigned(u.addrSize); add(s, r.unsigned(u.addrSize)); break; }
      case LLE.start_length: { const s = r.unsigned(u.addrSize); add(s, s + r.uleb()); break; }
      default: throw r.error(`unknown location list entry kind ${kind}`, r.pos - 1);
    }
  }
}

/**
 * Resolves a rnglistx/loclistx index: the table of offsets starts at the
 * unit's *_base, and each offset is relative to that base.
 */
export function listOffsetFromIndex(section: Uint8Array | undefined, name: string, base: number, index: number, is64: boolean): number {
  const r = new DwarfReader(section ?? new Uint8Array(0), name, 0);
  const size = is64 ? 8 : 4;
  const at = base + index * size;
  if (at + size > r.end) throw r.error(`list index ${index} out of range`, at);
  r.pos = at;
  return base + r.offset(is64);
}
