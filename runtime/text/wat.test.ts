import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeModule } from '../binary/decode.js';
import { Op } from '../syntax/opcodes.js';
import { watToBinary } from './wat.js';
import { structure } from './testutil.js';

const SRC = `(module
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func $twice (param i32) (result i32)
    (call $add
      (local.get 0)
      (local.get 0))))
`;

test('watToBinary: bytes decode to the parsed module', () => {
  const { bytes, module } = watToBinary(SRC, 'add.wat');
  assert.equal(structure(decodeModule(bytes)), structure(module));
  assert.ok(module.funcs.every((f) => f.bodyOffset > 0 && f.bodyEnd > f.bodyOffset && f.bodyEnd <= bytes.length));
});

test('line map: offset → span and line → offsets', () => {
  const { bytes, module, lineMap } = watToBinary(SRC, 'add.wat');
  const add = module.funcs[0]!.body;
  // Each instruction's offset points at its opcode in the binary.
  assert.equal(bytes[add[2]!.offset], 0x6a); // i32.add
  assert.equal(bytes[add[0]!.offset], 0x20); // local.get
  const span = lineMap.spanAt(add[2]!.offset)!;
  assert.deepEqual([span.file, span.line, span.column], ['add.wat', 5, 5]);
  // An offset inside an instruction's immediates maps to that instruction.
  assert.equal(lineMap.spanAt(add[0]!.offset + 1)!.line, 3);
  assert.deepEqual(lineMap.offsetsForLine(4), [add[1]!.offset]);
  const call = module.funcs[1]!.body.find((i) => i.op === Op['call'])!;
  assert.deepEqual(lineMap.offsetsForLine(7), [call.offset]);
  assert.equal(lineMap.entryAt(call.offset)!.func, 1);
  assert.deepEqual(lineMap.offsetsForLine(1), []);
  assert.equal(lineMap.nearestLineWithCode(6), 7);
  assert.equal(lineMap.spanAt(0), undefined);
  const offsets = lineMap.entries.map((e) => e.offset);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b));
  assert.equal(lineMap.size, module.funcs.reduce((n, f) => n + f.body.length, 0));
});

test('a 10,000-line module parses and assembles quickly', () => {
  const lines = ['(module', '  (memory 1)', '  (global $g (mut i32) (i32.const 0))'];
  for (let f = 0; lines.length < 10_000; f++) {
    lines.push(`  (func $f${f} (export "f${f}") (param $a i32) (param $b f64) (result i32) (local $t i64)`);
    for (let i = 0; i < 20; i++) {
      lines.push(`    (local.set $a (i32.add (local.get $a) (i32.const ${i * 7919})))`);
      lines.push(`    (if (i32.lt_u (local.get $a) (i32.const 100)) (then (global.set $g (i32.load offset=8 (local.get $a)))))`);
      lines.push(`    (local.set $b (f64.mul (local.get $b) (f64.const 1.0e-3)))`);
    }
    lines.push('    (local.get $a))');
  }
  lines.push(')');
  const src = lines.join('\n');
  watToBinary(src, 'big.wat'); // warm up
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    watToBinary(src, 'big.wat');
    best = Math.min(best, performance.now() - t0);
  }
  // Generous bound: CI machines are shared and slow; the parser alone takes far less.
  assert.ok(best < 1000, `watToBinary of 10k lines took ${best.toFixed(0)} ms`);
});
