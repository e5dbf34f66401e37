// The functions against a real module: compiled from WAT by wabt and run on
// Node's own WebAssembly, which checks our declared signatures against the
// module's import types (i64 arguments arrive as BigInt, as from our engine).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import wabtInit from 'wabt';
import { Errno } from './constants.js';
import { ProcExit } from './errors.js';
import { memoryOverBuffer } from './guest-memory.js';
import { WasiHost, WASI_MODULE } from './host.js';

interface JsApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: JsApi }).WebAssembly;

const PROGRAM = `
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi from wasm\\n")
  (data (i32.const 64) "out.txt")
  (data (i32.const 80) "../escape.txt")
  (func (export "_start") (local $fd i32) (local $e i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 13))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    ;; create out.txt (O_CREAT), write the same bytes, seek back by -3 from the end
    (drop (call $path_open (i32.const 3) (i32.const 1) (i32.const 64) (i32.const 7) (i32.const 1)
      (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 100)))
    (local.set $fd (i32.load (i32.const 100)))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_seek (local.get $fd) (i64.const -3) (i32.const 2) (i32.const 104)))
    (if (i64.ne (i64.load (i32.const 104)) (i64.const 10)) (then (call $proc_exit (i32.const 99))))
    ;; an escape attempt: exit with its errno
    (call $proc_exit (call $path_open (i32.const 3) (i32.const 1) (i32.const 80) (i32.const 13) (i32.const 1)
      (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 100))))
)`;

test('a real module writes to stdout and a preopened file, and exits with the errno of an escape', async () => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-abi-')));
  fs.mkdirSync(path.join(base, 'root'));
  try {
    const wabt = await wabtInit();
    const parsed = wabt.parseWat('hello.wat', PROGRAM);
    const { buffer } = parsed.toBinary({});
    parsed.destroy();

    const out: Uint8Array[] = [];
    const wasi = new WasiHost({ args: ['hello'], env: {}, preopens: [{ hostPath: path.join(base, 'root'), guestPath: '/' }], stdout: (b) => out.push(b), stderr: () => {} });
    const imports: Record<string, (...args: (number | bigint)[]) => number | undefined> = {};
    for (const [name, fn] of Object.entries(wasi.functions())) {
      imports[name] = (...args) => {
        const r = fn.call(args);
        if (r instanceof Promise) throw new Error('asynchronous call in a synchronous test');
        return fn.results.length === 0 ? undefined : r;
      };
    }
    const { instance } = await wasmApi.instantiate(buffer, { [WASI_MODULE]: imports });
    const memory = instance.exports.memory as { buffer: ArrayBuffer };
    wasi.bindMemory(memoryOverBuffer(() => memory.buffer));
    assert.throws(() => (instance.exports._start as () => void)(), (e) => e instanceof ProcExit && e.code === Errno.NOTCAPABLE);
    assert.equal(wasi.exitCode, Errno.NOTCAPABLE);
    assert.equal(Buffer.concat(out).toString(), 'hi from wasm\n');
    assert.equal(fs.readFileSync(path.join(base, 'root', 'out.txt'), 'utf8'), 'hi from wasm\n');
    assert.equal(fs.existsSync(path.join(base, 'escape.txt')), false);
    wasi.close();
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
