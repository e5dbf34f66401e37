// The stack switching section of `npm run bench` (ours only: Node runs
// stack switching only behind a flag). Per item: one resume + suspend round
// trip of a generator against one call + return, and the round trip again
// with the generator's stack `depth` frames deep, which must not matter.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModule, getExport, instantiate, invoke, Store, type FuncInstance } from '../runtime/index.js';
import { i32 } from '../runtime/objects/values.js';
import { watToBinary } from '../runtime/text/wat.js';

const ITEMS = 300_000;
const DEPTHS = [0, 100, 1000];
const RUNS = 5;

function exportedFunc(store: Store, bytes: Uint8Array, name: string): FuncInstance {
  const instance = instantiate(store, compileModule(bytes), () => undefined);
  const e = getExport(instance, name);
  if (!e || e.kind !== 'func') throw new Error(`generator workload exports no ${name}`);
  return e.func;
}

/** Best of RUNS, in nanoseconds per item. */
function nsPerItem(run: () => bigint, expected: bigint): number {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const got = run();
    best = Math.min(best, performance.now() - t0);
    if (got !== expected) throw new Error(`generator workload: got ${got}, expected ${expected}`);
  }
  return (best * 1e6) / ITEMS;
}

export function benchSwitching(dir: string): void {
  const { bytes } = watToBinary(readFileSync(join(dir, 'generator.wat'), 'utf8'), 'generator.wat');
  const store = new Store();
  const gen = exportedFunc(store, bytes, 'gen');
  const calls = exportedFunc(store, bytes, 'calls');
  const expected = BigInt(ITEMS) * BigInt(ITEMS - 1) / 2n;
  // Warm every path first: otherwise whichever depth is measured first also
  // pays for V8 compiling the interpreter's switching code (it read ~4× a call
  // at depth 0 and ~2.9× on a second pass).
  for (const depth of DEPTHS) first(invoke(store, gen, [i32(ITEMS), i32(depth)]));
  first(invoke(store, calls, [i32(ITEMS)]));
  const callNs = nsPerItem(() => first(invoke(store, calls, [i32(ITEMS)])), expected);
  console.log(`\nstack switching (${ITEMS} items, wasmdbg only):`);
  console.log(`  call + return per item:        ${callNs.toFixed(1)} ns`);
  for (const depth of DEPTHS) {
    const ns = nsPerItem(() => first(invoke(store, gen, [i32(ITEMS), i32(depth)])), expected);
    console.log(`  resume + suspend, depth ${String(depth).padStart(4)}:  ${ns.toFixed(1)} ns  (${(ns / callNs).toFixed(2)}× a call)`);
  }
}

function first(values: readonly { type: string }[]): bigint {
  const v = values[0] as { type: string; value?: unknown } | undefined;
  if (!v || v.type !== 'i64' || typeof v.value !== 'bigint') throw new Error('expected one i64 result');
  return v.value;
}
