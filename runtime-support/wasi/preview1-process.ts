/**
 * Process-level preview1 functions: arguments, environment, clocks, randomness, exit, signals,
 * scheduling, sockets (the shim hands out no sockets) and poll_oneoff.
 */

import {
  ClockId,
  Errno,
  EventType,
  Layout,
  MAX_SIGNAL,
  Rights,
  SDFLAGS_ALL,
  SUBCLOCK_ABSTIME,
} from './constants.js';
import { fail, WasiExitError } from './errors.js';
import type { Descriptor } from './fd-table.js';
import { requireRights } from './fd-table.js';
import { CLOCK_RESOLUTION_NS, monotonicNow, realtimeNow, sleepBlocking } from './host.js';
import type { GuestMemory } from './memory.js';
import type { ExitLatch, WasiContext, WasiPreview1Imports } from './syscall.js';
import { syscall } from './syscall.js';

type ProcessImports = Pick<
  WasiPreview1Imports,
  | 'args_get'
  | 'args_sizes_get'
  | 'environ_get'
  | 'environ_sizes_get'
  | 'clock_res_get'
  | 'clock_time_get'
  | 'random_get'
  | 'proc_exit'
  | 'proc_raise'
  | 'sched_yield'
  | 'poll_oneoff'
  | 'sock_accept'
  | 'sock_recv'
  | 'sock_send'
  | 'sock_shutdown'
>;

/** Writes NUL-terminated strings to `buf` and their addresses to `pointers` (args_get/environ_get). */
function writeStringList(memory: GuestMemory, strings: readonly Uint8Array[], pointers: number, buf: number): void {
  const total = strings.reduce((sum, s) => sum + s.length + 1, 0);
  memory.check(pointers, strings.length * 4);
  memory.check(buf, total);
  let offset = buf >>> 0;
  strings.forEach((s, i) => {
    memory.setU32(pointers + i * 4, offset);
    memory.write(offset, s);
    memory.setU8(offset + s.length, 0);
    offset += s.length + 1;
  });
}

function writeListSizes(memory: GuestMemory, strings: readonly Uint8Array[], countPtr: number, sizePtr: number): void {
  memory.check(countPtr, 4);
  memory.check(sizePtr, 4);
  memory.setU32(countPtr, strings.length);
  memory.setU32(sizePtr, strings.reduce((sum, s) => sum + s.length + 1, 0));
}

/** Current time of a clock; the CPU-time clocks are not offered (EBADF, as in Wasmtime). */
function clockNow(clockId: number): bigint {
  switch (clockId) {
    case ClockId.REALTIME:
      return realtimeNow();
    case ClockId.MONOTONIC:
      return monotonicNow();
    case ClockId.PROCESS_CPUTIME_ID:
    case ClockId.THREAD_CPUTIME_ID:
      fail(Errno.BADF, 'CPU-time clocks are not supported');
    default:
      fail(Errno.INVAL, `unknown clock ${clockId}`);
  }
}

/** Sockets: the shim never creates one, so any open fd is "not a socket". */
function refuseSocket(context: WasiContext, fd: number): void {
  context.fds.get(fd);
  fail(Errno.NOTSOCK);
}

interface PendingEvent {
  readonly userdata: bigint;
  readonly error: number;
  readonly type: number;
  readonly nbytes: bigint;
}

interface ClockSubscription {
  readonly userdata: bigint;
  /** Monotonic-clock deadline in ns. */
  readonly deadline: bigint;
}

/**
 * Readiness of an fd subscription; the shim's descriptors never block, so it is immediate.
 * Like Wasmtime, a subscription on something that cannot be polled (an unknown fd, a directory,
 * stdin for writing, stdout for reading) fails the whole call with EBADF.
 */
function fdReadiness(entry: Descriptor, type: number): PendingEvent['nbytes'] {
  if (entry.kind === 'directory') fail(Errno.BADF, 'directories cannot be polled');
  requireRights(entry, Rights.POLL_FD_READWRITE);
  const needed = type === EventType.FD_READ ? Rights.FD_READ : Rights.FD_WRITE;
  if ((entry.rightsBase & needed) === 0) fail(Errno.BADF, 'descriptor cannot be polled in that direction');
  if (entry.kind === 'file' && type === EventType.FD_READ) {
    const size = entry.handle.stat().size;
    return size > entry.offset ? size - entry.offset : 0n;
  }
  return 1n;
}

/** Clocks a subscription may wait on (the CPU-time clocks cannot be waited on: EINVAL). */
function subscriptionClockNow(clockId: number): bigint {
  if (clockId !== ClockId.REALTIME && clockId !== ClockId.MONOTONIC) fail(Errno.INVAL, `cannot wait on clock ${clockId}`);
  return clockNow(clockId);
}

function pollOneoff(context: WasiContext, subscriptions: number, events: number, count: number, neventsPtr: number): void {
  const memory = context.memory();
  const n = count >>> 0;
  if (n === 0) fail(Errno.INVAL, 'poll_oneoff needs at least one subscription');
  const inBase = memory.check(subscriptions, n * Layout.SUBSCRIPTION_SIZE);
  const outBase = memory.check(events, n * Layout.EVENT_SIZE);
  memory.check(neventsPtr, 4);

  const ready: PendingEvent[] = [];
  const clocks: ClockSubscription[] = [];
  for (let i = 0; i < n; i++) {
    const at = inBase + i * Layout.SUBSCRIPTION_SIZE;
    const userdata = memory.getU64(at);
    const type = memory.getU8(at + 8);
    if (type === EventType.CLOCK) {
      const clockId = memory.getU32(at + 16);
      const timeout = memory.getU64(at + 24);
      const flags = memory.getU16(at + 40);
      const now = subscriptionClockNow(clockId);
      const relative = (flags & SUBCLOCK_ABSTIME) !== 0 ? (timeout > now ? timeout - now : 0n) : timeout;
      clocks.push({ userdata, deadline: monotonicNow() + relative });
    } else if (type === EventType.FD_READ || type === EventType.FD_WRITE) {
      const fd = memory.getU32(at + 16);
      ready.push({ userdata, type, error: Errno.SUCCESS, nbytes: fdReadiness(context.fds.get(fd), type) });
    } else {
      fail(Errno.INVAL, `unknown subscription type ${type}`);
    }
  }

  if (ready.length === 0 && clocks.length > 0) {
    const earliest = clocks.reduce((min, c) => (c.deadline < min ? c.deadline : min), clocks[0]!.deadline);
    sleepBlocking(earliest - monotonicNow());
  }
  const now = monotonicNow();
  for (const clock of clocks) {
    if (clock.deadline <= now) ready.push({ userdata: clock.userdata, type: EventType.CLOCK, error: 0, nbytes: 0n });
  }

  memory.bytes.fill(0, outBase, outBase + ready.length * Layout.EVENT_SIZE);
  ready.forEach((event, i) => {
    const at = outBase + i * Layout.EVENT_SIZE;
    memory.setU64(at, event.userdata);
    memory.setU16(at + 8, event.error);
    memory.setU8(at + 10, event.type);
    if (event.type !== EventType.CLOCK) memory.setU64(at + 16, event.nbytes);
  });
  memory.setU32(neventsPtr, ready.length);
}

export function processImports(context: WasiContext, latch: ExitLatch): ProcessImports {
  return {
    args_get: syscall(latch, (argv: number, argvBuf: number) => {
      writeStringList(context.memory(), context.args, argv, argvBuf);
    }),
    args_sizes_get: syscall(latch, (argcPtr: number, sizePtr: number) => {
      writeListSizes(context.memory(), context.args, argcPtr, sizePtr);
    }),
    environ_get: syscall(latch, (environ: number, environBuf: number) => {
      writeStringList(context.memory(), context.env, environ, environBuf);
    }),
    environ_sizes_get: syscall(latch, (countPtr: number, sizePtr: number) => {
      writeListSizes(context.memory(), context.env, countPtr, sizePtr);
    }),
    clock_res_get: syscall(latch, (clockId: number, resultPtr: number) => {
      const memory = context.memory();
      memory.check(resultPtr, 8);
      clockNow(clockId >>> 0);
      memory.setU64(resultPtr, CLOCK_RESOLUTION_NS);
    }),
    clock_time_get: syscall(latch, (clockId: number, _precision: bigint, resultPtr: number) => {
      const memory = context.memory();
      memory.check(resultPtr, 8);
      memory.setU64(resultPtr, clockNow(clockId >>> 0));
    }),
    random_get: syscall(latch, (buf: number, bufLen: number) => {
      const target = context.memory().slice(buf, bufLen >>> 0);
      if (context.random === null) fail(Errno.NOSYS, 'no secure random source on this engine');
      context.random(target);
    }),
    proc_exit: (code: number) => {
      // Never process.exit: unwind the guest up to WASI.start.
      const exit = new WasiExitError(code >>> 0);
      latch.exit = exit;
      throw exit;
    },
    proc_raise: syscall(latch, (signal: number) => {
      // No real signal is ever sent to the host; Wasmtime answers ENOTSUP as well.
      if (signal >>> 0 > MAX_SIGNAL) fail(Errno.INVAL);
      fail(Errno.NOTSUP, 'proc_raise is not supported');
    }),
    sched_yield: syscall(latch, () => {}),
    poll_oneoff: syscall(latch, (subscriptions: number, events: number, count: number, neventsPtr: number) => {
      pollOneoff(context, subscriptions, events, count, neventsPtr);
    }),
    sock_accept: syscall(latch, (fd: number) => refuseSocket(context, fd)),
    sock_recv: syscall(latch, (fd: number) => refuseSocket(context, fd)),
    sock_send: syscall(latch, (fd: number) => refuseSocket(context, fd)),
    sock_shutdown: syscall(latch, (fd: number, how: number) => {
      context.fds.get(fd);
      if ((how & ~SDFLAGS_ALL) !== 0) fail(Errno.INVAL);
      fail(Errno.NOTSOCK);
    }),
  };
}

