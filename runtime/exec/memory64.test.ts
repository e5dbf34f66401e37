import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../errors.js';
import { compileModule } from '../index.js';
import { watToBinary } from '../text/wat.js';
import { compileFunction } from './compile.js';
import { disassemble } from './disasm.js';
import { i32, i64, load } from './testing.js';

const MEM_OOB = 'out of bounds memory access';
const TABLE_OOB = 'out of bounds table access';
function trapsWith(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof Trap && (typeof message === 'string' ? e.message === message : message.test(e.message)));
}
const TWO_32 = 0x1_0000_0000n;

const m64 = load(`(module
  (memory $m i64 1 3)
  (memory $small 1)
  (data (memory $m) (i64.const 5) "\\2a")
  (data $seg "abc")
  (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load_off5") (param i64) (result i32) (i32.load8_u offset=5 (local.get 0)))
  (func (export "load_off_max") (param i64) (result i32) (i32.load8_u offset=0xffffffffffffffff (local.get 0)))
  (func (export "load_off_2^32+5") (param i64) (result i32) (i32.load8_u offset=0x100000005 (local.get 0)))
  (func (export "i64.load") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "store") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "store_off") (param i64 i64) (i64.store offset=3 (local.get 0) (local.get 1)))
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to_small") (param i32 i64 i32) (memory.copy $small $m (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_from_small") (param i64 i32 i32) (memory.copy $m $small (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i64 i32 i32) (memory.init $seg (local.get 0) (local.get 1) (local.get 2)))
)`);

test('an i64 address with non-zero high bits traps instead of wrapping to its low 32 bits (the reported bug)', () => {
  assert.equal(m64.one('load', i64(5n)), 0x2a);
  trapsWith(() => m64.call('load', i64(TWO_32 + 5n)), MEM_OOB);
  trapsWith(() => m64.call('load', i64(-1n)), MEM_OOB);
  trapsWith(() => m64.call('store', i64(TWO_32), i32(1)), MEM_OOB);
  assert.equal(m64.one('load', i64(0n)), 0, 'the trapping store wrote nothing at address 0');
  assert.equal(m64.one('i64.load', i64(65536n - 8n)), 0n);
  trapsWith(() => m64.call('i64.load', i64(65536n - 7n)), MEM_OOB);
});

test('address + offset is computed without wrapping, past 2^32 and past 2^64', () => {
  assert.equal(m64.one('load_off5', i64(0n)), 0x2a);
  trapsWith(() => m64.call('load_off5', i64(TWO_32)), MEM_OOB);
  // 1 + (2^64 - 1) is 2^64: zero if it wrapped, out of bounds as the spec has it.
  trapsWith(() => m64.call('load_off_max', i64(1n)), MEM_OOB);
  trapsWith(() => m64.call('load_off_max', i64(0n)), MEM_OOB);
  // Offsets of 2^32 or more compile (they used to be refused) and trap, even where the u64 sum wraps to 5.
  trapsWith(() => m64.call('load_off_2^32+5', i64(0n)), MEM_OOB);
  trapsWith(() => m64.call('load_off_2^32+5', i64(-TWO_32)), MEM_OOB);
  m64.call('store_off', i64(16n), i64(0x0102030405060708n));
  assert.equal(m64.one('i64.load', i64(19n)), 0x0102030405060708n);
});

test('atomics on a shared i64 memory check the full address too', () => {
  const a = load(`(module (memory i64 1 1 shared)
    (func (export "load") (param i64) (result i32) (i32.atomic.load offset=4 (local.get 0)))
    (func (export "add") (param i64 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1))))`);
  assert.equal(a.one('add', i64(8n), i32(3)), 0);
  assert.equal(a.one('load', i64(4n)), 3);
  trapsWith(() => a.call('load', i64(TWO_32 + 4n)), MEM_OOB);
  trapsWith(() => a.call('add', i64(TWO_32 + 8n), i32(1)), MEM_OOB);
  assert.equal(a.one('load', i64(4n)), 3);
});

test('memory.size and memory.grow answer in i64; a failed grow is i64 -1', () => {
  const g = load(`(module (memory i64 1 2)
    (func (export "size") (result i64) (memory.size))
    (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))`);
  assert.equal(g.one('size'), 1n);
  assert.equal(g.one('grow', i64(5n)), -1n);
  // 2^32 + 1 pages: growing by its low word (1) would succeed.
  assert.equal(g.one('grow', i64(TWO_32 + 1n)), -1n);
  assert.equal(g.one('grow', i64(-1n)), -1n);
  assert.equal(g.one('size'), 1n);
  assert.equal(g.one('grow', i64(1n)), 1n);
  assert.equal(g.one('size'), 2n);
  assert.equal(g.one('grow', i64(0n)), 2n);
});

test('memory.fill/copy/init take i64 operands (mixed with i32 across index types) and check them in full', () => {
  m64.call('fill', i64(100n), i32(7), i64(4n));
  assert.equal(m64.one('load', i64(103n)), 7);
  trapsWith(() => m64.call('fill', i64(TWO_32 + 100n), i32(9), i64(1n)), MEM_OOB);
  trapsWith(() => m64.call('fill', i64(100n), i32(9), i64(TWO_32 + 1n)), MEM_OOB);
  assert.equal(m64.one('load', i64(100n)), 7, 'nothing written by a trapping fill');
  m64.call('copy', i64(200n), i64(100n), i64(4n));
  assert.equal(m64.one('load', i64(203n)), 7);
  trapsWith(() => m64.call('copy', i64(200n), i64(TWO_32 + 100n), i64(4n)), MEM_OOB);
  trapsWith(() => m64.call('copy', i64(TWO_32 + 200n), i64(100n), i64(0n)), MEM_OOB);
  m64.call('copy_to_small', i32(10), i64(100n), i32(4));
  m64.call('copy_from_small', i64(300n), i32(10), i32(4));
  assert.equal(m64.one('load', i64(301n)), 7);
  trapsWith(() => m64.call('copy_to_small', i32(10), i64(TWO_32 + 100n), i32(4)), MEM_OOB);
  trapsWith(() => m64.call('copy_from_small', i64(-1n), i32(10), i32(0)), MEM_OOB);
  m64.call('init', i64(400n), i32(1), i32(2));
  assert.equal(m64.one('load', i64(400n)), 0x62);
  trapsWith(() => m64.call('init', i64(TWO_32 + 400n), i32(0), i32(1)), MEM_OOB);
});

test('table64: indices, sizes, grow results and call_indirect are i64 and bounds-checked in full', () => {
  const t = load(`(module
    (type $f (func (result i32)))
    (table $t i64 3 5 funcref)
    (table $small 2 funcref)
    (elem (table $t) (i64.const 0) func $a $b)
    (func $a (result i32) (i32.const 10))
    (func $b (result i32) (i32.const 11))
    (func (export "call") (param i64) (result i32) (call_indirect $t (type $f) (local.get 0)))
    (func (export "is_null") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "set_null") (param i64) (table.set $t (local.get 0) (ref.null func)))
    (func (export "size") (result i64) (table.size $t))
    (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
    (func (export "fill") (param i64 i64) (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
    (func (export "copy_to_small") (param i32 i64 i32) (table.copy $small $t (local.get 0) (local.get 1) (local.get 2)))
  )`);
  assert.equal(t.one('call', i64(1n)), 11);
  trapsWith(() => t.call('call', i64(TWO_32 + 1n)), /^undefined element/);
  assert.equal(t.one('is_null', i64(2n)), 1);
  trapsWith(() => t.call('is_null', i64(TWO_32)), TABLE_OOB);
  trapsWith(() => t.call('set_null', i64(TWO_32 + 1n)), TABLE_OOB);
  assert.equal(t.one('call', i64(1n)), 11, 'the trapping table.set changed nothing');
  assert.equal(t.one('size'), 3n);
  assert.equal(t.one('grow', i64(TWO_32 + 1n)), -1n);
  assert.equal(t.one('grow', i64(3n)), -1n);
  assert.equal(t.one('grow', i64(2n)), 3n);
  assert.equal(t.one('size'), 5n);
  trapsWith(() => t.call('fill', i64(0n), i64(TWO_32 + 1n)), TABLE_OOB);
  trapsWith(() => t.call('fill', i64(TWO_32), i64(0n)), TABLE_OOB);
  t.call('copy_to_small', i32(0), i64(0n), i32(2));
  trapsWith(() => t.call('copy_to_small', i32(0), i64(TWO_32), i32(1)), TABLE_OOB);
  t.call('fill', i64(0n), i64(2n));
  assert.equal(t.one('is_null', i64(0n)), 1);
});

test('i32 memories are unchanged: accesses on memory 0 stay single inline codes, no 64-bit address check', () => {
  const src = `(module (memory 1 2)
    (func (export "load") (param i32) (result i32) (i32.load8_u offset=0xffffffff (local.get 0)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;
  const { bytes, module } = watToBinary(src, 't.wat');
  compileModule(bytes);
  const listing = disassemble(compileFunction(module, 0));
  assert.match(listing, /i32\.load8_u/);
  assert.doesNotMatch(listing, /addr64|index64/);
  const m = load(src);
  trapsWith(() => m.call('load', i32(0)), MEM_OOB);
  trapsWith(() => m.call('load', i32(1)), MEM_OOB);
  assert.equal(m.one('grow', i32(5)), -1);
  assert.equal(m.one('grow', i32(1)), 1);
});
