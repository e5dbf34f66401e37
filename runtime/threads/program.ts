// Runs a WASI program under the thread scheduler: the WASI preview1 host (its
// blocking calls return promises: async host functions that park only their
// thread), wasi-threads (`wasi` `thread-spawn`: a new instance of the same
// module sharing the imported shared memory, entered at the exported
// `wasi_thread_start(tid, arg)`), and `_start` on the main thread (thread 1).
//
// The program ends when the main thread returns (exit code 0), when any
// thread calls proc_exit (its code), when any thread traps (TRAP_EXIT_CODE,
// with the trap printed), or on a deadlock (every thread waits forever).

import { formatBacktrace, LinkError, Trap } from '../errors.js';
import { getExport, hostFunction, instantiate, type CompiledModule, type ModuleInstance } from '../index.js';
import type { ExternVal } from '../objects/instance.js';
import type { FuncInstance } from '../objects/func.js';
import { MemoryInstance } from '../objects/memory.js';
import { Store } from '../objects/store.js';
import { WasmException } from '../objects/tag.js';
import { i32, type Value } from '../objects/values.js';
import { funcTypeAt } from '../exec/module-context.js';
import { I32, I64 } from '../syntax/types.js';
import { callWithValues, ProcExit, WASI_MODULE, WasiHost, type WasiOptions } from '../host/wasi/index.js';
import { DeadlockError, Scheduler, type Thread } from './scheduler.js';
import { ThreadExit, WASIX_MODULE, wasixFunctions } from './wasix.js';

/** Exit code for a trap, as other runtimes use (128 + SIGABRT). */
export const TRAP_EXIT_CODE = 134;
export const WASI_THREADS_MODULE = 'wasi';
export const DEFAULT_MAX_THREADS = 1024;

/** proc_exit, as it travels through the engine: a trap that ends every thread with `code`. */
export class ProgramExit extends Trap {
  constructor(readonly code: number) {
    super('host', `exit(${code})`);
  }
}

export interface ProgramOptions extends Omit<WasiOptions, 'args'> {
  /** argv, program name first. */
  readonly args: string[];
  readonly seed?: number;
  readonly maxThreads?: number;
  readonly slice?: number;
  /** Where the runtime's own messages go (traps, deadlocks, refused spawns). */
  readonly diagnostics?: (line: string) => void;
}

export interface ProgramResult {
  readonly exitCode: number;
  /** Why it ended, when not by returning or proc_exit: the trap or deadlock message. */
  readonly error?: string;
  /** Threads started, main included. */
  readonly threads: number;
}

/** Whether a module needs this runner: it imports WASI or wasi-threads. */
export function usesWasi(compiled: CompiledModule): boolean {
  return compiled.module.imports.some((i) => i.module === WASI_MODULE || i.module === WASI_THREADS_MODULE || i.module === WASIX_MODULE);
}

/** A program instantiated and ready to run: what `runProgram` drives, and what a debugger drives itself. */
export interface PreparedProgram {
  readonly store: Store;
  readonly scheduler: Scheduler;
  readonly wasi: WasiHost;
  readonly main: ModuleInstance;
  /** Threads started so far, main included. */
  readonly started: number;
  /** Set once the program ended (exit, trap, deadlock); the scheduler is stopped then. */
  readonly ending: { readonly exitCode: number; readonly error?: string } | null;
  end(exitCode: number, error?: string): void;
  /** Runs `func(args)` on a new thread whose end ends the program when it is thread 1 (as `_start` does). */
  spawn(func: FuncInstance, args: readonly Value[], name: string): Thread;
}

export interface PrepareHooks {
  /** Each new thread, main included, before it runs. */
  readonly onThread?: (t: Thread) => void;
}

/**
 * Instantiates the program's main instance with WASI, wasi-threads and WASIX
 * provided and a scheduler to run it. Throws what instantiation throws (a
 * LinkError, a Trap from a start function, ProgramExit).
 */
export function prepareProgram(compiled: CompiledModule, options: ProgramOptions, hooks: PrepareHooks = {}): PreparedProgram {
  const m = compiled.module;
  const store = new Store();
  const maxThreads = options.maxThreads ?? DEFAULT_MAX_THREADS;
  const say = options.diagnostics ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scheduler = new Scheduler(store, { seed: options.seed, slice: options.slice });
  const wasi = new WasiHost(options);
  let started = 0;
  let ending: { exitCode: number; error?: string } | null = null;
  const end = (exitCode: number, error?: string): void => {
    if (ending) return;
    ending = { exitCode, error };
    scheduler.stop(error ?? `exit(${exitCode})`);
  };

  // Imports every instance shares: WASI functions, thread-spawn, WASIX threads, the imported memories.
  const provided = new Map<string, ExternVal>();
  const wasiFns = wasi.functions();
  const byTid = new Map<number, Thread>();
  let sharedMemory: MemoryInstance | undefined;
  const wasixFns = wasixFunctions({ scheduler, memory: () => sharedMemory, spawn: (arg) => spawnThread([i32(arg)]), threads: byTid });
  for (const imp of m.imports) {
    const key = `${imp.module}\u0000${imp.name}`;
    if (imp.desc.kind === 'memory') {
      provided.set(key, { kind: 'memory', memory: new MemoryInstance(imp.desc.type, store.limits.maxMemoryPages) });
    } else if (imp.desc.kind === 'func' && imp.module === WASI_MODULE) {
      const fn = wasiFns[imp.name];
      if (!fn) continue; // reported as an unknown import by instantiate
      const params = fn.params.map((k) => (k === 'i64' ? I64 : I32));
      provided.set(key, {
        kind: 'func',
        func: hostFunction(store, imp.name, params, fn.results.map(() => I32), (args) => {
          try {
            const r = callWithValues(fn, args);
            return r instanceof Promise ? r.catch(mapExit) : r;
          } catch (e) {
            return mapExit(e);
          }
        }),
      });
    } else if (imp.desc.kind === 'func' && imp.module === WASI_THREADS_MODULE && imp.name === 'thread-spawn') {
      const t = funcTypeAt(m, imp.desc.typeIndex);
      provided.set(key, { kind: 'func', func: hostFunction(store, 'thread-spawn', [...t.params], [...t.results], (args) => [i32(spawnThread(args))]) });
    } else if (imp.desc.kind === 'func' && imp.module === WASIX_MODULE && wasixFns[imp.name]) {
      const t = funcTypeAt(m, imp.desc.typeIndex);
      provided.set(key, { kind: 'func', func: hostFunction(store, imp.name, [...t.params], [...t.results], wasixFns[imp.name]!) });
    }
  }
  const resolve = (module: string, name: string): ExternVal | undefined => provided.get(`${module}\u0000${name}`);

  let limitReported = false;
  const spawnThread = (args: Value[]): number => {
    const arg = args[0]?.type === 'i32' ? args[0].value : 0;
    if (scheduler.threads.length >= maxThreads) {
      if (!limitReported) say(`wasmdbg: thread-spawn refused: ${maxThreads} threads are running, the limit (--max-threads ${maxThreads})`);
      limitReported = true;
      return -1;
    }
    let inst: ModuleInstance;
    try {
      inst = instantiate(store, compiled, resolve);
    } catch (e) {
      say(`wasmdbg: thread-spawn failed: ${e instanceof Error ? e.message : String(e)}`);
      return -2;
    }
    const entry = getExport(inst, 'wasi_thread_start');
    if (!entry || entry.kind !== 'func') {
      say('wasmdbg: thread-spawn failed: the module exports no wasi_thread_start');
      return -3;
    }
    const tid = scheduler.nextThreadId;
    watch(scheduler.spawn(entry.func, [i32(tid), i32(arg)], 'wasi_thread_start'));
    return tid;
  };

  const watch = (t: Thread): Thread => {
    started++;
    byTid.set(t.id, t);
    t.onExit.push((th) => {
      const o = th.outcome!;
      if (o.kind === 'killed') return;
      if (o.kind === 'returned') {
        if (th.id === 1) end(0);
        return;
      }
      const e = o.error;
      if (e instanceof ProgramExit) return end(e.code);
      if (e instanceof ThreadExit) {
        if (th.id === 1) end(e.code);
        return;
      }
      const what = e instanceof Trap ? `trap: ${e.message}`
        : e instanceof WasmException ? 'uncaught exception'
          : `engine error: ${e.message}`;
      const message = `${what} in ${th.describe()}`;
      say(`wasmdbg: ${message}`);
      if (e instanceof Trap && e.backtrace?.length) for (const line of formatBacktrace(e.backtrace)) say(line);
      end(TRAP_EXIT_CODE, message);
    });
    hooks.onThread?.(t);
    return t;
  };

  const main = instantiate(store, compiled, resolve);
  const memory = [...provided.values()].find((v) => v.kind === 'memory') ?? getExport(main, 'memory');
  if (memory?.kind === 'memory') {
    const mem = memory.memory;
    sharedMemory = mem;
    wasi.bindMemory({ view: () => mem.view, bytes: () => mem.bytes });
  }
  return {
    store, scheduler, wasi, main,
    get started() { return started; },
    get ending() { return ending; },
    end,
    spawn: (func, args, name) => watch(scheduler.spawn(func, args, name)),
  };
}

export async function runProgram(compiled: CompiledModule, options: ProgramOptions): Promise<ProgramResult> {
  const say = options.diagnostics ?? ((line: string) => process.stderr.write(`${line}\n`));
  let program: PreparedProgram;
  try {
    program = prepareProgram(compiled, options);
  } catch (e) {
    if (e instanceof ProgramExit) return { exitCode: e.code, threads: 0 };
    if (e instanceof Trap || e instanceof LinkError) {
      say(`wasmdbg: ${e instanceof Trap ? 'trap' : 'link error'}: ${e.message}`);
      return { exitCode: e instanceof Trap ? TRAP_EXIT_CODE : 1, error: e.message, threads: 0 };
    }
    throw e;
  }
  const { scheduler, wasi } = program;
  const start = getExport(program.main, '_start');
  if (!start || start.kind !== 'func') {
    wasi.close();
    if (compiled.module.start !== undefined) return { exitCode: 0, threads: 0 };
    throw new LinkError('the program exports no _start');
  }
  program.spawn(start.func, [], '_start');
  try {
    await scheduler.run(() => program.ending !== null);
  } catch (e) {
    if (!(e instanceof DeadlockError)) throw e;
    say(`wasmdbg: ${e.message}`);
    program.end(1, e.message);
  } finally {
    wasi.close();
  }
  const result = program.ending ?? { exitCode: 0 };
  return { ...result, threads: program.started };
}

function mapExit(e: unknown): never {
  if (e instanceof ProcExit) throw new ProgramExit(e.code);
  throw e;
}
