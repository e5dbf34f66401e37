// .debug_abbrev: each unit points at a table mapping abbreviation codes to a
// tag, a has-children flag and the (attribute, form) list its DIEs follow.

import { DW_FORM } from './constants.js';
import { DwarfReader } from './reader.js';
import { DwarfError } from './error.js';

export interface AbbrevAttr {
  readonly name: number;
  readonly form: number;
  /** The value itself for DW_FORM_implicit_const, which has no bytes in the DIE. */
  readonly implicitConst: number;
}

export interface Abbrev {
  readonly code: number;
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly attrs: readonly AbbrevAttr[];
}

export type AbbrevTable = Map<number, Abbrev>;

export function parseAbbrevTable(section: Uint8Array | undefined, offset: number): AbbrevTable {
  if (!section) throw new DwarfError('section missing', '.debug_abbrev');
  const r = new DwarfReader(section, '.debug_abbrev');
  if (offset >= section.length) throw r.error('abbreviation table offset out of range', offset);
  r.pos = offset;
  const table: AbbrevTable = new Map();
  for (;;) {
    const code = r.uleb();
    if (code === 0) return table;
    const tag = r.uleb();
    const hasChildren = r.u8() !== 0;
    const attrs: AbbrevAttr[] = [];
    for (;;) {
      const name = r.uleb();
      const form = r.uleb();
      if (name === 0 && form === 0) break;
      const implicitConst = form === DW_FORM.implicit_const ? r.sleb() : 0;
      attrs.push({ name, form, implicitConst });
    }
    if (table.has(code)) throw r.error(`duplicate abbreviation code ${code}`);
    table.set(code, { code, tag, hasChildren, attrs });
  }
}
