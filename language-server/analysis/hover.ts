// Hover: a `$id` shows its definition in WAT notation (signature, type);
// an instruction keyword shows its immediates and stack signature.

import { opByName } from '../../runtime/syntax/opcodes.js';
import { describeDef, describeInstruction } from './describe.js';
import type { Analysis } from './document.js';
import type { OffsetRange } from './model.js';
import { wordAt } from './words.js';

export interface HoverResult {
  readonly range: OffsetRange;
  /** WAT source to show as a code block. */
  readonly code: string;
  /** Plain text under it (imports, exports, index). */
  readonly note: string;
}

export function hover(a: Analysis, offset: number): HoverResult | undefined {
  const occ = a.stale ? undefined : a.index.occurrenceAt(offset);
  if (occ) {
    const outline = a.index.modules.find((m) => m.index === occ.def.module);
    const { code, note } = describeDef(occ.def, a.moduleOf(outline));
    return { range: { start: occ.start, end: occ.end }, code, note: note.trim() };
  }
  const word = wordAt(a.text, offset);
  const info = word.text ? opByName(word.text) : undefined;
  if (!info) return undefined;
  return { range: { start: word.start, end: word.end }, code: describeInstruction(info.name, info.imm, info.sig), note: `${info.feature} instruction` };
}
