import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompileError } from '../errors.js';
import {
  AbsHeap, EXNREF, FUNCREF, I32, I64, heapIndex, refType, V128, type ValType,
} from '../syntax/types.js';
import { validateModule, type ModuleValidation } from './validate.js';
import { contType, func, funcType, ins, module, watModule } from './testing.js';
import type { Instr, Module } from '../syntax/module.js';

async function wat(src: string): Promise<ModuleValidation> {
  return validateModule(await watModule(src));
}

function rejects(m: Module, message: string, kind: CompileError['kind'] = 'invalid'): void {
  assert.throws(() => validateModule(m), (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.ok(e.message.includes(message), `"${e.message}" does not contain "${message}"`);
    return true;
  });
}

async function watRejects(src: string, message: string): Promise<void> {
  rejects(await watModule(src), message);
}

const refT = (index: number, nullable = false): ValType => refType(heapIndex(index), nullable);

// ---- heights ----

test('heights: straight-line code, a block, and the dead code after br', async () => {
  const r = await wat(`(module (func (param i32) (result i32)
    local.get 0 i32.const 1 i32.add
    block (result i32) i32.const 2 end
    i32.add br 0 i32.const 5 drop))`);
  // local.get const add block const end add br const drop end
  assert.deepEqual([...r.funcs[0]!.heights], [0, 1, 2, 1, 1, 2, 2, 1, -1, -1, -1]);
  assert.equal(r.funcs[0]!.maxHeight, 2);
});

test('heights: if/else arms restart at the frame height; blocks entered from dead code are dead', async () => {
  const r = await wat(`(module (func (param i32) (result i32 i32)
    i32.const 7
    local.get 0
    if (param i32) (result i32 i32) i32.const 1 else i32.const 2 end
    return
    block i32.const 3 drop end))`);
  // const get if const else const end return block const drop end end
  assert.deepEqual([...r.funcs[0]!.heights], [0, 1, 2, 1, 2, 1, 2, 2, -1, -1, -1, -1, -1]);
  assert.equal(r.funcs[0]!.maxHeight, 2);
});

test('heights: loop parameters and multi-value results', async () => {
  const r = await wat(`(module (func (result i64 i32)
    i64.const 1 i32.const 2
    loop (param i64 i32) (result i64 i32) nop end))`);
  assert.deepEqual([...r.funcs[0]!.heights], [0, 1, 2, 2, 2, 2]);
});

test('heights: the else arm of an if whose then arm ends unreachable is live', async () => {
  const r = await wat(`(module (func (param i32) (result i32)
    local.get 0 if (result i32) unreachable else i32.const 1 end))`);
  // get if unreachable else const end end
  assert.deepEqual([...r.funcs[0]!.heights], [0, 1, 0, -1, 0, 1, 1]);
});

// ---- core typing ----

test('type mismatches use the reference interpreter wording', async () => {
  await watRejects('(module (func (result i32) i64.const 1))', 'type mismatch: instruction requires [i32] but stack has [i64]');
  await watRejects('(module (func (result i32)))', 'type mismatch: instruction requires [i32] but stack has []');
  await watRejects('(module (func i32.const 1))', 'type mismatch: block requires [] but stack has [i32]');
  await watRejects('(module (func (result i32) i32.const 0 if (result i32) i32.const 1 end))', 'type mismatch');
  await watRejects('(module (func (param externref) (result externref) local.get 0 local.get 0 i32.const 0 select))', 'type mismatch');
});

test('the polymorphic stack after unreachable accepts anything', async () => {
  await wat('(module (func (result i32) unreachable i32.add))');
  await wat('(module (func (result i32 i64) unreachable select))');
  await watRejects('(module (func (result i32) unreachable i64.const 0 i32.add))', 'type mismatch');
});

test('br_table checks every target against the operands', async () => {
  await wat(`(module (func (param i32) (result i32)
    block (result i32) block (result i32) i32.const 1 local.get 0 br_table 0 1 end end))`);
  await watRejects(`(module (func (param i32)
    block (result i32) block (result i64) i32.const 1 local.get 0 br_table 0 1 end drop i32.const 0 end drop))`, 'type mismatch');
});

test('index spaces report what is unknown', async () => {
  await watRejects('(module (func local.get 3 drop))', 'unknown local 3');
  await watRejects('(module (func global.get 0 drop))', 'unknown global 0');
  await watRejects('(module (func i32.const 0 i32.load drop))', 'unknown memory 0');
  await watRejects('(module (func call 9))', 'unknown function 9');
  await watRejects('(module (func i32.const 0 table.get 0 drop))', 'unknown table 0');
  rejects(module({ types: [funcType([], [])], funcs: [func(0, [ins('br', { index: 1 })])] }), 'unknown label');
  rejects(module({ types: [funcType([], [])], funcs: [func(0, [ins('data.drop', { index: 0 })])] }), 'unknown data segment 0');
  rejects(module({ types: [funcType([], [])], funcs: [func(0, [ins('elem.drop', { index: 4 })])] }), 'unknown elem segment 4');
});

test('memory access alignment and offsets; atomics need natural alignment', async () => {
  await watRejects('(module (memory 1) (func i32.const 0 i32.load align=8 drop))', 'alignment must not be larger than natural');
  await watRejects('(module (memory 1 1 shared) (func i32.const 0 i32.atomic.load align=2 drop))', 'atomic alignment must be natural');
  await wat('(module (memory 1 1 shared) (func i32.const 0 i32.const 1 i64.const -1 memory.atomic.wait32 drop))');
  await wat('(module (memory i64 1) (func i64.const 0 i64.load offset=0x100000000 drop))');
  rejects(module({
    types: [funcType([], [])],
    memories: [{ min: 1, shared: false, index64: false }],
    funcs: [func(0, [ins('i32.const', { value: 0 }), ins('i32.load', { memArg: { align: 2, offset: 2 ** 32, memory: 0 } }), ins('drop')])],
  }), 'offset out of range');
});

test('memory64 and table64 use i64 addresses', async () => {
  await wat('(module (memory i64 1) (func (result i64) i64.const 0 i64.load))');
  await watRejects('(module (memory i64 1) (func (result i64) i32.const 0 i64.load))', 'type mismatch');
  await wat('(module (memory i64 1) (func (result i64) memory.size))');
  await wat(`(module (memory $a i64 1) (memory $b 1)
    (func i64.const 0 i32.const 0 i32.const 1 memory.copy $a $b))`);
});

test('multi-memory instructions check the named memory', async () => {
  await wat('(module (memory 1) (memory 1) (func (result i32) i32.const 0 i32.load 1))');
  await watRejects('(module (memory 1) (func (result i32) i32.const 0 i32.load 1))', 'unknown memory 1');
});

// ---- module-level rules ----

test('module-level rules', async () => {
  await watRejects('(module (func $a (export "x")) (func $b (export "x")))', 'duplicate export name');
  await watRejects('(module (func $s (param i32)) (start $s))', 'start function');
  await watRejects('(module (memory 65537))', 'memory size must be at most 65536 pages (4GiB)');
  await watRejects('(module (memory 2 1))', 'size minimum must not be greater than maximum');
  rejects(module({ memories: [{ min: 1, shared: true, index64: false }] }), 'shared memory must have maximum');
  await watRejects('(module (global i32 (global.get 1)) (global i32 (i32.const 0)))', 'unknown global 1');
  await watRejects('(module (global (import "m" "g") (mut i32)) (global i32 (global.get 0)))', 'constant expression required');
  await watRejects('(module (global i32 (i32.const 0) (i32.const 0) (i32.add) (i32.const 1) (i32.clz)))', 'constant expression required');
  await wat('(module (global i32 (i32.const 0)) (global i32 (i32.add (global.get 0) (i32.const 1))))');
  await watRejects('(module (global i64 (i32.const 0)))', 'type mismatch');
  await watRejects('(module (global i32 (i32.const 0)) (func i32.const 1 global.set 0))', 'immutable global');
  await watRejects('(module (table 1 funcref) (elem (i32.const 0) externref (ref.null extern)))', 'type mismatch');
  await watRejects('(module (func (result i32) i32.const 0 i32.const 0 select (result i32 i32)))', 'invalid result arity');
});

test('ref.func needs a declaration outside function bodies', async () => {
  await watRejects('(module (func $f (result funcref) ref.func $f))', 'undeclared function reference');
  await wat('(module (func $f (result funcref) ref.func $f) (elem declare func $f))');
  await wat('(module (func $f (export "f") (result funcref) ref.func $f))');
  await wat('(module (global funcref (ref.func $f)) (func $f (result funcref) ref.func $f))');
});

// ---- tail calls ----

test('tail calls: the callee results must match the caller results', async () => {
  await wat('(module (func $g (result i32) i32.const 1) (func (result i32) return_call $g))');
  await watRejects('(module (func $g (result i64) i64.const 1) (func (result i32) return_call $g))', 'type mismatch');
  await watRejects('(module (func $g (result i32) i32.const 1) (func return_call $g))', 'type mismatch');
  // After return_call the stack is polymorphic.
  await wat('(module (func $g (result i32) i32.const 1) (func (result i32) return_call $g i32.add))');
});

// ---- exceptions ----

test('try_table catch clauses must fit their labels', async () => {
  await wat(`(module (tag $e (param i32)) (func (result i32)
    block $l (result i32) try_table (catch $e $l) i32.const 1 throw $e end i32.const 0 end))`);
  await watRejects(`(module (tag $e (param i64)) (func (result i32)
    block $l (result i32) try_table (catch $e $l) end i32.const 0 end))`, 'type mismatch');
  await wat(`(module (tag $e (param i32)) (func (result i32 exnref)
    block $l (result i32 exnref) try_table (catch_ref $e $l) end unreachable end))`);
  await wat(`(module (func (result exnref)
    block $l (result exnref) try_table (catch_all_ref $l) end unreachable end))`);
  await watRejects(`(module (func (result i32)
    block $l (result i32) try_table (catch_all_ref $l) end unreachable end))`, 'type mismatch');
  await wat('(module (func (param exnref) local.get 0 throw_ref))');
});

test('throw pops the tag parameters', async () => {
  await watRejects('(module (tag (param i32)) (func (throw 0)))', 'type mismatch: instruction requires [i32] but stack has []');
  await watRejects('(module (tag (param i32)) (func (i64.const 5) (throw 0)))', 'type mismatch: instruction requires [i32] but stack has [i64]');
  rejects(module({ types: [funcType([], [])], funcs: [func(0, [ins('throw', { index: 0 })])] }), 'unknown tag 0');
});

test('legacy try/catch/catch_all/delegate/rethrow', async () => {
  await wat(`(module (tag $e (param i32)) (func (result i32)
    try (result i32) i32.const 1 catch $e catch_all i32.const 2 end))`);
  await watRejects('(module (tag) (func (try (do) (catch 0 (i32.const 42)))))', 'type mismatch: block requires [] but stack has [i32]');
  await wat('(module (tag $e) (func try catch $e rethrow 0 end))');
  await watRejects('(module (func block try rethrow 1 catch_all end end))', 'invalid rethrow label');
  await watRejects('(module (func try rethrow 0 catch_all end))', 'invalid rethrow label');
  await wat('(module (func block try try nop delegate 1 catch_all end end))');
  const r = await wat('(module (func (result i32) try (result i32) i32.const 1 delegate 0))');
  // try const delegate end
  assert.deepEqual([...r.funcs[0]!.heights], [0, 0, 1, 1]);
});

// ---- typed function references (hand-built IR: wabt cannot spell them) ----

test('non-nullable locals must be set before use, per block', () => {
  const types = [funcType([], []), funcType([refT(0)], [])];
  const decl = { exports: [{ name: 'f', kind: 'func' as const, index: 0 }] };
  const base = { types, ...decl };
  // set then get: fine
  validateModule(module({ ...base, funcs: [func(0, [
    ins('ref.func', { index: 0 }), ins('local.set', { index: 0 }), ins('local.get', { index: 0 }), ins('drop'),
  ], [refT(0)])] }));
  // get before set
  rejects(module({ ...base, funcs: [func(0, [ins('local.get', { index: 0 }), ins('drop')], [refT(0)])] }), 'uninitialized local');
  // set inside a block does not survive the block's end
  rejects(module({ ...base, funcs: [func(0, [
    ins('block', { blockType: { kind: 'empty' } }), ins('ref.func', { index: 0 }), ins('local.set', { index: 0 }), ins('end'),
    ins('local.get', { index: 0 }), ins('drop'),
  ], [refT(0)])] }), 'uninitialized local');
  // nullable locals need no initialisation
  validateModule(module({ ...base, funcs: [func(0, [ins('local.get', { index: 0 }), ins('drop')], [refT(0, true)])] }));
});

test('call_ref, ref.as_non_null, br_on_null, br_on_non_null', () => {
  const types = [funcType([I32], [I32]), funcType([refT(0, true)], [I32])];
  const m = (body: ReturnType<typeof ins>[]) => module({ types, funcs: [func(1, body)] });
  const r = validateModule(m([ins('i32.const', { value: 1 }), ins('local.get', { index: 0 }), ins('call_ref', { index: 0 })]));
  assert.deepEqual([...r.funcs[0]!.heights], [0, 1, 2, 1]);
  rejects(m([ins('local.get', { index: 0 }), ins('call_ref', { index: 0 })]), 'type mismatch');
  validateModule(m([
    ins('i32.const', { value: 1 }), ins('local.get', { index: 0 }), ins('ref.as_non_null'), ins('call_ref', { index: 0 }),
  ]));
  // br_on_null: [t* (ref null ht)] -> [t* (ref ht)], branching with [t*]
  const r2 = validateModule(m([
    ins('block', { blockType: { kind: 'value', type: I32 } }),
    ins('i32.const', { value: 7 }), ins('local.get', { index: 0 }), ins('br_on_null', { index: 0 }),
    ins('drop'), ins('end'),
  ]));
  assert.deepEqual([...r2.funcs[0]!.heights], [0, 0, 1, 2, 2, 1, 1]);
  // br_on_non_null: label takes the non-null reference
  validateModule(module({ types: [funcType([I32], [I32]), funcType([refT(0, true)], [refT(0)])], funcs: [func(1, [
    ins('block', { blockType: { kind: 'value', type: refT(0) } }),
    ins('local.get', { index: 0 }), ins('br_on_non_null', { index: 0 }), ins('unreachable'), ins('end'),
  ])] }));
  rejects(m([
    ins('block'), ins('local.get', { index: 0 }), ins('br_on_non_null', { index: 0 }), ins('end'), ins('i32.const', { value: 0 }),
  ]), 'type mismatch');
});

test('return_call_ref and subtyping of typed references', () => {
  const types = [funcType([], [refT(0)]), funcType([refT(0)], [FUNCREF])];
  validateModule(module({ types, funcs: [func(1, [ins('local.get', { index: 0 }), ins('return_call_ref', { index: 0 })])] }));
  const types2 = [funcType([], [FUNCREF]), funcType([refT(0)], [refT(0)])];
  rejects(module({ types: types2, funcs: [func(1, [ins('local.get', { index: 0 }), ins('return_call_ref', { index: 0 })])] }), 'type mismatch');
});

test('structurally equal types are the same type (iso-recursive equivalence)', () => {
  // $a and $b are both (func): a (ref $a) may be passed where a (ref $b) is expected.
  const types = [funcType([], []), funcType([], []), funcType([refT(0)], [refT(1)])];
  validateModule(module({ types, funcs: [func(2, [ins('local.get', { index: 0 })])] }));
});

test('declared subtypes must really be subtypes', () => {
  const open = (params: ValType[], results: ValType[], sup: number[] = []) => funcType(params, results, sup, false);
  validateModule(module({ types: [open([FUNCREF], []), open([FUNCREF], [], [0])] }));
  rejects(module({ types: [open([], [FUNCREF]), open([], [I32], [0])] }), 'sub type 1 does not match super type 0');
  rejects(module({ types: [funcType([], []), funcType([], [], [0])] }), 'sub type');
});

// ---- stack switching ----

test('stack switching: cont.new, resume with a handler, suspend, cont.bind, switch', () => {
  const ft = funcType([], [I32]); // 0
  const ct = contType(0); // 1
  const ftTag = funcType([I64], [I32]); // 2: tag $yield (param i64) (result i32)
  const ftK = funcType([I32], [I32]); // 3: what the handler receives back
  const ctK = contType(3); // 4
  const driver = funcType([refT(0, true)], [I32]); // 5
  const types = [ft, ct, ftTag, ftK, ctK, driver];
  const body = [
    ins('block', { blockType: { kind: 'index', index: 6 } }),
    ins('local.get', { index: 0 }), ins('cont.new', { index: 1 }),
    ins('resume', { index: 1, handlers: [{ tag: 0, label: 0 }] }),
    ins('return'),
    ins('end'),
    // [i64 (ref $ctK)]: bind an i32 and resume as $ct
    ins('local.set', { index: 1 }), ins('drop'),
    ins('i32.const', { value: 1 }), ins('local.get', { index: 1 }), ins('cont.bind', { index: 4, index2: 1 }),
    ins('resume', { index: 1 }),
  ];
  const m = module({
    types: [...types, funcType([], [I64, refT(4)])], // 6: the handler block's type
    tags: [{ typeIndex: 2 }],
    funcs: [func(5, body, [refT(4, true)]), func(0, [ins('i64.const', { value: 1n }), ins('suspend', { index: 0 })])],
  });
  const r = validateModule(m);
  assert.equal(r.funcs.length, 2);
  // block get cont.new resume return end set drop const get bind resume end
  assert.deepEqual([...r.funcs[0]!.heights], [0, 0, 1, 1, 1, -1, 2, 1, 0, 1, 2, 1, 1]);

  rejects(module({ types, funcs: [func(5, [ins('local.get', { index: 0 }), ins('cont.new', { index: 0 }), ins('drop'), ins('i32.const', { value: 0 })])] }),
    'non-continuation type 0');
  rejects(module({ types: [contType(0)] }), 'non-function type 0');
  // A handler label whose last type is not a concrete continuation.
  rejects(module({
    types: [...types, funcType([], [I64, refType(AbsHeap.Cont, false)])],
    tags: [{ typeIndex: 2 }],
    funcs: [func(5, [
      ins('block', { blockType: { kind: 'index', index: 6 } }),
      ins('local.get', { index: 0 }), ins('cont.new', { index: 1 }),
      ins('resume', { index: 1, handlers: [{ tag: 0, label: 0 }] }), ins('return'), ins('end'), ins('unreachable'),
    ])],
  }), 'type mismatch: instruction requires concrete continuation reference type but label has [i64 (ref cont)]');
});

test('stack switching: switch and (on $e switch)', () => {
  // rec: $ft = func (param (ref null $ct)) (result i32); $ct = cont $ft
  const types = [funcType([refT(1, true)], [I32]), contType(0), funcType([], [I32]), contType(2)];
  const m = module({
    types, recGroups: [{ start: 0, count: 2 }, { start: 2, count: 1 }, { start: 3, count: 1 }],
    tags: [{ typeIndex: 2 }],
    funcs: [
      func(0, [ins('local.get', { index: 0 }), ins('switch', { index: 1, index2: 0 }), ins('drop'), ins('i32.const', { value: 0 })]),
      func(2, [ins('ref.null', { heapType: heapIndex(3) }), ins('resume', { index: 3, handlers: [{ tag: 0, label: -1 }] })]),
    ],
  });
  validateModule(m);
  rejects(module({ ...m, tags: [{ typeIndex: 0 }] }), 'type mismatch in switch tag');
});

test('tags with results need stack switching', async () => {
  const m = module({ types: [funcType([], [I32])], tags: [{ typeIndex: 0 }] });
  validateModule(m);
  assert.throws(() => validateModule(m, { stackSwitching: false }), /non-empty tag result type/);
});

// ---- unsupported and performance ----

test('SIMD and GC instructions are reported as unsupported', () => {
  // SIMD is not in the opcode table at all: v128.const is 0xfd 12.
  rejects(module({ types: [funcType([], [V128])], funcs: [func(0, [{ op: 0xfd00c, index: 0, index2: 0, offset: 0 }])] }), '', 'unsupported');
  rejects(module({ types: [funcType([], [])], funcs: [func(0, [ins('i32.const', { value: 0 }), ins('ref.i31'), ins('drop')])] }), 'not supported', 'unsupported');
});

test('validating about a million instructions takes well under a second', () => {
  const body: Instr[] = [];
  for (let k = 0; k < 60; k++) {
    body.push(ins('local.get', { index: 0 }), ins('i32.const', { value: k }), ins('i32.add'),
      ins('block', { blockType: { kind: 'value', type: I32 } }), ins('local.get', { index: 1 }), ins('end'),
      ins('drop'), ins('local.set', { index: 0 }));
  }
  body.push(ins('local.get', { index: 0 }));
  const funcs = Array.from({ length: 2000 }, () => func(0, body, [EXNREF]));
  const m = module({ types: [funcType([I32, I32], [I32])], funcs });
  validateModule(m); // warm up
  const t0 = performance.now();
  const r = validateModule(m);
  const ms = performance.now() - t0;
  assert.equal(r.funcs.length, 2000);
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  console.log(`validated ${funcs.length * body.length} instructions in ${ms.toFixed(0)} ms`);
});
