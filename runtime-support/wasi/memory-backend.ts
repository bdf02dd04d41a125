/**
 * The in-memory file system: a tree of directories, regular files and symlinks with inode
 * numbers, link counts and nanosecond timestamps, for browsers, Hermes and tests. It follows
 * POSIX/Linux semantics closely enough that the backend agreement tests can run the same call
 * sequences against it and against the host file system.
 *
 * Embedders build a tree with `new MemoryDirectory()` and its helpers (`writeFile`, `mkdir`,
 * `symlink`, `readFile`) and preopen it: `new WASI({ preopens: { '/': tree } })`.
 */

import { Errno, Filetype } from './constants.js';
import { fail } from './errors.js';
import type {
  DirectoryListingEntry,
  FileHandle,
  FileStat,
  FsBackend,
  OpenFileOptions,
  PathComponents,
  TimestampUpdate,
} from './fs-backend.js';
import { compareBytes } from './fs-backend.js';
import { realtimeNow } from './host.js';
import { encodeUtf8 } from './utf8.js';

/** Device number reported for every in-memory object. */
const MEMORY_DEVICE = 0x6d656dn;
/** Largest in-memory file; beyond it writes and truncations fail with EFBIG. */
const MAX_MEMORY_FILE_SIZE = 0x7fffffff;

let nextInode = 1n;

abstract class MemoryNodeBase {
  readonly ino: bigint = nextInode++;
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
  /** Number of directory entries naming this node (hard links). */
  links = 0;

  constructor() {
    const now = realtimeNow();
    this.atim = now;
    this.mtim = now;
    this.ctim = now;
  }

  abstract readonly filetype: Filetype;
  abstract get size(): number;
  abstract get nlink(): number;

  stat(): FileStat {
    return {
      filetype: this.filetype,
      dev: MEMORY_DEVICE,
      ino: this.ino,
      nlink: BigInt(this.nlink),
      size: BigInt(this.size),
      atim: this.atim,
      mtim: this.mtim,
      ctim: this.ctim,
    };
  }

  touchModified(): void {
    const now = realtimeNow();
    this.mtim = now;
    this.ctim = now;
  }
}

export class MemoryFile extends MemoryNodeBase {
  readonly filetype = Filetype.REGULAR_FILE;
  private storage: Uint8Array;
  private length: number;

  constructor(contents: Uint8Array = new Uint8Array(0)) {
    super();
    this.storage = contents.slice();
    this.length = contents.length;
  }

  get size(): number {
    return this.length;
  }
  get nlink(): number {
    return this.links;
  }

  /** A copy of the file's bytes. */
  contents(): Uint8Array {
    return this.storage.slice(0, this.length);
  }

  readAt(into: Uint8Array, position: number): number {
    if (position >= this.length) return 0;
    const count = Math.min(into.length, this.length - position);
    into.set(this.storage.subarray(position, position + count));
    return count;
  }

  writeAt(from: Uint8Array, position: number): number {
    const end = position + from.length;
    if (end > MAX_MEMORY_FILE_SIZE) fail(Errno.FBIG, 'in-memory file would exceed its size limit');
    this.ensureCapacity(end);
    this.storage.set(from, position);
    if (end > this.length) this.length = end;
    this.touchModified();
    return from.length;
  }

  resize(size: number): void {
    if (size > MAX_MEMORY_FILE_SIZE) fail(Errno.FBIG, 'in-memory file would exceed its size limit');
    if (size > this.length) {
      this.ensureCapacity(size);
    } else {
      // Zero the cut-off tail so a later extension reads zeros, as on a real file system.
      this.storage.fill(0, size, this.length);
    }
    this.length = size;
    this.touchModified();
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.storage.length) return;
    const grown = new Uint8Array(Math.min(MAX_MEMORY_FILE_SIZE, Math.max(needed, this.storage.length * 2, 64)));
    grown.set(this.storage.subarray(0, this.length));
    this.storage = grown;
  }
}

export class MemorySymlink extends MemoryNodeBase {
  readonly filetype = Filetype.SYMBOLIC_LINK;
  readonly target: Uint8Array;

  constructor(target: string) {
    super();
    this.target = encodeUtf8(target);
  }

  get size(): number {
    return this.target.length;
  }
  get nlink(): number {
    return this.links;
  }
}

export type MemoryNode = MemoryFile | MemoryDirectory | MemorySymlink;

export class MemoryDirectory extends MemoryNodeBase {
  readonly filetype = Filetype.DIRECTORY;
  readonly entries = new Map<string, MemoryNode>();

  get size(): number {
    return 4096;
  }
  get nlink(): number {
    let subdirectories = 0;
    for (const child of this.entries.values()) if (child instanceof MemoryDirectory) subdirectories++;
    return 2 + subdirectories;
  }

  /** Looks up a slash-separated relative path without following symlinks (embedder helper). */
  lookup(relativePath: string): MemoryNode | undefined {
    let node: MemoryNode = this;
    for (const part of relativePath.split('/').filter((p) => p !== '' && p !== '.')) {
      if (!(node instanceof MemoryDirectory)) return undefined;
      const child: MemoryNode | undefined = node.entries.get(part);
      if (child === undefined) return undefined;
      node = child;
    }
    return node;
  }

  /** Creates (or replaces) a file, creating missing parent directories. */
  writeFile(relativePath: string, contents: Uint8Array | string): MemoryFile {
    const { parent, name } = this.parentForCreation(relativePath);
    const file = new MemoryFile(typeof contents === 'string' ? encodeUtf8(contents) : contents);
    parent.unlinkEntry(name);
    parent.linkEntry(name, file);
    return file;
  }

  /** Creates a directory and its missing parents; returns the (possibly existing) directory. */
  mkdir(relativePath: string): MemoryDirectory {
    let directory: MemoryDirectory = this;
    for (const part of relativePath.split('/').filter((p) => p !== '' && p !== '.')) {
      const existing = directory.entries.get(part);
      if (existing instanceof MemoryDirectory) {
        directory = existing;
      } else if (existing !== undefined) {
        throw new Error(`mkdir: "${part}" exists and is not a directory`);
      } else {
        const created = new MemoryDirectory();
        directory.linkEntry(part, created);
        directory = created;
      }
    }
    return directory;
  }

  /** Creates a symlink at relativePath pointing at `target` (stored verbatim). */
  symlink(target: string, relativePath: string): MemorySymlink {
    const { parent, name } = this.parentForCreation(relativePath);
    if (parent.entries.has(name)) throw new Error(`symlink: "${relativePath}" already exists`);
    const link = new MemorySymlink(target);
    parent.linkEntry(name, link);
    return link;
  }

  /** The contents of a regular file (embedder helper); throws if there is none. */
  readFile(relativePath: string): Uint8Array {
    const node = this.lookup(relativePath);
    if (!(node instanceof MemoryFile)) throw new Error(`readFile: "${relativePath}" is not a file`);
    return node.contents();
  }

  linkEntry(name: string, node: MemoryNode): void {
    this.entries.set(name, node);
    node.links++;
    this.touchModified();
  }

  unlinkEntry(name: string): MemoryNode | undefined {
    const node = this.entries.get(name);
    if (node === undefined) return undefined;
    this.entries.delete(name);
    node.links--;
    node.ctim = realtimeNow();
    this.touchModified();
    return node;
  }

  private parentForCreation(relativePath: string): { parent: MemoryDirectory; name: string } {
    const parts = relativePath.split('/').filter((p) => p !== '' && p !== '.');
    const name = parts.pop();
    if (name === undefined) throw new Error('a file name is required');
    return { parent: this.mkdir(parts.join('/')), name };
  }
}

class MemoryFileHandle implements FileHandle {
  readonly seekable = true;

  constructor(private readonly file: MemoryFile) {}

  stat(): FileStat {
    return this.file.stat();
  }
  read(into: Uint8Array, position: bigint | null): number {
    if (position === null) fail(Errno.SPIPE);
    if (position > BigInt(MAX_MEMORY_FILE_SIZE)) return 0;
    return this.file.readAt(into, Number(position));
  }
  write(from: Uint8Array, position: bigint | null): number {
    if (position === null) fail(Errno.SPIPE);
    if (from.length === 0) return 0;
    if (position + BigInt(from.length) > BigInt(MAX_MEMORY_FILE_SIZE)) fail(Errno.FBIG);
    return this.file.writeAt(from, Number(position));
  }
  setSize(size: bigint): void {
    if (size > BigInt(MAX_MEMORY_FILE_SIZE)) fail(Errno.FBIG);
    this.file.resize(Number(size));
  }
  setTimes(atim: TimestampUpdate, mtim: TimestampUpdate): void {
    applyTimes(this.file, atim, mtim);
  }
  sync(): void {}
  datasync(): void {}
  close(): void {}
}

function applyTimes(node: MemoryNode, atim: TimestampUpdate, mtim: TimestampUpdate): void {
  if (atim !== null) node.atim = atim;
  if (mtim !== null) node.mtim = mtim;
  node.ctim = realtimeNow();
}

/** Serves one preopened MemoryDirectory. */
export class MemoryBackend implements FsBackend {
  readonly description = 'in-memory directory';

  constructor(private readonly root: MemoryDirectory) {}

  private find(path: PathComponents): MemoryNode {
    let node: MemoryNode = this.root;
    for (const component of path) {
      if (!(node instanceof MemoryDirectory)) fail(Errno.NOTDIR);
      const child: MemoryNode | undefined = node.entries.get(component);
      if (child === undefined) fail(Errno.NOENT);
      node = child;
    }
    return node;
  }

  private directory(path: PathComponents): MemoryDirectory {
    const node = this.find(path);
    if (!(node instanceof MemoryDirectory)) fail(Errno.NOTDIR);
    return node;
  }

  /** The parent directory and final name of a non-root path. */
  private split(path: PathComponents): { parent: MemoryDirectory; name: string } {
    if (path.length === 0) fail(Errno.BUSY, 'the root cannot be replaced or removed');
    return { parent: this.directory(path.slice(0, -1)), name: path[path.length - 1]! };
  }

  lstat(path: PathComponents): FileStat {
    return this.find(path).stat();
  }

  readlink(path: PathComponents): Uint8Array {
    const node = this.find(path);
    if (!(node instanceof MemorySymlink)) fail(Errno.INVAL, 'not a symlink');
    return node.target.slice();
  }

  openFile(path: PathComponents, options: OpenFileOptions): FileHandle {
    const { parent, name } = this.split(path);
    let node = parent.entries.get(name);
    if (node === undefined) {
      if (!options.create) fail(Errno.NOENT);
      node = new MemoryFile();
      parent.linkEntry(name, node);
    } else if (options.create && options.exclusive) {
      fail(Errno.EXIST);
    }
    if (node instanceof MemorySymlink) fail(Errno.LOOP);
    if (node instanceof MemoryDirectory) fail(Errno.ISDIR);
    if (options.truncate && node.size > 0) node.resize(0);
    return new MemoryFileHandle(node);
  }

  createDirectory(path: PathComponents): void {
    const { parent, name } = this.split(path);
    if (parent.entries.has(name)) fail(Errno.EXIST);
    parent.linkEntry(name, new MemoryDirectory());
  }

  removeDirectory(path: PathComponents): void {
    const { parent, name } = this.split(path);
    const node = parent.entries.get(name);
    if (node === undefined) fail(Errno.NOENT);
    if (!(node instanceof MemoryDirectory)) fail(Errno.NOTDIR);
    if (node.entries.size > 0) fail(Errno.NOTEMPTY);
    parent.unlinkEntry(name);
  }

  unlinkFile(path: PathComponents): void {
    const { parent, name } = this.split(path);
    const node = parent.entries.get(name);
    if (node === undefined) fail(Errno.NOENT);
    if (node instanceof MemoryDirectory) fail(Errno.ISDIR);
    parent.unlinkEntry(name);
  }

  rename(from: PathComponents, to: PathComponents): void {
    const source = this.split(from);
    const target = this.split(to);
    const node = source.parent.entries.get(source.name);
    if (node === undefined) fail(Errno.NOENT);
    const existing = target.parent.entries.get(target.name);
    if (existing === node) return;
    if (node instanceof MemoryDirectory) {
      // Moving a directory below itself would detach a cycle from the tree.
      if (to.length > from.length && from.every((component, i) => to[i] === component)) fail(Errno.INVAL);
      if (existing !== undefined && !(existing instanceof MemoryDirectory)) fail(Errno.NOTDIR);
      if (existing instanceof MemoryDirectory && existing.entries.size > 0) fail(Errno.NOTEMPTY);
    } else if (existing instanceof MemoryDirectory) {
      fail(Errno.ISDIR);
    }
    if (existing !== undefined) target.parent.unlinkEntry(target.name);
    source.parent.unlinkEntry(source.name);
    target.parent.linkEntry(target.name, node);
  }

  link(from: PathComponents, to: PathComponents): void {
    const node = this.find(from);
    if (node instanceof MemoryDirectory) fail(Errno.PERM, 'hard links to directories are not allowed');
    const target = this.split(to);
    if (target.parent.entries.has(target.name)) fail(Errno.EXIST);
    target.parent.linkEntry(target.name, node);
    node.ctim = realtimeNow();
  }

  symlink(target: string, path: PathComponents): void {
    const { parent, name } = this.split(path);
    if (parent.entries.has(name)) fail(Errno.EXIST);
    parent.linkEntry(name, new MemorySymlink(target));
  }

  readDirectory(path: PathComponents): DirectoryListingEntry[] {
    const directory = this.directory(path);
    const listing = [...directory.entries].map(([name, node]) => ({ name: encodeUtf8(name), filetype: node.filetype }));
    return listing.sort((a, b) => compareBytes(a.name, b.name));
  }

  setTimes(path: PathComponents, atim: TimestampUpdate, mtim: TimestampUpdate): void {
    applyTimes(this.find(path), atim, mtim);
  }
}
