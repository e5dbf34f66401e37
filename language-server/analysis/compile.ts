// Diagnostics from the real parser and validator, per module: the first
// malformed token of each module, else the first instruction that breaks a
// typing rule. The lexer runs once; its token table is shared with the
// symbol scanner.

import { CompileError } from '../../runtime/errors.js';
import type { Module } from '../../runtime/syntax/module.js';
import { Cursor } from '../../runtime/text/cursor.js';
import { lex, Tok, type TokenTable } from '../../runtime/text/lexer.js';
import { parseModuleFields } from '../../runtime/text/module-fields.js';
import { parseScript } from '../../runtime/text/script.js';
import { validateModule } from '../../runtime/valid/validate.js';
import type { Diagnostic, OffsetRange } from './model.js';

export interface CompiledModule {
  /** The whole `(module …)` form (the whole file for a .wat of bare fields). */
  readonly range: OffsetRange;
  /** The parsed module, when it parsed. */
  readonly module: Module | undefined;
  readonly valid: boolean;
}

export interface CompileResult {
  /** Undefined when the text does not even lex. */
  readonly table: TokenTable | undefined;
  readonly closing: Int32Array | undefined;
  readonly modules: CompiledModule[];
  readonly diagnostics: Diagnostic[];
}

/** For each `(`: the index of its `)` (the Eof token when unbalanced). */
export function matchParens(table: TokenTable): Int32Array {
  const n = table.count;
  const closing = new Int32Array(n).fill(n - 1);
  const kinds = table.kinds;
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    if (kinds[i] === Tok.LParen) stack.push(i);
    else if (kinds[i] === Tok.RParen && stack.length > 0) closing[stack.pop()!] = i;
  }
  return closing;
}

function toDiagnostic(e: unknown, fallback: OffsetRange): Diagnostic {
  if (e instanceof CompileError) {
    const loc = e.location;
    const range = loc?.kind === 'text' ? { start: loc.span.start, end: Math.max(loc.span.end, loc.span.start + 1) } : fallback;
    // 'unsupported' is a limit of this engine, not a fault of the module.
    return { ...range, severity: e.kind === 'unsupported' ? 'warning' : 'error', message: e.message, code: e.kind };
  }
  // An engine bug must not take the language server down; say so where the module starts.
  return { ...fallback, severity: 'error', message: `internal error: ${e instanceof Error ? e.message : String(e)}`, code: 'internal' };
}

/** Parses and validates `(module …)` fields from token `from` to the module's `)` (or Eof). */
function compileModule(table: TokenTable, from: number, name: string | undefined, range: OffsetRange, bare: boolean): { compiled: CompiledModule; diagnostic?: Diagnostic } {
  const head = { start: range.start, end: Math.min(range.end, range.start + 1) };
  let module: Module;
  try {
    const c = new Cursor(table, from);
    module = parseModuleFields(c, name);
    if (bare ? !c.atEnd() : !c.isRParen()) c.unexpected();
  } catch (e) {
    return { compiled: { range, module: undefined, valid: false }, diagnostic: toDiagnostic(e, head) };
  }
  try {
    validateModule(module);
  } catch (e) {
    return { compiled: { range, module, valid: false }, diagnostic: toDiagnostic(e, head) };
  }
  return { compiled: { range, module, valid: true } };
}

/** Lexes, parses and validates a .wat document (`script` false) or a .wast script. */
export function compileDocument(text: string, file: string, script: boolean): CompileResult {
  let table: TokenTable;
  try {
    table = lex(text, file);
  } catch (e) {
    return { table: undefined, closing: undefined, modules: [], diagnostics: [toDiagnostic(e, { start: 0, end: 1 })] };
  }
  const closing = matchParens(table);
  const modules: CompiledModule[] = [];
  const diagnostics: Diagnostic[] = [];
  const add = (r: ReturnType<typeof compileModule>): void => {
    modules.push(r.compiled);
    if (r.diagnostic) diagnostics.push(r.diagnostic);
  };
  const isModuleForm = (i: number): boolean => table.kinds[i] === Tok.LParen && table.isAtom(i + 1, 'module');
  const formRange = (open: number): OffsetRange => ({ start: table.starts[open]!, end: table.ends[closing[open]!]! });
  /** `(module $id? definition? field*)`; binary and quoted modules are left to the script runner. */
  const compileForm = (open: number): void => {
    let from = open + 2;
    const name = table.kinds[from] === Tok.Id ? table.text(from++).slice(1) : undefined;
    if (table.isAtom(from, 'definition')) from++;
    if (table.isAtom(from, 'binary') || table.isAtom(from, 'quote')) return;
    add(compileModule(table, from, name, formRange(open), false));
  };
  const last = table.count - 1;
  if (!script) {
    if (isModuleForm(0)) {
      compileForm(0);
      const after = closing[0]! + 1;
      if (after < last) diagnostics.push(toDiagnostic(unexpected(table, after), { start: 0, end: 1 }));
    } else {
      add(compileModule(table, 0, undefined, { start: 0, end: text.length }, true));
    }
    return { table, closing, modules, diagnostics };
  }
  if (table.kinds[0] === Tok.LParen && !isModuleForm(0) && isFieldWord(table.text(1))) {
    add(compileModule(table, 0, undefined, { start: 0, end: text.length }, true));
    return { table, closing, modules, diagnostics };
  }
  // Top-level modules only: those inside assert_invalid & co. are wrong on purpose.
  for (let i = 0; i < last; i = closing[i]! + 1) {
    if (table.kinds[i] !== Tok.LParen) break;
    if (isModuleForm(i)) compileForm(i);
  }
  // The script's own syntax (commands, assertions); module errors were reported above.
  try {
    parseScript(text, file);
  } catch (e) {
    const d = toDiagnostic(e, { start: 0, end: 1 });
    if (!modules.some((m) => m.range.start <= d.start && d.start < m.range.end)) diagnostics.push(d);
  }
  return { table, closing, modules, diagnostics };
}

const FIELD_WORDS: ReadonlySet<string> = new Set(['type', 'rec', 'import', 'func', 'table', 'memory', 'global', 'tag', 'export', 'start', 'elem', 'data']);
function isFieldWord(w: string): boolean {
  return FIELD_WORDS.has(w);
}

function unexpected(table: TokenTable, i: number): CompileError {
  return new CompileError('malformed', 'unexpected token after the module', {
    kind: 'text', span: { file: table.file, line: table.lines[i]!, column: table.columns[i]!, start: table.starts[i]!, end: table.ends[i]! },
  });
}
