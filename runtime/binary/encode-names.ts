// Encoding of the `name` custom section's payload from Module.names, the
// inverse of decode-names.ts. Subsections are written in id order and every
// map in increasing index order, as the format requires.

import type { NameSection } from '../syntax/module.js';
import { NameSubsection } from './decode-names.js';
import { ByteWriter } from './writer.js';

export function hasNames(names: NameSection): boolean {
  if (names.module !== undefined) return true;
  return [
    names.funcs, names.locals, names.labels, names.types, names.fields, names.tables,
    names.memories, names.globals, names.elems, names.datas, names.tags,
  ].some((map) => map.size > 0);
}

function byIndex<T>(map: ReadonlyMap<number, T>): [number, T][] {
  return [...map].sort((a, b) => a[0] - b[0]);
}

function writeNameMap(w: ByteWriter, map: ReadonlyMap<number, string>): void {
  const entries = byIndex(map);
  w.u32(entries.length);
  for (const [index, name] of entries) {
    w.u32(index);
    w.name(name);
  }
}

function writeIndirectNameMap(w: ByteWriter, map: ReadonlyMap<number, ReadonlyMap<number, string>>): void {
  const entries = byIndex(map);
  w.u32(entries.length);
  for (const [index, inner] of entries) {
    w.u32(index);
    writeNameMap(w, inner);
  }
}

/** The payload (after the section name) of a `name` section. */
export function encodeNameSection(names: NameSection): Uint8Array {
  const w = new ByteWriter();
  const sub = (id: NameSubsection, write: (s: ByteWriter) => void): void => {
    const s = new ByteWriter();
    write(s);
    w.u8(id);
    w.appendSized(s);
  };
  const direct = (id: NameSubsection, map: ReadonlyMap<number, string>): void => {
    if (map.size > 0) sub(id, (s) => writeNameMap(s, map));
  };
  const indirect = (id: NameSubsection, map: ReadonlyMap<number, ReadonlyMap<number, string>>): void => {
    if (map.size > 0) sub(id, (s) => writeIndirectNameMap(s, map));
  };
  const moduleName = names.module;
  if (moduleName !== undefined) sub(NameSubsection.Module, (s) => s.name(moduleName));
  direct(NameSubsection.Function, names.funcs);
  indirect(NameSubsection.Local, names.locals);
  indirect(NameSubsection.Label, names.labels);
  direct(NameSubsection.Type, names.types);
  direct(NameSubsection.Table, names.tables);
  direct(NameSubsection.Memory, names.memories);
  direct(NameSubsection.Global, names.globals);
  direct(NameSubsection.Elem, names.elems);
  direct(NameSubsection.Data, names.datas);
  indirect(NameSubsection.Field, names.fields);
  direct(NameSubsection.Tag, names.tags);
  return w.finish();
}
