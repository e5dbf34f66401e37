// The annotations the text format gives meaning to (the annotations
// proposal): `(@custom "name" (before|after section)? "bytes"*)` makes a
// custom section, `(@name "…")` names a module, function or tag. Every other
// annotation is ignored. The lexer skipped their tokens; their bodies are
// lexed again here (they are short, and rare).

import { CompileError } from '../errors.js';
import type { CustomSection, Module } from '../syntax/module.js';
import { Cursor } from './cursor.js';
import { type Annotation, lex, Tok, type TokenTable } from './lexer.js';
import { decodeUtf8 } from './utf8.js';

// Binary section ids, in the order the encoder writes the sections.
const SECTION_IDS: Record<string, number> = {
  type: 1, import: 2, func: 3, table: 4, memory: 5, tag: 13, global: 6, export: 7, start: 8, elem: 9,
  datacount: 12, code: 10, data: 11,
};
const SECTION_ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];
const LAST_SECTION = 11;

function fail(a: Annotation, file: string, message: string): never {
  throw new CompileError('malformed', message, {
    kind: 'text', span: { file, line: a.line, column: a.column, start: a.start, end: a.end },
  });
}

function body(table: TokenTable, a: Annotation): Cursor {
  return new Cursor(lex(table.src.slice(a.bodyStart, a.end - 1), table.file));
}

/** The annotations whose position lies in token range [from, to]. */
export function annotationsIn(table: TokenTable, from: number, to: number): Annotation[] {
  return table.annotations.filter((a) => a.at >= from && a.at <= to);
}

/** `(@name "…")` standing right at token index `at`, if any. */
export function nameAnnotationAt(table: TokenTable, at: number): string | undefined {
  const a = table.annotations.find((x) => x.at === at && x.id === 'name');
  return a && parseName(table, a);
}

function parseName(table: TokenTable, a: Annotation): string {
  const c = body(table, a);
  if (!c.isString()) fail(a, table.file, '@name annotation: missing name');
  const name = decodeUtf8(c.next().bytes!);
  if (name === undefined) fail(a, table.file, '@name annotation: malformed UTF-8 encoding');
  if (!c.atEnd()) fail(a, table.file, '@name annotation: unexpected token');
  return name;
}

/** `"name" (before|after section)? "bytes"*` → a custom section. */
function parseCustom(table: TokenTable, a: Annotation): CustomSection {
  const file = table.file;
  const c = body(table, a);
  if (!c.isString()) fail(a, file, '@custom annotation: missing section name');
  const name = decodeUtf8(c.next().bytes!);
  if (name === undefined) fail(a, file, '@custom annotation: malformed UTF-8 encoding');
  let after = LAST_SECTION;
  if (c.isLParen()) {
    c.skip();
    const where = c.kind() === Tok.Atom ? c.text() : '';
    if (where !== 'before' && where !== 'after') fail(a, file, '@custom annotation: malformed placement');
    c.skip();
    const section = c.kind() === Tok.Atom ? c.text() : '';
    if (section === 'first' && where === 'before') after = 0;
    else if (section === 'last' && where === 'after') after = LAST_SECTION;
    else {
      const id = SECTION_IDS[section];
      if (id === undefined) fail(a, file, '@custom annotation: malformed section kind');
      const at = SECTION_ORDER.indexOf(id);
      after = where === 'after' ? id : at === 0 ? 0 : SECTION_ORDER[at - 1]!;
    }
    c.skip();
    if (!c.isRParen()) fail(a, file, '@custom annotation: unexpected token');
    c.skip();
  }
  const parts: Uint8Array[] = [];
  while (c.isString()) parts.push(c.next().bytes!);
  if (!c.atEnd()) fail(a, file, '@custom annotation: unexpected token');
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return { name, bytes, after, offset: 0 };
}

/**
 * Applies the annotations of one module whose fields span tokens
 * [from, to]: custom sections and the module name. `fieldStarts` are the
 * token indices where fields begin; `noNameFields` the ranges of fields
 * where `@name` cannot stand (start, export).
 */
export function applyModuleAnnotations(
  table: TokenTable, m: Module, from: number, to: number, fieldStarts: ReadonlySet<number>,
  noNameFields: readonly (readonly [number, number])[],
): void {
  let moduleNamed = false;
  for (const a of annotationsIn(table, from, to)) {
    if (a.id === 'custom') {
      if (!fieldStarts.has(a.at) && a.at !== to) fail(a, table.file, 'misplaced @custom annotation');
      m.customs.push(parseCustom(table, a));
    } else if (a.id === 'name') {
      if (a.at === from) {
        if (moduleNamed) fail(a, table.file, '@name annotation: multiple module');
        moduleNamed = true;
        m.names.module = parseName(table, a);
      } else if (fieldStarts.has(a.at) || a.at === to || noNameFields.some(([s, e]) => a.at > s && a.at <= e)) {
        fail(a, table.file, 'misplaced @name annotation');
      }
    }
  }
}
