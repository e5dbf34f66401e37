// .debug_info: unit headers (v2-v5) and the DIE tree of each unit. Attribute
// values are decoded to a small tagged form; anything that needs another
// section (strx, addrx, rnglistx, loclistx) is kept as an index and resolved
// by the Dwarf facade, because the bases it needs (DW_AT_str_offsets_base
// and friends) may come later in the unit DIE than the attribute itself.

import { DW_FORM, DW_UT } from './constants.js';
import { parseAbbrevTable, type AbbrevTable } from './abbrev.js';
import { DwarfReader } from './reader.js';
import { DwarfError } from './error.js';
import type { DwarfSections } from './sections.js';

// Local aliases: a CommonJS transpile turns imported bindings into getter calls in hot loops.
const FORM = DW_FORM;
const UT = DW_UT;

export type AttrValue =
  | { readonly k: 'addr'; readonly v: number }
  | { readonly k: 'addrx'; readonly i: number }
  | { readonly k: 'const'; readonly v: number; readonly signed: boolean }
  | { readonly k: 'big'; readonly v: bigint } // data8 that may not fit a number
  | { readonly k: 'block'; readonly v: Uint8Array } // block*, data16
  | { readonly k: 'expr'; readonly v: Uint8Array } // exprloc
  | { readonly k: 'flag'; readonly v: boolean }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 'strp'; readonly off: number; readonly line: boolean }
  | { readonly k: 'strx'; readonly i: number }
  | { readonly k: 'ref'; readonly off: number } // absolute .debug_info offset
  | { readonly k: 'sig8'; readonly v: bigint }
  | { readonly k: 'secoff'; readonly v: number }
  | { readonly k: 'rnglistx'; readonly i: number }
  | { readonly k: 'loclistx'; readonly i: number };

export interface Unit {
  readonly offset: number;
  readonly end: number;
  readonly version: number;
  readonly unitType: number;
  readonly addrSize: number;
  readonly is64: boolean;
  readonly abbrevOffset: number;
  /** The unit DIE (compile_unit / partial_unit / ...); its children are the rest. */
  root: Die;
}

export interface Die {
  readonly offset: number;
  readonly tag: number;
  readonly unit: Unit;
  readonly parent: Die | undefined;
  /** Attribute names and values in abbreviation order (parallel arrays: fewer objects). */
  readonly names: number[];
  readonly values: AttrValue[];
  readonly children: Die[];
}

export function attr(die: Die, name: number): AttrValue | undefined {
  const i = die.names.indexOf(name);
  return i < 0 ? undefined : die.values[i];
}

function readValue(r: DwarfReader, form: number, unit: Unit, implicitConst: number, depth = 0): AttrValue {
  switch (form) {
    case FORM.addr: return { k: 'addr', v: r.unsigned(unit.addrSize) };
    case FORM.data1: return { k: 'const', v: r.u8(), signed: false };
    case FORM.data2: return { k: 'const', v: r.u16(), signed: false };
    case FORM.data4: return { k: 'const', v: r.u32(), signed: false };
    case FORM.data8: {
      const v = r.u64();
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? { k: 'const', v: Number(v), signed: false } : { k: 'big', v };
    }
    case FORM.data16: return { k: 'block', v: r.take(16) };
    case FORM.sdata: return { k: 'const', v: r.sleb(), signed: true };
    case FORM.udata: return { k: 'const', v: r.uleb(), signed: false };
    case FORM.implicit_const: return { k: 'const', v: implicitConst, signed: true };
    case FORM.string: return { k: 'str', v: r.cstr() };
    case FORM.strp: return { k: 'strp', off: r.offset(unit.is64), line: false };
    case FORM.line_strp: return { k: 'strp', off: r.offset(unit.is64), line: true };
    case FORM.strp_sup: r.offset(unit.is64); return { k: 'str', v: '<supplementary string>' };
    case FORM.strx: case FORM.GNU_str_index: return { k: 'strx', i: r.uleb() };
    case FORM.strx1: return { k: 'strx', i: r.u8() };
    case FORM.strx2: return { k: 'strx', i: r.u16() };
    case FORM.strx3: return { k: 'strx', i: r.u24() };
    case FORM.strx4: return { k: 'strx', i: r.u32() };
    case FORM.addrx: case FORM.GNU_addr_index: return { k: 'addrx', i: r.uleb() };
    case FORM.addrx1: return { k: 'addrx', i: r.u8() };
    case FORM.addrx2: return { k: 'addrx', i: r.u16() };
    case FORM.addrx3: return { k: 'addrx', i: r.u24() };
    case FORM.addrx4: return { k: 'addrx', i: r.u32() };
    case FORM.flag: return { k: 'flag', v: r.u8() !== 0 };
    case FORM.flag_present: return { k: 'flag', v: true };
    case FORM.ref1: return { k: 'ref', off: unit.offset + r.u8() };
    case FORM.ref2: return { k: 'ref', off: unit.offset + r.u16() };
    case FORM.ref4: return { k: 'ref', off: unit.offset + r.u32() };
    case FORM.ref8: return { k: 'ref', off: unit.offset + r.u64n() };
    case FORM.ref_udata: return { k: 'ref', off: unit.offset + r.uleb() };
    // DWARF 2 wrote ref_addr with the address size; later versions use the offset size.
    case FORM.ref_addr: return { k: 'ref', off: unit.version <= 2 ? r.unsigned(unit.addrSize) : r.offset(unit.is64) };
    case FORM.ref_sup4: r.u32(); return { k: 'secoff', v: 0 };
    case FORM.ref_sup8: r.u64(); return { k: 'secoff', v: 0 };
    case FORM.ref_sig8: return { k: 'sig8', v: r.u64() };
    case FORM.sec_offset: return { k: 'secoff', v: r.offset(unit.is64) };
    case FORM.exprloc: return { k: 'expr', v: r.take(r.uleb()) };
    case FORM.block1: return { k: 'block', v: r.take(r.u8()) };
    case FORM.block2: return { k: 'block', v: r.take(r.u16()) };
    case FORM.block4: return { k: 'block', v: r.take(r.u32()) };
    case FORM.block: return { k: 'block', v: r.take(r.uleb()) };
    case FORM.rnglistx: return { k: 'rnglistx', i: r.uleb() };
    case FORM.loclistx: return { k: 'loclistx', i: r.uleb() };
    case FORM.indirect: {
      if (depth > 4) throw r.error('DW_FORM_indirect chain too long');
      const f = r.uleb();
      return readValue(r, f, unit, f === FORM.implicit_const ? r.sleb() : implicitConst, depth + 1);
    }
    default: throw r.error(`unknown attribute form 0x${form.toString(16)}`);
  }
}

/** Reads one unit header at `r.pos` and all its DIEs; leaves `r.pos` at the next unit. */
function readUnit(r: DwarfReader, sections: DwarfSections, abbrevCache: Map<number, AbbrevTable>): Unit {
  const offset = r.pos;
  const { end, is64 } = r.unitLength();
  const version = r.u16();
  if (version < 2 || version > 5) throw r.error(`unsupported DWARF version ${version}`, offset);
  let unitType: number = UT.compile;
  let addrSize: number;
  let abbrevOffset: number;
  if (version >= 5) {
    unitType = r.u8();
    addrSize = r.u8();
    abbrevOffset = r.offset(is64);
    // Skeleton and split units carry an 8-byte id; type units a signature and type offset.
    if (unitType === UT.skeleton || unitType === UT.split_compile) r.skip(8);
    else if (unitType === UT.type || unitType === UT.split_type) { r.skip(8); r.offset(is64); }
  } else {
    abbrevOffset = r.offset(is64);
    addrSize = r.u8();
  }
  if (addrSize !== 4 && addrSize !== 8 && addrSize !== 2 && addrSize !== 1) throw r.error(`bad address size ${addrSize}`, offset);
  let abbrevs = abbrevCache.get(abbrevOffset);
  if (!abbrevs) {
    abbrevs = parseAbbrevTable(sections.abbrev, abbrevOffset);
    abbrevCache.set(abbrevOffset, abbrevs);
  }
  const unit = { offset, end, version, unitType, addrSize, is64, abbrevOffset } as Unit;
  const saveEnd = r.end;
  r.end = end; // reads inside the unit must not run into the next one
  const stack: Die[] = [];
  let root: Die | undefined;
  while (r.pos < end) {
    const dieOffset = r.pos;
    const code = r.uleb();
    if (code === 0) {
      // A null entry closes the innermost open sibling list; padding after the root is allowed.
      stack.pop();
      continue;
    }
    const ab = abbrevs.get(code);
    if (!ab) throw r.error(`unknown abbreviation code ${code}`, dieOffset);
    const names: number[] = [];
    const values: AttrValue[] = [];
    for (const a of ab.attrs) {
      names.push(a.name);
      values.push(readValue(r, a.form, unit, a.implicitConst));
    }
    const parent = stack[stack.length - 1];
    if (!parent && root) break; // a second top-level DIE: ignore trailing garbage
    const die: Die = { offset: dieOffset, tag: ab.tag, unit, parent, names, values, children: [] };
    if (parent) parent.children.push(die);
    else root = die;
    if (ab.hasChildren) stack.push(die);
  }
  r.end = saveEnd;
  r.pos = end;
  if (!root) throw r.error('unit without a DIE', offset);
  unit.root = root;
  return unit;
}

/**
 * Parses every unit of .debug_info. A unit that fails to parse becomes a
 * warning and is skipped (its length still says where the next one starts);
 * only a broken unit length stops the walk.
 */
export function readUnits(sections: DwarfSections, warnings: DwarfError[] = []): Unit[] {
  const units: Unit[] = [];
  if (!sections.info) return units;
  const r = new DwarfReader(sections.info, '.debug_info');
  const abbrevCache = new Map<number, AbbrevTable>();
  while (!r.atEnd()) {
    const start = r.pos;
    let next: number;
    try {
      next = r.unitLength().end;
    } catch (e) {
      warnings.push(e instanceof DwarfError ? e : new DwarfError(String(e), '.debug_info', start));
      break;
    }
    r.pos = start;
    try {
      units.push(readUnit(r, sections, abbrevCache));
    } catch (e) {
      warnings.push(e instanceof DwarfError ? e : new DwarfError(String(e), '.debug_info', start));
    }
    r.end = sections.info.length;
    r.pos = next;
  }
  return units;
}
