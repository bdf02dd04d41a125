/**
 * The fd_* functions of preview1: I/O, seeking, descriptor status and flags, rights, closing,
 * renumbering, preopen information and directory listing.
 */

import {
  ALL_FDFLAGS,
  Errno,
  Fdflags,
  Filetype,
  Layout,
  MAX_ADVICE,
  PREOPENTYPE_DIR,
  Rights,
  rightsFromU64,
  Whence,
} from './constants.js';
import { fail } from './errors.js';
import type { Descriptor, DirectoryDescriptor, FileDescriptor } from './fd-table.js';
import { descriptorFiletype } from './fd-table.js';
import { descriptorStat, timestampUpdates, writeFilestat } from './filestat.js';
import type { GuestMemory, IoSlice } from './memory.js';
import type { ExitLatch, WasiContext, WasiPreview1Imports } from './syscall.js';
import { I64_MAX, s64, syscall, u64 } from './syscall.js';
import { tryDecodeUtf8 } from './utf8.js';

type FdImports = Pick<
  WasiPreview1Imports,
  | 'fd_advise'
  | 'fd_allocate'
  | 'fd_close'
  | 'fd_datasync'
  | 'fd_fdstat_get'
  | 'fd_fdstat_set_flags'
  | 'fd_fdstat_set_rights'
  | 'fd_filestat_get'
  | 'fd_filestat_set_size'
  | 'fd_filestat_set_times'
  | 'fd_pread'
  | 'fd_prestat_get'
  | 'fd_prestat_dir_name'
  | 'fd_pwrite'
  | 'fd_read'
  | 'fd_readdir'
  | 'fd_renumber'
  | 'fd_seek'
  | 'fd_sync'
  | 'fd_tell'
  | 'fd_write'
>;

/** A file descriptor for byte I/O: streams have no position (ESPIPE), directories are EISDIR. */
function positionedFile(entry: Descriptor): FileDescriptor {
  if (entry.kind === 'directory') fail(Errno.ISDIR);
  if (entry.kind === 'stream') fail(Errno.SPIPE);
  return entry;
}

/** Reads into consecutive slices until one comes back short. */
function readSlices(memory: GuestMemory, slices: IoSlice[], readOne: (into: Uint8Array) => number): number {
  let total = 0;
  for (const { ptr, len } of slices) {
    if (len === 0) continue;
    const count = readOne(memory.slice(ptr, len));
    total += count;
    if (count < len) break;
  }
  return total;
}

function readFile(memory: GuestMemory, entry: FileDescriptor, slices: IoSlice[], start: bigint): number {
  let position = start;
  return readSlices(memory, slices, (into) => {
    const count = entry.handle.read(into, entry.handle.seekable ? position : null);
    position += BigInt(count);
    return count;
  });
}

function writeFile(memory: GuestMemory, entry: FileDescriptor, slices: IoSlice[], start: bigint): number {
  let position = start;
  let total = 0;
  for (const { ptr, len } of slices) {
    if (len === 0) continue;
    const count = entry.handle.write(memory.slice(ptr, len), entry.handle.seekable ? position : null);
    position += BigInt(count);
    total += count;
    if (count < len) break;
  }
  if ((entry.fdflags & Fdflags.SYNC) !== 0) entry.handle.sync();
  else if ((entry.fdflags & Fdflags.DSYNC) !== 0) entry.handle.datasync();
  return total;
}

/** Gathers a ciovec array into one copy for a lent stream, so its sink sees whole writes. */
function gather(memory: GuestMemory, slices: IoSlice[], total: number): Uint8Array {
  const data = new Uint8Array(total);
  let offset = 0;
  for (const { ptr, len } of slices) {
    data.set(memory.slice(ptr, len), offset);
    offset += len;
  }
  return data;
}

function seek(entry: Descriptor, delta: bigint, whence: number): bigint {
  const file = positionedFile(entry);
  if (!file.handle.seekable) fail(Errno.SPIPE);
  let base: bigint;
  switch (whence) {
    case Whence.SET:
      base = 0n;
      break;
    case Whence.CUR:
      base = file.offset;
      break;
    case Whence.END:
      base = file.handle.stat().size;
      break;
    default:
      fail(Errno.INVAL, `unknown whence ${whence}`);
  }
  const target = base + delta;
  if (target < 0n || target > I64_MAX) fail(Errno.INVAL, 'seek outside the file offset range');
  file.offset = target;
  return target;
}

/** Names of a directory's entries from `cookie` on, '.' and '..' first; cookie = index + 1. */
function writeDirectoryEntries(
  memory: GuestMemory,
  entry: DirectoryDescriptor,
  buf: number,
  bufLen: number,
  cookie: bigint,
): number {
  const start = memory.check(buf, bufLen);
  if (cookie === 0n || entry.listing === null) {
    entry.listing = { names: entry.backend.readDirectory(entry.path) };
  }
  const names = entry.listing.names;
  const ownIno = entry.backend.lstat(entry.path).ino;
  // '..' of the directory a descriptor was opened on is not the guest's to inspect: report itself.
  const parentIno = entry.path.length > 0 && entry.preopenName === null ? entry.backend.lstat(entry.path.slice(0, -1)).ino : ownIno;
  const total = BigInt(names.length + 2);
  let used = 0;
  for (let index = cookie; index < total && used < bufLen; index++) {
    let name: Uint8Array;
    let filetype: number;
    let ino: bigint;
    if (index === 0n) {
      name = Uint8Array.of(0x2e);
      filetype = Filetype.DIRECTORY;
      ino = ownIno;
    } else if (index === 1n) {
      name = Uint8Array.of(0x2e, 0x2e);
      filetype = Filetype.DIRECTORY;
      ino = parentIno;
    } else {
      const listed = names[Number(index - 2n)]!;
      name = listed.name;
      filetype = listed.filetype;
      ino = entryInode(entry, listed.name);
    }
    const header = new Uint8Array(Layout.DIRENT_HEADER_SIZE);
    const view = new DataView(header.buffer);
    view.setBigUint64(0, index + 1n, true);
    view.setBigUint64(8, ino, true);
    view.setUint32(16, name.length, true);
    view.setUint8(20, filetype);
    const record = new Uint8Array(header.length + name.length);
    record.set(header);
    record.set(name, header.length);
    // A record that does not fit is truncated: the guest sees a full buffer and asks again.
    const count = Math.min(record.length, bufLen - used);
    memory.bytes.set(record.subarray(0, count), start + used);
    used += count;
  }
  return used;
}

function entryInode(entry: DirectoryDescriptor, name: Uint8Array): bigint {
  const text = tryDecodeUtf8(name);
  if (text === null) return 0n;
  try {
    return entry.backend.lstat([...entry.path, text]).ino;
  } catch {
    // The entry vanished since the listing was taken; its inode is unknown.
    return 0n;
  }
}

export function fdImports(context: WasiContext, latch: ExitLatch): FdImports {
  const { fds } = context;
  return {
    fd_advise: syscall(latch, (fd: number, _offset: bigint, _len: bigint, advice: number) => {
      const entry = fds.withRights(fd, Rights.FD_ADVISE);
      if (advice >>> 0 > MAX_ADVICE) fail(Errno.INVAL, `unknown advice ${advice}`);
      if (entry.kind === 'stream') fail(Errno.SPIPE);
      // Advice is a hint; neither backend has a use for it.
    }),
    fd_allocate: syscall(latch, (fd: number, offset: bigint, len: bigint) => {
      const file = positionedFile(fds.withRights(fd, Rights.FD_ALLOCATE));
      const end = u64(offset) + u64(len);
      if (end > I64_MAX) fail(Errno.FBIG);
      if (end > file.handle.stat().size) file.handle.setSize(end);
    }),
    fd_close: syscall(latch, (fd: number) => {
      fds.close(fd);
    }),
    fd_datasync: syscall(latch, (fd: number) => {
      const entry = fds.withRights(fd, Rights.FD_DATASYNC);
      if (entry.kind === 'stream') fail(Errno.INVAL);
      if (entry.kind === 'file') entry.handle.datasync();
    }),
    fd_sync: syscall(latch, (fd: number) => {
      const entry = fds.withRights(fd, Rights.FD_SYNC);
      if (entry.kind === 'stream') fail(Errno.INVAL);
      if (entry.kind === 'file') entry.handle.sync();
    }),
    fd_fdstat_get: syscall(latch, (fd: number, resultPtr: number) => {
      const memory = context.memory();
      const entry = fds.get(fd);
      const at = memory.check(resultPtr, Layout.FDSTAT_SIZE);
      memory.bytes.fill(0, at, at + Layout.FDSTAT_SIZE);
      memory.setU8(at, descriptorFiletype(entry));
      memory.setU16(at + 2, entry.fdflags);
      memory.setU64(at + 8, BigInt(entry.rightsBase));
      memory.setU64(at + 16, BigInt(entry.rightsInheriting));
    }),
    fd_fdstat_set_flags: syscall(latch, (fd: number, flags: number) => {
      const entry = fds.withRights(fd, Rights.FD_FDSTAT_SET_FLAGS);
      if ((flags & ~ALL_FDFLAGS) !== 0) fail(Errno.INVAL, 'unknown fdflags');
      // As in Wasmtime: only a file's APPEND and NONBLOCK can change after opening.
      if (entry.kind !== 'file') fail(Errno.BADF, 'flags can only be changed on files');
      if ((flags & (Fdflags.SYNC | Fdflags.DSYNC | Fdflags.RSYNC)) !== 0) fail(Errno.INVAL, 'sync flags are fixed at open');
      entry.fdflags = (entry.fdflags & ~(Fdflags.APPEND | Fdflags.NONBLOCK)) | flags;
    }),
    fd_fdstat_set_rights: syscall(latch, (fd: number, rightsBase: bigint, rightsInheriting: bigint) => {
      const entry = fds.get(fd);
      const base = rightsFromU64(u64(rightsBase));
      const inheriting = rightsFromU64(u64(rightsInheriting));
      // Rights can be dropped, never gained.
      if (base.unknownBits || inheriting.unknownBits) fail(Errno.NOTCAPABLE);
      if ((base.rights & ~entry.rightsBase) !== 0 || (inheriting.rights & ~entry.rightsInheriting) !== 0) {
        fail(Errno.NOTCAPABLE, 'rights can only be reduced');
      }
      entry.rightsBase = base.rights;
      entry.rightsInheriting = inheriting.rights;
    }),
    fd_filestat_get: syscall(latch, (fd: number, resultPtr: number) => {
      const memory = context.memory();
      const entry = fds.withRights(fd, Rights.FD_FILESTAT_GET);
      memory.check(resultPtr, Layout.FILESTAT_SIZE);
      writeFilestat(memory, resultPtr, descriptorStat(entry));
    }),
    fd_filestat_set_size: syscall(latch, (fd: number, size: bigint) => {
      const file = positionedFile(fds.withRights(fd, Rights.FD_FILESTAT_SET_SIZE));
      const newSize = u64(size);
      if (newSize > I64_MAX) fail(Errno.INVAL);
      file.handle.setSize(newSize);
    }),
    fd_filestat_set_times: syscall(latch, (fd: number, atim: bigint, mtim: bigint, fstflags: number) => {
      const entry = fds.withRights(fd, Rights.FD_FILESTAT_SET_TIMES);
      const times = timestampUpdates(u64(atim), u64(mtim), fstflags);
      if (entry.kind === 'file') entry.handle.setTimes(times.atim, times.mtim);
      else if (entry.kind === 'directory') entry.backend.setTimes(entry.path, times.atim, times.mtim);
      else fail(Errno.BADF);
    }),
    fd_pread: syscall(latch, (fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number) => {
      const memory = context.memory();
      const file = positionedFile(fds.withRights(fd, Rights.FD_READ | Rights.FD_SEEK));
      if (!file.handle.seekable) fail(Errno.SPIPE);
      const { slices } = memory.readIovecs(iovs, iovsLen);
      memory.check(nreadPtr, 4);
      memory.setU32(nreadPtr, readFile(memory, file, slices, u64(offset)));
    }),
    fd_pwrite: syscall(latch, (fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number) => {
      const memory = context.memory();
      const file = positionedFile(fds.withRights(fd, Rights.FD_WRITE | Rights.FD_SEEK));
      if (!file.handle.seekable) fail(Errno.SPIPE);
      const { slices } = memory.readIovecs(iovs, iovsLen);
      memory.check(nwrittenPtr, 4);
      // POSIX semantics: pwrite writes at `offset` even with APPEND (the testsuite accepts both).
      memory.setU32(nwrittenPtr, writeFile(memory, file, slices, u64(offset)));
    }),
    fd_read: syscall(latch, (fd: number, iovs: number, iovsLen: number, nreadPtr: number) => {
      const memory = context.memory();
      const entry = fds.withRights(fd, Rights.FD_READ);
      const { slices } = memory.readIovecs(iovs, iovsLen);
      memory.check(nreadPtr, 4);
      let count: number;
      if (entry.kind === 'stream') {
        count = readSlices(memory, slices, (into) => entry.stream.read(into));
      } else {
        const file = positionedFile(entry);
        count = readFile(memory, file, slices, file.offset);
        file.offset += BigInt(count);
      }
      memory.setU32(nreadPtr, count);
    }),
    fd_write: syscall(latch, (fd: number, iovs: number, iovsLen: number, nwrittenPtr: number) => {
      const memory = context.memory();
      const entry = fds.withRights(fd, Rights.FD_WRITE);
      const { slices, total } = memory.readIovecs(iovs, iovsLen);
      memory.check(nwrittenPtr, 4);
      let count: number;
      if (entry.kind === 'stream') {
        count = total === 0 ? 0 : entry.stream.write(gather(memory, slices, total));
      } else {
        const file = positionedFile(entry);
        const start = (file.fdflags & Fdflags.APPEND) !== 0 ? file.handle.stat().size : file.offset;
        count = writeFile(memory, file, slices, start);
        file.offset = start + BigInt(count);
      }
      memory.setU32(nwrittenPtr, count);
    }),
    fd_prestat_get: syscall(latch, (fd: number, resultPtr: number) => {
      const memory = context.memory();
      const entry = fds.get(fd);
      if (entry.kind !== 'directory' || entry.preopenName === null) fail(Errno.BADF, 'not a preopened directory');
      const at = memory.check(resultPtr, Layout.PRESTAT_SIZE);
      memory.bytes.fill(0, at, at + Layout.PRESTAT_SIZE);
      memory.setU8(at, PREOPENTYPE_DIR);
      memory.setU32(at + 4, entry.preopenName.length);
    }),
    fd_prestat_dir_name: syscall(latch, (fd: number, path: number, pathLen: number) => {
      const memory = context.memory();
      const entry = fds.get(fd);
      if (entry.kind !== 'directory' || entry.preopenName === null) fail(Errno.BADF, 'not a preopened directory');
      if (pathLen >>> 0 < entry.preopenName.length) fail(Errno.NAMETOOLONG, 'buffer too small for the preopen name');
      memory.write(path, entry.preopenName);
    }),
    fd_readdir: syscall(latch, (fd: number, buf: number, bufLen: number, cookie: bigint, bufusedPtr: number) => {
      const memory = context.memory();
      const entry = fds.get(fd);
      if (entry.kind !== 'directory') fail(Errno.NOTDIR);
      fds.withRights(fd, Rights.FD_READDIR);
      memory.check(bufusedPtr, 4);
      memory.setU32(bufusedPtr, writeDirectoryEntries(memory, entry, buf, bufLen >>> 0, u64(cookie)));
    }),
    fd_renumber: syscall(latch, (from: number, to: number) => {
      fds.renumber(from, to);
    }),
    fd_seek: syscall(latch, (fd: number, offset: bigint, whence: number, newOffsetPtr: number) => {
      const memory = context.memory();
      const delta = s64(offset);
      // Asking for the current position only needs the tell right.
      const needed = delta === 0n && whence === Whence.CUR ? Rights.FD_TELL : Rights.FD_SEEK;
      const entry = fds.withRights(fd, needed);
      memory.check(newOffsetPtr, 8);
      memory.setU64(newOffsetPtr, seek(entry, delta, whence));
    }),
    fd_tell: syscall(latch, (fd: number, resultPtr: number) => {
      const memory = context.memory();
      const entry = fds.withRights(fd, Rights.FD_TELL);
      memory.check(resultPtr, 8);
      memory.setU64(resultPtr, seek(entry, 0n, Whence.CUR));
    }),
  };
}
