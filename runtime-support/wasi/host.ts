/**
 * The few host facilities the shim needs, reached without static imports so the module loads
 * on any JS engine: clocks, a blocking sleep for poll_oneoff, secure random bytes, and (only in
 * Node) the built-in fs module, fetched with `process.getBuiltinModule` on first use.
 */

import { WasiConfigError } from './errors.js';

type NodeFs = typeof import('node:fs');

interface ProcessLike {
  getBuiltinModule?: (name: string) => unknown;
  hrtime?: { bigint?: () => bigint };
  platform?: string;
}

interface PerformanceLike {
  now(): number;
  timeOrigin?: number;
}

interface CryptoLike {
  getRandomValues(array: Uint8Array): Uint8Array;
}

const globals = globalThis as {
  process?: ProcessLike;
  performance?: PerformanceLike;
  crypto?: CryptoLike;
  SharedArrayBuffer?: typeof SharedArrayBuffer;
  Atomics?: typeof Atomics;
};

let cachedNodeFs: NodeFs | undefined;

/** Node's fs module; a clear configuration error anywhere else. */
export function loadNodeFs(): NodeFs {
  if (cachedNodeFs !== undefined) return cachedNodeFs;
  const fsModule = globals.process?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
  if (fsModule === undefined) {
    throw new WasiConfigError(
      'host file descriptors and host-path preopens need Node.js (>= 20.16, process.getBuiltinModule); ' +
        'use stream objects and a MemoryDirectory elsewhere',
    );
  }
  cachedNodeFs = fsModule;
  return fsModule;
}

/** True when host fds / host paths can be used. */
export function hasNodeFs(): boolean {
  return typeof globals.process?.getBuiltinModule === 'function';
}

/** Wall-clock time in nanoseconds since the Unix epoch. */
export function realtimeNow(): bigint {
  const perf = globals.performance;
  if (perf !== undefined && typeof perf.timeOrigin === 'number') {
    // timeOrigin + now() keeps sub-millisecond resolution where the engine offers it.
    const ms = perf.timeOrigin + perf.now();
    const wholeMs = Math.floor(ms);
    return BigInt(wholeMs) * 1_000_000n + BigInt(Math.floor((ms - wholeMs) * 1e6));
  }
  return BigInt(Date.now()) * 1_000_000n;
}

let lastMonotonic = 0n;

/** A non-decreasing clock in nanoseconds with an arbitrary origin. */
export function monotonicNow(): bigint {
  const hr = globals.process?.hrtime?.bigint;
  let value: bigint;
  if (hr !== undefined) {
    value = hr();
  } else if (globals.performance !== undefined) {
    value = BigInt(Math.floor(globals.performance.now() * 1e6));
  } else {
    value = BigInt(Date.now()) * 1_000_000n;
  }
  if (value < lastMonotonic) value = lastMonotonic;
  lastMonotonic = value;
  return value;
}

/** Resolution we report for both clocks: 1 µs, what the sources above can honestly deliver. */
export const CLOCK_RESOLUTION_NS = 1000n;

let sleepCell: Int32Array | null | undefined;

/**
 * Blocks the thread for `ns` nanoseconds. Uses Atomics.wait where the engine allows it (Node,
 * workers); elsewhere (a browser main thread) it can only spin on the clock.
 */
export function sleepBlocking(ns: bigint): void {
  if (ns <= 0n) return;
  if (sleepCell === undefined) {
    try {
      sleepCell =
        globals.SharedArrayBuffer !== undefined && globals.Atomics !== undefined
          ? new Int32Array(new globals.SharedArrayBuffer(4))
          : null;
    } catch {
      sleepCell = null;
    }
  }
  const deadline = monotonicNow() + ns;
  for (;;) {
    const remaining = deadline - monotonicNow();
    if (remaining <= 0n) return;
    if (sleepCell !== null) {
      try {
        globals.Atomics!.wait(sleepCell, 0, 0, Number(remaining) / 1e6);
        continue;
      } catch {
        // Atomics.wait is forbidden on this thread: fall back to spinning.
        sleepCell = null;
      }
    }
  }
}

/** Fills `target` with cryptographically secure random bytes, or returns false if there is no source. */
export type RandomSource = (target: Uint8Array) => void;

export function defaultRandomSource(): RandomSource | null {
  const crypto = globals.crypto;
  if (crypto === undefined || typeof crypto.getRandomValues !== 'function') return null;
  return (target: Uint8Array) => {
    // getRandomValues refuses more than 65536 bytes per call, and refuses views of shared memory.
    const chunk = new Uint8Array(Math.min(target.length, 65536));
    for (let offset = 0; offset < target.length; offset += chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, target.length - offset));
      crypto.getRandomValues(part);
      target.set(part, offset);
    }
  };
}
