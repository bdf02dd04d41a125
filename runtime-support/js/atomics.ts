/**
 * Threads proposal support for compiled code: the bounds and alignment checks of atomic
 * accesses, and memory.atomic.wait / notify. The accesses themselves are inline in the
 * generated code (`Atomics.*` on the memory's typed views `u16` / `i32` / `i64` / `bytes`,
 * or plain DataView accesses on unshared memories, where no other agent can observe them).
 *
 * Check order follows the spec: out of bounds first, then "unaligned atomic", then (wait
 * only) "expected shared memory".
 */
import type { Memory } from '../memory.js';
import { trap } from './traps.js';

/** The effective address of an atomic access of `bytes` bytes, after the bounds and alignment checks. */
export function atomicAddress(memory: Memory, address: number, bytes: number): number {
  if (address > memory.byteLength - bytes) trap('heap_oob');
  // `&` keeps the low bits of any integer below 2^53; larger addresses failed the bounds check.
  if ((address & (bytes - 1)) !== 0) trap('unaligned_atomic');
  return address;
}

/** The element index of a checked atomic access in the typed view of width `bytes`. */
export function atomicIndex(memory: Memory, address: number, bytes: number): number {
  return atomicAddress(memory, address, bytes) / bytes;
}

/** `Atomics.wait` results as memory.atomic.wait encodes them. */
function waitResult(outcome: 'ok' | 'not-equal' | 'timed-out'): number {
  return outcome === 'ok' ? 0 : outcome === 'not-equal' ? 1 : 2;
}

/** A wait timeout in nanoseconds (negative: forever) as `Atomics.wait` milliseconds. */
function waitMillis(timeoutNanos: bigint): number {
  return timeoutNanos < 0n ? Infinity : Number(timeoutNanos) / 1e6;
}

/**
 * memory.atomic.wait32: 0 woken, 1 value not equal, 2 timed out. Blocks the calling agent
 * (Node allows `Atomics.wait` on its main thread; browsers' main threads throw TypeError).
 */
export function atomicWait32(memory: Memory, address: number, expected: number, timeoutNanos: bigint): number {
  const index = atomicIndex(memory, address, 4);
  if (!memory.shared) trap('unshared_wait');
  return waitResult(Atomics.wait(memory.i32, index, expected, waitMillis(timeoutNanos)));
}

export function atomicWait64(memory: Memory, address: number, expected: bigint, timeoutNanos: bigint): number {
  const index = atomicIndex(memory, address, 8);
  if (!memory.shared) trap('unshared_wait');
  return waitResult(Atomics.wait(memory.i64, index, expected, waitMillis(timeoutNanos)));
}

/** memory.atomic.notify: the number of agents woken (always 0 on an unshared memory). */
export function atomicNotify(memory: Memory, address: number, count: number): number {
  const index = atomicIndex(memory, address, 4);
  return memory.shared ? Atomics.notify(memory.i32, index, count >>> 0) : 0;
}
