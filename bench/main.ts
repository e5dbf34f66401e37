// `npm run bench`: our interpreter against Node's own WebAssembly on the same
// workloads, in the same process run. Each workload's `run(n)` export is
// called with the same n on both engines; the results must agree (a fast
// wrong answer is not a result). Prints per-workload times, the ratio
// ours/V8, and the geometric mean of the ratios.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watToBinary } from '../runtime/text/wat.js';
import { BenchEngine } from './engine.js';
import { benchDebugArmed } from './debug-armed.js';
import { benchDwarfLaunch } from './dwarf-launch.js';
import { benchSwitching } from './switching.js';
import { v8RunExport } from './v8.js';

interface Workload {
  readonly name: string;
  readonly file: string;
  readonly n: number;
  readonly what: string;
}

const WORKLOADS: readonly Workload[] = [
  { name: 'fib', file: 'fib.wat', n: 27, what: 'recursive calls' },
  { name: 'loop', file: 'loop.wat', n: 3_000_000, what: 'tight i32 loop' },
  { name: 'memory', file: 'memory.wat', n: 6, what: 'sieve + word array passes' },
  { name: 'indirect', file: 'indirect.wat', n: 1_000_000, what: 'call_indirect' },
  { name: 'i64', file: 'i64.wat', n: 1_000_000, what: 'xorshift + multiply hash' },
  { name: 'float', file: 'float.wat', n: 120, what: 'f64 escape-time grid' },
];

const V8_MIN_TOTAL_MS = 200;
const OUR_RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** V8 is fast enough that one run is noise: repeat until the total is long enough. */
function timeV8(run: (n: number) => bigint, n: number): { ms: number; result: bigint } {
  let result = run(n); // warm-up (and tier-up)
  const times: number[] = [];
  let total = 0;
  while (total < V8_MIN_TOTAL_MS || times.length < 5) {
    const t0 = performance.now();
    result = run(n);
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  return { ms: median(times), result };
}

function timeOurs(run: (n: number) => bigint, n: number): { ms: number; result: bigint } {
  const times: number[] = [];
  let result = 0n;
  for (let i = 0; i < OUR_RUNS; i++) {
    const t0 = performance.now();
    result = run(n);
    times.push(performance.now() - t0);
  }
  return { ms: Math.min(...times), result };
}

function main(): number {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const dir = join(__dirname, '..', 'bench', 'workloads');
  if (process.argv.includes('--debug-armed')) return benchDebugArmed(dir, WORKLOADS.filter((w) => only.length === 0 || only.includes(w.name)));
  const rows: string[][] = [['workload', 'what', 'n', 'V8 ms', 'wasmdbg ms', 'ratio']];
  const ratios: number[] = [];
  let mismatches = 0;
  for (const w of WORKLOADS) {
    if (only.length && !only.includes(w.name)) continue;
    const { bytes } = watToBinary(readFileSync(join(dir, w.file), 'utf8'), w.file);
    const v8Run = v8RunExport(bytes);
    const ours = new BenchEngine(bytes);
    const v8 = timeV8(v8Run, w.n);
    const mine = timeOurs((n) => ours.run(n), w.n);
    if (mine.result !== v8.result) {
      mismatches++;
      console.error(`${w.name}: RESULT MISMATCH: V8 ${v8.result}, wasmdbg ${mine.result}`);
    }
    const ratio = mine.ms / v8.ms;
    ratios.push(ratio);
    rows.push([w.name, w.what, String(w.n), v8.ms.toFixed(2), mine.ms.toFixed(1), `${ratio.toFixed(1)}×`]);
  }
  const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / Math.max(1, ratios.length));
  printTable(rows);
  console.log(`geometric mean: ${geomean.toFixed(1)}× slower than V8 (node ${process.version})`);
  if (only.length === 0 || only.includes('generator')) benchSwitching(dir);
  return mismatches === 0 ? 0 : 1;
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const r of rows) console.log(r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  '));
}

if (process.argv.includes('--dwarf-launch')) void benchDwarfLaunch(join(__dirname, '..')).then((code) => { process.exitCode = code; });
else process.exitCode = main();
