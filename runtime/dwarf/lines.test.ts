import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { load, programsDir } from './testutil.js';
import { isTombstone } from './line.js';

// Expected values are what `llvm-dwarfdump-19 --lookup=ADDR` prints for these programs.
const LOOKUPS: [string, number, number, number][] = [
  ['shapes-O0.wasm', 0xca, 55, 0],
  ['shapes-O0.wasm', 0x185, 64, 26],
  ['shapes-O0.wasm', 0x260, 69, 0],
  ['shapes-O0.wasm', 0x300, 70, 16],
  ['shapes-O1.wasm', 0x13e, 46, 12],
  ['shapes-O1.wasm', 0x100, 58, 11],
  ['shapes-O1.wasm', 0x1fa, 41, 25],
  ['shapes-dwarf4.wasm', 0x185, 64, 26],
  ['shapes-dwarf4.wasm', 0x260, 69, 0],
];

test('address to file:line:column matches llvm-dwarfdump', () => {
  for (const [file, address, line, column] of LOOKUPS) {
    const loc = load(file).dwarf.lines.lookup(address);
    assert.ok(loc, `${file} 0x${address.toString(16)}`);
    assert.match(loc.file, /shapes\.c$/);
    assert.deepEqual([loc.line, loc.column], [line, column], `${file} 0x${address.toString(16)}`);
  }
});

test('addresses outside any sequence have no line', () => {
  const { dwarf } = load('shapes-O0.wasm');
  assert.equal(dwarf.lines.lookup(0), undefined);
  assert.equal(dwarf.lines.lookup(0x7fffffff), undefined);
});

test('breakpoint addresses for a line, and the next line with code for a line without', () => {
  const { dwarf } = load('shapes-O0.wasm');
  const at62 = dwarf.lines.breakpointAddresses('shapes.c', 63);
  assert.ok(at62);
  assert.equal(at62.line, 63);
  assert.ok(at62.addresses.length > 0);
  for (const a of at62.addresses) assert.equal(dwarf.lines.lookup(a)?.line, 63);
  // Line 67 is blank, line 68 the opening of main's definition: the breakpoint moves to main's first line.
  const moved = dwarf.lines.breakpointAddresses('/some/where/shapes.c', 67);
  assert.ok(moved);
  assert.ok(moved.line > 67);
  assert.equal(dwarf.lines.breakpointAddresses('shapes.c', 10_000), undefined);
  assert.equal(dwarf.lines.breakpointAddresses('other.c', 63), undefined);
});

// When the tool is installed, every row of every line table must agree with it.
const dump = spawnSync('llvm-dwarfdump-19', ['--debug-line', `${programsDir}shapes-O1.wasm`], { encoding: 'utf8' });
test('all line rows equal llvm-dwarfdump --debug-line', { skip: dump.status !== 0 && 'llvm-dwarfdump-19 not installed' }, () => {
  const expected: string[] = [];
  let seq: string[] = [];
  let first = -1;
  for (const l of dump.stdout.split('\n')) {
    const m = /^0x([0-9a-f]{16})\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s+(\d+)\s+\d+\s*(.*)$/.exec(l);
    if (!m) continue;
    const addr = parseInt(m[1]!, 16);
    if (first < 0) first = addr;
    const flags = m[6]!;
    seq.push(`${addr} ${m[2]} ${m[3]} ${m[4]} ${m[5]} ${flags.includes('is_stmt')} ${flags.includes('end_sequence')}`);
    if (flags.includes('end_sequence')) {
      if (!isTombstone(first)) expected.push(...seq);
      seq = [];
      first = -1;
    }
  }
  const { dwarf } = load('shapes-O1.wasm');
  const actual: string[] = [];
  for (const u of dwarf.units) {
    for (const r of dwarf.lineProgram(u)?.rows ?? []) actual.push(`${r.address} ${r.line} ${r.column} ${r.file} ${r.discriminator} ${r.isStmt} ${r.endSequence}`);
  }
  assert.ok(expected.length > 1000);
  assert.deepEqual(actual, expected);
});
