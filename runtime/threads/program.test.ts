import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModule } from '../index.js';
import { watToBinary } from '../text/wat.js';
import { runProgram, type ProgramResult } from './program.js';

const dir = join(__dirname, '..', '..', 'examples', 'threads');

async function runExample(name: string, extra: { maxThreads?: number; seed?: number } = {}):
Promise<ProgramResult & { stdout: string; diagnostics: string[] }> {
  const file = join(dir, name);
  const compiled = compileModule(watToBinary(readFileSync(file, 'utf8'), file).bytes);
  let stdout = '';
  const diagnostics: string[] = [];
  const decoder = new TextDecoder();
  const result = await runProgram(compiled, {
    args: [name], env: {}, preopens: [],
    stdout: (b) => { stdout += decoder.decode(b); },
    stderr: () => {},
    diagnostics: (line) => diagnostics.push(line),
    ...extra,
  });
  return { ...result, stdout, diagnostics };
}

test('worker pool: thread-spawn + atomic add + wait/notify join', async () => {
  const r = await runExample('worker-pool.wat');
  assert.equal(r.stdout, 'sum = 8002000\n');
  assert.equal(r.exitCode, 0);
  assert.equal(r.threads, 5);
});

test('mutex built on cmpxchg and wait/notify keeps a plain counter exact, under several seeds', async () => {
  for (const seed of [1, 2, 3]) {
    const r = await runExample('mutex.wat', { seed });
    assert.equal(r.exitCode, 20, `seed ${seed}`);
  }
});

test('deadlock: a clear message and exit code 1', async () => {
  const r = await runExample('deadlock.wat');
  assert.equal(r.exitCode, 1);
  assert.equal(r.error, 'deadlock: thread 1 waits on 0x1000, thread 2 waits on 0x1008');
});

test('proc_exit from a worker while main is blocked ends the program with its code', async () => {
  const r = await runExample('exit-from-worker.wat');
  assert.equal(r.stdout, 'bye from a worker\n');
  assert.equal(r.exitCode, 7);
});

test('a trap in a worker ends the program with 134 and names the thread', async () => {
  const r = await runExample('trap-in-worker.wat');
  assert.equal(r.exitCode, 134);
  // The trap's line, then its backtrace: the worker's entry (unnamed, so by its export name) at the div.
  assert.deepEqual(r.diagnostics, ['wasmdbg: trap: integer divide by zero in thread 2 · wasi_thread_start', '  #0 wasi_thread_start at 0x6c']);
});

test('1,000 threads spawned and joined in one run', async () => {
  const before = process.memoryUsage().rss;
  const start = performance.now();
  const r = await runExample('thousand.wat');
  const ms = performance.now() - start;
  assert.equal(r.exitCode, 100);
  assert.equal(r.threads, 1001);
  console.log(`1,000 threads: ${ms.toFixed(0)} ms, rss +${((process.memoryUsage().rss - before) / 2 ** 20).toFixed(0)} MiB`);
});

test('--max-threads: spawning past the limit fails with a clear message', async () => {
  const r = await runExample('thousand.wat', { maxThreads: 50 });
  assert.equal(r.exitCode, 134); // the program treats a failed spawn as fatal (unreachable)
  assert.match(r.diagnostics[0]!, /thread-spawn refused: 50 threads are running, the limit \(--max-threads 50\)/);
});

test('WASIX: thread_spawn_v2, futex wait/wake_all, thread_join, thread_exit, thread_id, thread_sleep', async () => {
  const r = await runExample('wasix-join.wat');
  assert.equal(r.exitCode, 60);
  assert.equal(r.threads, 4);
});

test('a C program built with clang-19 + wasi-libc: four wasi-threads workers, atomics, wait/notify, printf', async () => {
  const compiled = compileModule(readFileSync(join(dir, 'c', 'pool.wasm')));
  for (const seed of [1, 99]) {
    let stdout = '';
    const r = await runProgram(compiled, {
      args: ['pool'], env: {}, preopens: [], seed,
      stdout: (b) => { stdout += new TextDecoder().decode(b); },
      stderr: () => {},
    });
    assert.equal(stdout, 'total = 500500 from 4 workers\n');
    assert.equal(r.exitCode, 0);
    assert.equal(r.threads, 5);
  }
});
