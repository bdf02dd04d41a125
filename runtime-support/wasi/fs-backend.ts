/**
 * The interface both file-system backends (host files via Node's fs, and the in-memory tree)
 * implement. Backends are deliberately dumb: they receive paths as component lists relative to
 * their own root that the shared resolver (path-resolver.ts) has already checked — no '.', '..',
 * empty or slash-containing components, and no symlink anywhere but possibly the last position.
 * All sandbox decisions live in the resolver and the syscall layer, so both backends get them
 * identically. Backends report failures as WasiErrnoError.
 */

import type { Filetype } from './constants.js';

/** Path components below a backend's root; `[]` is the root itself. */
export type PathComponents = readonly string[];

/** What `filestat` reports; times are nanoseconds since the Unix epoch. */
export interface FileStat {
  readonly filetype: Filetype;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly nlink: bigint;
  readonly size: bigint;
  readonly atim: bigint;
  readonly mtim: bigint;
  readonly ctim: bigint;
}

/** One directory entry as listed by a backend (without `.` and `..`). */
export interface DirectoryListingEntry {
  /** Raw name bytes (host names need not be UTF-8). */
  readonly name: Uint8Array;
  readonly filetype: Filetype;
}

/** A new timestamp in nanoseconds, or null to leave it unchanged. */
export type TimestampUpdate = bigint | null;

export interface OpenFileOptions {
  readonly read: boolean;
  readonly write: boolean;
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly truncate: boolean;
}

/** An open non-directory object. Positions are explicit: the shim tracks each fd's offset. */
export interface FileHandle {
  /** False for pipes, character devices etc.: reads and writes ignore the position. */
  readonly seekable: boolean;
  stat(): FileStat;
  /** Reads up to `into.length` bytes at `position` (null: the stream's own position). */
  read(into: Uint8Array, position: bigint | null): number;
  /** Writes `from` at `position` (null: the stream's own position); returns bytes written. */
  write(from: Uint8Array, position: bigint | null): number;
  setSize(size: bigint): void;
  setTimes(atim: TimestampUpdate, mtim: TimestampUpdate): void;
  sync(): void;
  datasync(): void;
  close(): void;
}

export interface FsBackend {
  /** For diagnostics only. */
  readonly description: string;
  /** Status of the entry itself (a symlink is not followed). */
  lstat(path: PathComponents): FileStat;
  /** Raw target bytes of a symlink; EINVAL if the entry is not a symlink. */
  readlink(path: PathComponents): Uint8Array;
  /** Opens a non-directory; a symlink in last position is refused with ELOOP. */
  openFile(path: PathComponents, options: OpenFileOptions): FileHandle;
  createDirectory(path: PathComponents): void;
  removeDirectory(path: PathComponents): void;
  unlinkFile(path: PathComponents): void;
  rename(from: PathComponents, to: PathComponents): void;
  /** Hard link; a symlink source is linked itself, not its target. */
  link(from: PathComponents, to: PathComponents): void;
  symlink(target: string, path: PathComponents): void;
  /** Entries sorted by name bytes, without `.` and `..`. */
  readDirectory(path: PathComponents): DirectoryListingEntry[];
  /** Sets times of the entry itself (a symlink is not followed). */
  setTimes(path: PathComponents, atim: TimestampUpdate, mtim: TimestampUpdate): void;
}

/** Byte-wise ordering used by both backends so listings agree. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}
