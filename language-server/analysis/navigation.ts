// Go to definition, find references and rename: all answered from the
// symbol index's definition ↔ reference links.

import type { Analysis } from './document.js';
import type { OffsetRange, SymbolDef } from './model.js';
import { isValidId } from './words.js';

function defAt(a: Analysis, offset: number): SymbolDef | undefined {
  if (a.stale) return undefined;
  return a.index.occurrenceAt(offset)?.def;
}

export function definition(a: Analysis, offset: number): OffsetRange | undefined {
  return defAt(a, offset)?.range;
}

export function references(a: Analysis, offset: number, includeDeclaration: boolean): OffsetRange[] {
  const d = defAt(a, offset);
  if (!d) return [];
  return includeDeclaration ? [d.range, ...d.refs] : [...d.refs];
}

export type RenameCheck = { readonly range: OffsetRange; readonly name: string } | { readonly error: string };

/** Whether the `$id` under the cursor can be renamed; its range and current name if so. */
export function prepareRename(a: Analysis, offset: number): RenameCheck {
  if (a.stale) return { error: 'The document does not lex; fix the syntax error first.' };
  const occ = a.index.occurrenceAt(offset);
  if (!occ) return { error: 'Only $identifiers can be renamed.' };
  return { range: { start: occ.start, end: occ.end }, name: occ.def.name };
}

export interface TextEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

function overlaps(x: OffsetRange | undefined, y: OffsetRange | undefined): boolean {
  if (!x || !y) return true;
  return x.start < y.end && y.start < x.end;
}

/** Would `name` clash with another definition visible where `d` is? */
function clash(a: Analysis, d: SymbolDef, name: string): SymbolDef | undefined {
  return a.index.defs.find((o) => o !== d && o.space === d.space && o.module === d.module && o.name === name
    && o.owner === d.owner && overlaps(o.scope, d.scope));
}

/** Edits that rename the `$id` under the cursor and every reference to it. */
export function rename(a: Analysis, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const check = prepareRename(a, offset);
  if ('error' in check) return check;
  const name = newName.startsWith('$') ? newName : `$${newName}`;
  if (!isValidId(name)) return { error: `${JSON.stringify(newName)} is not a valid identifier: use $ followed by letters, digits or !#$%&'*+-./:<=>?@\\^_\`|~` };
  const d = a.index.occurrenceAt(offset)!.def;
  if (name === d.name) return { edits: [] };
  const other = clash(a, d, name);
  if (other) return { error: `${name} is already defined in this ${d.space === 'local' ? 'function' : d.space === 'label' ? 'block' : 'module'} (${other.space})` };
  return { edits: [d.range, ...d.refs].map((range) => ({ range, newText: name })) };
}
