// Completion: instruction names from the opcode table, keywords after `(`,
// and the `$identifiers` of the index space the cursor's position expects
// (locals after `local.get`, labels after `br`, fields after `struct.get $t`).
// The context comes from the raw text, since a half-typed `$` does not lex.

import { OPCODES } from '../../runtime/syntax/opcodes.js';
import { describeDef, formatSig } from './describe.js';
import type { Analysis } from './document.js';
import type { OffsetRange, Space, SymbolDef } from './model.js';
import { spacesAfterInstruction } from './scan.js';
import { wordAt, wordsBefore } from './words.js';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: 'instruction' | 'keyword' | Space;
  readonly detail: string;
  /** The text the completion replaces (the partial word). */
  readonly replace: OffsetRange;
}

/** Opcode-table entries the text format spells differently. */
const NOT_TEXT = new Set(['select_t', 'ref.test_null', 'ref.cast_null']);
const INSTRUCTIONS = OPCODES.filter((o) => !NOT_TEXT.has(o.name) && o.feature !== 'simd')
  .map((o) => ({ name: o.name, detail: o.sig ? formatSig(o.sig) : o.imm === 'none' ? '' : o.imm }))
  .sort((x, y) => x.name.localeCompare(y.name));

const FIELD_KEYWORDS = ['module', 'type', 'rec', 'import', 'export', 'func', 'table', 'memory', 'global', 'tag', 'start', 'elem', 'data',
  'param', 'result', 'local', 'mut', 'ref', 'then', 'else', 'item', 'offset', 'struct', 'array', 'field', 'sub', 'cont', 'on', 'catch', 'catch_all'];

/** The index space that forms like `(type |`, `(func |` (in exports) or `(on $t |` expect. */
function spaceOfForm(word: string, position: number): Space | undefined {
  switch (word) {
    case 'type': case 'ref': case 'sub': case 'cont': case 'null': return 'type';
    case 'func': case 'start': return 'func';
    case 'table': return 'table';
    case 'memory': return 'memory';
    case 'global': return 'global';
    case 'tag': return 'tag';
    case 'on': case 'catch': case 'catch_ref': return position === 0 ? 'tag' : 'label';
    case 'catch_all': case 'catch_all_ref': case 'end': case 'else': return 'label';
  }
  return undefined;
}

const ALL_SPACES: Space[] = ['local', 'label', 'global', 'func', 'type', 'table', 'memory', 'tag', 'elem', 'data'];

export function completions(a: Analysis, offset: number): CompletionEntry[] {
  const word = wordAt(a.text, offset);
  const prefix = a.text.slice(word.start, offset);
  const replace = { start: word.start, end: word.end };
  const before = wordsBefore(a.text, word.start, 4);
  // Indices already written between the instruction and the cursor (`table.init $t |`).
  let position = 0;
  while (position < before.length && /^(\$|\d)/.test(before[position]!.text)) position++;
  const head = before[position];
  let space: Space | undefined;
  let typeName: string | undefined;
  if (head) {
    // `(catch $e |` is a try_table clause, `catch $e` the legacy instruction.
    const form = spaceOfForm(head.text, position);
    const instr = spacesAfterInstruction(head.text, position);
    space = head.afterParen ? form ?? instr : instr ?? form;
    if (space === 'field') typeName = before[0]?.text;
  }
  const wantsId = prefix.startsWith('$') || (space !== undefined && prefix === '');
  if (!wantsId) {
    if (prefix !== '' && /^\d/.test(prefix)) return [];
    const afterParen = a.text[word.start - 1] === '(';
    const out: CompletionEntry[] = INSTRUCTIONS.map((i) => ({ label: i.name, kind: 'instruction' as const, detail: i.detail, replace }));
    if (afterParen) for (const k of FIELD_KEYWORDS) out.push({ label: k, kind: 'keyword', detail: '', replace });
    return out;
  }
  const slack = Math.max(0, a.growth);
  let defs: SymbolDef[];
  if (space === 'field') {
    const module = a.index.moduleAt(offset)?.index ?? 0;
    defs = typeName ? a.index.fieldsOf(module, typeName) : [];
  } else if (space) {
    defs = a.index.visibleAt(offset, space, slack);
  } else {
    defs = ALL_SPACES.flatMap((s) => a.index.visibleAt(offset, s, slack));
  }
  const outline = a.index.moduleAt(offset);
  const module = a.moduleOf(outline);
  return defs.map((d) => ({ label: d.name, kind: d.space, detail: describeDef(d, module).code, replace }));
}
