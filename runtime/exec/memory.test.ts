import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../errors.js';
import { Store } from '../objects/store.js';
import { i32, i64, load } from './testing.js';
import { compileModule, instantiate } from '../index.js';
import { watToBinary } from '../text/wat.js';

const OOB = 'out of bounds memory access';
function trapsWith(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof Trap && e.message === message);
}

const mem = load(`(module
  (memory 1 3)
  (func (export "i32.load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "i32.load_max_offset") (param i32) (result i32) (i32.load offset=0xffffffff (local.get 0)))
  (func (export "i64.load") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "i64.load8_s") (param i32) (result i64) (i64.load8_s (local.get 0)))
  (func (export "i32.load16_u") (param i32) (result i32) (i32.load16_u offset=1 (local.get 0)))
  (func (export "i32.store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "i64.store") (param i32 i64) (i64.store offset=8 (local.get 0) (local.get 1)))
  (func (export "i32.store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
)`);

test('unaligned loads and stores work at any address', () => {
  mem.call('i64.store', i32(1), i64(0x0102030405060708n)); // bytes 9..16
  assert.equal(mem.one('i64.load', i32(9)), 0x0102030405060708n);
  assert.equal(mem.one('i32.load', i32(10)), 0x04050607);
  assert.equal(mem.one('i32.load16_u', i32(10)), 0x0506);
  mem.call('i32.store', i32(3), i32(-2));
  assert.equal(mem.one('i32.load', i32(3)), -2);
  assert.equal(mem.one('i64.load8_s', i32(3)), -2n);
});

test('bounds are checked at every boundary, with no 32-bit wrap of address + offset', () => {
  const end = 65536;
  assert.equal(mem.one('i32.load', i32(end - 4)), 0);
  trapsWith(() => mem.call('i32.load', i32(end - 3)), OOB);
  trapsWith(() => mem.call('i32.load', i32(-1)), OOB);
  assert.equal(mem.one('i64.load', i32(end - 8)), 0n);
  trapsWith(() => mem.call('i64.load', i32(end - 7)), OOB);
  trapsWith(() => mem.call('i32.load_max_offset', i32(1)), OOB); // 1 + 0xffffffff would wrap to 0 in 32 bits
  trapsWith(() => mem.call('i32.load_max_offset', i32(0)), OOB);
  trapsWith(() => mem.call('i32.store8', i32(end), i32(1)), OOB);
  mem.call('i32.store8', i32(end - 1), i32(1));
  trapsWith(() => mem.call('i64.store', i32(end - 15), i64(1n)), OOB);
  trapsWith(() => mem.call('fill', i32(end - 1), i32(0), i32(2)), OOB);
  mem.call('fill', i32(end), i32(0), i32(0)); // zero length at the end is fine
  trapsWith(() => mem.call('fill', i32(end + 1), i32(0), i32(0)), OOB);
  trapsWith(() => mem.call('copy', i32(0), i32(end - 1), i32(2)), OOB);
});

test('memory.grow keeps views current; failing grows return -1', () => {
  assert.equal(mem.one('size'), 1);
  assert.equal(mem.one('grow', i32(1)), 1);
  mem.call('i32.store', i32(65536 * 2 - 4), i32(77));
  assert.equal(mem.one('i32.load', i32(65536 * 2 - 4)), 77);
  assert.equal(mem.one('i32.load', i32(3)), -2); // old contents kept
  assert.equal(mem.one('grow', i32(2)), -1); // past the declared max of 3
  assert.equal(mem.one('grow', i32(-1)), -1); // 4 GiB worth of pages: refused, not a crash
  assert.equal(mem.one('size'), 2);
});

test('data segments apply in order; a failing one leaves earlier writes (spec semantics)', () => {
  const store = new Store();
  const shared = load(`(module (memory (export "m") 1) (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))`, {}, store);
  const bytes = watToBinary(`(module
    (import "env" "m" (memory 1))
    (data (i32.const 10) "\\01\\02")
    (data (i32.const 65535) "\\03\\04"))`, 't.wat').bytes;
  assert.throws(() => instantiate(store, compileModule(bytes), (_m, n) => (n === 'm' ? shared.exp('m') : undefined)),
    (e: unknown) => e instanceof Trap && e.message === OOB);
  assert.equal(shared.one('peek', i32(10)), 1);
  assert.equal(shared.one('peek', i32(11)), 2);
  assert.equal(shared.one('peek', i32(65535)), 0); // bounds are checked before any byte of a segment is written
});

test('multiple memories are addressed independently', () => {
  const m = load(`(module
    (memory $a 1) (memory $b 2)
    (func (export "put") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
    (func (export "get") (param i32) (result i32) (i32.load $b (local.get 0)))
    (func (export "get0") (param i32) (result i32) (i32.load $a (local.get 0)))
    (func (export "copy") (param i32 i32 i32) (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
    (func (export "size1") (result i32) (memory.size $b)))`);
  m.call('put', i32(100000), i32(42));
  assert.equal(m.one('get', i32(100000)), 42);
  trapsWith(() => m.call('get0', i32(100000)), OOB);
  m.call('copy', i32(8), i32(100000), i32(4));
  assert.equal(m.one('get0', i32(8)), 42);
  assert.equal(m.one('size1'), 2);
  trapsWith(() => m.call('get', i32(131069)), OOB);
});

const tables = load(`(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table $t 4 8 funcref)
  (elem (table $t) (i32.const 0) func $inc $nop)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $nop (type $v))
  (func (export "call") (param i32 i32) (result i32) (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "get_is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "set_null") (param i32) (table.set $t (local.get 0) (ref.null func)))
  (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "fill") (param i32 i32) (table.fill $t (local.get 0) (ref.func $inc) (local.get 1)))
  (func (export "size") (result i32) (table.size $t))
)`);

test('call_indirect checks bounds, null and the function type', () => {
  assert.equal(tables.one('call', i32(0), i32(41)), 42);
  assert.throws(() => tables.call('call', i32(1), i32(0)), (e: unknown) => e instanceof Trap && e.message === 'indirect call type mismatch');
  assert.throws(() => tables.call('call', i32(2), i32(0)), (e: unknown) => e instanceof Trap && e.message.startsWith('uninitialized element'));
  assert.throws(() => tables.call('call', i32(4), i32(0)), (e: unknown) => e instanceof Trap && e.message.startsWith('undefined element'));
  assert.throws(() => tables.call('call', i32(-1), i32(0)), (e: unknown) => e instanceof Trap && e.message.startsWith('undefined element'));
});

test('table access is bounds-checked; grow and fill respect the limits', () => {
  const OOT = 'out of bounds table access';
  assert.equal(tables.one('get_is_null', i32(3)), 1);
  trapsWith(() => tables.call('get_is_null', i32(4)), OOT);
  trapsWith(() => tables.call('set_null', i32(4)), OOT);
  trapsWith(() => tables.call('fill', i32(3), i32(2)), OOT);
  tables.call('fill', i32(2), i32(2));
  assert.equal(tables.one('call', i32(3), i32(1)), 2);
  assert.equal(tables.one('grow', i32(4)), 4);
  assert.equal(tables.one('grow', i32(1)), -1);
  assert.equal(tables.one('size'), 8);
});
