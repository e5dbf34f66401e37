// Entry points of the text-format parser: a whole .wat file, or one
// `(module …)` form inside a token stream (the script parser's case).

import type { Module } from '../syntax/module.js';
import { Cursor } from './cursor.js';
import { lex } from './lexer.js';
import { parseModuleFields } from './module-fields.js';

/**
 * Parses a .wat text: either one `(module $name? …)` form or a bare sequence
 * of module fields (which the spec allows as an abbreviation).
 */
export function parseModule(text: string, file: string): Module {
  const c = new Cursor(lex(text, file));
  let module: Module;
  if (c.isField('module')) {
    module = parseModuleForm(c).module;
  } else {
    module = parseModuleFields(c);
  }
  if (!c.atEnd()) c.unexpected();
  return module;
}

/**
 * `(module $id? field*)` at the cursor, which must be at its `(`. The binary,
 * quote and definition forms are the script parser's business.
 */
export function parseModuleForm(c: Cursor): { module: Module; id?: string } {
  c.expectField('module');
  const idTok = c.optId();
  const module = parseModuleFields(c, idTok?.text.slice(1));
  c.expectRParen();
  return idTok ? { module, id: idTok.text } : { module };
}
