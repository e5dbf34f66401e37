// poll_oneoff: waits for clock timeouts and fd readiness. Files and the
// output streams are always ready (as with POSIX poll on regular files);
// stdin is reported ready too, since the source has no readiness API; a read
// that must wait then parks the thread itself. When no fd is ready, the
// nearest clock timeout is slept through with a Promise, which parks only the
// calling thread in the engine.

import fs from 'node:fs';
import { Errno, EventType, Rights, SubclockFlags } from './constants.js';
import type { WasiContext } from './context.js';
import { errnoOf, fail } from './errors.js';
import { EVENT_SIZE, readSubscription, SUBSCRIPTION_SIZE, writeEvent, type Subscription, type WasiEvent } from './layouts.js';
import { def, type CallDef } from './signatures.js';

interface ClockWait {
  userdata: bigint;
  /** Nanoseconds left until the timeout, or an errno for a bad clock. */
  remaining: bigint;
}

function fdEvent(ctx: WasiContext, sub: Subscription & { fd: number }): WasiEvent {
  const event: WasiEvent = { userdata: sub.userdata, error: Errno.SUCCESS, type: sub.tag, nbytes: 0n, flags: 0 };
  try {
    const reading = sub.tag === EventType.FD_READ;
    const e = ctx.fds.withRights(sub.fd, reading ? Rights.FD_READ : Rights.FD_WRITE);
    if (reading && e.kind === 'file') {
      const left = fs.fstatSync(e.osFd, { bigint: true }).size - e.position;
      event.nbytes = left > 0n ? left : 0n;
    } else if (reading && e.kind === 'stdin') {
      event.nbytes = BigInt(ctx.stdinPending?.length ?? 0);
    }
  } catch (err) {
    const errno = errnoOf(err);
    if (errno === undefined) throw err;
    event.error = errno === Errno.NOTCAPABLE ? Errno.BADF : errno;
  }
  return event;
}

function clockEvent(userdata: bigint, error: number): WasiEvent {
  return { userdata, error, type: EventType.CLOCK, nbytes: 0n, flags: 0 };
}

function writeEvents(ctx: WasiContext, outPtr: number, neventsPtr: number, events: readonly WasiEvent[]): number {
  const m = ctx.memory(); // fresh: we may be resuming after a sleep during which memory grew
  events.forEach((e, i) => writeEvent(m, outPtr + i * EVENT_SIZE, e));
  m.setU32(neventsPtr, events.length);
  return Errno.SUCCESS;
}

function pollOneoff(ctx: WasiContext, inPtr: number, outPtr: number, count: number, neventsPtr: number): number | Promise<number> {
  if (count === 0) fail(Errno.INVAL, 'poll_oneoff with no subscriptions would wait forever');
  const m = ctx.memory();
  m.check(inPtr, count * SUBSCRIPTION_SIZE);
  m.check(outPtr, count * EVENT_SIZE);
  m.check(neventsPtr, 4);

  const ready: WasiEvent[] = [];
  const clocks: ClockWait[] = [];
  for (let i = 0; i < count; i++) {
    const sub = readSubscription(m, inPtr + i * SUBSCRIPTION_SIZE);
    if ('unknown' in sub) return fail(Errno.INVAL, `unknown subscription tag ${sub.tag}`);
    if (sub.tag === EventType.CLOCK) {
      try {
        const absolute = (sub.flags & SubclockFlags.SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
        clocks.push({ userdata: sub.userdata, remaining: absolute ? sub.timeout - ctx.clock.now(sub.clockId) : sub.timeout });
      } catch (err) {
        const errno = errnoOf(err);
        if (errno === undefined) throw err;
        ready.push(clockEvent(sub.userdata, errno)); // an unknown clock fails its own event, not the call
      }
    } else {
      ready.push(fdEvent(ctx, sub as Subscription & { fd: number }));
    }
  }

  const expired = (limit: bigint): WasiEvent[] => clocks.filter((c) => c.remaining <= limit).map((c) => clockEvent(c.userdata, Errno.SUCCESS));
  if (ready.length > 0 || clocks.length === 0) return writeEvents(ctx, outPtr, neventsPtr, [...ready, ...expired(0n)]);

  const nearest = clocks.reduce((min, c) => (c.remaining < min ? c.remaining : min), clocks[0]!.remaining);
  if (nearest <= 0n) return writeEvents(ctx, outPtr, neventsPtr, expired(0n));
  return ctx.clock.sleep(nearest).then(() => writeEvents(ctx, outPtr, neventsPtr, expired(nearest)));
}

export const pollCalls: Record<string, CallDef> = {
  poll_oneoff: def(['i32', 'i32', 'i32', 'i32'], pollOneoff),
};
