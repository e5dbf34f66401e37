// `node dist/bench.js --dwarf-launch`: what DWARF costs a debug launch, on the
// 2 MB C module test/programs/c/big.wasm. Times the debugger's own `launch`
// (which reads the DWARF: units, line tables, function ranges) against the
// same module with its DWARF sections renamed away (so the launch reads
// none), and the DWARF read alone, then the first source lookups a pause does.

import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DwarfInfo, Scopes } from '../runtime/dwarf/index.js';
import { launch } from '../runtime/debug/target.js';

const RUNS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median launch time, and the first launch's (cold code: what a fresh debug adapter pays). */
async function timeLaunch(program: string): Promise<{ first: number; median: number }> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const t = await launch({ program });
    times.push(performance.now() - t0);
    t.terminate();
  }
  return { first: times[0]!, median: median(times) };
}

/** The module with every ".debug_" custom section name changed to ".nodbg_" (same length: nothing moves). */
function withoutDwarf(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  const needle = Buffer.from('.debug_');
  const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) buf.write('.nodbg_', at);
  return out;
}

export async function benchDwarfLaunch(root: string): Promise<number> {
  const program = join(root, 'test', 'programs', 'c', 'big.wasm');
  const bytes = readFileSync(program);
  const bare = join(mkdtempSync(join(tmpdir(), 'wasmdbg-bench-')), 'big-nodwarf.wasm');
  writeFileSync(bare, withoutDwarf(bytes));

  // Launches first, while the DWARF reader is cold; the DWARF-less module first so the compiler is warm for both.
  const noDwarf = await timeLaunch(bare);
  const withDwarf = await timeLaunch(program);
  const read: number[] = [];
  let info: DwarfInfo | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    info = DwarfInfo.fromModuleBytes(bytes);
    info!.lines.files();
    new Scopes(info!);
    read.push(performance.now() - t0);
  }
  const scopes = new Scopes(info!);
  const fns = scopes.allFunctions();
  const t0 = performance.now();
  for (const f of fns.slice(0, 1000)) { info!.lines.lookup(f.start); scopes.framesAt(f.start); }
  const lookups = (performance.now() - t0) / Math.min(fns.length, 1000);

  console.log(`big.wasm: ${(bytes.length / 1e6).toFixed(2)} MB, ${info!.units.length} units, ${fns.length} functions`);
  console.log(`DWARF read (units + line tables + function ranges): ${median(read).toFixed(1)} ms (median of ${RUNS})`);
  console.log(`first launch (cold reader) with DWARF: ${withDwarf.first.toFixed(1)} ms, without: ${noDwarf.first.toFixed(1)} ms → DWARF ${(withDwarf.first - noDwarf.first).toFixed(1)} ms`);
  console.log(`warm launch (median of ${RUNS}) with DWARF: ${withDwarf.median.toFixed(1)} ms, without: ${noDwarf.median.toFixed(1)} ms → DWARF ${(withDwarf.median - noDwarf.median).toFixed(1)} ms`);
  console.log(`per frame source lookup (line + scopes): ${(lookups * 1000).toFixed(1)} µs`);
  return 0;
}
