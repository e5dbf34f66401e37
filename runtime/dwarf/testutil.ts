// Shared helpers of the DWARF tests: the committed C programs (see
// test/programs/c/build.sh) and a seeded random generator for the fuzz test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DwarfInfo } from './dwarf.js';
import { Scopes } from './scopes.js';

export const programsDir = join(__dirname, '..', '..', 'test', 'programs', 'c') + '/';

export function programBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(programsDir + name));
}

const loaded = new Map<string, { dwarf: DwarfInfo; scopes: Scopes }>();

/** Reads a test program's DWARF (once per test file: the readers are immutable after loading). */
export function load(name: string): { dwarf: DwarfInfo; scopes: Scopes } {
  const hit = loaded.get(name);
  if (hit) return hit;
  const dwarf = DwarfInfo.fromModuleBytes(programBytes(name), { modulePath: programsDir + name, readFile: (p) => new Uint8Array(readFileSync(p)) });
  if (!dwarf) throw new Error(`${name} has no DWARF`);
  const out = { dwarf, scopes: new Scopes(dwarf) };
  loaded.set(name, out);
  return out;
}

/** mulberry32: small, seedable, good enough to pick bytes to corrupt. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
