/**
 * Error types of the WASI shim. Inside a syscall, failures are thrown as {@link WasiErrnoError}
 * and turned into the errno the guest sees by the dispatcher (see syscall.ts); they never reach
 * the embedder. {@link WasiExitError} is the opposite: it must unwind through the guest's frames
 * up to `WASI.start`, which is how `proc_exit` ends the guest without ending the host process.
 */

import { Errno } from './constants.js';

const errnoNames: ReadonlyMap<number, string> = new Map(
  Object.entries(Errno).map(([name, value]) => [value, `E${name}`]),
);

/** The symbolic name of a WASI errno, e.g. `ENOTCAPABLE` for 76. */
export function errnoName(errno: number): string {
  return errnoNames.get(errno) ?? `errno ${errno}`;
}

/** A syscall failed with `errno`; the dispatcher returns the number to the guest. */
export class WasiErrnoError extends Error {
  readonly errno: Errno;

  constructor(errno: Errno, detail?: string) {
    super(detail === undefined ? errnoName(errno) : `${errnoName(errno)}: ${detail}`);
    this.name = 'WasiErrnoError';
    this.errno = errno;
  }
}

/** Shorthand used throughout the syscall implementations. */
export function fail(errno: Errno, detail?: string): never {
  throw new WasiErrnoError(errno, detail);
}

/**
 * Thrown by `proc_exit` to unwind the guest. `WASI.start` catches it and returns `code`
 * (or rethrows it when `returnOnExit` is false). Never a real process exit.
 */
export class WasiExitError extends Error {
  readonly code: number;

  constructor(code: number) {
    super(`WASI program exited with code ${code}`);
    this.name = 'WasiExitError';
    this.code = code;
  }
}

/** The embedder misused the WASI API (bad options, wrong instance shape, started twice, ...). */
export class WasiConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WasiConfigError';
  }
}
