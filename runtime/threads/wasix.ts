// WASIX threads (`wasix_32v1`): thread_spawn_v2, thread_id, thread_join,
// thread_exit, thread_sleep, thread_parallelism, futex_wait, futex_wake,
// futex_wake_all, over the same scheduler as wasi-threads.
//
// thread_spawn_v2 takes a pointer to a ThreadStart (wasm32 layout, 4-byte
// fields: stack_upper, tls_base, start_funct, start_args, reserved[10],
// stack_size, guard_size = 64 bytes) and enters the new instance at
// `wasi_thread_start(tid, start_ptr)`; the guest's entry reads the struct
// itself, the host only checks that it lies in memory. Futexes share the
// memory's waiter queues with memory.atomic.wait/notify, so either side wakes
// the other. A blocking call (join, sleep, futex wait) is an async host
// function: only its thread waits.

import { availableParallelism } from 'node:os';
import { Trap } from '../errors.js';
import type { MemoryInstance, Waiter } from '../objects/memory.js';
import { i32, type Value } from '../objects/values.js';
import { Errno } from '../host/wasi/index.js';
import type { Scheduler, Thread } from './scheduler.js';

export const WASIX_MODULE = 'wasix_32v1';
/** sizeof(ThreadStart) on wasm32. */
export const THREAD_START_SIZE = 64;

/** thread_exit: ends the calling thread only (the main thread: the program, with that code). */
export class ThreadExit extends Trap {
  constructor(readonly code: number) {
    super('host', `thread_exit(${code})`);
  }
}

export interface WasixContext {
  readonly scheduler: Scheduler;
  /** The shared memory every instance uses. */
  memory(): MemoryInstance | undefined;
  /** Spawns `wasi_thread_start(tid, arg)` in a new instance; the tid (> 0) or a negative value. */
  spawn(arg: number): number;
  /** Every thread started, by id (exited ones included). */
  readonly threads: ReadonlyMap<number, Thread>;
}

type Result = Value[] | Promise<Value[]>;

function num(v: Value | undefined): number {
  return v && (v.type === 'i32') ? v.value : v && v.type === 'i64' ? Number(v.value) : 0;
}

const ok = (errno: number): Value[] => [i32(errno)];

/** The WASIX thread calls this host implements, by import name. */
export function wasixFunctions(ctx: WasixContext): Record<string, (args: Value[]) => Result> {
  const mem = (): MemoryInstance => {
    const m = ctx.memory();
    if (!m) throw new Trap('host', 'WASIX thread calls need a memory');
    return m;
  };
  const inBounds = (ptr: number, n: number): boolean => (ptr >>> 0) + n <= mem().byteLength;
  const writeU32 = (ptr: number, v: number): boolean => {
    if (!inBounds(ptr, 4)) return false;
    mem().view.setUint32(ptr >>> 0, v >>> 0, true);
    return true;
  };

  return {
    thread_spawn_v2(args) {
      const start = num(args[0]) >>> 0, retTid = num(args[1]);
      if (!inBounds(start, THREAD_START_SIZE) || !inBounds(retTid, 4)) return ok(Errno.FAULT);
      const tid = ctx.spawn(start);
      if (tid < 0) return ok(tid === -1 ? Errno.AGAIN : Errno.NOTCAPABLE);
      writeU32(retTid, tid);
      return ok(Errno.SUCCESS);
    },
    thread_id(args) {
      const t = ctx.scheduler.current;
      return ok(writeU32(num(args[0]), t ? t.id : 1) ? Errno.SUCCESS : Errno.FAULT);
    },
    thread_join(args) {
      const t = ctx.threads.get(num(args[0]) >>> 0);
      if (!t || t.status === 'exited') return ok(Errno.SUCCESS);
      if (t === ctx.scheduler.current) return ok(Errno.INVAL);
      return new Promise<Value[]>((resolve) => t.onExit.push(() => resolve(ok(Errno.SUCCESS))));
    },
    thread_exit(args) {
      throw new ThreadExit(num(args[0]));
    },
    thread_sleep(args) {
      const ms = Number(BigInt.asUintN(64, args[0]?.type === 'i64' ? args[0].value : 0n)) / 1e6;
      return new Promise<Value[]>((resolve) => setTimeout(() => resolve(ok(Errno.SUCCESS)), Math.min(ms, 2 ** 31 - 1)));
    },
    thread_parallelism(args) {
      return ok(writeU32(num(args[0]), availableParallelism()) ? Errno.SUCCESS : Errno.FAULT);
    },
    futex_wait(args) {
      const addr = num(args[0]) >>> 0, expected = num(args[1]), timeoutPtr = num(args[2]) >>> 0, retWoken = num(args[3]);
      if (addr % 4 !== 0) return ok(Errno.INVAL);
      if (!inBounds(addr, 4) || !inBounds(retWoken, 4)) return ok(Errno.FAULT);
      const m = mem();
      // OptionTimestamp: u8 tag (0 none, 1 some), then a u64 at offset 8; a null pointer: no timeout.
      let timeoutMs = Infinity;
      if (timeoutPtr !== 0) {
        if (!inBounds(timeoutPtr, 16)) return ok(Errno.FAULT);
        if (m.view.getUint8(timeoutPtr) === 1) timeoutMs = Number(m.view.getBigUint64(timeoutPtr + 8, true)) / 1e6;
      }
      if (m.view.getInt32(addr, true) !== expected) {
        writeU32(retWoken, 0);
        return ok(Errno.SUCCESS);
      }
      const caller = ctx.scheduler.current;
      if (caller) caller.waitAddress = addr; // named in a deadlock report
      return new Promise<Value[]>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const waiter: Waiter = {
          wake() {
            if (timer) clearTimeout(timer);
            writeU32(retWoken, 1);
            resolve(ok(Errno.SUCCESS));
          },
        };
        let queue = m.waiters.get(addr);
        if (!queue) m.waiters.set(addr, (queue = []));
        queue.push(waiter);
        if (timeoutMs !== Infinity) {
          timer = setTimeout(() => {
            if (!m.removeWaiter(addr, waiter)) return;
            writeU32(retWoken, 0);
            resolve(ok(Errno.SUCCESS));
          }, Math.min(timeoutMs, 2 ** 31 - 1));
        }
      });
    },
    futex_wake(args) {
      const addr = num(args[0]) >>> 0;
      if (!inBounds(addr, 4)) return ok(Errno.FAULT);
      const n = mem().notify(addr, 1);
      return ok(writeU32(num(args[1]), n > 0 ? 1 : 0) ? Errno.SUCCESS : Errno.FAULT);
    },
    futex_wake_all(args) {
      const addr = num(args[0]) >>> 0;
      if (!inBounds(addr, 4)) return ok(Errno.FAULT);
      const n = mem().notify(addr, 0xffffffff);
      return ok(writeU32(num(args[1]), n > 0 ? 1 : 0) ? Errno.SUCCESS : Errno.FAULT);
    },
  };
}
