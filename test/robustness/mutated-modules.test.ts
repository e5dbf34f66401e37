// Bad input loses nothing: thousands of mutated modules (byte flips,
// truncations, insertions over valid seeds, fixed seed) go through the whole
// pipeline — decode, validate, compile, instantiate — and every failure must
// be one of our error values. A RangeError, TypeError or a hang is a defect.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompileError, LinkError, Trap } from '../../runtime/errors.js';
import { compileModule, instantiate, Store } from '../../runtime/index.js';
import { watToBinary } from '../../runtime/text/wat.js';

const root = join(__dirname, '..', '..');
const SEEDS = ['bench/workloads/fib.wat', 'bench/workloads/memory.wat', 'bench/workloads/indirect.wat',
  'bench/workloads/float.wat', 'bench/workloads/i64.wat', 'examples/hello.wat'];
const CASES_PER_SEED = 600;

/** xorshift32: a small deterministic PRNG so failures reproduce. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 0x100000000;
  };
}

function mutate(bytes: Uint8Array, rand: () => number): Uint8Array {
  const kind = Math.floor(rand() * 4);
  const at = 8 + Math.floor(rand() * Math.max(1, bytes.length - 8)); // keep the header mostly intact
  if (kind === 0) return bytes.slice(0, at); // truncation
  const out = new Uint8Array(kind === 3 ? bytes.length + 1 : bytes.length);
  if (kind === 3) { // insertion
    out.set(bytes.subarray(0, at));
    out[at] = Math.floor(rand() * 256);
    out.set(bytes.subarray(at), at + 1);
    return out;
  }
  out.set(bytes);
  const flips = kind === 1 ? 1 : 1 + Math.floor(rand() * 4);
  for (let i = 0; i < flips; i++) {
    const p = 8 + Math.floor(rand() * (out.length - 8));
    out[p] = kind === 1 ? out[p]! ^ (1 << Math.floor(rand() * 8)) : Math.floor(rand() * 256);
  }
  return out;
}

test('mutated modules fail cleanly through decode, validate, compile and instantiate', () => {
  const rand = prng(0x5eed);
  const unexpected: string[] = [];
  let compiled = 0;
  for (const seed of SEEDS) {
    const { bytes } = watToBinary(readFileSync(join(root, seed), 'utf8'), seed);
    for (let i = 0; i < CASES_PER_SEED; i++) {
      const mutant = mutate(bytes, rand);
      try {
        const module = compileModule(mutant);
        compiled++;
        // No start function in the seeds, and a mutant that gains one is rare;
        // instantiation then runs bounded work only (segments, globals).
        if (module.module.start === undefined) instantiate(new Store(), module, () => undefined);
      } catch (e) {
        if (e instanceof CompileError || e instanceof LinkError || e instanceof Trap) continue;
        unexpected.push(`${seed} case ${i}: ${(e as Error)?.stack ?? String(e)}`);
      }
    }
  }
  assert.deepEqual(unexpected.slice(0, 5), []);
  // Sanity: the mutations are not all rejected at the header.
  assert.ok(compiled > 0, 'some mutants should still compile');
});
