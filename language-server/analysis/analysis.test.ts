import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyze, completions, definition, documentSymbols, DocumentAnalyzer, hover, prepareRename, references, rename,
} from './index.js';

const SAMPLE = readFileSync(join(__dirname, 'fixtures', 'sample.wat'), 'utf8');

/** Offset of the `nth` occurrence of `needle` (plus `delta`). */
function at(text: string, needle: string, nth = 0, delta = 1): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `${needle} #${nth} not found`);
  }
  return i + delta;
}
const slice = (text: string, r: { start: number; end: number }): string => text.slice(r.start, r.end);

test('a valid module has no diagnostics', () => {
  assert.deepEqual(analyze(SAMPLE, 'file:///sample.wat').diagnostics, []);
});

test('a parse error points at the offending token', () => {
  const text = '(module\n  (func $f (result i32)\n    i32.const 1\n    i32.bogus\n  ))\n';
  const [d, ...more] = analyze(text, 'file:///bad.wat').diagnostics;
  assert.equal(more.length, 0);
  assert.equal(d!.code, 'malformed');
  assert.equal(slice(text, d!), 'i32.bogus');
  assert.match(d!.message, /unknown operator/);
});

test('an unknown name is reported at the name', () => {
  const text = '(module (func (local.get $nope) drop))';
  const [d] = analyze(text, 'file:///bad.wat').diagnostics;
  assert.equal(slice(text, d!), '$nope');
});

test('a validation error points at the instruction', () => {
  const text = '(module\n  (func $f (result i32)\n    i64.const 1))\n';
  const [d] = analyze(text, 'file:///bad.wat').diagnostics;
  assert.equal(d!.code, 'invalid');
  assert.match(d!.message, /type mismatch/);
  // The function's final `end` (its closing paren) or the offending instruction: either way on line 3.
  assert.ok(d!.start >= text.indexOf('i64.const'), `diagnostic at ${d!.start}`);
  const text2 = '(module (func (result i32) (i32.add (i32.const 1) (f32.const 2))))';
  const [d2] = analyze(text2, 'file:///bad2.wat').diagnostics;
  assert.equal(slice(text2, d2!), 'i32.add');
});

test('a lexer error is located, and a .wast script gets diagnostics per module', () => {
  const lexBad = '(module (func "unclosed))';
  const [d] = analyze(lexBad, 'file:///x.wat').diagnostics;
  assert.equal(d!.start, lexBad.indexOf('"'));
  const script = [
    '(module $a (func (result i32) (i32.const 1)))',
    '(module $b (func (result i32) (i32.add (i32.const 1) (f32.const 2))))',
    '(module $c (func nonsense))',
    '(assert_invalid (module (func (result i32))) "type mismatch")',
    '(assert_return (invoke "f") (i32.const 1))',
  ].join('\n');
  const ds = analyze(script, 'file:///s.wast').diagnostics;
  assert.equal(ds.length, 2, JSON.stringify(ds));
  assert.equal(slice(script, ds[0]!), 'i32.add');
  assert.equal(slice(script, ds[1]!), 'nonsense');
});

test('hover: function signature, local, global, type, instruction', () => {
  const a = analyze(SAMPLE, 'file:///sample.wat');
  const call = hover(a, at(SAMPLE, '$log', 1))!;
  assert.equal(call.code, '(func $log (param i32))');
  assert.match(call.note, /imported from "env" "log"/);
  const add = hover(a, at(SAMPLE, '$add', 1))!;
  assert.equal(add.code, '(func $add (param $a i32) (param $b i32) (result i32))');
  assert.match(add.note, /exported as "add"/);
  assert.equal(hover(a, at(SAMPLE, 'local.get $b', 0, 11))!.code, '(param $b i32)');
  assert.equal(hover(a, at(SAMPLE, 'local.tee $sum', 0, 11))!.code, '(local $sum i32)');
  assert.equal(hover(a, at(SAMPLE, 'global.get $counter', 0, 12))!.code, '(global $counter (mut i32))');
  assert.equal(hover(a, at(SAMPLE, '(type $bin)', 0, 7))!.code, '(type $bin (func (param i32 i32) (result i32)))');
  assert.equal(hover(a, at(SAMPLE, '$point'))!.code, '(type $point (struct (field i32) (field (mut i32))))');
  assert.equal(hover(a, at(SAMPLE, '$oops'))!.code, '(tag $oops (param i32))');
  assert.equal(hover(a, at(SAMPLE, 'br $again', 0, 5))!.code, 'loop $again');
  const ins = hover(a, at(SAMPLE, 'i32.add', 0, 2))!;
  assert.equal(ins.code, 'i32.add : [i32 i32] -> [i32]');
  assert.equal(slice(SAMPLE, ins.range), 'i32.add');
  assert.match(hover(a, at(SAMPLE, 'local.get', 0, 2))!.code, /^local\.get localidx/);
});

test('go to definition and find references', () => {
  const a = analyze(SAMPLE, 'file:///sample.wat');
  const def = definition(a, at(SAMPLE, 'local.get $n', 0, 11))!;
  assert.equal(def.start, SAMPLE.indexOf('$n i32'));
  const refs = references(a, def.start, true);
  assert.equal(refs.length, 4);
  assert.ok(refs.every((r) => slice(SAMPLE, r) === '$n'));
  assert.equal(references(a, def.start, false).length, 3);
  // Functions: the elem segment and the export refer to $add.
  const addRefs = references(a, at(SAMPLE, '$add'), false).map((r) => r.start);
  assert.deepEqual(addRefs, [at(SAMPLE, '$add', 1, 0), at(SAMPLE, '$add', 2, 0)]);
  assert.equal(definition(a, at(SAMPLE, 'br_if $done', 0, 8))!.start, SAMPLE.indexOf('$done'));
  assert.equal(definition(a, at(SAMPLE, '(table $tbl)', 0, 9))!.start, SAMPLE.indexOf('$tbl'));
  assert.equal(definition(a, at(SAMPLE, 'i32.add', 0, 2)), undefined);
});

test('every index space is indexed: fields, elems, datas, tags, memories, labels in try_table', () => {
  const text = `(module
  (type $p (struct (field $x i32) (field $y i32)))
  (tag $e (param i32))
  (memory $m 1)
  (table $t 1 funcref)
  (data $d (memory $m) (i32.const 0) "hi")
  (elem $el func $f)
  (func $f (param $s (ref $p)) (result i32)
    (struct.get $p $y (local.get $s))
    (memory.init $m $d (i32.const 0) (i32.const 0) (i32.const 1))
    (table.init $t $el (i32.const 0) (i32.const 0) (i32.const 0))
    (block $out (result i32)
      (try_table $body (result i32) (catch $e $out)
        (i32.load $m (i32.const 0))))
    drop))`;
  const a = analyze(text, 'file:///spaces.wat');
  // GC instructions parse, but the engine cannot run them yet: a warning, not an error.
  assert.deepEqual(a.diagnostics.map((d) => [d.severity, d.code]), [['warning', 'unsupported']]);
  const spaceOf = (needle: string, nth: number): string | undefined => a.index.occurrenceAt(at(text, needle, nth))?.def.space;
  assert.equal(spaceOf('$y', 1), 'field');
  assert.equal(definition(a, at(text, '$y', 1))!.start, text.indexOf('$y'));
  assert.equal(spaceOf('$d', 1), 'data');
  assert.equal(spaceOf('$m', 2), 'memory');
  assert.equal(spaceOf('$el', 1), 'elem');
  assert.equal(spaceOf('$t', 1), 'table');
  assert.equal(a.index.occurrenceAt(at(text, '$e $out'))?.def.space, 'tag');
  assert.equal(spaceOf('$p', 1), 'type');
  // The catch clause's label resolves outside the try_table, to the block.
  assert.equal(definition(a, at(text, '$out', 1))!.start, text.indexOf('$out'));
  assert.equal(hover(a, at(text, '$y', 1))!.code, '(field $y i32)');
});

test('document symbols outline the module', () => {
  const [m, ...rest] = documentSymbols(analyze(SAMPLE, 'file:///sample.wat'));
  assert.equal(rest.length, 0);
  assert.equal(m!.kind, 'module');
  const names = m!.children.map((c) => `${c.kind}:${c.name}`);
  assert.deepEqual(names, [
    'type:$bin', 'type:$point', 'func:$log (import)', 'global:$counter', 'memory:$mem', 'table:$tbl', 'tag:$oops',
    'func:$add', 'func:$loop', 'elem:elem 0', 'export:"add"', 'export:"loop"',
  ]);
  const add = m!.children.find((c) => c.name === '$add')!;
  assert.equal(add.detail, '(func $add (param $a i32) (param $b i32) (result i32))');
  assert.equal(SAMPLE.slice(add.range.start, add.range.start + 9), '(func $ad');
});

test('completion: instructions, locals after local.get, labels after br, fields after struct.get', () => {
  const a = analyze(SAMPLE, 'file:///sample.wat');
  const insts = completions(a, at(SAMPLE, 'i32.add', 0, 3)).map((c) => c.label);
  assert.ok(insts.includes('i32.add') && insts.includes('local.get') && insts.includes('call'));
  assert.ok(!insts.includes('select_t'));
  // Mid-edit: `local.get $` does not lex; the last good index answers.
  const analyzer = new DocumentAnalyzer('file:///sample.wat');
  analyzer.update(SAMPLE);
  const cut = at(SAMPLE, 'i32.add', 0, 0);
  const edited = SAMPLE.slice(0, cut) + 'local.get $\n    ' + SAMPLE.slice(cut);
  const mid = analyzer.update(edited);
  assert.equal(mid.stale, true);
  const locals = completions(mid, cut + 'local.get $'.length);
  assert.deepEqual(locals.map((c) => c.label).sort(), ['$a', '$b', '$sum']);
  assert.equal(locals.find((c) => c.label === '$sum')!.detail, '(local $sum i32)');
  // `local.get ` with nothing typed yet also offers locals; in the other function, its own.
  const cut2 = at(SAMPLE, 'br $again', 0, 0);
  const edited2 = SAMPLE.slice(0, cut2) + 'local.get ' + SAMPLE.slice(cut2);
  const fresh = analyze(edited2, 'file:///x.wat');
  assert.deepEqual(completions(fresh, cut2 + 'local.get '.length).map((c) => c.label), ['$n']);
  const edited3 = SAMPLE.slice(0, cut2) + 'br $\n    ' + SAMPLE.slice(cut2);
  const labels = completions(new DocumentAnalyzer('file:///y.wat').update(edited3), cut2 + 4);
  assert.deepEqual(labels.map((c) => c.label).sort(), []); // does not lex, and no earlier index
  const an = new DocumentAnalyzer('file:///y.wat');
  an.update(SAMPLE);
  assert.deepEqual(completions(an.update(edited3), cut2 + 4).map((c) => c.label), ['$again', '$done']);
  const calls = completions(an.update(SAMPLE.replace('call $log', 'call $')), at(SAMPLE, 'call $log', 0, 6));
  assert.deepEqual(calls.map((c) => c.label), ['$log', '$add', '$loop']);
  const struct = '(module (type $p (struct (field $x i32) (field $y i32))) (func (param $v (ref $p)) (result i32) (struct.get $p  (local.get $v))))';
  const pos = struct.indexOf('$p  ') + 3;
  assert.deepEqual(completions(analyze(struct, 'file:///s.wat'), pos).map((c) => c.label), ['$x', '$y']);
});

test('rename: every occurrence, and invalid or clashing names are refused', () => {
  const a = analyze(SAMPLE, 'file:///sample.wat');
  const off = at(SAMPLE, 'local.get $n', 0, 11);
  const prep = prepareRename(a, off);
  assert.ok(!('error' in prep) && prep.name === '$n');
  const r = rename(a, off, 'count');
  assert.ok('edits' in r);
  assert.equal(r.edits.length, 4);
  let renamed = SAMPLE;
  for (const e of [...r.edits].sort((x, y) => y.range.start - x.range.start)) {
    renamed = renamed.slice(0, e.range.start) + e.newText + renamed.slice(e.range.end);
  }
  assert.equal((renamed.match(/\$count\b/g) ?? []).length, 4);
  assert.deepEqual(analyze(renamed, 'file:///sample.wat').diagnostics, []);
  assert.ok('error' in rename(a, off, '$has space'));
  assert.ok('error' in rename(a, off, '$semi;colon'));
  assert.ok('error' in rename(a, off, ''));
  // $sum already names a local of $add, not of $loop: fine there, a clash in $add.
  assert.ok('edits' in rename(a, off, '$sum'));
  assert.match((rename(a, at(SAMPLE, 'local.get $a', 0, 11), '$b') as { error: string }).error, /already defined/);
  assert.ok('error' in prepareRename(a, at(SAMPLE, 'i32.add', 0, 2)));
});
