// .wat text → binary module, with the line map the debugger needs.

import { encodeModuleWithMap } from '../binary/encode.js';
import type { Module } from '../syntax/module.js';
import { buildLineMap, LineMap } from './linemap.js';
import { parseModule } from './parse.js';

export { LineMap };
export type { LineMapEntry } from './linemap.js';

/** Encodes a parsed module; the encoder sets every instruction's offset, from which the map is built. */
export function moduleToBinary(m: Module): { bytes: Uint8Array; lineMap: LineMap } {
  const { bytes, funcBodyOffsets } = encodeModuleWithMap(m);
  // Record where each body landed; a body ends with its one-byte `end`.
  m.funcs = m.funcs.map((f, i) => {
    const last = f.body[f.body.length - 1];
    return { ...f, bodyOffset: funcBodyOffsets[i] ?? 0, bodyEnd: last ? last.offset + 1 : 0 };
  });
  const file = m.funcs.find((f) => f.span)?.span?.file ?? '';
  return { bytes, lineMap: buildLineMap(m, file) };
}

export function watToBinary(text: string, file: string): { bytes: Uint8Array; module: Module; lineMap: LineMap } {
  const module = parseModule(text, file);
  const { bytes, lineMap } = moduleToBinary(module);
  return { bytes, module, lineMap };
}
