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
