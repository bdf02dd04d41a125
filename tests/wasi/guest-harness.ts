/**
 * Calls preview1 functions directly, the way a guest would, against a plain ArrayBuffer memory
 * (an instance-like object; no Wasm involved). Used by the attack and backend tests.
 */

import { Errno, Lookupflags, Oflags, WASI } from '../../runtime-support/wasi/index.js';
import type { WasiOptions, WasiPreview1Imports } from '../../runtime-support/wasi/index.js';

export const PAGE_SIZE = 65536;
/** Every defined right: the directory's inheriting mask will cut it down. */
export const ALL_RIGHTS = (1n << 30n) - 1n;
const FD_WRITE = 1n << 6n;

export interface OpenArgs {
  readonly oflags?: number;
  readonly follow?: boolean;
  readonly rights?: bigint;
  readonly fdflags?: number;
}

export class DirectGuest {
  readonly memory: { buffer: ArrayBuffer };
  readonly wasi: WASI;
  readonly call: WasiPreview1Imports;
  private nextFree = 1024;

  constructor(options: WasiOptions, pages = 1) {
    this.memory = { buffer: new ArrayBuffer(pages * PAGE_SIZE) };
    this.wasi = new WASI({ stdin: { read: () => null }, stdout: { write() {} }, stderr: { write() {} }, ...options });
    this.wasi.initialize({ exports: { memory: this.memory } });
    this.call = this.wasi.wasiImport;
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  get size(): number {
    return this.memory.buffer.byteLength;
  }

  /** Bump-allocates scratch guest memory (8-aligned, zeroed). */
  alloc(length: number): number {
    const ptr = this.nextFree;
    this.nextFree = (ptr + length + 7) & ~7;
    if (this.nextFree > this.size) throw new Error('test guest memory exhausted');
    this.bytes.fill(0, ptr, ptr + length);
    return ptr;
  }

  /** Places bytes (or a UTF-8 string) in memory; returns [ptr, len]. */
  put(data: string | Uint8Array): [number, number] {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const ptr = this.alloc(bytes.length);
    this.bytes.set(bytes, ptr);
    return [ptr, bytes.length];
  }

  u32(ptr: number): number {
    return new DataView(this.memory.buffer).getUint32(ptr, true);
  }

  u64(ptr: number): bigint {
    return new DataView(this.memory.buffer).getBigUint64(ptr, true);
  }

  text(ptr: number, length: number): string {
    return new TextDecoder().decode(this.bytes.slice(ptr, ptr + length));
  }

  /** An iovec array over the given buffers; returns [iovsPtr, count]. */
  iovecs(buffers: readonly [number, number][]): [number, number] {
    const ptr = this.alloc(buffers.length * 8);
    const view = new DataView(this.memory.buffer);
    buffers.forEach(([buf, len], i) => {
      view.setUint32(ptr + i * 8, buf, true);
      view.setUint32(ptr + i * 8 + 4, len, true);
    });
    return [ptr, buffers.length];
  }

  open(dirFd: number, path: string, args: OpenArgs = {}): { errno: number; fd: number } {
    const [pathPtr, pathLen] = this.put(path);
    const result = this.alloc(4);
    // Asking for FD_WRITE on a directory is EISDIR, so directory opens leave it out by default.
    const rights = args.rights ?? ((args.oflags ?? 0) & Oflags.DIRECTORY ? ALL_RIGHTS & ~FD_WRITE : ALL_RIGHTS);
    const errno = this.call.path_open(
      dirFd,
      args.follow === true ? Lookupflags.SYMLINK_FOLLOW : 0,
      pathPtr,
      pathLen,
      args.oflags ?? 0,
      rights,
      rights,
      args.fdflags ?? 0,
      result,
    );
    return { errno, fd: errno === Errno.SUCCESS ? this.u32(result) : -1 };
  }

  create(dirFd: number, path: string, contents: string): number {
    const { errno, fd } = this.open(dirFd, path, { oflags: Oflags.CREAT | Oflags.TRUNC });
    if (errno !== Errno.SUCCESS) return errno;
    const written = this.write(fd, contents);
    this.call.fd_close(fd);
    return written.errno;
  }

  write(fd: number, data: string | Uint8Array): { errno: number; count: number } {
    const [buf, len] = this.put(data);
    const [iovs, count] = this.iovecs([[buf, len]]);
    const result = this.alloc(4);
    const errno = this.call.fd_write(fd, iovs, count, result);
    return { errno, count: errno === Errno.SUCCESS ? this.u32(result) : -1 };
  }

  read(fd: number, max: number): { errno: number; text: string } {
    const buf = this.alloc(max);
    const [iovs, count] = this.iovecs([[buf, max]]);
    const result = this.alloc(4);
    const errno = this.call.fd_read(fd, iovs, count, result);
    return { errno, text: errno === Errno.SUCCESS ? this.text(buf, this.u32(result)) : '' };
  }

  /** Calls a path_* function of the shape (fd, path, pathLen) with a string path. */
  pathCall(fn: (fd: number, ptr: number, len: number) => number, fd: number, path: string | Uint8Array): number {
    const [ptr, len] = this.put(path);
    return fn(fd, ptr, len);
  }

  filestat(dirFd: number, path: string, follow = false): { errno: number; filetype: number; size: bigint; ino: bigint } {
    const [ptr, len] = this.put(path);
    const result = this.alloc(64);
    const errno = this.call.path_filestat_get(dirFd, follow ? Lookupflags.SYMLINK_FOLLOW : 0, ptr, len, result);
    return { errno, filetype: this.bytes[result + 16]!, size: this.u64(result + 32), ino: this.u64(result + 8) };
  }

  symlink(target: string, dirFd: number, path: string): number {
    const [targetPtr, targetLen] = this.put(target);
    const [pathPtr, pathLen] = this.put(path);
    return this.call.path_symlink(targetPtr, targetLen, dirFd, pathPtr, pathLen);
  }

  readlink(dirFd: number, path: string, bufLen = 64): { errno: number; target: string } {
    const [ptr, len] = this.put(path);
    const buf = this.alloc(bufLen);
    const used = this.alloc(4);
    const errno = this.call.path_readlink(dirFd, ptr, len, buf, bufLen, used);
    return { errno, target: errno === Errno.SUCCESS ? this.text(buf, this.u32(used)) : '' };
  }

  rename(fromFd: number, from: string, toFd: number, to: string): number {
    const [fromPtr, fromLen] = this.put(from);
    const [toPtr, toLen] = this.put(to);
    return this.call.path_rename(fromFd, fromPtr, fromLen, toFd, toPtr, toLen);
  }

  link(fromFd: number, from: string, toFd: number, to: string): number {
    const [fromPtr, fromLen] = this.put(from);
    const [toPtr, toLen] = this.put(to);
    return this.call.path_link(fromFd, 0, fromPtr, fromLen, toFd, toPtr, toLen);
  }

  /** All names fd_readdir reports, paging through with a small buffer. */
  readdir(fd: number, bufLen = 128): { errno: number; names: string[] } {
    const names: string[] = [];
    let cookie = 0n;
    for (;;) {
      const buf = this.alloc(bufLen);
      const used = this.alloc(4);
      const errno = this.call.fd_readdir(fd, buf, bufLen, cookie, used);
      if (errno !== Errno.SUCCESS) return { errno, names };
      const end = buf + this.u32(used);
      let at = buf;
      let complete = 0;
      while (at + 24 <= end) {
        const nameLength = this.u32(at + 16);
        if (at + 24 + nameLength > end) break;
        names.push(this.text(at + 24, nameLength));
        cookie = this.u64(at);
        at += 24 + nameLength;
        complete++;
      }
      if (this.u32(used) < bufLen) return { errno, names };
      if (complete === 0) throw new Error('fd_readdir buffer too small for one entry');
    }
  }
}
