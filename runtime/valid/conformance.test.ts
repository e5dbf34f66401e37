// Runs the validator over the official spec scripts: every `assert_invalid`
// must be rejected with the expected message, every plain module accepted.
// Modules are taken from the .wast text with a small form scanner (the
// script parser is not needed for this) and parsed with the text parser, or
// decoded when given in binary. Failures are listed; the test fails when the
// pass counts fall below the recorded floor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError } from '../errors.js';
import type { Module } from '../syntax/module.js';
import { validateModule, type ValidateOptions } from './validate.js';

const ROOT = '/work/shared/conformance';
const GROUPS = new Set(['core', 'bulk-memory', 'exceptions', 'legacy-exceptions', 'tail-call', 'multi-memory', ...(process.env.VALID_GROUPS ?? '').split(',').filter(Boolean)]);

/** Lowest acceptable pass counts (raise them as the validator and parser improve). */
const FLOOR = { invalid: 1600, valid: 1380 };

interface Form {
  readonly head: string;
  readonly text: string;
  readonly line: number;
}

/** The top-level parenthesised forms of a script, skipping comments and strings. */
function topLevelForms(src: string): Form[] {
  const forms: Form[] = [];
  let depth = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\n') line++;
    else if (ch === ';' && src[i + 1] === ';') {
      while (i < src.length && src[i] !== '\n') i++;
      line++;
    } else if (ch === '(' && src[i + 1] === ';') {
      let nest = 1;
      i += 2;
      for (; i < src.length && nest > 0; i++) {
        if (src[i] === '\n') line++;
        if (src[i] === '(' && src[i + 1] === ';') { nest++; i++; } else if (src[i] === ';' && src[i + 1] === ')') { nest--; i++; }
      }
      i--;
    } else if (ch === '"') {
      for (i++; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '\n') line++;
      }
    } else if (ch === '(') {
      if (depth === 0) { start = i; startLine = line; }
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) {
        const text = src.slice(start, i + 1);
        forms.push({ head: /^\(\s*([^\s()]+)/.exec(text)?.[1] ?? '', text, line: startLine });
      }
    }
  }
  return forms;
}

/** The first sub-form of `text` (after its head), and the text after it. */
function firstInnerForm(text: string): { form: string; rest: string } | undefined {
  const inner = topLevelForms(text.slice(1, -1));
  const f = inner[0];
  if (!f) return undefined;
  const at = text.indexOf(f.text);
  return { form: f.text, rest: text.slice(at + f.text.length, -1) };
}

function stringLiterals(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ';' && text[i + 1] === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text[i] === '(' && text[i + 1] === ';') {
      let nest = 1;
      for (i += 2; i < text.length && nest > 0; i++) {
        if (text[i] === '(' && text[i + 1] === ';') { nest++; i++; } else if (text[i] === ';' && text[i + 1] === ')') { nest--; i++; }
      }
      i--;
    } else if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out.push(text.slice(i + 1, j));
      i = j;
    }
  }
  return out;
}

/** Bytes of a WAT string literal (escapes \xx, \n, \t, \u{…}, …). */
function stringBytes(lit: string): number[] {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < lit.length; i++) {
    const ch = lit[i]!;
    if (ch !== '\\') { bytes.push(...enc.encode(ch)); continue; }
    const n = lit[++i]!;
    if (/[0-9a-fA-F]/.test(n)) { bytes.push(parseInt(lit.slice(i, i + 2), 16)); i++; continue; }
    switch (n) {
      case 'n': bytes.push(10); break;
      case 't': bytes.push(9); break;
      case 'r': bytes.push(13); break;
      case 'u': {
        const close = lit.indexOf('}', i);
        bytes.push(...enc.encode(String.fromCodePoint(parseInt(lit.slice(i + 2, close), 16))));
        i = close;
        break;
      }
      default: bytes.push(n.charCodeAt(0));
    }
  }
  return bytes;
}

type Loader = (text: string, file: string) => Module;

/** Turns a `(module …)` form of a script into IR; undefined for forms with no module (instance). */
function loadModule(form: string, file: string, parse: Loader, decode: (b: Uint8Array) => Module): Module | undefined {
  const m = /^\(\s*module(?:\s+definition)?(?:\s+\$[^\s()]+)?\s+(binary|quote|instance)\b/.exec(form);
  if (m?.[1] === 'instance') return undefined;
  if (m?.[1] === 'binary') {
    return decode(Uint8Array.from(stringLiterals(form.slice(m[0].length)).flatMap(stringBytes)));
  }
  if (m?.[1] === 'quote') {
    const text = stringLiterals(form.slice(m[0].length)).map((s) => String.fromCharCode(...stringBytes(s))).join(' ');
    return parse(`(module ${text})`, file);
  }
  return parse(form.replace(/^\(\s*module\s+definition\b/, '(module'), file);
}

interface Tally { invalidPass: number; invalidTotal: number; validPass: number; validTotal: number; skipped: number; parseErrors: number }

function runFile(path: string, options: ValidateOptions, parse: Loader, decode: (b: Uint8Array) => Module, tally: Tally, failures: string[]): void {
  const file = path.slice(ROOT.length + 1);
  for (const f of topLevelForms(readFileSync(path, 'utf8'))) {
    const where = `${file}:${f.line}`;
    if (f.head === 'module') {
      let m: Module | undefined;
      try {
        m = loadModule(f.text, file, parse, decode);
      } catch (e) {
        tally.parseErrors++;
        failures.push(`${where}: not parsed: ${(e as Error).message}`);
        continue;
      }
      if (!m) continue;
      tally.validTotal++;
      try {
        validateModule(m, options);
        tally.validPass++;
      } catch (e) {
        if (e instanceof CompileError && e.kind === 'unsupported') { tally.validTotal--; tally.skipped++; continue; }
        failures.push(`${where}: valid module rejected: ${(e as Error).message}`);
      }
    } else if (f.head === 'assert_invalid') {
      const inner = firstInnerForm(f.text);
      const expected = stringLiterals(inner?.rest ?? '').pop() ?? '';
      let m: Module | undefined;
      try {
        m = inner && loadModule(inner.form, file, parse, decode);
      } catch (e) {
        tally.parseErrors++;
        failures.push(`${where}: not parsed: ${(e as Error).message}`);
        continue;
      }
      if (!m) continue;
      tally.invalidTotal++;
      try {
        validateModule(m, options);
        failures.push(`${where}: accepted, expected "${expected}"`);
      } catch (e) {
        if (e instanceof CompileError && e.kind === 'unsupported') { tally.invalidTotal--; tally.skipped++; continue; }
        const msg = (e as Error).message;
        if (e instanceof CompileError && e.kind === 'invalid' && msg.includes(expected)) tally.invalidPass++;
        else failures.push(`${where}: expected "${expected}", got "${msg}"`);
      }
    }
  }
}

test('conformance: assert_invalid and valid modules of the selected groups', async (t) => {
  const parsePath = join(__dirname, '../text/parse.ts');
  if (!existsSync(parsePath) || !existsSync(join(ROOT, 'core/FEATURES.tsv'))) {
    t.skip('text parser or conformance suite not available');
    return;
  }
  const { parseModule } = await import('../text/parse.js') as { parseModule: Loader };
  const { decodeModule } = await import('../binary/decode.js');
  const files: [string, ValidateOptions][] = [];
  for (const row of readFileSync(join(ROOT, 'core/FEATURES.tsv'), 'utf8').split('\n')) {
    const [name, group] = row.split('\t');
    if (name && group && GROUPS.has(group)) files.push([join(ROOT, 'core', name), { stackSwitching: false }]);
  }
  for (const name of ['cont.wast', 'resume_throw.wast', 'validation.wast']) {
    files.push([join(ROOT, 'stack-switching', name), { stackSwitching: true }]);
  }
  // The threads suite's own copies of memory/imports/exports (threads/extra) predate multi-memory.
  for (const name of ['atomic.wast', 'wait_notify.wast', 'unlinkable.wast']) {
    files.push([join(ROOT, 'threads', name), { stackSwitching: true }]);
  }
  const tally: Tally = { invalidPass: 0, invalidTotal: 0, validPass: 0, validTotal: 0, skipped: 0, parseErrors: 0 };
  const failures: string[] = [];
  for (const [path, options] of files) if (existsSync(path)) runFile(path, options, parseModule, decodeModule, tally, failures);
  const summary = `assert_invalid ${tally.invalidPass}/${tally.invalidTotal}, valid modules ${tally.validPass}/${tally.validTotal}, `
    + `${tally.skipped} unsupported (GC/SIMD), ${tally.parseErrors} not parsed`;
  t.diagnostic(summary);
  for (const f of failures.slice(0, 200)) t.diagnostic(f);
  if (process.env.VALID_CONFORMANCE_LOG) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.VALID_CONFORMANCE_LOG, `${summary}\n${failures.join('\n')}\n`);
  }
  assert.ok(tally.invalidPass >= FLOOR.invalid && tally.validPass >= FLOOR.valid, summary);
});
