/**
 * Host files through Node's synchronous fs API. Node is reached lazily (host.ts), so bundles for
 * browsers and Hermes never need `node:fs`. The backend only ever sees component lists the
 * resolver has checked; `hostPath` re-checks them anyway (defence in depth), and files are
 * opened with O_NOFOLLOW so a symlink swapped in after the check is not followed.
 *
 * Timestamps: Node's utimes family takes seconds as a double, which cannot carry nanoseconds
 * (around 2^31 s a double resolves ~240 ns). After setting times we therefore remember, per
 * inode, the exact nanoseconds the guest asked for together with what the host stored; as long
 * as the host still reports that stored value, we report the guest's exact value. Any later
 * change on the host (a write, another utimes) makes the stored value differ and the host's
 * real time is reported again.
 */

import type { BigIntStats, Dirent } from 'node:fs';
import { Errno, Filetype } from './constants.js';
import { fail, WasiConfigError, WasiErrnoError } from './errors.js';
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
import { loadNodeFs } from './host.js';

const hostErrorCodes: Readonly<Record<string, Errno>> = {
  E2BIG: Errno.TOOBIG,
  EACCES: Errno.ACCES,
  EAGAIN: Errno.AGAIN,
  EWOULDBLOCK: Errno.AGAIN,
  EBADF: Errno.BADF,
  EBUSY: Errno.BUSY,
  EEXIST: Errno.EXIST,
  EFBIG: Errno.FBIG,
  EINTR: Errno.INTR,
  EINVAL: Errno.INVAL,
  EIO: Errno.IO,
  EISDIR: Errno.ISDIR,
  ELOOP: Errno.LOOP,
  EMFILE: Errno.MFILE,
  EMLINK: Errno.MLINK,
  ENAMETOOLONG: Errno.NAMETOOLONG,
  ENFILE: Errno.NFILE,
  ENODEV: Errno.NODEV,
  ENOENT: Errno.NOENT,
  ENOMEM: Errno.NOMEM,
  ENOSPC: Errno.NOSPC,
  ENOSYS: Errno.NOSYS,
  ENOTDIR: Errno.NOTDIR,
  ENOTEMPTY: Errno.NOTEMPTY,
  ENOTSUP: Errno.NOTSUP,
  EOPNOTSUPP: Errno.NOTSUP,
  ENXIO: Errno.NXIO,
  EOVERFLOW: Errno.OVERFLOW,
  EPERM: Errno.PERM,
  EPIPE: Errno.PIPE,
  EROFS: Errno.ROFS,
  ESPIPE: Errno.SPIPE,
  ETXTBSY: Errno.TXTBSY,
  EXDEV: Errno.XDEV,
  EDQUOT: Errno.DQUOT,
};

/** Runs a Node fs call, turning its system errors into WasiErrnoError. */
function host<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') {
      const errno = hostErrorCodes[code];
      throw new WasiErrnoError(errno ?? Errno.IO, `host: ${(error as Error).message}`);
    }
    throw error;
  }
}

function filetypeOf(entry: BigIntStats | Dirent<Buffer>): Filetype {
  if (entry.isFile()) return Filetype.REGULAR_FILE;
  if (entry.isDirectory()) return Filetype.DIRECTORY;
  if (entry.isSymbolicLink()) return Filetype.SYMBOLIC_LINK;
  if (entry.isCharacterDevice()) return Filetype.CHARACTER_DEVICE;
  if (entry.isBlockDevice()) return Filetype.BLOCK_DEVICE;
  if (entry.isSocket()) return Filetype.SOCKET_STREAM;
  return Filetype.UNKNOWN;
}

/** Guest positions beyond 2^53 cannot be passed to Node; no host file is that large. */
function hostPosition(position: bigint | null, errnoIfTooLarge: Errno): number | null {
  if (position === null) return null;
  if (position > BigInt(Number.MAX_SAFE_INTEGER)) fail(errnoIfTooLarge);
  return Number(position);
}

function secondsOf(ns: bigint): number {
  return Number(ns) / 1e9;
}

interface ExactTime {
  readonly requested: bigint;
  readonly stored: bigint;
}

/** See the file comment: restores the nanoseconds that Node's utimes API cannot transmit. */
class TimestampOverlay {
  private readonly byInode = new Map<string, { atim: ExactTime; mtim: ExactTime }>();

  toFileStat(stats: BigIntStats): FileStat {
    const exact = this.byInode.get(`${stats.dev}:${stats.ino}`);
    return {
      filetype: filetypeOf(stats),
      dev: stats.dev,
      ino: stats.ino,
      nlink: stats.nlink,
      size: stats.size,
      atim: exact !== undefined && exact.atim.stored === stats.atimeNs ? exact.atim.requested : stats.atimeNs,
      mtim: exact !== undefined && exact.mtim.stored === stats.mtimeNs ? exact.mtim.requested : stats.mtimeNs,
      ctim: stats.ctimeNs,
    };
  }

  remember(stats: BigIntStats, atim: bigint, mtim: bigint): void {
    this.byInode.set(`${stats.dev}:${stats.ino}`, {
      atim: { requested: atim, stored: stats.atimeNs },
      mtim: { requested: mtim, stored: stats.mtimeNs },
    });
  }
}

class NodeFileHandle implements FileHandle {
  constructor(
    private readonly backend: NodeBackend,
    private readonly fd: number,
    readonly seekable: boolean,
  ) {}

  private get fs() {
    return loadNodeFs();
  }

  stat(): FileStat {
    return this.backend.overlay.toFileStat(host(() => this.fs.fstatSync(this.fd, { bigint: true })));
  }

  read(into: Uint8Array, position: bigint | null): number {
    if (position !== null && position > BigInt(Number.MAX_SAFE_INTEGER)) return 0;
    const at = this.seekable ? hostPosition(position, Errno.INVAL) : null;
    return host(() => this.fs.readSync(this.fd, into, 0, into.length, at));
  }

  write(from: Uint8Array, position: bigint | null): number {
    // Node's writeSync ignores bigint positions (it would write at the host offset), so always pass a number.
    const at = this.seekable ? hostPosition(position, Errno.FBIG) : null;
    return host(() => this.fs.writeSync(this.fd, from, 0, from.length, at));
  }

  setSize(size: bigint): void {
    const length = hostPosition(size, Errno.FBIG)!;
    host(() => this.fs.ftruncateSync(this.fd, length));
  }

  setTimes(atim: TimestampUpdate, mtim: TimestampUpdate): void {
    const current = this.stat();
    const newAtim = atim ?? current.atim;
    const newMtim = mtim ?? current.mtim;
    host(() => this.fs.futimesSync(this.fd, secondsOf(newAtim), secondsOf(newMtim)));
    this.backend.overlay.remember(host(() => this.fs.fstatSync(this.fd, { bigint: true })), newAtim, newMtim);
  }

  sync(): void {
    host(() => this.fs.fsyncSync(this.fd));
  }

  datasync(): void {
    host(() => this.fs.fdatasyncSync(this.fd));
  }

  close(): void {
    host(() => this.fs.closeSync(this.fd));
  }
}

/** Serves one preopened host directory. */
export class NodeBackend implements FsBackend {
  readonly description: string;
  readonly overlay = new TimestampOverlay();
  private readonly fs = loadNodeFs();
  private readonly root: string;

  constructor(hostRoot: string) {
    let stats: BigIntStats;
    try {
      stats = this.fs.statSync(hostRoot, { bigint: true });
    } catch (error) {
      throw new WasiConfigError(`preopen "${hostRoot}": ${(error as Error).message}`);
    }
    if (!stats.isDirectory()) throw new WasiConfigError(`preopen "${hostRoot}" is not a directory`);
    this.root = hostRoot.length > 1 ? hostRoot.replace(/\/+$/, '') : hostRoot;
    this.description = `host directory ${this.root}`;
  }

  private hostPath(path: PathComponents): string {
    for (const component of path) {
      if (component === '' || component === '.' || component === '..' || component.includes('/') || component.includes('\0')) {
        fail(Errno.PERM, `refusing unchecked path component "${component}"`);
      }
    }
    if (path.length === 0) return this.root;
    return (this.root === '/' ? '/' : `${this.root}/`) + path.join('/');
  }

  lstat(path: PathComponents): FileStat {
    const target = this.hostPath(path);
    // The preopen root itself was chosen by the embedder and may legitimately be a symlink.
    const stats = host(() =>
      path.length === 0 ? this.fs.statSync(target, { bigint: true }) : this.fs.lstatSync(target, { bigint: true }),
    );
    return this.overlay.toFileStat(stats);
  }

  readlink(path: PathComponents): Uint8Array {
    const target = this.hostPath(path);
    return new Uint8Array(host(() => this.fs.readlinkSync(target, { encoding: 'buffer' })));
  }

  openFile(path: PathComponents, options: OpenFileOptions): FileHandle {
    const target = this.hostPath(path);
    const c = this.fs.constants;
    let flags = options.read && options.write ? c.O_RDWR : options.write ? c.O_WRONLY : c.O_RDONLY;
    flags |= c.O_NOFOLLOW;
    if (options.create) flags |= c.O_CREAT;
    if (options.exclusive) flags |= c.O_EXCL;
    if (options.truncate) flags |= c.O_TRUNC;
    const existing = host(() => this.fs.lstatSync(target, { bigint: true, throwIfNoEntry: false }));
    if (existing !== undefined) {
      if (existing.isDirectory()) fail(Errno.ISDIR);
      // Opening a FIFO without O_NONBLOCK would block the whole host until a peer appears.
      if (!existing.isFile() && !existing.isSymbolicLink()) flags |= c.O_NONBLOCK;
    }
    const fd = host(() => this.fs.openSync(target, flags, 0o666));
    try {
      const stats = host(() => this.fs.fstatSync(fd, { bigint: true }));
      return new NodeFileHandle(this, fd, stats.isFile() || stats.isBlockDevice());
    } catch (error) {
      this.fs.closeSync(fd);
      throw error;
    }
  }

  createDirectory(path: PathComponents): void {
    const target = this.hostPath(path);
    host(() => this.fs.mkdirSync(target, 0o777));
  }

  removeDirectory(path: PathComponents): void {
    const target = this.hostPath(path);
    host(() => this.fs.rmdirSync(target));
  }

  unlinkFile(path: PathComponents): void {
    const target = this.hostPath(path);
    host(() => this.fs.unlinkSync(target));
  }

  rename(from: PathComponents, to: PathComponents): void {
    const source = this.hostPath(from);
    const target = this.hostPath(to);
    host(() => this.fs.renameSync(source, target));
  }

  link(from: PathComponents, to: PathComponents): void {
    const source = this.hostPath(from);
    const target = this.hostPath(to);
    host(() => this.fs.linkSync(source, target));
  }

  symlink(linkTarget: string, path: PathComponents): void {
    const target = this.hostPath(path);
    host(() => this.fs.symlinkSync(linkTarget, target));
  }

  readDirectory(path: PathComponents): DirectoryListingEntry[] {
    const target = this.hostPath(path);
    const entries = host(() => this.fs.readdirSync(target, { withFileTypes: true, encoding: 'buffer' }));
    return entries
      .map((entry) => ({ name: new Uint8Array(entry.name), filetype: filetypeOf(entry) }))
      .sort((a, b) => compareBytes(a.name, b.name));
  }

  setTimes(path: PathComponents, atim: TimestampUpdate, mtim: TimestampUpdate): void {
    const target = this.hostPath(path);
    const current = this.lstat(path);
    const newAtim = atim ?? current.atim;
    const newMtim = mtim ?? current.mtim;
    host(() => this.fs.lutimesSync(target, secondsOf(newAtim), secondsOf(newMtim)));
    this.overlay.remember(host(() => this.fs.lstatSync(target, { bigint: true })), newAtim, newMtim);
  }
}
