/**
 * The guest's descriptor table. Guest fd numbers index this table only; they are never host
 * descriptor numbers, so an fd the guest did not get from the shim is EBADF whatever its value.
 * Each entry carries its rights (base and inheriting, WASI's capability model): operations
 * check them and fail with ENOTCAPABLE, and rights can only ever be reduced.
 */

import { Errno, Filetype } from './constants.js';
import { fail } from './errors.js';
import type { FileHandle, FsBackend } from './fs-backend.js';
import type { StdioStream } from './streams.js';

interface DescriptorCommon {
  rightsBase: number;
  rightsInheriting: number;
  fdflags: number;
}

/** A standard stream lent by the embedder. */
export interface StreamDescriptor extends DescriptorCommon {
  readonly kind: 'stream';
  readonly stream: StdioStream;
}

/** An open regular file (or other non-directory) of a backend. */
export interface FileDescriptor extends DescriptorCommon {
  readonly kind: 'file';
  readonly handle: FileHandle;
  readonly filetype: Filetype;
  /** The guest's file offset; the shim tracks it, backends do positional I/O. */
  offset: bigint;
}

/** A cached directory listing: names are read once per rewind (cookie 0), not per call. */
export interface DirectoryListingCache {
  readonly names: readonly { readonly name: Uint8Array; readonly filetype: Filetype }[];
}

/** A directory: a backend plus the checked components of its path below the backend root. */
export interface DirectoryDescriptor extends DescriptorCommon {
  readonly kind: 'directory';
  readonly backend: FsBackend;
  readonly path: readonly string[];
  /** The guest-visible name if this entry is a preopen, for fd_prestat_*. */
  readonly preopenName: Uint8Array | null;
  listing: DirectoryListingCache | null;
}

export type Descriptor = StreamDescriptor | FileDescriptor | DirectoryDescriptor;

export class FdTable {
  private readonly entries = new Map<number, Descriptor>();

  constructor(private readonly maxOpen: number) {}

  /** The descriptor for `fd`, or EBADF. */
  get(fd: number): Descriptor {
    const entry = this.entries.get(fd >>> 0);
    if (entry === undefined) fail(Errno.BADF, `fd ${fd >>> 0} is not open`);
    return entry;
  }

  /** The descriptor for `fd` after checking it holds every right in `required`. */
  withRights(fd: number, required: number): Descriptor {
    const entry = this.get(fd);
    requireRights(entry, required);
    return entry;
  }

  /** A directory descriptor: ENOTDIR for a file, EBADF for a stream (as Wasmtime), then ENOTCAPABLE. */
  directory(fd: number, required: number): DirectoryDescriptor {
    const entry = this.get(fd);
    if (entry.kind === 'file') fail(Errno.NOTDIR, `fd ${fd >>> 0} is not a directory`);
    if (entry.kind === 'stream') fail(Errno.BADF, `fd ${fd >>> 0} is a stream, not a directory`);
    requireRights(entry, required);
    return entry;
  }

  /** Inserts at the lowest free number, like POSIX open(). */
  insert(entry: Descriptor): number {
    if (this.entries.size >= this.maxOpen) fail(Errno.MFILE, 'too many open descriptors');
    let fd = 0;
    while (this.entries.has(fd)) fd++;
    this.entries.set(fd, entry);
    return fd;
  }

  /** Closes `fd`; a file's backend handle is released, a lent stream is only forgotten. */
  close(fd: number): void {
    const entry = this.get(fd);
    this.entries.delete(fd >>> 0);
    release(entry);
  }

  /** fd_renumber: both must be open; `to` is closed and `from` moves there. */
  renumber(from: number, to: number): void {
    const source = this.get(from);
    const target = this.get(to);
    if (from >>> 0 === to >>> 0) return;
    this.entries.set(to >>> 0, source);
    this.entries.delete(from >>> 0);
    release(target);
  }

  /** Releases every open handle (used when the instance is done). */
  closeAll(): void {
    for (const entry of this.entries.values()) release(entry);
    this.entries.clear();
  }
}

function release(entry: Descriptor): void {
  if (entry.kind === 'file') entry.handle.close();
}

export function requireRights(entry: Descriptor, required: number): void {
  if ((entry.rightsBase & required) !== required) {
    fail(Errno.NOTCAPABLE, 'descriptor lacks a required right');
  }
}

/** The filetype an fd reports in fdstat. */
export function descriptorFiletype(entry: Descriptor): Filetype {
  switch (entry.kind) {
    case 'stream':
      return entry.stream.filetype;
    case 'file':
      return entry.filetype;
    case 'directory':
      return Filetype.DIRECTORY;
  }
}
