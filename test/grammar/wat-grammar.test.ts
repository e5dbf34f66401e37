// Token tests for the WAT/WAST TextMate grammar (syntaxes/wat.tmLanguage.json),
// run through vscode-textmate + vscode-oniguruma exactly as VS Code runs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPCODES, OBSOLETE_NAMES } from '../../runtime/syntax/opcodes.js';
import { GRAMMAR_FILE, ROOT, tokenize, type Token } from './tokenize.js';

type Generator = typeof import('../../syntaxes/build-grammar.mjs');
const generator = (): Promise<Generator> => import('../../syntaxes/build-grammar.mjs');

const SAMPLE = readFileSync(join(__dirname, 'sample.wat'), 'utf8');
const SAMPLE_LINES = SAMPLE.split(/\r?\n/);

const innermost = (t: Token): string => t.scopes[t.scopes.length - 1] ?? '';
const isInstructionScope = (s: string): boolean => /^(?:keyword\.control|support\.function)\./.test(s);

let sampleTokens: Promise<Token[]> | undefined;
const sample = (): Promise<Token[]> => (sampleTokens ??= tokenize(SAMPLE));

/**
 * The token `text` on the first sample line containing `lineMarker` (and at or
 * after the `nth` occurrence of `text` on that line).
 */
async function sampleToken(lineMarker: string, text: string, nth = 0): Promise<Token> {
  const line = SAMPLE_LINES.findIndex((l) => l.includes(lineMarker));
  assert.ok(line >= 0, `sample.wat has no line containing ${JSON.stringify(lineMarker)}`);
  const found = (await sample()).filter((t) => t.line === line && t.text === text);
  const token = found[nth];
  assert.ok(token, `no token ${JSON.stringify(text)} (#${nth}) on sample line ${line + 1}: ${SAMPLE_LINES[line]}`);
  return token;
}

async function expectSample(lineMarker: string, text: string, scope: string, nth = 0): Promise<void> {
  const token = await sampleToken(lineMarker, text, nth);
  assert.equal(innermost(token), scope, `${JSON.stringify(text)} on line ${token.line + 1} has scopes ${token.scopes.join(' ')}`);
}

/** The tokens of one line of source, whitespace dropped. */
async function tokensOf(source: string): Promise<Token[]> {
  return (await tokenize(source)).filter((t) => t.text.trim() !== '');
}

/** The one token covering exactly `word` in `source`. */
async function tokenFor(source: string, word: string): Promise<Token> {
  const start = source.indexOf(word);
  const token = (await tokenize(source)).find((t) => t.start === start && t.line === 0);
  assert.ok(token, `no token starts at ${JSON.stringify(word)} in ${source}`);
  return token;
}

// ---------------------------------------------------------------------------

test('the committed grammar is what build-grammar.mjs generates', async () => {
  const { grammarText } = await generator();
  assert.equal(readFileSync(GRAMMAR_FILE, 'utf8'), grammarText(),
    'syntaxes/wat.tmLanguage.json is stale: run node --import tsx syntaxes/build-grammar.mjs');
  const grammar = JSON.parse(readFileSync(GRAMMAR_FILE, 'utf8')) as { scopeName: string };
  assert.equal(grammar.scopeName, 'source.wat');
});

test('language configuration: comments, brackets, pairs, word pattern', () => {
  const config = JSON.parse(readFileSync(join(ROOT, 'syntaxes', 'wat.language-configuration.json'), 'utf8')) as {
    comments: { lineComment: string; blockComment: [string, string] };
    brackets: [string, string][];
    autoClosingPairs: { open: string; close: string }[];
    surroundingPairs: [string, string][];
    wordPattern: string;
    folding: { markers: { start: string; end: string } };
  };
  assert.equal(config.comments.lineComment, ';;');
  assert.deepEqual(config.comments.blockComment, ['(;', ';)']);
  assert.deepEqual(config.brackets, [['(', ')']]);
  assert.deepEqual(config.autoClosingPairs.map((p) => [p.open, p.close]), [['(', ')'], ['"', '"'], ['(;', ';)']]);
  assert.deepEqual(config.surroundingPairs, [['(', ')'], ['"', '"']]);
  const words = '(func $gen i32.atomic.rmw.add (f32.const nan:0x7fc00000) offset=4 $"a b")'.match(new RegExp(config.wordPattern, 'g'));
  assert.deepEqual(words, ['func', '$gen', 'i32.atomic.rmw.add', 'f32.const', 'nan:0x7fc00000', 'offset=4', '$"a b"']);
  assert.ok(new RegExp(config.folding.markers.start).test('  ;; #region helpers'));
  assert.ok(new RegExp(config.folding.markers.end).test('  ;; #endregion'));
});

test('comments: line, block, nested block across lines', async () => {
  await expectSample(';; x', ';;', 'punctuation.definition.comment.wat');
  await expectSample(';; x', ' x', 'comment.line.double-semicolon.wat');
  await expectSample('(; a block comment', ' nested ', 'comment.block.wat');
  const still = await sampleToken('(; a block comment', ' still a comment ');
  assert.equal(innermost(still), 'comment.block.wat', 'the outer comment goes on after the inner one closes');
  await expectSample('(; a block comment', ' closed ', 'comment.block.wat');

  const tokens = await tokensOf('(; outer (; inner\n ;; not a line comment\n ;) i32.add ;) i32.add (; ;) nop');
  const code = tokens.filter((t) => !t.scopes.some((s) => s.startsWith('comment.')));
  assert.deepEqual(code.map((t) => [t.text, innermost(t)]), [
    ['i32.add', 'support.function.numeric.i32.wat'],
    ['nop', 'keyword.control.wat'],
  ]);
  // A line comment does not open a block comment.
  const after = await tokensOf(';; (; not open\ni32.add');
  assert.equal(innermost(after[after.length - 1]!), 'support.function.numeric.i32.wat');
});

test('annotations', async () => {
  await expectSample('(@custom', '@custom', 'storage.type.annotation.wat');
  const inner = await sampleToken('(@custom', 'after code');
  assert.ok(inner.scopes.includes('meta.annotation.wat'));
  assert.ok(!inner.scopes.some(isInstructionScope));
  // Keywords stay keywords when an annotation separates them from their `(`.
  await expectSample('((@a) module', 'module', 'keyword.declaration.module.wat');
  // (A bare `func` there reads as the heap type: the grammar has no lookbehind past an annotation.)
  await expectSample('((@a) module', 'param', 'keyword.declaration.param.wat');
  await expectSample('((@a) module', 'i32.add', 'support.function.numeric.i32.wat');
  await expectSample('(assert_invalid_custom', ' (before xyz))', 'string.quoted.double.wat');
  const tokens = await tokensOf('(func (@name "f") (@metadata.code.branch_hint "\\01") i32.add)');
  assert.deepEqual(tokens.filter((t) => t.text.startsWith('@')).map(innermost),
    ['storage.type.annotation.wat', 'storage.type.annotation.wat']);
  assert.equal(innermost(tokens.find((t) => t.text === 'i32.add')!), 'support.function.numeric.i32.wat');
});

test('strings and escapes', async () => {
  await expectSample('(data $d', '\\n', 'constant.character.escape.wat');
  for (const escape of ['\\t', '\\\\', "\\'", '\\"', '\\ff', '\\u{1F600}']) {
    await expectSample('(data $d', escape, 'constant.character.escape.wat');
  }
  await expectSample('(data $d', '\\q', 'invalid.illegal.escape.wat');
  const a = await sampleToken('(data $d', 'a');
  assert.equal(innermost(a), 'string.quoted.double.wat');

  const tokens = await tokensOf('"a\\nb" "\\u{10_FFFF}" "\\u{}" "\\0g"');
  assert.deepEqual(tokens.filter((t) => t.scopes.some((s) => s.startsWith('constant.character') || s.startsWith('invalid')))
    .map((t) => [t.text, innermost(t)]), [
    ['\\n', 'constant.character.escape.wat'],
    ['\\u{10_FFFF}', 'constant.character.escape.wat'],
    ['\\u', 'invalid.illegal.escape.wat'],
    ['\\0', 'invalid.illegal.escape.wat'],
  ]);
  // No multi-line strings: an unclosed one stops at the end of its line.
  const unclosed = await tokensOf('"open\ni32.add');
  assert.equal(innermost(unclosed[unclosed.length - 1]!), 'support.function.numeric.i32.wat');
  // Keywords inside strings are not keywords.
  const quoted = await tokenFor('(module quote "(func i32.add)")', '(func i32.add)');
  assert.equal(innermost(quoted), 'string.quoted.double.wat');
});

test('identifiers: definitions and references', async () => {
  await expectSample('(func $gen (type $ft)', '$gen', 'entity.name.function.wat');
  await expectSample('(func $gen (type $ft)', '$ft', 'variable.other.wat');
  await expectSample('(func $gen (type $ft)', '$n', 'variable.parameter.wat');
  await expectSample('(func $gen (type $ft)', '$i', 'variable.other.local.wat');
  await expectSample('(module $m', '$m', 'entity.name.namespace.wat');
  await expectSample('(type $ft (func', '$ft', 'entity.name.type.wat');
  await expectSample('(type $point', '$x', 'entity.name.field.wat');
  await expectSample('(import "env" "print"', '$print', 'entity.name.function.wat');
  await expectSample('(memory $mem i64', '$mem', 'entity.name.memory.wat');
  await expectSample('(table $tab 10', '$tab', 'entity.name.table.wat');
  await expectSample('(global $g (mut', '$g', 'entity.name.global.wat');
  await expectSample('(tag $yield', '$yield', 'entity.name.tag.wat');
  await expectSample('(elem $e declare', '$e', 'entity.name.elem.wat');
  await expectSample('(elem $active', '$tab', 'variable.other.wat');
  await expectSample('(data $d', '$d', 'entity.name.data.wat');
  await expectSample('(data $d', '$mem', 'variable.other.wat');
  await expectSample('(export "gen"', '$gen', 'variable.other.wat');
  await expectSample('(start $main)', '$main', 'variable.function.wat');
  await expectSample('block $done', '$done', 'entity.name.label.wat');
  await expectSample('br_if $done', '$done', 'variable.other.wat');
  await expectSample('call $print', '$print', 'variable.function.wat');
  await expectSample('(try_table $h', '$h', 'entity.name.label.wat');
  await expectSample('(local $"quoted id" i32)', '$"quoted id"', 'variable.other.local.wat');
  await expectSample('local.get $"quoted id"', '$"quoted id"', 'variable.other.wat');
  await expectSample('(module definition $M', '$M', 'entity.name.namespace.wat');
  await expectSample('(module instance $I $M)', '$I', 'entity.name.namespace.wat');
  await expectSample('(module instance $I $M)', '$M', 'variable.other.wat');
});

test('numbers', async () => {
  await expectSample('f32.const -nan:0x7fc00000', '-nan:0x7fc00000', 'constant.numeric.float.nan.wat');
  await expectSample('i32.const -1_000', '-1_000', 'constant.numeric.integer.decimal.wat');
  await expectSample('i64.const 0xFFFF_FFFF', '0xFFFF_FFFF', 'constant.numeric.integer.hexadecimal.wat');
  await expectSample('f32.const 1.5e-10', '1.5e-10', 'constant.numeric.float.decimal.wat');
  await expectSample('f64.const +inf', '+inf', 'constant.numeric.float.inf.wat');
  await expectSample('(global $fg', '-0x1.8p+3', 'constant.numeric.float.hexadecimal.wat');
  await expectSample('i32.load offset=8 align=4', '8', 'constant.numeric.integer.wat');
  await expectSample('nan:canonical', 'nan:canonical', 'constant.language.nan.wat');
  await expectSample('nan:canonical', 'nan:arithmetic', 'constant.language.nan.wat');

  const good = ['0', '+7', '-0x1F', '1_000_000', '0xdead_beef', '1.', '1.5', '-1.5e+3', '1E10', '0x1p4', '0x1.', '0xA.8P-2', '1.e5',
    'inf', '-inf', 'nan', '+nan', 'nan:0x1', 'nan:0x7f_ffff'];
  for (const n of good) {
    const token = await tokenFor(`(f64.const ${n})`, n);
    assert.equal(token.text, n);
    assert.match(innermost(token), /^constant\.numeric\./, `${n}: ${token.scopes.join(' ')}`);
  }
  // Not numbers: a doubled or trailing `_`, a lone `0x`, digits glued to a word, nan:0x without digits.
  for (const n of ['1__0', '1_', '_1', '0x', '0x_1', '12abc', 'nan:0x', 'infinity', '0x.8', '0x.p1', '1e', '+-1']) {
    const tokens = await tokensOf(`(f64.const ${n})`);
    const covering = tokens.filter((t) => t.start >= 11 && t.start < 11 + n.length);
    assert.ok(covering.every((t) => !t.scopes.some((s) => s.startsWith('constant.'))), `${n} coloured as a number`);
  }
});

test('keywords and types', async () => {
  const cases: [marker: string, text: string, scope: string, nth?: number][] = [
    ['(module $m', 'module', 'keyword.declaration.module.wat'],
    ['(rec', 'rec', 'keyword.declaration.rec.wat'],
    ['(type $point', 'sub', 'keyword.declaration.sub.wat'],
    ['(type $point', 'final', 'storage.modifier.wat'],
    ['(type $point', 'struct', 'keyword.declaration.struct.wat'],
    ['(type $point', 'field', 'keyword.declaration.field.wat'],
    ['(type $point', 'mut', 'storage.modifier.wat'],
    ['(type $bytes', 'array', 'keyword.declaration.array.wat'],
    ['(type $bytes', 'i8', 'storage.type.packed.wat'],
    ['(type $shorts', 'i16', 'storage.type.packed.wat'],
    ['(type $ct (cont', 'cont', 'keyword.declaration.cont.wat'],
    ['(import "env" "mem"', 'import', 'keyword.declaration.import.wat'],
    ['(import "env" "mem"', 'shared', 'storage.modifier.wat'],
    ['(memory $mem i64', 'i64', 'storage.type.numeric.wat'],
    ['(memory $mem i64', 'pagesize', 'keyword.other.wat'],
    ['(table $tab 10', 'funcref', 'storage.type.reference.wat'],
    ['(elem $e declare', 'declare', 'storage.modifier.wat'],
    ['(elem $e declare', 'func', 'storage.type.heap.wat'],
    ['(elem $active', 'offset', 'keyword.other.wat'],
    ['(export "gen"', 'export', 'keyword.declaration.export.wat'],
    ['(start $main)', 'start', 'keyword.declaration.start.wat'],
    ['(func $gen (type $ft)', 'func', 'keyword.declaration.func.wat'],
    ['(func $gen (type $ft)', 'param', 'keyword.declaration.param.wat'],
    ['(func $gen (type $ft)', 'result', 'keyword.declaration.result.wat'],
    ['(func $gen (type $ft)', 'local', 'keyword.declaration.local.wat'],
    ['(func $gen (type $ft)', 'ref', 'storage.type.reference.wat'],
    ['(func $gen (type $ft)', 'null', 'storage.modifier.wat'],
    ['(if (result i32)', 'then', 'keyword.control.wat'],
    ['(if (result i32)', 'else', 'keyword.control.wat'],
    ['i32.load offset=8 align=4', 'offset', 'keyword.other.memarg.wat'],
    ['i32.load offset=8 align=4', 'align', 'keyword.other.memarg.wat'],
    ['i32.load offset=8 align=4', '=', 'keyword.operator.assignment.wat'],
    ['(func $simd (result v128)', 'v128', 'storage.type.vector.wat'],
    ['v128.const i32x4', 'i32x4', 'storage.type.shape.wat'],
    ['v128.const f64x2', 'f64x2', 'storage.type.shape.wat'],
    ['(try_table $h', 'catch_ref', 'keyword.control.wat'],
    ['(try_table $h', 'catch_all_ref', 'keyword.control.wat'],
  ];
  for (const [marker, text, scope, nth] of cases) await expectSample(marker, text, scope, nth);

  for (const t of ['funcref', 'externref', 'anyref', 'eqref', 'i31ref', 'structref', 'arrayref', 'exnref', 'nullref',
    'nullfuncref', 'nullexternref', 'nullexnref', 'contref', 'nullcontref']) {
    assert.equal(innermost(await tokenFor(`(param ${t})`, t)), 'storage.type.reference.wat', t);
  }
  for (const t of ['func', 'extern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'nofunc', 'noextern', 'exn',
    'noexn', 'cont', 'nocont']) {
    assert.equal(innermost(await tokenFor(`(param (ref null ${t}))`, t)), 'storage.type.heap.wat', t);
  }
  for (const t of ['i32', 'i64', 'f32', 'f64']) {
    assert.equal(innermost(await tokenFor(`(param ${t})`, t)), 'storage.type.numeric.wat', t);
  }
});

test('instruction families in the sample', async () => {
  const cases: [marker: string, text: string, scope: string][] = [
    ['block $done', 'block', 'keyword.control.wat'],
    ['loop $again', 'loop', 'keyword.control.wat'],
    ['br_table 0 1', 'br_table', 'keyword.control.wat'],
    ['call_indirect $tab', 'call_indirect', 'keyword.control.wat'],
    ['return_call_ref $ft', 'return_call_ref', 'keyword.control.wat'],
    ['unreachable', 'unreachable', 'keyword.control.wat'],
    ['drop', 'drop', 'support.function.parametric.wat'],
    ['select (result i32)', 'select', 'support.function.parametric.wat'],
    ['local.tee $i', 'local.tee', 'support.function.variable.wat'],
    ['global.set $g', 'global.set', 'support.function.variable.wat'],
    ['i64.load8_s $mem', 'i64.load8_s', 'support.function.memory.wat'],
    ['memory.grow $mem', 'memory.grow', 'support.function.memory.wat'],
    ['memory.init $d', 'memory.init', 'support.function.memory.bulk.wat'],
    ['data.drop $d', 'data.drop', 'support.function.memory.bulk.wat'],
    ['table.init $e', 'table.init', 'support.function.table.wat'],
    ['elem.drop $e', 'elem.drop', 'support.function.table.wat'],
    ['memory.atomic.notify', 'memory.atomic.notify', 'support.function.atomic.wat'],
    ['memory.atomic.wait32', 'memory.atomic.wait32', 'support.function.atomic.wat'],
    ['memory.atomic.wait64', 'memory.atomic.wait64', 'support.function.atomic.wat'],
    ['atomic.fence', 'atomic.fence', 'support.function.atomic.wat'],
    ['i32.atomic.rmw.add', 'i32.atomic.rmw.add', 'support.function.atomic.wat'],
    ['i64.atomic.rmw16.xor_u', 'i64.atomic.rmw16.xor_u', 'support.function.atomic.wat'],
    ['i32.atomic.rmw8.cmpxchg_u', 'i32.atomic.rmw8.cmpxchg_u', 'support.function.atomic.wat'],
    ['i64.atomic.store32', 'i64.atomic.store32', 'support.function.atomic.wat'],
    ['i32.add i32.eqz', 'i32.add', 'support.function.numeric.i32.wat'],
    ['i64.div_u', 'i64.div_u', 'support.function.numeric.i64.wat'],
    ['f32.sqrt', 'f32.sqrt', 'support.function.numeric.f32.wat'],
    ['f64.nearest', 'f64.nearest', 'support.function.numeric.f64.wat'],
    ['i32.wrap_i64', 'i32.wrap_i64', 'support.function.conversion.wat'],
    ['i32.trunc_sat_f64_s', 'i32.trunc_sat_f64_s', 'support.function.conversion.wat'],
    ['i64.reinterpret_f64', 'i64.reinterpret_f64', 'support.function.conversion.wat'],
    ['get_local 0', 'get_local', 'support.function.variable.wat'],
    ['ref.null func', 'ref.null', 'support.function.reference.wat'],
    ['ref.func $gen', 'ref.func', 'support.function.reference.wat'],
    ['ref.as_non_null', 'ref.as_non_null', 'support.function.reference.wat'],
    ['ref.test (ref null $point)', 'ref.test', 'support.function.reference.wat'],
    ['ref.cast (ref i31)', 'ref.cast', 'support.function.reference.wat'],
    ['ref.i31', 'ref.i31', 'support.function.reference.wat'],
    ['i31.get_s', 'i31.get_s', 'support.function.reference.wat'],
    ['any.convert_extern', 'any.convert_extern', 'support.function.reference.wat'],
    ['extern.convert_any', 'extern.convert_any', 'support.function.reference.wat'],
    ['br_on_null $done', 'br_on_null', 'keyword.control.wat'],
    ['br_on_cast_fail $done', 'br_on_cast_fail', 'keyword.control.wat'],
    ['struct.new_default', 'struct.new_default', 'support.function.gc.wat'],
    ['struct.get $point $x', 'struct.get', 'support.function.gc.wat'],
    ['array.new_fixed', 'array.new_fixed', 'support.function.gc.wat'],
    ['array.init_elem', 'array.init_elem', 'support.function.gc.wat'],
    ['(try_table $h', 'try_table', 'keyword.control.wat'],
    ['(try_table $h', 'catch', 'keyword.control.wat'],
    ['(try_table $h', 'catch_all', 'keyword.control.wat'],
    ['(throw $exn', 'throw', 'keyword.control.wat'],
    ['throw_ref', 'throw_ref', 'keyword.control.wat'],
    ['try $legacy', 'try', 'keyword.control.wat'],
    ['rethrow $legacy', 'rethrow', 'keyword.control.wat'],
    ['delegate 0', 'delegate', 'keyword.control.wat'],
    ['(cont.new $ct', 'cont.new', 'keyword.control.switching.wat'],
    ['cont.bind $ct', 'cont.bind', 'keyword.control.switching.wat'],
    ['(resume $ct', 'resume', 'keyword.control.switching.wat'],
    ['(resume $ct', 'on', 'keyword.control.switching.wat'],
    ['(resume $ct', 'switch', 'keyword.control.switching.wat'],
    ['resume_throw $ct', 'resume_throw', 'keyword.control.switching.wat'],
    ['resume_throw_ref $ct', 'resume_throw_ref', 'keyword.control.switching.wat'],
    ['suspend $yield', 'suspend', 'keyword.control.switching.wat'],
    ['switch $ct $yield', 'switch', 'keyword.control.switching.wat'],
    ['v128.const i32x4', 'v128.const', 'support.function.simd.wat'],
    ['v128.store8_lane', 'v128.store8_lane', 'support.function.simd.wat'],
    ['i8x16.shuffle', 'i8x16.shuffle', 'support.function.simd.wat'],
    ['i16x8.extmul_low_i8x16_s', 'i16x8.extmul_low_i8x16_s', 'support.function.simd.wat'],
    ['f32x4.relaxed_madd', 'f32x4.relaxed_madd', 'support.function.simd.wat'],
    ['i32x4.relaxed_trunc_f64x2_u_zero', 'i32x4.relaxed_trunc_f64x2_u_zero', 'support.function.simd.wat'],
  ];
  for (const [marker, text, scope] of cases) await expectSample(marker, text, scope);
  await expectSample('(resume $ct', '$yield', 'variable.other.wat');

  // Every family scope the generator defines shows up somewhere in the sample.
  const { FAMILIES } = await generator();
  const seen = new Set((await sample()).map(innermost));
  for (const [key, scope] of FAMILIES) assert.ok(seen.has(scope), `sample.wat has no ${key} instruction (${scope})`);
});

test('script commands', async () => {
  const commands = ['assert_return', 'assert_trap', 'assert_invalid', 'assert_malformed', 'assert_unlinkable',
    'assert_uninstantiable', 'assert_exhaustion', 'assert_exception', 'assert_suspension', 'invoke', 'get',
    'register', 'either', 'thread', 'wait', 'assert_malformed_custom', 'assert_invalid_custom'];
  const seen = new Map((await sample()).map((t) => [t.text, innermost(t)] as const));
  for (const c of commands) assert.equal(seen.get(c), 'keyword.other.script.wat', c);
  for (const form of ['binary', 'quote', 'definition', 'instance']) {
    await expectSample(`(module ${form}`, form, 'keyword.other.script.wat');
  }
  await expectSample('(either', 'ref.extern', 'support.function.reference.wat');
  await expectSample('(assert_return (get', 'ref.null', 'support.function.reference.wat');
});

test('unknown words are not instructions, and no prefix of them is coloured', async () => {
  await expectSample('i32.frobnicate', 'i32.frobnicate', 'source.wat');
  for (const word of ['i32.frobnicate', 'local.gets', 'i32.add_', 'xi32.add', 'v128.frob', 'resumes', 'i32.atomic.rmw.frob',
    'i32x4.add_sat_s', 'nop2', 'funcs', 'i33', 'on_', 'memory.atomic.wait16', 'assert_nothing', 'select_t',
    'ref.test_null', 'ref.cast_null']) {
    const tokens = (await tokensOf(`(func ${word})`)).filter((t) => t.start >= 6 && t.start < 6 + word.length);
    assert.deepEqual(tokens.map((t) => [t.text, innermost(t)]), [[word, 'source.wat']], word);
  }
});

test('every instruction in the opcode table is scoped as an instruction in (func X)', async () => {
  const { NON_TEXT_OPCODE_NAMES } = await generator();
  const names = OPCODES.map((o) => o.name);
  for (const n of NON_TEXT_OPCODE_NAMES) assert.ok(names.includes(n), `${n} is no longer in the opcode table`);
  let checked = 0;
  for (const name of names) {
    if (NON_TEXT_OPCODE_NAMES.has(name)) continue;
    const token = await tokenFor(`(func ${name})`, name);
    assert.equal(token.text, name, `${name} is split: ${token.text}`);
    assert.ok(isInstructionScope(innermost(token)), `${name} has scopes ${token.scopes.join(' ')}`);
    checked++;
  }
  assert.ok(checked > 200, `only ${checked} opcodes checked`);
});

test('every instruction word the generator knows gets its family scope (SIMD and obsolete names too)', async () => {
  const { FAMILIES, instructionFamilies } = await generator();
  const scopeOf = new Map(FAMILIES.map(([key, scope]) => [key, scope]));
  const families = instructionFamilies();
  let simd = 0;
  for (const [key, list] of families) {
    for (const name of list) {
      const token = await tokenFor(`(func ${name})`, name);
      assert.equal(token.text, name, `${name} is split: ${token.text}`);
      assert.equal(innermost(token), scopeOf.get(key), name);
      if (key === 'simd') simd++;
    }
  }
  assert.ok(simd > 230, `only ${simd} SIMD instructions`);
  for (const [old] of OBSOLETE_NAMES) assert.ok([...families.values()].some((l) => l.includes(old)), old);
});
