/**
 * The typed surface of `wasi_snapshot_preview1` and the dispatcher every import goes through.
 * Wasm i32 parameters arrive as JS numbers (possibly negative: they are reinterpreted as u32
 * inside), i64 parameters as bigints. Each import returns an errno; WasiErrnoError thrown
 * inside becomes that errno, and nothing else a guest can provoke escapes as a JS exception.
 */

import { Errno } from './constants.js';
import { WasiErrnoError, WasiExitError } from './errors.js';
import type { FdTable } from './fd-table.js';
import type { RandomSource } from './host.js';
import type { GuestMemory } from './memory.js';

type I32 = number;
type I64 = bigint;

/** Every function of wasi_snapshot_preview1, with its wasm signature. */
export interface WasiPreview1Imports {
  args_get(argv: I32, argvBuf: I32): I32;
  args_sizes_get(argcPtr: I32, argvBufSizePtr: I32): I32;
  environ_get(environ: I32, environBuf: I32): I32;
  environ_sizes_get(countPtr: I32, bufSizePtr: I32): I32;
  clock_res_get(clockId: I32, resultPtr: I32): I32;
  clock_time_get(clockId: I32, precision: I64, resultPtr: I32): I32;
  random_get(buf: I32, bufLen: I32): I32;
  proc_exit(code: I32): void;
  proc_raise(signal: I32): I32;
  sched_yield(): I32;
  poll_oneoff(subscriptions: I32, events: I32, count: I32, neventsPtr: I32): I32;
  sock_accept(fd: I32, flags: I32, resultFdPtr: I32): I32;
  sock_recv(fd: I32, riData: I32, riDataLen: I32, riFlags: I32, roDataLenPtr: I32, roFlagsPtr: I32): I32;
  sock_send(fd: I32, siData: I32, siDataLen: I32, siFlags: I32, soDataLenPtr: I32): I32;
  sock_shutdown(fd: I32, how: I32): I32;
  fd_advise(fd: I32, offset: I64, len: I64, advice: I32): I32;
  fd_allocate(fd: I32, offset: I64, len: I64): I32;
  fd_close(fd: I32): I32;
  fd_datasync(fd: I32): I32;
  fd_fdstat_get(fd: I32, resultPtr: I32): I32;
  fd_fdstat_set_flags(fd: I32, flags: I32): I32;
  fd_fdstat_set_rights(fd: I32, rightsBase: I64, rightsInheriting: I64): I32;
  fd_filestat_get(fd: I32, resultPtr: I32): I32;
  fd_filestat_set_size(fd: I32, size: I64): I32;
  fd_filestat_set_times(fd: I32, atim: I64, mtim: I64, fstflags: I32): I32;
  fd_pread(fd: I32, iovs: I32, iovsLen: I32, offset: I64, nreadPtr: I32): I32;
  fd_prestat_get(fd: I32, resultPtr: I32): I32;
  fd_prestat_dir_name(fd: I32, path: I32, pathLen: I32): I32;
  fd_pwrite(fd: I32, iovs: I32, iovsLen: I32, offset: I64, nwrittenPtr: I32): I32;
  fd_read(fd: I32, iovs: I32, iovsLen: I32, nreadPtr: I32): I32;
  fd_readdir(fd: I32, buf: I32, bufLen: I32, cookie: I64, bufusedPtr: I32): I32;
  fd_renumber(from: I32, to: I32): I32;
  fd_seek(fd: I32, offset: I64, whence: I32, newOffsetPtr: I32): I32;
  fd_sync(fd: I32): I32;
  fd_tell(fd: I32, resultPtr: I32): I32;
  fd_write(fd: I32, iovs: I32, iovsLen: I32, nwrittenPtr: I32): I32;
  path_create_directory(fd: I32, path: I32, pathLen: I32): I32;
  path_filestat_get(fd: I32, flags: I32, path: I32, pathLen: I32, resultPtr: I32): I32;
  path_filestat_set_times(fd: I32, flags: I32, path: I32, pathLen: I32, atim: I64, mtim: I64, fstflags: I32): I32;
  path_link(oldFd: I32, oldFlags: I32, oldPath: I32, oldPathLen: I32, newFd: I32, newPath: I32, newPathLen: I32): I32;
  path_open(
    fd: I32,
    dirflags: I32,
    path: I32,
    pathLen: I32,
    oflags: I32,
    rightsBase: I64,
    rightsInheriting: I64,
    fdflags: I32,
    resultFdPtr: I32,
  ): I32;
  path_readlink(fd: I32, path: I32, pathLen: I32, buf: I32, bufLen: I32, bufusedPtr: I32): I32;
  path_remove_directory(fd: I32, path: I32, pathLen: I32): I32;
  path_rename(fd: I32, oldPath: I32, oldPathLen: I32, newFd: I32, newPath: I32, newPathLen: I32): I32;
  path_symlink(oldPath: I32, oldPathLen: I32, fd: I32, newPath: I32, newPathLen: I32): I32;
  path_unlink_file(fd: I32, path: I32, pathLen: I32): I32;
}

/** What the syscall groups share. */
export interface WasiContext {
  readonly fds: FdTable;
  /** The guest memory as of now (throws a WasiConfigError before start/initialize). */
  memory(): GuestMemory;
  readonly args: readonly Uint8Array[];
  readonly env: readonly Uint8Array[];
  readonly random: RandomSource | null;
}

/** Remembers a proc_exit so a guest that swallows the exit exception cannot keep running syscalls. */
export interface ExitLatch {
  exit: WasiExitError | null;
}

/**
 * Wraps an implementation: WasiErrnoError becomes its errno, a WasiExitError is latched and
 * rethrown, a successful call returns ESUCCESS.
 */
export function syscall<P extends unknown[]>(latch: ExitLatch, impl: (...args: P) => void): (...args: P) => number {
  return (...args: P): number => {
    if (latch.exit !== null) throw latch.exit;
    try {
      impl(...args);
      return Errno.SUCCESS;
    } catch (error) {
      if (error instanceof WasiErrnoError) return error.errno;
      if (error instanceof WasiExitError) latch.exit = error;
      throw error;
    }
  };
}

/** i64 arguments as unsigned, accepting a number too for engines that pass small i64s that way. */
export function u64(value: bigint | number): bigint {
  return BigInt.asUintN(64, typeof value === 'bigint' ? value : BigInt(Math.trunc(value)));
}

/** i64 arguments as signed. */
export function s64(value: bigint | number): bigint {
  return BigInt.asIntN(64, typeof value === 'bigint' ? value : BigInt(Math.trunc(value)));
}

export const I64_MAX = (1n << 63n) - 1n;
