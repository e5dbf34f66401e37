// The WASI preview1 host: what the engine's import resolver needs.
//
// Wiring, in short:
//   const wasi = new WasiHost({ args, env, preopens: [{ hostPath, guestPath: '/' }], stdout, stderr });
//   for (const [name, fn] of Object.entries(wasi.functions()))
//     provide import (WASI_MODULE, name) with type fn.params -> fn.results, whose body is
//     callWithValues(fn, args)  // Value[] in; Value[] or Promise<Value[]> out
//   after instantiation: wasi.bindMemory({ view: () => ..., bytes: () => ... }) over the "memory" export
//   a Promise result parks only the calling thread; a thrown ProcExit ends every thread
//   with exit code ProcExit.code (also wasi.exitCode); wasi.close() releases host fds.

export { WasiHost, WASI_MODULE, type WasiFunction } from './host.js';
export { ProcExit } from './errors.js';
export { systemClock, type WasiOptions, type WasiPreopen, type WasiClock, type StdinSource } from './context.js';
export { memoryOverBuffer, type WasiMemory } from './guest-memory.js';
export { callWithValues } from './values-adapter.js';
export { Errno } from './constants.js';
