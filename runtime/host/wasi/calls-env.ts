// Calls about the process rather than files: arguments, environment, clocks,
// randomness, exit, signals, yielding, and the socket calls we do not offer.

import { Errno, SIGNAL_MAX } from './constants.js';
import type { WasiContext } from './context.js';
import { fail, ProcExit } from './errors.js';
import type { GuestMemory } from './guest-memory.js';
import { def, type CallDef } from './signatures.js';

/** Writes a pointer array and the NUL-terminated strings it points to (args_get / environ_get layout). */
function writeStringList(m: GuestMemory, list: readonly Uint8Array[], pointers: number, buffer: number): void {
  m.check(pointers, list.length * 4);
  m.check(buffer, list.reduce((n, s) => n + s.length, 0));
  let at = buffer >>> 0;
  list.forEach((s, i) => {
    m.setU32(pointers + i * 4, at);
    m.write(at, s);
    at += s.length;
  });
}

function writeListSizes(m: GuestMemory, list: readonly Uint8Array[], countPtr: number, sizePtr: number): void {
  m.setU32(countPtr, list.length);
  m.setU32(sizePtr, list.reduce((n, s) => n + s.length, 0));
}

// Randomness is produced into host memory and copied, so that a shared memory
// (SharedArrayBuffer) never reaches the crypto API, and in bounded chunks.
const RANDOM_CHUNK = 65536;

export const envCalls: Record<string, CallDef> = {
  args_get: def(['i32', 'i32'], (ctx, argv, argvBuf) => {
    writeStringList(ctx.memory(), ctx.args, argv, argvBuf);
    return Errno.SUCCESS;
  }),
  args_sizes_get: def(['i32', 'i32'], (ctx, argc, argvBufSize) => {
    writeListSizes(ctx.memory(), ctx.args, argc, argvBufSize);
    return Errno.SUCCESS;
  }),
  environ_get: def(['i32', 'i32'], (ctx, environ, environBuf) => {
    writeStringList(ctx.memory(), ctx.env, environ, environBuf);
    return Errno.SUCCESS;
  }),
  environ_sizes_get: def(['i32', 'i32'], (ctx, count, bufSize) => {
    writeListSizes(ctx.memory(), ctx.env, count, bufSize);
    return Errno.SUCCESS;
  }),

  clock_res_get: def(['i32', 'i32'], (ctx, clockId, resultPtr) => {
    ctx.memory().setU64(resultPtr, ctx.clock.resolution(clockId));
    return Errno.SUCCESS;
  }),
  clock_time_get: def(['i32', 'i64', 'i32'], (ctx, clockId, _precision, resultPtr) => {
    ctx.memory().setU64(resultPtr, ctx.clock.now(clockId));
    return Errno.SUCCESS;
  }),

  random_get: def(['i32', 'i32'], (ctx, buf, len) => {
    const m = ctx.memory();
    const start = m.check(buf, len);
    const chunk = new Uint8Array(Math.min(len, RANDOM_CHUNK));
    for (let done = 0; done < len; done += chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, len - done));
      ctx.random(part);
      m.bytes.set(part, start + done);
    }
    return Errno.SUCCESS;
  }),

  proc_exit: def(
    ['i32'],
    (ctx, code) => {
      ctx.exitCode = code;
      throw new ProcExit(code);
    },
    [],
  ),
  // Delivering a signal would mean emulating POSIX signal dispositions, which
  // preview1 programs do not rely on (wasi-libc's raise() only reaches here
  // for signals it cannot handle itself). Refuse honestly.
  proc_raise: def(['i32'], (_ctx, signal) => (signal > SIGNAL_MAX ? Errno.INVAL : Errno.NOSYS)),
  // The scheduler preempts green threads by fuel anyway; a yield needs no host action.
  sched_yield: def([], () => Errno.SUCCESS),

  // No sockets: preview1 can only receive them preopened, and we preopen none.
  sock_accept: def(['i32', 'i32', 'i32'], (ctx, fd) => notSocket(ctx, fd)),
  sock_recv: def(['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], (ctx, fd) => notSocket(ctx, fd)),
  sock_send: def(['i32', 'i32', 'i32', 'i32', 'i32'], (ctx, fd) => notSocket(ctx, fd)),
  sock_shutdown: def(['i32', 'i32'], (ctx, fd) => notSocket(ctx, fd)),
};

function notSocket(ctx: WasiContext, fd: number): number {
  ctx.fds.get(fd); // EBADF for a closed fd, like any other fd call
  return fail(Errno.NOTSUP, 'sockets are not supported');
}
