// The WASI preview1 host: what the engine's import resolver needs.

export { WasiHost, WASI_MODULE, type WasiFunction } from './host.js';
export { ProcExit } from './errors.js';
export { systemClock, type WasiOptions, type WasiPreopen, type WasiClock, type StdinSource } from './context.js';
export { memoryOverBuffer, type WasiMemory } from './guest-memory.js';
export { callWithValues } from './values-adapter.js';
export { Errno } from './constants.js';
