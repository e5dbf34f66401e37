import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DwarfInfo } from './dwarf.js';
import { DwarfError } from './error.js';
import { Scopes } from './scopes.js';
import { dwarfSectionsOf, scanModule, type DwarfSections } from './sections.js';
import { typeName } from './types.js';
import { load, programBytes, rng } from './testutil.js';

/** Everything a debugger would do with the DWARF of a module, at a few addresses. */
function exercise(sections: DwarfSections, pcs: number[]): void {
  const dwarf = new DwarfInfo(sections, 0);
  const scopes = new Scopes(dwarf);
  for (const pc of pcs) dwarf.lines.lookup(pc);
  dwarf.lines.breakpointAddresses('shapes.c', 60);
  for (const pc of pcs) {
    for (const frame of scopes.framesAt(pc)) {
      for (const v of scopes.variables(frame, pc)) {
        typeName(v.type);
        scopes.locate(v, pc, frame, { readLocal: () => 8n, readGlobal: () => 16n, readOperand: () => 0n, readMemory: () => 0n });
      }
    }
  }
  for (const g of scopes.globals()) typeName(g.type);
}

test('randomly corrupted DWARF only ever throws DwarfError (fixed seed)', () => {
  const customs = scanModule(programBytes('shapes-O1.wasm')).customs;
  const names = customs.filter((c) => c.name.startsWith('.debug_')).map((c) => c.name);
  const pcs = [0x13e, 0x100, 0x1fa, 0x60, 0x500, 0x3000];
  const random = rng(0xd3a4f);
  let thrown = 0, warned = 0;
  for (let iter = 0; iter < 120; iter++) {
    const victim = names[Math.floor(random() * names.length)]!;
    const mutated = customs.map((c) => {
      if (c.name !== victim) return c;
      let bytes = c.bytes.slice();
      const mode = random();
      if (mode < 0.15) bytes = bytes.subarray(0, Math.floor(random() * bytes.length)); // truncate
      else {
        const n = 1 + Math.floor(random() * 8);
        // Flip bytes, mostly early in the section where headers and the main unit are.
        for (let k = 0; k < n; k++) bytes[Math.floor(random() ** 2 * bytes.length)] = Math.floor(random() * 256);
      }
      return { name: c.name, bytes };
    });
    try {
      const sections = dwarfSectionsOf(mutated);
      exercise(sections, pcs);
      if (new DwarfInfo(sections).warnings.length) warned++;
    } catch (e) {
      if (!(e instanceof DwarfError)) assert.fail(`iteration ${iter} (${victim}): ${e instanceof Error ? e.stack : String(e)}`);
      thrown++;
    }
  }
  // Both ways of reporting must have happened, or the fuzzing hit nothing.
  assert.ok(thrown + warned > 10, `thrown ${thrown}, warned ${warned}`);
});

test('a module that is not wasm, or has no DWARF, is handled', () => {
  assert.throws(() => DwarfInfo.fromModuleBytes(new Uint8Array([1, 2, 3])), DwarfError);
  assert.equal(DwarfInfo.fromModuleBytes(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), undefined);
  // external_debug_info naming a file that cannot be read.
  const stripped = programBytes('shapes-split.wasm');
  assert.equal(DwarfInfo.fromModuleBytes(stripped), undefined);
  assert.throws(() => DwarfInfo.fromModuleBytes(stripped, { readFile: () => { throw new Error('ENOENT'); } }), DwarfError);
});

test('reading all DWARF of a ~2 MB module is fast', (t) => {
  const bytes = programBytes('big.wasm');
  assert.ok(bytes.length > 2_000_000);
  load('shapes-O0.wasm'); // warm the code paths up first, as a debugger session would be
  const start = performance.now();
  const dwarf = DwarfInfo.fromModuleBytes(bytes)!;
  const scopes = new Scopes(dwarf);
  const lines = dwarf.lines;
  const elapsed = performance.now() - start;
  t.diagnostic(`big.wasm: ${bytes.length} bytes, ${dwarf.units.length} units, ${scopes.allFunctions().length} functions, read in ${elapsed.toFixed(0)} ms`);
  assert.equal(dwarf.warnings.length, 0);
  assert.ok(lines.lookup(scopes.allFunctions().find((f) => f.name === 'f1234')!.start + 10));
  assert.ok(elapsed < 3000, `${elapsed} ms`);
});
