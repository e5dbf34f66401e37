// `node dist/bench.js --debug-armed`: what debugging costs. Each workload runs
// three ways: release (the optimizing compile), the debug compile mode a
// debug session uses (no folding: runtime/debug/target.ts), and that mode
// with breakpoints armed (BREAK codes patched, runtime/debug/patches.ts) on
// every instruction of a function that is never called. Armed-not-hit should
// cost nothing: breakpoints live in the code they stop, not in a check.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModule, getExport, instantiate, invoke, Store } from '../runtime/index.js';
import { ensureCompiled } from '../runtime/exec/interpreter.js';
import { i32 } from '../runtime/objects/values.js';
import { watToBinary } from '../runtime/text/wat.js';
import { Patches } from '../runtime/debug/patches.js';

type Mode = 'release' | 'debug' | 'armed';

function engine(text: string, mode: Mode): (n: number) => bigint {
  // A function the workload never calls, to arm breakpoints in.
  const withNever = text.replace(/\)\s*$/, '  (func (export "__never") (result i32) (i32.add (i32.const 1) (i32.const 2))))\n');
  const cm = compileModule(watToBinary(withNever, 'bench.wat').bytes);
  if (mode !== 'release') cm.debug = { compileOptions: { optimize: false }, onCompiled: () => {} };
  const store = new Store();
  const inst = instantiate(store, cm, () => undefined);
  if (mode === 'armed') {
    const never = getExport(inst, '__never');
    if (never?.kind !== 'func') throw new Error('no __never');
    const cf = ensureCompiled(never.func);
    const patches = new Patches();
    for (const pc of cf.pcs) patches.add(cf, pc, 'bench');
  }
  const run = getExport(inst, 'run');
  if (run?.kind !== 'func') throw new Error('workload exports no run function');
  return (n) => {
    const [r] = invoke(store, run.func, [i32(n)]);
    if (r?.type !== 'i64') throw new Error('run must return one i64');
    return r.value;
  };
}

function best(run: (n: number) => bigint, n: number, runs: number): { ms: number; result: bigint } {
  let ms = Infinity;
  let result = 0n;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = run(n);
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, result };
}

export function benchDebugArmed(dir: string, workloads: readonly { name: string; file: string; n: number }[]): number {
  const geo = (xs: number[]): number => Math.exp(xs.reduce((s, r) => s + Math.log(r), 0) / Math.max(1, xs.length));
  const debugRatios: number[] = [];
  const armedRatios: number[] = [];
  console.log('workload  release ms  debug ms  armed ms  debug/release  armed/debug');
  let bad = 0;
  for (const w of workloads) {
    const text = readFileSync(join(dir, w.file), 'utf8');
    const runs = [engine(text, 'release'), engine(text, 'debug'), engine(text, 'armed')];
    // Interleave the modes so that drift in machine load hits them alike.
    const times = [Infinity, Infinity, Infinity];
    const results: bigint[] = [];
    runs.forEach((r) => r(w.n)); // warm-up: every mode through the JIT before timing
    for (let round = 0; round < 5; round++) {
      runs.forEach((r, i) => { const b = best(r, w.n, 1); times[i] = Math.min(times[i]!, b.ms); results[i] = b.result; });
    }
    if (results[1] !== results[0] || results[2] !== results[0]) { bad++; console.error(`${w.name}: RESULTS DIFFER ${results.join(' ')}`); }
    const [rel, dbg, arm] = times as [number, number, number];
    debugRatios.push(dbg / rel);
    armedRatios.push(arm / dbg);
    console.log(`${w.name.padEnd(8)}  ${rel.toFixed(1).padStart(10)}  ${dbg.toFixed(1).padStart(8)}  ${arm.toFixed(1).padStart(8)}  ${(dbg / rel).toFixed(2).padStart(12)}×  ${(arm / dbg).toFixed(2).padStart(10)}×`);
  }
  console.log(`geometric mean: debug mode ${geo(debugRatios).toFixed(2)}× release; armed-not-hit ${geo(armedRatios).toFixed(2)}× debug mode`);
  return bad === 0 ? 0 : 1;
}
