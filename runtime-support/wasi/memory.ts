/**
 * Bounds-checked access to the guest's linear memory. A fresh GuestMemory is taken for every
 * syscall because the memory's buffer is replaced whenever the guest grows its memory. Every
 * pointer is treated as an unsigned 32-bit value and every range is checked in full, in double
 * arithmetic (so `ptr + len` cannot wrap), before anything is read or written: an out-of-range
 * pointer is EFAULT, never a JS RangeError.
 */

import { MEMORY_BRAND, hasBrand } from '../js/brands.js';
import { Errno, Layout } from './constants.js';
import { fail } from './errors.js';

/** The part of a WebAssembly.Memory (native or Heron's) the shim uses. */
export interface MemoryLike {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** The fields of Heron's own Memory (../memory.ts) that cover exactly its current size. */
interface HeronMemoryFields {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Picks up growth done behind the object's back (adapted native memories). */
  refresh(): void;
}

/** One (pointer, length) pair of an iovec/ciovec array, already bounds-checked. */
export interface IoSlice {
  readonly ptr: number;
  readonly len: number;
}

export class GuestMemory {
  /**
   * The guest memory as it is now. Heron's memories are read through their views rather than
   * `buffer`: after growth their backing buffer has spare capacity, and reading `buffer` would
   * copy the whole memory to an exact-size one — on every syscall of a growing program.
   */
  static of(source: MemoryLike): GuestMemory {
    if (hasBrand(source, MEMORY_BRAND)) {
      const memory = source as unknown as HeronMemoryFields;
      memory.refresh();
      return new GuestMemory(memory.bytes, memory.view);
    }
    const buffer = source.buffer;
    return new GuestMemory(new Uint8Array(buffer), new DataView(buffer));
  }

  /** `bytes` and `view` span the same bytes: the whole guest memory. */
  private constructor(
    readonly bytes: Uint8Array,
    private readonly view: DataView,
  ) {}

  get size(): number {
    return this.bytes.length;
  }

  /** Throws EFAULT unless [ptr, ptr+len) lies inside memory. Returns the unsigned pointer. */
  check(ptr: number, len: number): number {
    const start = ptr >>> 0;
    if (len < 0 || start + len > this.bytes.length) {
      fail(Errno.FAULT, `guest range ${start}+${len} is outside memory of ${this.bytes.length} bytes`);
    }
    return start;
  }

  /** A view (not a copy) of guest bytes; callers must not keep it across syscalls. */
  slice(ptr: number, len: number): Uint8Array {
    const start = this.check(ptr, len);
    return this.bytes.subarray(start, start + len);
  }

  /** A copy of guest bytes, for data handed to code that may keep it. */
  copy(ptr: number, len: number): Uint8Array {
    return this.slice(ptr, len).slice();
  }

  getU8(ptr: number): number {
    return this.view.getUint8(this.check(ptr, 1));
  }
  getU16(ptr: number): number {
    return this.view.getUint16(this.check(ptr, 2), true);
  }
  getU32(ptr: number): number {
    return this.view.getUint32(this.check(ptr, 4), true);
  }
  getU64(ptr: number): bigint {
    return this.view.getBigUint64(this.check(ptr, 8), true);
  }
  setU8(ptr: number, value: number): void {
    this.view.setUint8(this.check(ptr, 1), value);
  }
  setU16(ptr: number, value: number): void {
    this.view.setUint16(this.check(ptr, 2), value, true);
  }
  setU32(ptr: number, value: number): void {
    this.view.setUint32(this.check(ptr, 4), value >>> 0, true);
  }
  setU64(ptr: number, value: bigint): void {
    this.view.setBigUint64(this.check(ptr, 8), BigInt.asUintN(64, value), true);
  }

  /** Writes bytes at ptr after checking the whole range. */
  write(ptr: number, data: Uint8Array): void {
    const start = this.check(ptr, data.length);
    this.bytes.set(data, start);
  }

  /**
   * Reads an iovec array. The array itself is checked as one range first, so a huge count
   * (e.g. 2^30 entries) fails at once with EFAULT instead of looping; then every buffer is
   * checked. Returns the slices and their total length.
   */
  readIovecs(iovsPtr: number, iovsLen: number): { slices: IoSlice[]; total: number } {
    const count = iovsLen >>> 0;
    const base = this.check(iovsPtr, count * Layout.IOVEC_SIZE);
    const slices: IoSlice[] = [];
    let total = 0;
    for (let i = 0; i < count; i++) {
      const ptr = this.view.getUint32(base + i * Layout.IOVEC_SIZE, true);
      const len = this.view.getUint32(base + i * Layout.IOVEC_SIZE + 4, true);
      this.check(ptr, len);
      slices.push({ ptr, len });
      total += len;
    }
    return { slices, total };
  }
}
