// Finding DWARF in a wasm module. Wasm keeps DWARF in custom sections named
// like the ELF ones (".debug_info", ...). DWARF addresses in wasm are offsets
// from the start of the code section's *contents* — the byte right after the
// section id and its size LEB, i.e. where the function count starts — so a
// module byte offset `m` (as in Instr.offset / Func.bodyOffset) is DWARF
// address `m - codeBodyOffset`, and back again by adding it.

import { DwarfError } from './error.js';

export interface DwarfSections {
  readonly info?: Uint8Array;
  readonly abbrev?: Uint8Array;
  readonly str?: Uint8Array;
  readonly lineStr?: Uint8Array;
  readonly strOffsets?: Uint8Array;
  readonly addr?: Uint8Array;
  readonly line?: Uint8Array;
  readonly ranges?: Uint8Array;
  readonly rnglists?: Uint8Array;
  readonly loc?: Uint8Array;
  readonly loclists?: Uint8Array;
}

const SECTION_KEYS: Record<string, keyof DwarfSections> = {
  '.debug_info': 'info', '.debug_abbrev': 'abbrev', '.debug_str': 'str',
  '.debug_line_str': 'lineStr', '.debug_str_offsets': 'strOffsets', '.debug_addr': 'addr',
  '.debug_line': 'line', '.debug_ranges': 'ranges', '.debug_rnglists': 'rnglists',
  '.debug_loc': 'loc', '.debug_loclists': 'loclists',
};

/** Picks the DWARF sections out of a module's custom sections (runtime/syntax Module.customs fits). */
export function dwarfSectionsOf(customs: readonly { readonly name: string; readonly bytes: Uint8Array }[]): DwarfSections {
  const out: Record<string, Uint8Array> = {};
  for (const c of customs) {
    const key = SECTION_KEYS[c.name];
    if (key && !(key in out)) out[key] = c.bytes;
  }
  return out as DwarfSections;
}

export function hasDwarf(s: DwarfSections): boolean {
  return s.info !== undefined && s.abbrev !== undefined;
}

export interface ScannedModule {
  /** Module offset of the code section contents: the base of DWARF addresses (-1 when no code section). */
  readonly codeBodyOffset: number;
  readonly customs: { readonly name: string; readonly bytes: Uint8Array }[];
}

/**
 * A minimal walk over the section headers of a module, independent of the
 * full decoder: it records the code section base that DWARF addresses are
 * relative to (the decoder does not keep it) and the custom sections.
 */
export function scanModule(bytes: Uint8Array): ScannedModule {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new DwarfError('not a wasm module');
  }
  const customs: { name: string; bytes: Uint8Array }[] = [];
  let codeBodyOffset = -1;
  let pos = 8;
  const leb = (): number => {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      if (pos >= bytes.length) throw new DwarfError('truncated module', 'module', pos);
      const b = bytes[pos++]!;
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result;
      mul *= 128;
    }
    throw new DwarfError('malformed LEB128', 'module', pos);
  };
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    const size = leb();
    const body = pos;
    const end = body + size;
    if (end > bytes.length) throw new DwarfError('section extends past the end', 'module', body);
    if (id === 10) codeBodyOffset = body;
    if (id === 0) {
      const nameLen = leb();
      if (pos + nameLen > end) throw new DwarfError('custom section name too long', 'module', pos);
      const name = new TextDecoder().decode(bytes.subarray(pos, pos + nameLen));
      customs.push({ name, bytes: bytes.subarray(pos + nameLen, end) });
    }
    pos = end;
  }
  return { codeBodyOffset, customs };
}

/** The path named by an `external_debug_info` custom section, if any (a LEB-prefixed UTF-8 string). */
export function externalDebugInfoPath(customs: readonly { readonly name: string; readonly bytes: Uint8Array }[]): string | undefined {
  const c = customs.find((s) => s.name === 'external_debug_info');
  if (!c) return undefined;
  let pos = 0;
  let len = 0;
  let mul = 1;
  for (;;) {
    if (pos >= c.bytes.length || pos > 5) throw new DwarfError('malformed external_debug_info', 'external_debug_info', pos);
    const b = c.bytes[pos++]!;
    len += (b & 0x7f) * mul;
    mul *= 128;
    if (!(b & 0x80)) break;
  }
  if (pos + len > c.bytes.length) throw new DwarfError('malformed external_debug_info', 'external_debug_info', pos);
  return new TextDecoder().decode(c.bytes.subarray(pos, pos + len));
}
