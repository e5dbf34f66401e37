// The `name` custom section: debug names for the module and its entities.
// A custom section can never make a module malformed, so anything wrong here
// just ends the parse, keeping the names read so far.

import { CompileError } from '../errors.js';
import type { NameSection } from '../syntax/module.js';
import { ByteReader } from './reader.js';

/** Subsection ids of the name section (extended name section proposal included). */
export const enum NameSubsection {
  Module = 0,
  Function = 1,
  Local = 2,
  Label = 3,
  Type = 4,
  Table = 5,
  Memory = 6,
  Global = 7,
  Elem = 8,
  Data = 9,
  Field = 10,
  Tag = 11,
}

function readNameMap(r: ByteReader, into: Map<number, string>): void {
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const index = r.u32();
    into.set(index, r.name());
  }
}

function readIndirectNameMap(r: ByteReader, into: Map<number, Map<number, string>>): void {
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const outer = r.u32();
    const inner = into.get(outer) ?? new Map<number, string>();
    into.set(outer, inner);
    readNameMap(r, inner);
  }
}

function directMap(names: NameSection, id: number): Map<number, string> | undefined {
  switch (id) {
    case NameSubsection.Function: return names.funcs;
    case NameSubsection.Type: return names.types;
    case NameSubsection.Table: return names.tables;
    case NameSubsection.Memory: return names.memories;
    case NameSubsection.Global: return names.globals;
    case NameSubsection.Elem: return names.elems;
    case NameSubsection.Data: return names.datas;
    case NameSubsection.Tag: return names.tags;
    default: return undefined;
  }
}

function indirectMap(names: NameSection, id: number): Map<number, Map<number, string>> | undefined {
  switch (id) {
    case NameSubsection.Local: return names.locals;
    case NameSubsection.Label: return names.labels;
    case NameSubsection.Field: return names.fields;
    default: return undefined;
  }
}

/** Reads the payload of a `name` section into `names`; returns false if it was malformed. */
export function readNameSection(payload: Uint8Array, names: NameSection): boolean {
  const r = new ByteReader(payload);
  try {
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.length();
      const end = r.pos + size;
      // Each subsection is read with its own bounds so it cannot spill into the next.
      const sub = new ByteReader(payload, r.pos, end);
      if (id === NameSubsection.Module) {
        names.module = sub.name();
      } else {
        const direct = directMap(names, id);
        const indirect = direct ? undefined : indirectMap(names, id);
        if (direct) readNameMap(sub, direct);
        else if (indirect) readIndirectNameMap(sub, indirect);
        else sub.pos = end; // unknown subsection: skip it
      }
      if (sub.pos !== end) return false;
      r.pos = end;
    }
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}
