// The DWARF facade: owns the sections and parsed units, resolves attribute
// values that need other sections (strings, .debug_addr, range and location
// lists), and hands out the line, scope, variable and type APIs.
//
// Addresses everywhere are wasm DWARF addresses: offsets from the code
// section contents (see sections.ts); convert module offsets with
// `moduleOffset - codeBodyOffset`.

import { DW_AT, DW_TAG } from './constants.js';
import { DwarfError, guard } from './error.js';
import { attr, readUnits, type AttrValue, type Die, type Unit } from './info.js';
import { readLineProgram, type LineProgram } from './line.js';
import { LineIndex } from './lines.js';
import { DwarfReader, stringAt } from './reader.js';
import {
  listOffsetFromIndex, readLocationList, readLocV4, readRangeList, readRangesV4,
  type LocationListEntry, type Range, type UnitContext,
} from './ranges.js';
import { dwarfSectionsOf, externalDebugInfoPath, hasDwarf, scanModule, type DwarfSections } from './sections.js';
import { TypeBuilder, type DwarfType } from './types.js';

// Local aliases: a CommonJS transpile turns imported bindings into getter calls in hot loops.
const AT = DW_AT;
const TAG = DW_TAG;

/** A location attribute: one expression for the whole scope, a list by address, or none. */
export type LocationAttr =
  | { readonly kind: 'expr'; readonly expr: Uint8Array }
  | { readonly kind: 'list'; readonly entries: readonly LocationListEntry[] }
  | { readonly kind: 'const'; readonly value: AttrValue }
  | { readonly kind: 'none' };

export interface LoadOptions {
  /** Reads a file beside the module, for `external_debug_info`; without it external DWARF is not followed. */
  readFile?(path: string): Uint8Array;
  /** Path of the module, so a relative external_debug_info path is taken relative to its directory. */
  modulePath?: string;
}

export class DwarfInfo {
  readonly units: Unit[];
  /** Problems found while reading; parts that failed are skipped, never fatal. */
  readonly warnings: DwarfError[] = [];
  private readonly dies = new Map<number, Die>();
  private readonly unitContexts = new Map<Unit, UnitContext>();
  private readonly linePrograms = new Map<Unit, LineProgram | undefined>();
  private lineIndex: LineIndex | undefined;
  readonly types: TypeBuilder;

  /** `codeBodyOffset` is where DWARF address 0 is in the module (-1 if unknown). */
  constructor(readonly sections: DwarfSections, readonly codeBodyOffset = -1) {
    this.units = readUnits(sections, this.warnings);
    for (const u of this.units) this.indexDies(u.root);
    this.types = new TypeBuilder({
      name: (d) => this.name(d),
      constant: (d, at) => this.constant(d, at),
      ref: (d, at) => this.ref(d, at),
      expression: (d, at) => { const v = attr(d, at); return v && (v.k === 'expr' || v.k === 'block') ? v.v : undefined; },
    });
  }

  /**
   * Reads the DWARF of a module binary, following `external_debug_info` to a
   * separate file when the module has none of its own. Undefined when there
   * is no DWARF at all. Throws DwarfError only if the module itself is unreadable.
   */
  static fromModuleBytes(bytes: Uint8Array, options: LoadOptions = {}): DwarfInfo | undefined {
    return guard('reading module', () => {
      const scanned = scanModule(bytes);
      let sections = dwarfSectionsOf(scanned.customs);
      if (!hasDwarf(sections)) {
        const ext = externalDebugInfoPath(scanned.customs);
        if (ext === undefined || !options.readFile) return undefined;
        const dir = options.modulePath?.replace(/[^/\\]*$/, '') ?? '';
        const path = ext.startsWith('/') || !dir ? ext : dir + ext;
        let other: Uint8Array;
        try { other = options.readFile(path); } catch (e) {
          throw new DwarfError(`cannot read external debug info ${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
        sections = dwarfSectionsOf(scanModule(other).customs);
        if (!hasDwarf(sections)) return undefined;
      }
      return new DwarfInfo(sections, scanned.codeBodyOffset);
    });
  }

  private indexDies(root: Die): void {
    const stack = [root];
    while (stack.length) {
      const d = stack.pop()!;
      this.dies.set(d.offset, d);
      for (const c of d.children) stack.push(c);
    }
  }

  dieAt(offset: number): Die | undefined {
    return this.dies.get(offset);
  }

  /** Module byte offset → DWARF address. */
  toDwarfAddress(moduleOffset: number): number {
    return moduleOffset - this.codeBodyOffset;
  }

  /** DWARF address → module byte offset. */
  toModuleOffset(address: number): number {
    return address + this.codeBodyOffset;
  }

  // ---- attribute values -------------------------------------------------

  private unitBase(u: Unit, at: number): number {
    const v = attr(u.root, at);
    return v && (v.k === 'secoff' || v.k === 'const') ? v.v : 0;
  }

  /** Everything list readers need about a unit, computed once. */
  unitContext(u: Unit): UnitContext {
    let c = this.unitContexts.get(u);
    if (!c) {
      const addrBase = this.unitBase(u, AT.addr_base);
      const low = attr(u.root, AT.low_pc);
      const sections = this.sections;
      const address = (index: number): number => {
        const r = new DwarfReader(sections.addr ?? new Uint8Array(0), '.debug_addr');
        const at = addrBase + index * u.addrSize;
        if (at + u.addrSize > r.end) throw r.error(`address index ${index} out of range`, at);
        r.pos = at;
        return r.unsigned(u.addrSize);
      };
      const base = low === undefined ? 0 : low.k === 'addr' ? low.v : low.k === 'addrx' ? guard('DW_AT_low_pc', () => address(low.i)) : 0;
      c = { version: u.version, addrSize: u.addrSize, is64: u.is64, baseAddress: base, address };
      this.unitContexts.set(u, c);
    }
    return c;
  }

  /** A string-class value as text. */
  stringValue(u: Unit, v: AttrValue): string | undefined {
    switch (v.k) {
      case 'str': return v.v;
      case 'strp': return v.line ? stringAt(this.sections.lineStr, '.debug_line_str', v.off) : stringAt(this.sections.str, '.debug_str', v.off);
      case 'strx': {
        // The offsets table starts at DW_AT_str_offsets_base (past the v5 header); DWARF 4 split units start at 0.
        const base = this.unitBase(u, AT.str_offsets_base);
        const size = u.is64 ? 8 : 4;
        const r = new DwarfReader(this.sections.strOffsets ?? new Uint8Array(0), '.debug_str_offsets');
        const at = base + v.i * size;
        if (at + size > r.end) throw r.error(`string index ${v.i} out of range`, at);
        r.pos = at;
        return stringAt(this.sections.str, '.debug_str', r.offset(u.is64));
      }
      default: return undefined;
    }
  }

  string(die: Die, at: number): string | undefined {
    const v = attr(die, at);
    return v ? this.stringValue(die.unit, v) : undefined;
  }

  /** An address-class value (addr or addrx). */
  address(die: Die, at: number): number | undefined {
    const v = attr(die, at);
    if (!v) return undefined;
    if (v.k === 'addr') return v.v;
    if (v.k === 'addrx') return this.unitContext(die.unit).address(v.i);
    return undefined;
  }

  /** A constant-class value as a number (flags as 0/1). */
  constant(die: Die, at: number): number | undefined {
    const v = attr(die, at);
    if (!v) return undefined;
    if (v.k === 'const') return v.v;
    if (v.k === 'flag') return v.v ? 1 : 0;
    if (v.k === 'big') return Number(BigInt.asIntN(64, v.v));
    return undefined;
  }

  /** The DIE a reference attribute points at. */
  ref(die: Die, at: number): Die | undefined {
    const v = attr(die, at);
    if (!v || v.k !== 'ref') return undefined;
    const target = this.dies.get(v.off);
    if (!target) throw new DwarfError(`reference to 0x${v.off.toString(16)} does not name a DIE`, '.debug_info', die.offset);
    return target;
  }

  /**
   * The DIE that carries a DIE's descriptive attributes: inlined and
   * out-of-line instances point at an abstract origin, definitions at their
   * declaration (specification). Followed a bounded number of times.
   */
  private origin(die: Die, at: number): AttrValue | undefined {
    let d: Die | undefined = die;
    for (let i = 0; d && i < 8; i++) {
      const v = attr(d, at);
      if (v) return v;
      d = this.ref(d, AT.abstract_origin) ?? this.ref(d, AT.specification);
    }
    return undefined;
  }

  /** DW_AT_name, looking through abstract origins and specifications. */
  name(die: Die): string | undefined {
    const v = this.origin(die, AT.name);
    return v ? this.stringValue(die.unit, v) : undefined;
  }

  linkageName(die: Die): string | undefined {
    const v = this.origin(die, AT.linkage_name) ?? this.origin(die, AT.MIPS_linkage_name);
    return v ? this.stringValue(die.unit, v) : undefined;
  }

  /** The DIE whose DW_AT_type applies (abstract origin for inlined variables). */
  typeDie(die: Die): Die {
    let d: Die = die;
    for (let i = 0; i < 8 && !attr(d, AT.type); i++) {
      const o = this.ref(d, AT.abstract_origin);
      if (!o) break;
      d = o;
    }
    return d;
  }

  /** The type of a variable, parameter, member or function's return. */
  typeOf(die: Die): DwarfType {
    return guard('reading type', () => this.types.typeOf(this.typeDie(die)));
  }

  // ---- ranges and locations ---------------------------------------------

  /** The code ranges of a DIE from low_pc/high_pc or DW_AT_ranges (empty when it has none). */
  ranges(die: Die): Range[] {
    const u = die.unit;
    const low = this.address(die, AT.low_pc);
    const high = attr(die, AT.high_pc);
    if (low !== undefined && high) {
      // DWARF 4+: a constant high_pc is a length, an address-class one is the end.
      const end = high.k === 'const' ? low + high.v : high.k === 'addr' || high.k === 'addrx' ? this.address(die, AT.high_pc)! : low;
      return end > low && low !== 0xffffffff && low !== 0xfffffffe ? [{ start: low, end }] : [];
    }
    const r = attr(die, AT.ranges);
    if (!r) return [];
    const ctx = this.unitContext(u);
    if (u.version < 5) {
      if (r.k !== 'secoff' && r.k !== 'const') return [];
      return readRangesV4(this.sections, r.v, ctx);
    }
    if (r.k === 'rnglistx') {
      const base = this.unitBase(u, AT.rnglists_base);
      return readRangeList(this.sections, listOffsetFromIndex(this.sections.rnglists, '.debug_rnglists', base, r.i, u.is64), ctx);
    }
    if (r.k === 'secoff' || r.k === 'const') return readRangeList(this.sections, r.v, ctx);
    return [];
  }

  /** A location-class attribute (DW_AT_location, DW_AT_frame_base) of a DIE. */
  locationAttr(die: Die, at: number = AT.location): LocationAttr {
    const v = attr(die, at);
    if (!v) {
      const c = attr(die, AT.const_value);
      return c && at === AT.location ? { kind: 'const', value: c } : { kind: 'none' };
    }
    if (v.k === 'expr' || v.k === 'block') return { kind: 'expr', expr: v.v };
    const u = die.unit;
    const ctx = this.unitContext(u);
    if (v.k === 'loclistx') {
      const base = this.unitBase(u, AT.loclists_base);
      return { kind: 'list', entries: readLocationList(this.sections, listOffsetFromIndex(this.sections.loclists, '.debug_loclists', base, v.i, u.is64), ctx) };
    }
    if (v.k === 'secoff' || v.k === 'const') {
      return { kind: 'list', entries: u.version < 5 ? readLocV4(this.sections, v.v, ctx) : readLocationList(this.sections, v.v, ctx) };
    }
    return { kind: 'none' };
  }

  /** The expression valid at `pc`, or undefined when the value is optimized out there. */
  locationAt(loc: LocationAttr, pc: number): Uint8Array | undefined {
    switch (loc.kind) {
      case 'expr': return loc.expr;
      case 'list': {
        const e = loc.entries.find((x) => !x.isDefault && x.start <= pc && pc < x.end) ?? loc.entries.find((x) => x.isDefault);
        return e?.expr;
      }
      default: return undefined;
    }
  }

  // ---- line tables ------------------------------------------------------

  /** The line program of a unit (undefined when it has none or it is corrupt; see warnings). */
  lineProgram(u: Unit): LineProgram | undefined {
    if (this.linePrograms.has(u)) return this.linePrograms.get(u);
    let p: LineProgram | undefined;
    const off = attr(u.root, AT.stmt_list);
    if (off && (off.k === 'secoff' || off.k === 'const')) {
      try {
        p = guard('line table', () => readLineProgram(this.sections, off.v, u.addrSize, this.string(u.root, AT.comp_dir) ?? ''));
      } catch (e) {
        this.warnings.push(e as DwarfError);
      }
    }
    this.linePrograms.set(u, p);
    return p;
  }

  /** Line lookups over all units. */
  get lines(): LineIndex {
    if (!this.lineIndex) {
      const programs: LineProgram[] = [];
      for (const u of this.units) { const p = this.lineProgram(u); if (p) programs.push(p); }
      this.lineIndex = new LineIndex(programs);
    }
    return this.lineIndex;
  }

  /** A file number of a unit's line table (DW_AT_decl_file, DW_AT_call_file) as a path. */
  fileName(u: Unit, index: number): string | undefined {
    return this.lineProgram(u)?.files[index]?.path;
  }

  /** Whether a DIE is a unit root (compile/partial/skeleton unit). */
  static isUnitDie(d: Die): boolean {
    return d.tag === TAG.compile_unit || d.tag === TAG.partial_unit || d.tag === TAG.skeleton_unit;
  }
}

