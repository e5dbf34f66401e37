// Decoder and encoder together: every section, GC and stack-switching types,
// decode → encode round trips, the offset map, located malformed errors and
// unsupported features. Binaries are made from text by wabt (the oracle).

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompileError } from '../errors.js';
import { Op, opInfo } from '../syntax/opcodes.js';
import {
  ANYREF, AbsHeap, EXTERNREF, F32, FUNCREF, I16, I32, I64, I8, heapIndex, refType,
} from '../syntax/types.js';
import { parseModule } from '../text/parse.js';
import { decodeModule } from './decode.js';
import { encodeModule, encodeModuleWithMap } from './encode.js';
import { KITCHEN_SINK, bin, loadWabt, section, stripOffsets, wat } from './codec.testutil.js';

before(loadWabt);

function malformed(bytes: Uint8Array, message: string, offset?: number): void {
  assert.throws(() => decodeModule(bytes), (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    assert.equal(e.kind, 'malformed');
    assert.equal(e.message, message);
    if (offset !== undefined) assert.deepEqual(e.location, { kind: 'binary', offset });
    return true;
  });
}

function unsupported(bytes: Uint8Array, message: RegExp): void {
  assert.throws(() => decodeModule(bytes), (e: unknown) => {
    assert.ok(e instanceof CompileError);
    assert.equal(e.kind, 'unsupported');
    assert.match(e.message, message);
    return true;
  });
}

test('decodes every section of a module wabt made', () => {
  const m = decodeModule(wat(KITCHEN_SINK, true));
  assert.equal(m.types.length, 3); // wabt adds (param i32) for the tag
  assert.deepEqual(m.types[0], {
    final: true, supertypes: [], composite: { kind: 'func', func: { params: [I32], results: [I32] } },
  });
  assert.deepEqual(m.imports.map((i) => i.desc.kind), ['func', 'table', 'memory', 'global', 'tag']);
  assert.deepEqual(m.imports[2]!.desc, { kind: 'memory', type: { min: 1, max: 10, shared: true, index64: false } });
  assert.deepEqual(m.imports[1]!.desc, { kind: 'table', type: { elem: FUNCREF, min: 1, index64: false } });
  assert.deepEqual(m.memories, [
    { min: 1, max: 2, shared: false, index64: false }, { min: 1, shared: false, index64: true },
  ]);
  assert.deepEqual(m.tables.map((t) => t.type), [
    { elem: FUNCREF, min: 3, max: 10, index64: false }, { elem: EXTERNREF, min: 0, index64: false },
  ]);
  assert.equal(m.tags.length, 1);
  assert.equal(m.globals.length, 4);
  assert.equal(m.globals[1]!.init[0]!.value, 0xbfc0_0000); // f32 -1.5 as bits
  assert.equal(m.globals[2]!.init[0]!.value, 0x7ff0_0000_0000_0004n); // f64 nan:0x4 as bits
  assert.equal(m.globals[3]!.init[0]!.value, -(2n ** 63n));
  assert.deepEqual(m.globals[0]!.init.map((i) => opInfo(i.op)!.name), ['i32.const', 'end']);
  assert.deepEqual(m.exports.map((e) => [e.name, e.kind]), [
    ['mem', 'memory'], ['g', 'global'], ['tt', 'table'], ['e2', 'tag'], ['f', 'func'],
  ]);
  assert.equal(m.start, 2);
  assert.deepEqual(m.elems.map((e) => e.mode.kind), ['active', 'passive', 'declarative', 'active', 'passive']);
  assert.equal(m.elems[0]!.type, refType(AbsHeap.Func, false)); // function-index forms are (ref func)
  assert.equal(m.elems[3]!.type, FUNCREF);
  assert.equal(m.elems[4]!.type, EXTERNREF);
  assert.deepEqual(m.elems[0]!.items.map((it) => it[0]!.index), [1, 0]);
  assert.deepEqual(m.datas.map((d) => [d.mode.kind, Buffer.from(d.bytes).toString()]), [
    ['active', 'hello'], ['passive', 'passive'], ['active', 'x'],
  ]);
  assert.equal(m.dataCount, 3);
  const f = m.funcs[0]!;
  assert.deepEqual(f.locals, [I64, F32, F32]);
  const names = f.body.map((i) => opInfo(i.op)!.name);
  assert.equal(names[names.length - 1], 'end');
  for (const op of ['block', 'if', 'else', 'loop', 'br_table', 'try_table', 'atomic.fence', 'memory.init',
    'return_call', 'select_t', 'i32.trunc_sat_f32_s', 'table.copy', 'i32.atomic.rmw.add']) {
    assert.ok(names.includes(op), op);
  }
  const load = f.body.find((i) => i.op === Op['i64.load'])!;
  assert.deepEqual(load.memArg, { align: 3, offset: 0x1_0000_0000, memory: 2 });
  const tt = f.body.find((i) => i.op === Op['try_table'])!;
  assert.deepEqual(tt.catches, [{ kind: 'catch', tag: 0, label: 0 }, { kind: 'catch_all', tag: -1, label: 0 }]);
  assert.deepEqual(f.body.find((i) => i.op === Op['br_table'])!.labels, [0, 0]);
  assert.deepEqual(f.body.find((i) => i.op === Op['select_t'])!.types, [I32]);
  // Offsets point at opcodes in the input, and bodies are located.
  const bytes = wat(KITCHEN_SINK, true);
  for (const i of f.body) {
    const info = opInfo(i.op)!;
    assert.equal(bytes[i.offset], info.prefix || info.code, info.name);
  }
  assert.ok(f.bodyOffset < f.body[0]!.offset && f.bodyEnd === f.body[f.body.length - 1]!.offset + 1);
  // The name section.
  assert.equal(m.names.module, 'm');
  assert.equal(m.names.funcs.get(1), 'f');
  assert.equal(m.names.locals.get(1)?.get(1), 'x');
  assert.equal(m.names.memories.get(2), 'm2');
  assert.equal(m.names.globals.get(0), 'ig');
  assert.equal(m.names.tags.get(1), 'e2');
});

test('canonical binaries re-encode byte for byte, and round trip', () => {
  for (const [src, names] of [[KITCHEN_SINK, true], [KITCHEN_SINK, false], ['(module)', false],
    ['(module (func (export "x") (result i32) (i32.const 1)))', true]] as const) {
    const bytes = wat(src, names);
    const m = decodeModule(bytes);
    const again = encodeModule(m);
    assert.deepEqual(again, bytes);
    assert.deepEqual(stripOffsets(decodeModule(again)), stripOffsets(m));
  }
});

test('encoding sets instruction offsets and reports body offsets', () => {
  const bytes = wat(KITCHEN_SINK);
  const m = decodeModule(bytes);
  const before = m.funcs.map((f) => f.body.map((i) => i.offset));
  for (const f of m.funcs) for (const i of f.body) i.offset = -1;
  for (const g of m.globals) for (const i of g.init) i.offset = -1;
  const { bytes: out, funcBodyOffsets } = encodeModuleWithMap(m);
  assert.deepEqual(out, bytes);
  assert.deepEqual(m.funcs.map((f) => f.body.map((i) => i.offset)), before);
  assert.deepEqual(funcBodyOffsets, m.funcs.map((f) => f.bodyOffset));
  for (const g of m.globals) assert.equal(out[g.init[0]!.offset], opInfo(g.init[0]!.op)!.code);
});

test('encoder accepts IR without closing ends on const exprs and adds the data count', () => {
  const m = decodeModule(wat(`(module (memory 1) (global i32 (i32.const 5)) (data "a")
    (func (data.drop 0)))`));
  m.globals[0]!.init.pop(); // drop the `end`
  delete m.dataCount;
  const again = decodeModule(encodeModule(m));
  assert.equal(again.globals[0]!.init.length, 2);
  assert.equal(again.dataCount, 1);
});

test('GC and stack-switching types decode and re-encode', () => {
  const types = [
    0x05, // 5 rec groups
    0x4e, 0x02, // rec of 2
    0x50, 0x00, 0x5f, 0x02, 0x7f, 0x00, 0x78, 0x01, // sub (struct i32 (mut i8))
    0x4f, 0x01, 0x00, 0x5f, 0x03, 0x7f, 0x00, 0x78, 0x01, 0x63, 0x00, 0x00, // sub final 0 (struct … (ref null 0))
    0x5e, 0x77, 0x01, // array (mut i16)
    0x60, 0x01, 0x64, 0x6e, 0x01, 0x6b, // func (param (ref any)) (result structref)
    0x5d, 0x03, // cont 3
    0x4e, 0x00, // empty rec group
  ];
  const bytes = bin(section(1, ...types));
  const m = decodeModule(bytes);
  assert.deepEqual(m.recGroups, [
    { start: 0, count: 2 }, { start: 2, count: 1 }, { start: 3, count: 1 }, { start: 4, count: 1 },
    { start: 5, count: 0 },
  ]);
  assert.deepEqual(m.types[0], {
    final: false, supertypes: [],
    composite: { kind: 'struct', fields: [{ type: I32, mutable: false }, { type: I8, mutable: true }] },
  });
  assert.equal(m.types[1]!.final, true);
  assert.deepEqual(m.types[1]!.supertypes, [0]);
  const second = m.types[1]!.composite;
  assert.ok(second.kind === 'struct');
  assert.equal(second.fields[2]!.type, refType(heapIndex(0), true));
  assert.deepEqual(m.types[2]!.composite, { kind: 'array', element: { type: I16, mutable: true } });
  assert.deepEqual(m.types[3]!.composite, {
    kind: 'func', func: { params: [refType(AbsHeap.Any, false)], results: [refType(AbsHeap.Struct, true)] },
  });
  assert.deepEqual(m.types[4]!.composite, { kind: 'cont', funcTypeIndex: 3 });
  assert.deepEqual(encodeModule(m), bytes);
});

test('tables with initialisers, tags and multi-memory memargs by hand', () => {
  const bytes = bin(
    section(1, 0x01, 0x60, 0x00, 0x00),
    section(3, 0x01, 0x00),
    section(4, 0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xd2, 0x00, 0x0b), // (table 1 (ref func) (ref.func 0))
    section(5, 0x02, 0x00, 0x01, 0x04, 0x80, 0x80, 0x84, 0x00), // memory 1; memory64 min 2^16
    section(13, 0x01, 0x00, 0x00), // tag of type 0
    section(10, 0x01, 0x09, 0x00, 0x41, 0x00, 0x28, 0x42, 0x01, 0x10, 0x1a, 0x0b), // i32.load memory 1
  );
  const m = decodeModule(bytes);
  assert.equal(m.tables[0]!.type.elem, refType(AbsHeap.Func, false));
  assert.deepEqual(m.tables[0]!.init!.map((i) => opInfo(i.op)!.name), ['ref.func', 'end']);
  assert.deepEqual(m.memories[1], { min: 65536, shared: false, index64: true });
  assert.deepEqual(m.tags, [{ typeIndex: 0 }]);
  assert.deepEqual(m.funcs[0]!.body[1]!.memArg, { align: 2, offset: 16, memory: 1 });
  // The memory64 minimum was written non-minimally; everything else is canonical.
  const again = encodeModule(m);
  assert.deepEqual(stripOffsets(decodeModule(again)), stripOffsets(m));
});

test('stack-switching and legacy exception instructions', () => {
  const body = [
    0x00, // no locals
    0xe0, 0x01, // cont.new 1
    0xe1, 0x01, 0x01, // cont.bind 1 1
    0xe3, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, // resume 1 [(on 0 0) (on 0 switch)]
    0xe4, 0x01, 0x00, 0x00, // resume_throw 1 0 []
    0xe5, 0x01, 0x00, // resume_throw_ref 1 []
    0xe6, 0x01, 0x00, // switch 1 0
    0xe2, 0x00, // suspend 0
    0x06, 0x40, 0x07, 0x00, 0x19, 0x0b, // try catch 0 catch_all end
    0x06, 0x40, 0x18, 0x00, // try delegate 0
    0x0b,
  ];
  const bytes = bin(
    section(1, 0x02, 0x60, 0x00, 0x00, 0x5d, 0x00),
    section(3, 0x01, 0x00),
    section(13, 0x01, 0x00, 0x00),
    section(10, 0x01, body.length, ...body),
  );
  const m = decodeModule(bytes);
  const ins = m.funcs[0]!.body;
  assert.deepEqual(ins.map((i) => opInfo(i.op)!.name), [
    'cont.new', 'cont.bind', 'resume', 'resume_throw', 'resume_throw_ref', 'switch', 'suspend',
    'try', 'catch', 'catch_all', 'end', 'try', 'delegate', 'end',
  ]);
  assert.deepEqual(ins[2]!.handlers, [{ tag: 0, label: 0 }, { tag: 0, label: -1 }]);
  assert.equal(ins[3]!.index2, 0);
  assert.deepEqual(encodeModule(m), bytes);
});

test('custom sections keep their place and contents', () => {
  const bytes = bin(
    [0x00, 0x04, 0x01, 0x61, 0x01, 0x02], // "a" before everything
    section(1, 0x01, 0x60, 0x00, 0x00),
    [0x00, 0x03, 0x01, 0x62, 0x09], // "b" after the type section
    section(3, 0x01, 0x00),
    section(10, 0x01, 0x02, 0x00, 0x0b),
    [0x00, 0x02, 0x01, 0x63], // "c" at the end
  );
  const m = decodeModule(bytes);
  assert.deepEqual(m.customs.map((c) => [c.name, c.after, [...c.bytes], c.offset]), [
    ['a', 0, [1, 2], 8], ['b', 1, [9], 20], ['c', 10, [], 35],
  ]);
  assert.deepEqual(encodeModule(m), bytes);
});

test('a malformed name section is ignored, keeping what parsed', () => {
  const payload = [0x04, 0x6e, 0x61, 0x6d, 0x65, // "name"
    0x01, 0x04, 0x01, 0x00, 0x01, 0x66, // functions: 0 → "f"
    0x02, 0x09, 0xff]; // locals: size beyond the section
  const bytes = bin(section(1, 0x01, 0x60, 0x00, 0x00), section(3, 0x01, 0x00),
    section(10, 0x01, 0x02, 0x00, 0x0b), [0x00, payload.length, ...payload]);
  const m = decodeModule(bytes);
  assert.equal(m.names.funcs.get(0), 'f');
  assert.equal(m.names.locals.size, 0);
});

test('names set in the IR are written even without a recorded name section', () => {
  const m = decodeModule(wat('(module (func) (memory 1))'));
  m.names.funcs.set(0, 'main');
  m.names.memories.set(0, 'heap');
  m.names.module = 'demo';
  const again = decodeModule(encodeModule(m));
  assert.equal(again.names.funcs.get(0), 'main');
  assert.equal(again.names.memories.get(0), 'heap');
  assert.equal(again.names.module, 'demo');
});

test('label names from the text survive encode and decode, numbered as the name section numbers them', () => {
  // Label indices count block, loop, if, try_table and try in order, unnamed
  // and folded ones included (the folded if comes after the block in its condition).
  const m = parseModule(`(module
    (func $f (param i32)
      (block $outer
        (loop
          (if $cond (block $in_cond (result i32) (local.get 0))
            (then (try_table $tt (br $outer)))))))
    (func $g (block (block $second)))
  )`, 'labels.wat');
  const expected = new Map([
    [0, new Map([[0, 'outer'], [2, 'in_cond'], [3, 'cond'], [4, 'tt']])],
    [1, new Map([[1, 'second']])],
  ]);
  assert.deepEqual(m.names.labels, expected);
  const again = decodeModule(encodeModule(m));
  assert.deepEqual(again.names.labels, expected);
  assert.deepEqual(decodeModule(encodeModule(again)).names.labels, expected);
});

test('header and section framing errors', () => {
  assert.doesNotThrow(() => decodeModule(bin()));
  malformed(Uint8Array.from([0, 0x61, 0x73]), 'unexpected end', 3);
  malformed(Uint8Array.from([1, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), 'magic header not detected', 0);
  malformed(Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 'unknown binary version', 4);
  malformed(bin([0x0e, 0x01, 0x00]), 'malformed section id', 8);
  malformed(bin([0x01, 0x05, 0x00]), 'length out of bounds', 9);
  malformed(bin(section(1, 0x00, 0x00)), 'section size mismatch', 10);
  malformed(bin(section(3, 0x00), section(1, 0x00)), 'unexpected content after last section', 11);
  malformed(bin(section(6, 0x00), section(13, 0x00)), 'unexpected content after last section', 11);
  malformed(bin(section(1, 0x01, 0x60, 0x00, 0x00), section(3, 0x01, 0x00)),
    'function and code section have inconsistent lengths', 18);
  malformed(bin(section(12, 0x01)), 'data count and data section have inconsistent lengths', 11);
});

test('content errors point at the offending byte', () => {
  const type = section(1, 0x01, 0x60, 0x00, 0x00);
  const func = section(3, 0x01, 0x00);
  const code = (...body: number[]): number[] => section(10, 0x01, body.length, ...body);
  malformed(bin(type, func, code(0x00, 0xff, 0x0b)), 'illegal opcode ff', 23);
  malformed(bin(type, func, code(0x00, 0xfc, 0x63, 0x0b)), 'illegal opcode fc 99', 23);
  malformed(bin(type, func, code(0x00, 0x05, 0x0b)), 'END opcode expected', 23);
  malformed(bin(type, func, code(0x00, 0x02, 0x40, 0x07, 0x00, 0x0b, 0x0b)), 'END opcode expected', 25);
  malformed(bin(type, func, code(0x00, 0x01)), 'unexpected end of section or function', 24);
  malformed(bin(type, func, code(0x00, 0x0b, 0x01)), 'section size mismatch', 22);
  malformed(bin(type, func, code(0x01, 0xff, 0xff, 0x03, 0x7f, 0x0b)), 'too many locals', 22);
  malformed(bin(type, func, code(0x01, 0x01, 0x41, 0x0b)), 'malformed value type', 24);
  malformed(bin(type, func, section(5, 0x01, 0x00, 0x01),
    code(0x00, 0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1a, 0x0b)), 'malformed memop flags', 31);
  malformed(bin(type, func, section(5, 0x01, 0x00, 0x01), code(0x00, 0xfc, 0x09, 0x00, 0x0b),
    section(11, 0x01, 0x01, 0x00)), 'data count section required', 28);
  malformed(bin(section(2, 0x01, 0x00, 0x00, 0x05)), 'malformed import kind', 13);
  malformed(bin(section(7, 0x01, 0x00, 0x05, 0x00)), 'malformed export kind', 12);
  malformed(bin(section(6, 0x01, 0x7f, 0x02, 0x41, 0x00, 0x0b)), 'malformed mutability', 12);
  malformed(bin(section(5, 0x01, 0x08, 0x00)), 'malformed limits flags', 11);
  malformed(bin(section(4, 0x01, 0x70, 0x02, 0x00)), 'malformed limits flags', 12); // tables are never shared
  malformed(bin(section(4, 0x01, 0x7f, 0x00, 0x00)), 'malformed reference type', 11);
  malformed(bin(section(2, 0x01, 0x01, 0xc3, 0x00, 0x00, 0x00)), 'malformed UTF-8 encoding', 12);
  malformed(bin(section(9, 0x01, 0x08, 0x00)), 'malformed elements segment kind', 11);
  malformed(bin(section(11, 0x01, 0x03, 0x00)), 'malformed data segment kind', 11);
  malformed(bin(section(1, 0x01, 0x60, 0x01, 0x63, 0x50)), 'malformed heap type', 14);
});

test('SIMD and GC instructions are refused as unsupported, never crash', () => {
  const type = section(1, 0x01, 0x60, 0x00, 0x00);
  const func = section(3, 0x01, 0x00);
  const code = (...body: number[]): number[] => section(10, 0x01, body.length, ...body);
  unsupported(bin(type, func, code(0x00, 0xfd, 0x0c, 0x0b)), /^SIMD is not supported yet$/);
  unsupported(bin(type, func, code(0x00, 0xfb, 0x00, 0x00, 0x0b)), /GC instructions are not supported yet \(struct\.new\)/);
  unsupported(bin(type, func, code(0x00, 0xd3, 0x0b)), /\(ref\.eq\)/);
  unsupported(bin(section(1, 0x01, 0x60, 0x01, 0x7b, 0x00)), /SIMD/);
  // GC *types* are fine.
  assert.equal(decodeModule(bin(section(1, 0x01, 0x5e, 0x78, 0x01))).types.length, 1);
  assert.equal(ANYREF, refType(AbsHeap.Any, true));
});
