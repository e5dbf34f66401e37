// Generates syntaxes/wat.tmLanguage.json, the TextMate grammar for the
// WebAssembly text format (.wat) and its script format (.wast).
//
//   node --import tsx syntaxes/build-grammar.mjs          write the grammar
//   node --import tsx syntaxes/build-grammar.mjs --check  fail if it is stale
//
// Instruction names come from the engine's one opcode table
// (runtime/syntax/opcodes.ts) plus the lists below for what the table does not
// hold (yet): SIMD, and script-only words. Each instruction is put into a
// family by its name, and every family gets its own scope, so a theme (or a
// user's tokenColorCustomizations) can colour, say, atomics apart from plain
// loads. test/grammar/wat-grammar.test.ts checks the JSON is in sync.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPCODES, OBSOLETE_NAMES } from '../runtime/syntax/opcodes.ts';

export const GRAMMAR_PATH = fileURLToPath(new URL('./wat.tmLanguage.json', import.meta.url));

// ---------------------------------------------------------------------------
// Lexical building blocks (Oniguruma syntax). A WAT token is a run of idchars;
// words are delimited by whitespace, parentheses, quotes and `;`.

const IDCHAR = "[0-9A-Za-z!#$%&'*+\\-./:<=>?@\\\\^_`|~]";
/** Start of a token: not preceded by an idchar. */
const B = `(?<!${IDCHAR})`;
/** End of a token: not followed by an idchar. */
const E = `(?!${IDCHAR})`;
const STRING_BODY = '"(?:[^"\\\\]|\\\\.)*"';
/** `$name` or `$"quoted name"`. */
// Atomic, so a guard after an id cannot make it give characters back (`$me` of `$mem`).
const ID = `\\$(?>${IDCHAR}+|${STRING_BODY})`;
const NUM = '[0-9](?:_?[0-9])*';
const HEXNUM = '[0-9A-Fa-f](?:_?[0-9A-Fa-f])*';
const SIGN = '[+-]?';

function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * An alternation of whole words, grouped by the part before the first `.` so
 * the regex stays short (`i32\.(?:add|sub|…)`). Longer alternatives come first
 * so no name is cut short by a prefix of it (the end guard would reject that
 * anyway, but backtracking less is faster).
 */
function words(list) {
  const groups = new Map();
  for (const w of [...new Set(list)].sort()) {
    const dot = w.indexOf('.');
    const head = dot < 0 ? '' : w.slice(0, dot);
    const tail = dot < 0 ? w : w.slice(dot + 1);
    if (!groups.has(head)) groups.set(head, []);
    groups.get(head).push(tail);
  }
  const byLength = (a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
  const parts = [...groups.keys()].sort(byLength).map((head) => {
    const tails = groups.get(head).sort(byLength).map(escapeRegex).join('|');
    return head === '' ? tails : `${escapeRegex(head)}\\.(?:${tails})`;
  });
  return `(?:${parts.join('|')})`;
}

function wordRule(name, list) {
  return { name, match: `${B}${words(list)}${E}` };
}

// ---------------------------------------------------------------------------
// Keyword lists.

/** Module fields and type constructors: keywords right after `(`. */
const DECLARATION_KEYWORDS = [
  'module', 'type', 'rec', 'sub', 'func', 'param', 'result', 'local', 'import', 'export',
  'table', 'memory', 'global', 'tag', 'elem', 'data', 'start', 'field', 'struct', 'array', 'cont',
];
const MODIFIERS = ['mut', 'shared', 'final', 'declare', 'null'];
const OTHER_KEYWORDS = ['offset', 'item', 'pagesize'];
/** Block clauses of folded control instructions and try_table catch clauses. */
const CONTROL_CLAUSES = ['then', 'do', 'catch_ref', 'catch_all_ref'];

const NUMBER_TYPES = ['i32', 'i64', 'f32', 'f64'];
const VECTOR_TYPES = ['v128'];
const PACKED_TYPES = ['i8', 'i16'];
const REFERENCE_TYPES = [
  'funcref', 'externref', 'anyref', 'eqref', 'i31ref', 'structref', 'arrayref', 'exnref',
  'nullref', 'nullfuncref', 'nullexternref', 'nullexnref', 'contref', 'nullcontref',
];
const HEAP_TYPES = [
  'func', 'extern', 'any', 'eq', 'i31', 'struct', 'array', 'none', 'nofunc', 'noextern',
  'exn', 'noexn', 'cont', 'nocont',
];
const LANE_SHAPES = ['i8x16', 'i16x8', 'i32x4', 'i64x2', 'f32x4', 'f64x2'];

const SCRIPT_COMMANDS = [
  'assert_return', 'assert_trap', 'assert_invalid', 'assert_malformed', 'assert_unlinkable',
  'assert_uninstantiable', 'assert_exhaustion', 'assert_exception', 'assert_suspension',
  'assert_malformed_custom', 'assert_invalid_custom',
  'invoke', 'get', 'register', 'either', 'thread', 'wait', 'input', 'output',
];
/** Words after `module` in scripts. */
const MODULE_FORMS = ['binary', 'quote', 'definition', 'instance'];
/** Result patterns of script assertions that are not instructions. */
const SCRIPT_REFERENCE_RESULTS = ['ref.extern', 'ref.host', 'ref.struct', 'ref.array', 'ref.any', 'ref.exn'];

// ---------------------------------------------------------------------------
// SIMD (0xFD): not in the opcode table yet, so listed here (with relaxed SIMD).

function simdNames() {
  const out = [];
  const add = (prefix, list) => list.trim().split(/\s+/).forEach((n) => out.push(`${prefix}.${n}`));
  add('v128', `load store const load8x8_s load8x8_u load16x4_s load16x4_u load32x2_s load32x2_u
    load8_splat load16_splat load32_splat load64_splat load32_zero load64_zero
    load8_lane load16_lane load32_lane load64_lane store8_lane store16_lane store32_lane store64_lane
    not and andnot or xor bitselect any_true`);
  const cmpSU = 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u';
  const cmpF = 'eq ne lt gt le ge';
  add('i8x16', `shuffle swizzle splat extract_lane_s extract_lane_u replace_lane ${cmpSU}
    abs neg popcnt all_true bitmask narrow_i16x8_s narrow_i16x8_u shl shr_s shr_u
    add add_sat_s add_sat_u sub sub_sat_s sub_sat_u min_s min_u max_s max_u avgr_u
    relaxed_swizzle relaxed_laneselect`);
  add('i16x8', `splat extract_lane_s extract_lane_u replace_lane ${cmpSU}
    extadd_pairwise_i8x16_s extadd_pairwise_i8x16_u abs neg q15mulr_sat_s all_true bitmask
    narrow_i32x4_s narrow_i32x4_u extend_low_i8x16_s extend_high_i8x16_s extend_low_i8x16_u
    extend_high_i8x16_u shl shr_s shr_u add add_sat_s add_sat_u sub sub_sat_s sub_sat_u mul
    min_s min_u max_s max_u avgr_u extmul_low_i8x16_s extmul_high_i8x16_s extmul_low_i8x16_u
    extmul_high_i8x16_u relaxed_laneselect relaxed_q15mulr_s relaxed_dot_i8x16_i7x16_s`);
  add('i32x4', `splat extract_lane replace_lane ${cmpSU}
    extadd_pairwise_i16x8_s extadd_pairwise_i16x8_u abs neg all_true bitmask
    extend_low_i16x8_s extend_high_i16x8_s extend_low_i16x8_u extend_high_i16x8_u
    shl shr_s shr_u add sub mul min_s min_u max_s max_u dot_i16x8_s
    extmul_low_i16x8_s extmul_high_i16x8_s extmul_low_i16x8_u extmul_high_i16x8_u
    trunc_sat_f32x4_s trunc_sat_f32x4_u trunc_sat_f64x2_s_zero trunc_sat_f64x2_u_zero
    relaxed_trunc_f32x4_s relaxed_trunc_f32x4_u relaxed_trunc_f64x2_s_zero relaxed_trunc_f64x2_u_zero
    relaxed_laneselect relaxed_dot_i8x16_i7x16_add_s`);
  add('i64x2', `splat extract_lane replace_lane eq ne lt_s gt_s le_s ge_s abs neg all_true bitmask
    extend_low_i32x4_s extend_high_i32x4_s extend_low_i32x4_u extend_high_i32x4_u
    shl shr_s shr_u add sub mul
    extmul_low_i32x4_s extmul_high_i32x4_s extmul_low_i32x4_u extmul_high_i32x4_u
    relaxed_laneselect`);
  const float = `splat extract_lane replace_lane ${cmpF} ceil floor trunc nearest abs neg sqrt
    add sub mul div min max pmin pmax relaxed_madd relaxed_nmadd relaxed_min relaxed_max`;
  add('f32x4', `${float} convert_i32x4_s convert_i32x4_u demote_f64x2_zero`);
  add('f64x2', `${float} convert_low_i32x4_s convert_low_i32x4_u promote_low_f32x4`);
  return out;
}

// ---------------------------------------------------------------------------
// Instruction families. Order matters only for readability: every name lands
// in exactly one family (checked below).

/** Names in the opcode table that are not words of the text format. */
export const NON_TEXT_OPCODE_NAMES = new Set([
  'select_t', // written `select (result t)`
  'ref.test_null', // written `ref.test (ref null ht)`
  'ref.cast_null', // written `ref.cast (ref null ht)`
]);

const CONTROL = new Set([
  'unreachable', 'nop', 'block', 'loop', 'if', 'else', 'end', 'br', 'br_if', 'br_table', 'return',
  'call', 'call_indirect', 'call_ref', 'return_call', 'return_call_indirect', 'return_call_ref',
  'throw', 'throw_ref', 'try_table', 'try', 'catch', 'catch_all', 'delegate', 'rethrow',
  'br_on_null', 'br_on_non_null', 'br_on_cast', 'br_on_cast_fail',
]);
const SWITCHING = new Set(['cont.new', 'cont.bind', 'resume', 'resume_throw', 'resume_throw_ref', 'suspend', 'switch']);
/** Instructions of current proposals that the opcode table does not have yet (none today). */
const EXTRA_INSTRUCTIONS = [];
const CONVERSION = /^(?:i32|i64|f32|f64)\.(?:wrap_|trunc_(?:sat_)?f|extend_i|convert_|demote_|promote_|reinterpret_)|\/|^(?:any\.convert_extern|extern\.convert_any)$/;

/** Families: [key, scope, classifier]. The first matching family wins. */
export const FAMILIES = [
  ['control', 'keyword.control.wat', (n) => CONTROL.has(n)],
  ['switching', 'keyword.control.switching.wat', (n) => SWITCHING.has(n)],
  ['atomic', 'support.function.atomic.wat', (n) => n.includes('.atomic.') || n === 'atomic.fence'],
  ['simd', 'support.function.simd.wat', (n) => /^(?:v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\./.test(n)],
  ['variable', 'support.function.variable.wat', (n) => /^(?:local|global)\./.test(n)],
  ['parametric', 'support.function.parametric.wat', (n) => n === 'drop' || n === 'select'],
  ['bulk-memory', 'support.function.memory.bulk.wat', (n) => /^(?:memory\.(?:init|copy|fill)|data\.drop)$/.test(n)],
  ['memory', 'support.function.memory.wat', (n) => /^memory\.|^(?:i32|i64|f32|f64)\.(?:load|store)/.test(n)],
  ['table', 'support.function.table.wat', (n) => /^table\.|^elem\.drop$/.test(n)],
  ['reference', 'support.function.reference.wat', (n) => /^(?:ref|i31)\./.test(n) || n === 'any.convert_extern' || n === 'extern.convert_any'],
  ['gc', 'support.function.gc.wat', (n) => /^(?:struct|array)\./.test(n)],
  ['conversion', 'support.function.conversion.wat', (n) => CONVERSION.test(n)],
  ['numeric.i32', 'support.function.numeric.i32.wat', (n) => n.startsWith('i32.')],
  ['numeric.i64', 'support.function.numeric.i64.wat', (n) => n.startsWith('i64.')],
  ['numeric.f32', 'support.function.numeric.f32.wat', (n) => n.startsWith('f32.')],
  ['numeric.f64', 'support.function.numeric.f64.wat', (n) => n.startsWith('f64.')],
];
// ref.* conversions between hierarchies are reference ops, not numeric conversions:
// the reference family is tried before conversion, so the regex's last branch only
// documents that they were considered.

/** Every instruction word the grammar knows, with the family it is in. */
export function instructionFamilies() {
  const obsolete = new Map(OBSOLETE_NAMES);
  const names = [
    ...OPCODES.map((o) => o.name).filter((n) => !NON_TEXT_OPCODE_NAMES.has(n)),
    ...simdNames(),
    ...EXTRA_INSTRUCTIONS,
    ...obsolete.keys(),
    ...SCRIPT_REFERENCE_RESULTS,
  ];
  const families = new Map(FAMILIES.map(([key]) => [key, []]));
  for (const name of new Set(names)) {
    // An obsolete name belongs to the family of the name that replaced it.
    const classified = obsolete.get(name) ?? name;
    const family = FAMILIES.find(([, , test]) => test(classified));
    if (!family) throw new Error(`build-grammar: no instruction family for ${name}`);
    families.get(family[0]).push(name);
  }
  return families;
}

// ---------------------------------------------------------------------------
// The grammar.

export function buildGrammar() {
  const families = instructionFamilies();
  const scopeOf = new Map(FAMILIES.map(([key, scope]) => [key, scope]));

  const punctOpen = { name: 'punctuation.section.parens.begin.wat' };
  const kw = (word) => `keyword.declaration.${word}.wat`;

  /** `(keyword $id` where the id names what is being defined. */
  const definition = (keyword, idScope, guard = '') => ({
    match: `(\\()\\s*(${keyword})${E}(?:\\s+(${ID})${guard})?`,
    captures: {
      1: punctOpen,
      2: { name: kw(keyword) },
      3: { name: idScope },
    },
  });

  const repository = {
    comments: {
      patterns: [
        {
          name: 'comment.line.double-semicolon.wat',
          match: '(;;).*$',
          captures: { 1: { name: 'punctuation.definition.comment.wat' } },
        },
        { include: '#block-comment' },
      ],
    },
    'block-comment': {
      name: 'comment.block.wat',
      begin: '\\(;',
      end: ';\\)',
      beginCaptures: { 0: { name: 'punctuation.definition.comment.begin.wat' } },
      endCaptures: { 0: { name: 'punctuation.definition.comment.end.wat' } },
      patterns: [{ include: '#block-comment' }],
    },
    annotations: {
      name: 'meta.annotation.wat',
      begin: `(\\()(@(?:${IDCHAR}+|${STRING_BODY}))`,
      end: '\\)',
      beginCaptures: {
        1: { name: 'punctuation.section.annotation.begin.wat' },
        2: { name: 'storage.type.annotation.wat' },
      },
      endCaptures: { 0: { name: 'punctuation.section.annotation.end.wat' } },
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#annotation-parens' },
        { include: '#ids' },
        { include: '#numbers' },
      ],
    },
    'annotation-parens': {
      begin: '\\(',
      end: '\\)',
      beginCaptures: { 0: { name: 'punctuation.section.parens.begin.wat' } },
      endCaptures: { 0: { name: 'punctuation.section.parens.end.wat' } },
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#annotation-parens' },
        { include: '#ids' },
        { include: '#numbers' },
      ],
    },
    strings: {
      name: 'string.quoted.double.wat',
      // The text format has no multi-line strings: an unclosed one ends with its line.
      begin: '"',
      end: '"|$',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.wat' } },
      endCaptures: { 0: { name: 'punctuation.definition.string.end.wat' } },
      patterns: [
        { name: 'constant.character.escape.wat', match: `\\\\(?:[ntr"'\\\\]|[0-9A-Fa-f]{2}|u\\{${HEXNUM}\\})` },
        { name: 'invalid.illegal.escape.wat', match: '\\\\.?' },
      ],
    },
    ids: {
      name: 'variable.other.wat',
      match: `${B}${ID}`,
    },
    numbers: {
      patterns: [
        { name: 'constant.numeric.float.nan.wat', match: `${B}${SIGN}nan(?::0x${HEXNUM})?${E}` },
        { name: 'constant.numeric.float.inf.wat', match: `${B}${SIGN}inf${E}` },
        {
          name: 'constant.numeric.float.hexadecimal.wat',
          match: `${B}${SIGN}0x${HEXNUM}(?:\\.(?:${HEXNUM})?(?:[pP]${SIGN}${NUM})?|[pP]${SIGN}${NUM})${E}`,
        },
        { name: 'constant.numeric.integer.hexadecimal.wat', match: `${B}${SIGN}0x${HEXNUM}${E}` },
        {
          name: 'constant.numeric.float.decimal.wat',
          match: `${B}${SIGN}${NUM}(?:\\.(?:${NUM})?(?:[eE]${SIGN}${NUM})?|[eE]${SIGN}${NUM})${E}`,
        },
        { name: 'constant.numeric.integer.decimal.wat', match: `${B}${SIGN}${NUM}${E}` },
      ],
    },
    'nan-patterns': {
      name: 'constant.language.nan.wat',
      match: `${B}nan:(?:canonical|arithmetic)${E}`,
    },
    memarg: {
      match: `${B}(offset|align)(=)(0x${HEXNUM}|${NUM})${E}`,
      captures: {
        1: { name: 'keyword.other.memarg.wat' },
        2: { name: 'keyword.operator.assignment.wat' },
        3: { name: 'constant.numeric.integer.wat' },
      },
    },
    // `(export "name" (func $f))`: inside an export the ids are references.
    exports: {
      name: 'meta.export.wat',
      begin: `(\\()\\s*(export)${E}`,
      end: '\\)',
      beginCaptures: { 1: punctOpen, 2: { name: kw('export') } },
      endCaptures: { 0: { name: 'punctuation.section.parens.end.wat' } },
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        {
          begin: `(\\()\\s*(func|table|memory|global|tag)${E}`,
          end: '\\)',
          beginCaptures: { 1: punctOpen, 2: { name: 'keyword.declaration.$2.wat' } },
          endCaptures: { 0: { name: 'punctuation.section.parens.end.wat' } },
          patterns: [{ include: '#comments' }, { include: '#ids' }, { include: '#numbers' }],
        },
      ],
    },
    definitions: {
      patterns: [
        {
          match: `(\\()\\s*(module)${E}(?:\\s+(definition|instance)${E})?(?:\\s+(${ID}))?`,
          captures: {
            1: punctOpen,
            2: { name: kw('module') },
            3: { name: 'keyword.other.script.wat' },
            4: { name: 'entity.name.namespace.wat' },
          },
        },
        definition('func', 'entity.name.function.wat'),
        // `(type $t (func …))` defines; `(type $t)` in a type use refers.
        definition('type', 'entity.name.type.wat', '(?=\\s*(?:\\(|$))'),
        definition('field', 'entity.name.field.wat'),
        definition('param', 'variable.parameter.wat'),
        definition('local', 'variable.other.local.wat'),
        definition('global', 'entity.name.global.wat'),
        // `(table $t)` / `(memory $m)` alone refer (in elem and data segments).
        definition('table', 'entity.name.table.wat', '(?!\\s*\\))'),
        definition('memory', 'entity.name.memory.wat', '(?!\\s*\\))'),
        definition('tag', 'entity.name.tag.wat'),
        definition('elem', 'entity.name.elem.wat'),
        definition('data', 'entity.name.data.wat'),
        {
          match: `${B}(block|loop|if|try_table|try)${E}\\s+(${ID})`,
          captures: { 1: { name: 'keyword.control.wat' }, 2: { name: 'entity.name.label.wat' } },
        },
        {
          match: `${B}(call|return_call)${E}\\s+(${ID})`,
          captures: { 1: { name: 'keyword.control.wat' }, 2: { name: 'variable.function.wat' } },
        },
        {
          match: `(\\()\\s*(start)${E}\\s+(${ID})`,
          captures: { 1: punctOpen, 2: { name: kw('start') }, 3: { name: 'variable.function.wat' } },
        },
        {
          match: `${B}(ref\\.func)${E}\\s+(${ID})`,
          captures: { 1: { name: 'support.function.reference.wat' }, 2: { name: 'variable.function.wat' } },
        },
      ],
    },
    keywords: {
      patterns: [
        {
          match: `(\\()\\s*(${DECLARATION_KEYWORDS.join('|')})${E}`,
          captures: { 1: punctOpen, 2: { name: 'keyword.declaration.$2.wat' } },
        },
        // Also bare, e.g. after an annotation: `((@a) param i32)`. The ones that
        // double as heap types (func, struct, array, cont) are heap types when bare.
        {
          match: `${B}(${DECLARATION_KEYWORDS.filter((k) => !HEAP_TYPES.includes(k)).join('|')})${E}`,
          name: 'keyword.declaration.$1.wat',
        },
        wordRule('storage.modifier.wat', MODIFIERS),
        { name: 'keyword.control.wat', match: `${B}${words(CONTROL_CLAUSES)}${E}` },
        { name: 'keyword.control.switching.wat', match: `${B}on${E}` },
        { match: `${B}(${OTHER_KEYWORDS.join('|')})${E}`, name: 'keyword.other.wat' },
        wordRule('keyword.other.script.wat', [...SCRIPT_COMMANDS, ...MODULE_FORMS]),
      ],
    },
    types: {
      patterns: [
        wordRule('storage.type.numeric.wat', NUMBER_TYPES),
        wordRule('storage.type.vector.wat', VECTOR_TYPES),
        wordRule('storage.type.packed.wat', PACKED_TYPES),
        wordRule('storage.type.reference.wat', [...REFERENCE_TYPES, 'ref']),
        wordRule('storage.type.heap.wat', HEAP_TYPES),
        wordRule('storage.type.shape.wat', LANE_SHAPES),
      ],
    },
    instructions: {
      patterns: FAMILIES.filter(([key]) => families.get(key).length > 0)
        .map(([key]) => wordRule(scopeOf.get(key), families.get(key))),
    },
    parens: {
      patterns: [
        { name: 'punctuation.section.parens.begin.wat', match: '\\(' },
        { name: 'punctuation.section.parens.end.wat', match: '\\)' },
      ],
    },
    // Any other word (an unknown instruction, a typo): consumed whole and left
    // uncoloured so no prefix of it is taken for a keyword or a number.
    'unknown-words': {
      match: `${B}${IDCHAR}+`,
    },
  };

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'WebAssembly Text',
    scopeName: 'source.wat',
    fileTypes: ['wat', 'wast'],
    comment: 'Generated by syntaxes/build-grammar.mjs; edit that script, not this file.',
    patterns: [
      { include: '#comments' },
      { include: '#annotations' },
      { include: '#strings' },
      { include: '#exports' },
      { include: '#definitions' },
      { include: '#keywords' },
      { include: '#memarg' },
      { include: '#nan-patterns' },
      { include: '#numbers' },
      { include: '#ids' },
      { include: '#instructions' },
      { include: '#types' },
      { include: '#parens' },
      { include: '#unknown-words' },
    ],
    repository,
  };
}

export function grammarText() {
  return `${JSON.stringify(buildGrammar(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = grammarText();
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(GRAMMAR_PATH, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      console.error('syntaxes/wat.tmLanguage.json is stale: run node --import tsx syntaxes/build-grammar.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(GRAMMAR_PATH, text);
    console.log(`wrote ${GRAMMAR_PATH}`);
  }
}
