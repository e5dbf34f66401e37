import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCodesSource } from './gen-codes.js';
import { compileFunction } from './compile.js';
import { disassemble } from './disasm.js';
import { wasmOffsetOf } from './compiled.js';
import { compileModule } from '../index.js';
import { watToBinary } from '../text/wat.js';

test('codes.generated.ts is up to date with codes.def.ts', () => {
  const onDisk = readFileSync(join(__dirname, 'codes.generated.ts'), 'utf8');
  assert.equal(onDisk, generateCodesSource(), 'run: npx tsx runtime/exec/gen-codes.ts');
});

test('local.get folds into its consumer; results go straight into locals; pcs map to wasm offsets', () => {
  const { bytes, module } = watToBinary(`(module (func (param i32 i32) (result i32)
    (local.set 1 (i32.add (local.get 0) (local.get 1))) (local.get 1)))`, 't.wat');
  compileModule(bytes);
  const cf = compileFunction(module, 0);
  const listing = disassemble(cf);
  assert.match(listing, /i32\.add \$1 \$0 \$1/);
  assert.doesNotMatch(listing, /mov32 \$\d \$0/);
  const add = module.funcs[0]!.body.find((i) => i.op === 0x6a)!;
  assert.equal(wasmOffsetOf(cf, 0), add.offset);
});

test('constants fold into _ri forms and a br_if on a fresh comparison becomes one branch', () => {
  const { bytes, module } = watToBinary(`(module (func (param i32) (result i32) (local i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get 1) (i32.const 10)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br $l)))
    (if (result i32) (i32.lt_s (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 2)))))`, 't.wat');
  compileModule(bytes);
  const listing = disassemble(compileFunction(module, 0));
  assert.match(listing, /br_ge_u_ri \$1 10 @/);
  assert.match(listing, /i32\.add_ri \$1 \$1 1/);
  assert.match(listing, /br_ge_s \$0 \$1 @/); // `if` branches to else on the negated comparison
  assert.doesNotMatch(listing, /const32 \$\d 10/);
});
