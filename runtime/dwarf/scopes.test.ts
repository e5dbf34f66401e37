import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './testutil.js';
import { disassemble } from './expression.js';
import { typeName, type DwarfType } from './types.js';
import type { Variable } from './scopes.js';

function fn(file: string, name: string): { start: number; end: number } {
  const f = load(file).scopes.allFunctions().find((x) => x.name === name);
  assert.ok(f, `${name} in ${file}`);
  return f;
}

function locText(v: Variable): string {
  const l = v.location;
  if (l.kind === 'expr') return disassemble(l.expr);
  if (l.kind === 'list') return l.entries.map((e) => `[0x${e.start.toString(16)}, 0x${e.end.toString(16)}): ${disassemble(e.expr)}`).join('; ');
  return l.kind;
}

function strip(t: DwarfType): DwarfType {
  while (t.kind === 'typedef' || t.kind === 'const' || t.kind === 'volatile') t = t.target;
  return t;
}

test('function names at addresses (llvm-dwarfdump --lookup)', () => {
  const { scopes } = load('shapes-O0.wasm');
  assert.equal(scopes.framesAt(0xca)[0]?.name, 'push');
  assert.equal(scopes.framesAt(0x185)[0]?.name, 'sum_list');
  assert.equal(scopes.framesAt(0x300)[0]?.name, 'main');
  assert.equal(scopes.framesAt(0x540)[0]?.name, 'rect_area');
  assert.deepEqual(scopes.framesAt(0), []);
  // libc units (clang 14, DWARF 4) are read too.
  assert.ok(scopes.allFunctions().some((f) => f.name === 'malloc' || f.name === 'dlmalloc'));
});

test('variables of main with types and -O0 locations (fbreg)', () => {
  for (const file of ['shapes-O0.wasm', 'shapes-dwarf4.wasm']) {
    const { scopes } = load(file);
    const main = fn(file, 'main');
    const vars = scopes.variables(scopes.framesAt(main.start)[0]!, main.start);
    const seen = vars.map((v) => `${v.isParameter ? 'param' : 'var'} ${typeName(v.type, v.name)} @ ${locText(v)}`);
    assert.deepEqual(seen, [
      'param int argc @ DW_OP_fbreg +88',
      'param char **argv @ DW_OP_fbreg +84',
      'var struct shape box @ DW_OP_fbreg +32',
      'var node_t *list @ DW_OP_fbreg +28',
      'var int i @ DW_OP_fbreg +24',
    ], file);
  }
});

test('struct members, offsets and the types C programs use', () => {
  const { scopes } = load('shapes-O0.wasm');
  const main = fn('shapes-O0.wasm', 'main');
  const box = scopes.variables(scopes.framesAt(main.start)[0]!).find((v) => v.name === 'box')!;
  const shape = box.type;
  assert.equal(shape.kind, 'struct');
  if (shape.kind !== 'struct') return;
  assert.equal(shape.byteSize, 52);
  assert.deepEqual(shape.members.map((m) => `${m.offset} ${typeName(m.type, m.name)}`), [
    '0 const char *name',
    '4 struct point corners[4]',
    '36 colour_t colour',
    '40 volatile unsigned int flags',
    '44 union number weight',
    '48 int (*area)(const struct shape *)',
  ]);
  const colour = strip(shape.members[2]!.type);
  assert.equal(colour.kind, 'enum');
  if (colour.kind === 'enum') assert.deepEqual(colour.enumerators, [{ name: 'RED', value: 1 }, { name: 'GREEN', value: 2 }, { name: 'BLUE', value: 4 }]);
  const weight = shape.members[4]!.type;
  assert.equal(weight.kind, 'union');
  if (weight.kind === 'union') {
    assert.deepEqual(weight.members.map((m) => `${m.offset} ${typeName(m.type, m.name)}`), ['0 int i', '0 float f', '0 unsigned char bytes[4]']);
  }
  // The linked list type refers to itself: node_t -> struct node { next: struct node * }.
  const list = scopes.variables(scopes.framesAt(main.start)[0]!).find((v) => v.name === 'list')!;
  const ptr = list.type;
  assert.equal(ptr.kind, 'pointer');
  if (ptr.kind !== 'pointer') return;
  const node = strip(ptr.target);
  assert.equal(node.kind, 'struct');
  if (node.kind !== 'struct') return;
  const next = node.members[1]!;
  assert.equal(next.offset, 4);
  assert.equal(next.type.kind === 'pointer' && next.type.target, node);
  // Globals: a two-dimensional array with bounds and a static double.
  const globals = new Map(scopes.globals().map((g) => [g.name, g]));
  assert.equal(typeName(globals.get('grid')!.type, 'grid'), 'int grid[3][5]');
  assert.equal(typeName(globals.get('scale')!.type), 'double');
  assert.equal(typeName(globals.get('origin')!.type), 'struct point');
});

test('an inlined frame with its call site (-O1)', () => {
  const { scopes } = load('shapes-O1.wasm');
  // llvm-dwarfdump --lookup=0x13e: square inlined into sum_list inlined into main.
  const frames = scopes.framesAt(0x13e);
  assert.deepEqual(frames.map((f) => `${f.kind} ${f.name}`), ['inlined square', 'inlined sum_list', 'function main']);
  assert.deepEqual({ ...frames[0]!.callSite, file: frames[0]!.callSite!.file?.replace(/^.*\//, '') }, { file: 'shapes.c', line: 65, column: 14 });
  assert.equal(frames[1]!.callSite!.line, 76);
  const vars = scopes.variables(frames[0]!, 0x13e);
  assert.deepEqual(vars.map((v) => `${typeName(v.type, v.name)}`), ['int v']);
});

test('-O1 parameter locations use DW_OP_WASM_location and lists', () => {
  const { scopes } = load('shapes-O1.wasm');
  const ra = fn('shapes-O1.wasm', 'rect_area');
  const [s] = scopes.variables(scopes.framesAt(ra.start)[0]!);
  assert.equal(s!.name, 's');
  assert.equal(locText(s!), 'DW_OP_WASM_location 0x0 0x0, DW_OP_stack_value');
  // Evaluated with a frame whose local 0 holds 0x1234, the value is 0x1234.
  const frame = scopes.framesAt(ra.start)[0];
  assert.deepEqual(scopes.locate(s!, ra.start, frame, { readLocal: (i) => (i === 0 ? 0x1234n : 0n) }), { kind: 'value', value: 0x1234n });
  const main = fn('shapes-O1.wasm', 'main');
  const mainFrame = scopes.framesAt(main.start)[0]!;
  const list = scopes.variables(mainFrame).find((v) => v.name === 'list')!;
  assert.equal(list.location.kind, 'list');
  // Before its first entry `list` has no location: optimized out.
  assert.deepEqual(scopes.locate(list, main.start, mainFrame), { kind: 'optimized-out' });
  assert.deepEqual(scopes.locate(list, 0xe0, mainFrame), { kind: 'value', value: 0n });
  assert.deepEqual(scopes.locate(list, 0x100, mainFrame, { readLocal: (i) => BigInt(i * 100) }), { kind: 'value', value: 500n });
  // argv is unused: no location at all.
  assert.deepEqual(scopes.locate(scopes.variables(mainFrame).find((v) => v.name === 'argv')!, 0x100, mainFrame), { kind: 'optimized-out' });
});

test('-O0 fbreg evaluates through the frame base (a wasm local)', () => {
  const { scopes } = load('shapes-O0.wasm');
  const ra = fn('shapes-O0.wasm', 'rect_area');
  const frame = scopes.framesAt(ra.start + 20)[0]!;
  const w = scopes.variables(frame).find((v) => v.name === 'w')!;
  // frame base is DW_OP_WASM_location 0x0 0x3, DW_OP_stack_value: local 3 holds the frame pointer.
  const loc = scopes.locate(w, ra.start + 20, frame, { readLocal: (i) => (i === 3 ? 0x10000n : 0n) });
  assert.deepEqual(loc, { kind: 'memory', address: 0x10008n });
  const counter = scopes.globals().find((g) => g.name === 'counter')!;
  const at = scopes.locate(counter, ra.start, undefined);
  assert.equal(at.kind, 'memory');
});

test('external DWARF through external_debug_info', () => {
  const { dwarf, scopes } = load('shapes-split.wasm');
  assert.ok(dwarf.units.length > 1);
  assert.equal(scopes.framesAt(0x13e)[2]?.name, 'main');
  // The code base comes from the stripped module itself.
  assert.ok(dwarf.codeBodyOffset > 0);
  assert.equal(dwarf.toModuleOffset(dwarf.toDwarfAddress(1000)), 1000);
});
