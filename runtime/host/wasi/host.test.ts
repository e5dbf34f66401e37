import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClockId, Errno, EventType, FileType, SubclockFlags } from './constants.js';
import { ProcExit } from './errors.js';
import { callWithValues } from './values-adapter.js';
import { FakeGuest, MEMORY_BYTES } from './testing.js';
import type { WasiClock } from './context.js';

const decode = (parts: Uint8Array[]): string => new TextDecoder().decode(Buffer.concat(parts));

test('args_sizes_get / args_get lay out pointers and NUL-terminated strings', () => {
  const g = new FakeGuest({ args: ['prog', 'héllo', ''] });
  const sizes = g.alloc(8);
  assert.equal(g.call('args_sizes_get', sizes, sizes + 4), Errno.SUCCESS);
  assert.equal(g.u32(sizes), 3);
  const bufSize = g.u32(sizes + 4);
  assert.equal(bufSize, 5 + 7 + 1); // "héllo" is 6 bytes in UTF-8
  const argv = g.alloc(12);
  const buf = g.alloc(bufSize);
  assert.equal(g.call('args_get', argv, buf), Errno.SUCCESS);
  assert.equal(g.u32(argv), buf);
  assert.equal(g.u32(argv + 4), buf + 5);
  assert.equal(g.u32(argv + 8), buf + 12);
  assert.equal(g.text(buf, bufSize), 'prog\0héllo\0\0');
});

test('environ_get lays out KEY=VALUE strings, from a record or from pairs', () => {
  for (const env of [{ A: '1', PATH: '/bin' }, [['A', '1'], ['PATH', '/bin']] as [string, string][]]) {
    const g = new FakeGuest({ env });
    const sizes = g.alloc(8);
    assert.equal(g.call('environ_sizes_get', sizes, sizes + 4), Errno.SUCCESS);
    assert.equal(g.u32(sizes), 2);
    assert.equal(g.u32(sizes + 4), 4 + 10);
    const ptrs = g.alloc(8);
    const buf = g.alloc(14);
    assert.equal(g.call('environ_get', ptrs, buf), Errno.SUCCESS);
    assert.equal(g.text(g.u32(ptrs), 3), 'A=1');
    assert.equal(g.text(g.u32(ptrs + 4), 9), 'PATH=/bin');
  }
});

test('fd_write to stdout and stderr reaches the callbacks, one call per fd_write', () => {
  const g = new FakeGuest();
  const a = g.str('hello, ');
  const b = g.str('world\n');
  const iovs = g.alloc(16);
  g.view.setUint32(iovs, a[0], true);
  g.view.setUint32(iovs + 4, a[1], true);
  g.view.setUint32(iovs + 8, b[0], true);
  g.view.setUint32(iovs + 12, b[1], true);
  const n = g.alloc(4);
  assert.equal(g.call('fd_write', 1, iovs, 2, n), Errno.SUCCESS);
  assert.equal(g.u32(n), 13);
  assert.equal(g.stdout.length, 1);
  assert.equal(decode(g.stdout), 'hello, world\n');
  assert.deepEqual(g.write(2, 'oops'), [Errno.SUCCESS, 4]);
  assert.equal(decode(g.stderr), 'oops');
  // The callback gets a copy: later guest writes do not change it.
  g.bytes.fill(0, a[0], a[0] + a[1]);
  assert.equal(decode(g.stdout), 'hello, world\n');
});

test('bad guest pointers are EFAULT, never an exception', () => {
  const g = new FakeGuest({ args: ['x'] });
  assert.equal(g.call('args_sizes_get', MEMORY_BYTES - 2, 0), Errno.FAULT);
  assert.equal(g.call('args_get', 0xffff_fff0, 0), Errno.FAULT);
  assert.equal(g.call('fd_write', 1, MEMORY_BYTES, 1, 0), Errno.FAULT);
  const iovs = g.alloc(8);
  g.view.setUint32(iovs, MEMORY_BYTES - 4, true);
  g.view.setUint32(iovs + 4, 100, true);
  assert.equal(g.call('fd_write', 1, iovs, 1, g.alloc(4)), Errno.FAULT);
  assert.equal(g.stdout.length, 0);
  assert.equal(g.call('clock_time_get', ClockId.MONOTONIC, 0n, -1), Errno.FAULT);
  assert.equal(g.call('random_get', MEMORY_BYTES - 10, 11), Errno.FAULT);
  assert.equal(g.call('fd_fdstat_get', 1, MEMORY_BYTES - 23), Errno.FAULT);
  assert.equal(g.call('poll_oneoff', MEMORY_BYTES - 47, 0, 1, 0), Errno.FAULT);
});

test('unknown fds are EBADF; signed i32 arguments are taken as unsigned', () => {
  const g = new FakeGuest();
  assert.equal(g.call('fd_close', 99), Errno.BADF);
  assert.equal(g.call('fd_close', -1), Errno.BADF);
  assert.equal(g.call('fd_fdstat_get', 42, g.alloc(24)), Errno.BADF);
  assert.equal(g.call('fd_prestat_get', 1, g.alloc(8)), Errno.BADF);
  assert.equal(g.call('sock_shutdown', 77, 0), Errno.BADF);
  assert.equal(g.call('sock_shutdown', 1, 0), Errno.NOTSUP);
  assert.equal(g.call('sock_recv', 1, 0, 0, 0, 0, 0), Errno.NOTSUP);
});

test('fd_fdstat_get on stdio reports character devices with stream rights', () => {
  const g = new FakeGuest();
  const st = g.alloc(24);
  assert.equal(g.call('fd_fdstat_get', 1, st), Errno.SUCCESS);
  assert.equal(g.bytes[st], FileType.CHARACTER_DEVICE);
  assert.notEqual(g.u64(st + 8) & (1n << 6n), 0n); // FD_WRITE
  assert.equal(g.u64(st + 8) & (1n << 2n), 0n); // no FD_SEEK
  assert.equal(g.call('fd_seek', 1, 0n, 0, g.alloc(8)), Errno.SPIPE);
});

test('clocks: time and resolution, unknown clock is EINVAL', () => {
  const g = new FakeGuest();
  const t = g.alloc(8);
  for (const id of [ClockId.REALTIME, ClockId.MONOTONIC, ClockId.PROCESS_CPUTIME_ID, ClockId.THREAD_CPUTIME_ID]) {
    assert.equal(g.call('clock_time_get', id, 1n, t), Errno.SUCCESS);
    assert.ok(g.u64(t) > 0n || id !== ClockId.REALTIME);
    assert.equal(g.call('clock_res_get', id, t), Errno.SUCCESS);
    assert.ok(g.u64(t) > 0n);
  }
  assert.equal(g.call('clock_time_get', ClockId.REALTIME, 0n, t), Errno.SUCCESS);
  const wall = g.u64(t);
  assert.ok(wall > BigInt(Date.now() - 5000) * 1_000_000n && wall < BigInt(Date.now() + 5000) * 1_000_000n);
  assert.equal(g.call('clock_time_get', 9, 0n, t), Errno.INVAL);
});

test('random_get fills the buffer from the random source', () => {
  const g = new FakeGuest({ random: (into) => into.fill(7) });
  const p = g.alloc(100_00);
  assert.equal(g.call('random_get', p, 10_000), Errno.SUCCESS);
  assert.ok(g.bytes.subarray(p, p + 10_000).every((b) => b === 7));
  const real = new FakeGuest();
  const q = real.alloc(64);
  assert.equal(real.call('random_get', q, 64), Errno.SUCCESS);
  assert.ok(real.bytes.subarray(q, q + 64).some((b) => b !== 0));
});

test('proc_exit throws ProcExit and records the code; proc_raise and sched_yield', () => {
  const g = new FakeGuest();
  assert.equal(g.host.exitCode, null);
  assert.deepEqual(g.fns.proc_exit!.results, []);
  assert.throws(() => g.fns.proc_exit!.call([3]), (e) => e instanceof ProcExit && e.code === 3);
  assert.equal(g.host.exitCode, 3);
  assert.equal(g.call('proc_raise', 6), Errno.NOSYS);
  assert.equal(g.call('proc_raise', 200), Errno.INVAL);
  assert.equal(g.call('sched_yield'), Errno.SUCCESS);
});

test('stdin: synchronous source, leftovers kept, EOF without a source', async () => {
  const chunks = [new TextEncoder().encode('line one\nline two\n')];
  const g = new FakeGuest({ stdin: () => chunks.shift() ?? null });
  assert.deepEqual(g.read(0, 9), [Errno.SUCCESS, 'line one\n']);
  assert.deepEqual(g.read(0, 100), [Errno.SUCCESS, 'line two\n']);
  assert.deepEqual(g.read(0, 100), [Errno.SUCCESS, '']);
  assert.deepEqual(new FakeGuest().read(0, 10), [Errno.SUCCESS, '']);
  assert.equal(g.call('fd_write', 0, ...g.iov('x'), g.alloc(4)), Errno.NOTCAPABLE);
});

test('stdin: an asynchronous source makes fd_read return a Promise', async () => {
  const g = new FakeGuest({ stdin: async (max) => new TextEncoder().encode('typed\n').subarray(0, max) });
  const [iovs, n, buf] = g.readIov(16);
  const nread = g.alloc(4);
  const pending = g.fns.fd_read!.call([0, iovs, n, nread]);
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, Errno.SUCCESS);
  assert.equal(g.text(buf, g.u32(nread)), 'typed\n');
});

function fakeClock(): WasiClock & { slept: bigint[]; t: bigint } {
  const c = {
    t: 1_000_000_000n,
    slept: [] as bigint[],
    now: () => c.t,
    resolution: () => 1n,
    sleep: async (ns: bigint) => {
      c.slept.push(ns);
      c.t += ns;
    },
  };
  return c;
}

function subscribeClock(g: FakeGuest, at: number, userdata: bigint, timeout: bigint, flags = 0): void {
  g.view.setBigUint64(at, userdata, true);
  g.bytes[at + 8] = EventType.CLOCK;
  g.view.setUint32(at + 16, ClockId.MONOTONIC, true);
  g.view.setBigUint64(at + 24, timeout, true);
  g.view.setUint16(at + 40, flags, true);
}

test('poll_oneoff with clocks sleeps asynchronously until the nearest timeout', async () => {
  const clock = fakeClock();
  const g = new FakeGuest({ clock });
  const subs = g.alloc(96);
  subscribeClock(g, subs, 11n, 5_000_000n);
  subscribeClock(g, subs + 48, 22n, clock.t + 2_000_000n, SubclockFlags.SUBSCRIPTION_CLOCK_ABSTIME);
  const events = g.alloc(64);
  const nevents = g.alloc(4);
  const r = g.fns.poll_oneoff!.call([subs, events, 2, nevents]);
  assert.ok(r instanceof Promise);
  assert.equal(await r, Errno.SUCCESS);
  assert.deepEqual(clock.slept, [2_000_000n]);
  assert.equal(g.u32(nevents), 1);
  assert.equal(g.u64(events), 22n);
  assert.equal(g.view.getUint16(events + 8, true), Errno.SUCCESS);
  assert.equal(g.bytes[events + 10], EventType.CLOCK);
  // A timeout already past answers at once, without a Promise.
  subscribeClock(g, subs, 33n, 0n);
  assert.equal(g.call('poll_oneoff', subs, events, 1, nevents), Errno.SUCCESS);
  assert.equal(g.u64(events), 33n);
  assert.equal(g.call('poll_oneoff', subs, events, 0, nevents), Errno.INVAL);
});

test('poll_oneoff with the real clock really sleeps', async () => {
  const g = new FakeGuest();
  const subs = g.alloc(48);
  subscribeClock(g, subs, 1n, 20_000_000n);
  const started = performance.now();
  assert.equal(await g.fns.poll_oneoff!.call([subs, g.alloc(32), 1, g.alloc(4)]), Errno.SUCCESS);
  assert.ok(performance.now() - started >= 15);
});

test('poll_oneoff reports fd readiness at once and fails bad fds in their event', () => {
  const clock = fakeClock();
  const g = new FakeGuest({ clock });
  const subs = g.alloc(48 * 3);
  subscribeClock(g, subs, 1n, 1_000_000_000n);
  g.view.setBigUint64(subs + 48, 2n, true);
  g.bytes[subs + 56] = EventType.FD_WRITE;
  g.view.setUint32(subs + 64, 1, true);
  g.view.setBigUint64(subs + 96, 3n, true);
  g.bytes[subs + 104] = EventType.FD_READ;
  g.view.setUint32(subs + 112, 55, true);
  const events = g.alloc(32 * 3);
  const nevents = g.alloc(4);
  assert.equal(g.call('poll_oneoff', subs, events, 3, nevents), Errno.SUCCESS);
  assert.equal(g.u32(nevents), 2);
  assert.equal(g.u64(events), 2n);
  assert.equal(g.bytes[events + 10], EventType.FD_WRITE);
  assert.equal(g.view.getUint16(events + 8, true), Errno.SUCCESS);
  assert.equal(g.u64(events + 32), 3n);
  assert.equal(g.view.getUint16(events + 32 + 8, true), Errno.BADF);
  assert.deepEqual(clock.slept, []);
});

test('callWithValues adapts Value arguments and results', async () => {
  const g = new FakeGuest({ args: ['a'] });
  const p = g.alloc(8);
  assert.deepEqual(callWithValues(g.fns.args_sizes_get!, [{ type: 'i32', value: p }, { type: 'i32', value: p + 4 }]), [{ type: 'i32', value: 0 }]);
  assert.equal(g.u32(p), 1);
  assert.deepEqual(callWithValues(g.fns.clock_time_get!, [{ type: 'i32', value: 1 }, { type: 'i64', value: 0n }, { type: 'i32', value: -8 }]), [{ type: 'i32', value: Errno.FAULT }]);
  assert.throws(() => callWithValues(g.fns.proc_exit!, [{ type: 'i32', value: 0 }]), ProcExit);
});

test('every function declares the preview1 signature', () => {
  const g = new FakeGuest();
  const sig = (name: string): string => `${g.fns[name]!.params.join(',')}->${g.fns[name]!.results.join(',')}`;
  assert.equal(sig('path_open'), 'i32,i32,i32,i32,i32,i64,i64,i32,i32->i32');
  assert.equal(sig('fd_seek'), 'i32,i64,i32,i32->i32');
  assert.equal(sig('fd_readdir'), 'i32,i32,i32,i64,i32->i32');
  assert.equal(sig('clock_time_get'), 'i32,i64,i32->i32');
  assert.equal(sig('path_filestat_set_times'), 'i32,i32,i32,i32,i64,i64,i32->i32');
  assert.equal(sig('proc_exit'), 'i32->');
  assert.equal(sig('sched_yield'), '->i32');
  assert.ok(Object.keys(g.fns).length >= 45);
  assert.throws(() => g.fns.fd_close!.call([]), /takes 1 arguments/);
});
