/**
 * The host (Node fs) backend and the in-memory backend must agree: the same sequence of preview1
 * calls runs against a fresh empty preopen of each, every observable result (errno, bytes read,
 * sizes, listings, link targets, exact timestamps) goes into a trace, and the traces must match.
 * A few entries are also checked against hand-written expectations so a shared bug cannot hide.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Errno, Fdflags, Fstflags, MemoryDirectory, Oflags, Whence } from '../../runtime-support/wasi/index.js';
import { DirectGuest } from './guest-harness.js';

const ROOT = 3;
type Trace = Map<string, unknown>;

function seekTo(guest: DirectGuest, fd: number, offset: bigint, whence: number): bigint | string {
  const result = guest.alloc(8);
  const errno = guest.call.fd_seek(fd, offset, whence, result);
  return errno === Errno.SUCCESS ? guest.u64(result) : `errno ${errno}`;
}

function fileSize(guest: DirectGuest, fd: number): bigint | string {
  const result = guest.alloc(64);
  const errno = guest.call.fd_filestat_get(fd, result);
  return errno === Errno.SUCCESS ? guest.u64(result + 32) : `errno ${errno}`;
}

function pread(guest: DirectGuest, fd: number, offset: bigint, length: number): string {
  const buf = guest.alloc(length);
  const [iovs, count] = guest.iovecs([[buf, length]]);
  const used = guest.alloc(4);
  const errno = guest.call.fd_pread(fd, iovs, count, offset, used);
  return errno === Errno.SUCCESS ? guest.text(buf, guest.u32(used)) : `errno ${errno}`;
}

function contents(guest: DirectGuest, path: string): string {
  const { errno, fd } = guest.open(ROOT, path);
  if (errno !== Errno.SUCCESS) return `errno ${errno}`;
  const text = guest.read(fd, 256).text;
  guest.call.fd_close(fd);
  return text;
}

/** The shared scenario; returns everything observable. */
function runScenario(guest: DirectGuest): Trace {
  const trace: Trace = new Map();
  const record = (label: string, value: unknown) => {
    if (trace.has(label)) throw new Error(`duplicate trace label ${label}`);
    trace.set(label, value);
  };
  const unlink = (path: string) => guest.pathCall(guest.call.path_unlink_file, ROOT, path);
  const rmdir = (path: string) => guest.pathCall(guest.call.path_remove_directory, ROOT, path);
  const mkdir = (path: string) => guest.pathCall(guest.call.path_create_directory, ROOT, path);

  // Files: create, read, seek, positional I/O, size changes, append.
  record('create a.txt', guest.create(ROOT, 'a.txt', 'hello'));
  const a = guest.open(ROOT, 'a.txt');
  record('open a.txt', a.errno);
  record('read a.txt', guest.read(a.fd, 100).text);
  record('read at EOF', guest.read(a.fd, 100).text);
  record('seek end', seekTo(guest, a.fd, 0n, Whence.END));
  record('seek before start', seekTo(guest, a.fd, -10n, Whence.CUR));
  record('seek bad whence', seekTo(guest, a.fd, 0n, 7));
  const pwriteData = guest.put('X');
  const [pwIovs, pwCount] = guest.iovecs([pwriteData]);
  const written = guest.alloc(4);
  record('pwrite past end', guest.call.fd_pwrite(a.fd, pwIovs, pwCount, 10n, written));
  record('size after pwrite', fileSize(guest, a.fd));
  record('pread hole', [...pread(guest, a.fd, 3n, 8)].map((c) => c.charCodeAt(0)));
  record('tell unchanged by pread/pwrite', seekTo(guest, a.fd, 0n, Whence.CUR));
  record('set size 2', guest.call.fd_filestat_set_size(a.fd, 2n));
  record('size after truncate', fileSize(guest, a.fd));
  record('allocate 0..8', guest.call.fd_allocate(a.fd, 0n, 8n));
  record('size after allocate', fileSize(guest, a.fd));
  record('set size back to 2', guest.call.fd_filestat_set_size(a.fd, 2n));
  guest.call.fd_close(a.fd);
  const appender = guest.open(ROOT, 'a.txt', { fdflags: Fdflags.APPEND });
  record('seek 0 before append', seekTo(guest, appender.fd, 0n, Whence.SET));
  record('append', guest.write(appender.fd, '++').count);
  record('offset after append', seekTo(guest, appender.fd, 0n, Whence.CUR));
  guest.call.fd_close(appender.fd);
  record('contents after append', contents(guest, 'a.txt'));
  record('O_TRUNC', guest.open(ROOT, 'a.txt', { oflags: Oflags.TRUNC }).errno);
  record('contents after O_TRUNC', contents(guest, 'a.txt'));
  guest.create(ROOT, 'a.txt', 'hello');

  // open() errors.
  record('open missing', guest.open(ROOT, 'missing').errno);
  record('open CREAT|EXCL existing', guest.open(ROOT, 'a.txt', { oflags: Oflags.CREAT | Oflags.EXCL }).errno);
  record('open DIRECTORY on file', guest.open(ROOT, 'a.txt', { oflags: Oflags.DIRECTORY }).errno);
  record('open file with trailing slash', guest.open(ROOT, 'a.txt/').errno);
  record('open CREAT with trailing slash', guest.open(ROOT, 'new/', { oflags: Oflags.CREAT }).errno);

  // Directories.
  record('mkdir d', mkdir('d'));
  record('mkdir d again', mkdir('d'));
  record('mkdir missing parent', mkdir('d/e/f'));
  record('mkdir through file', mkdir('a.txt/e'));
  record('open dir for writing', guest.open(ROOT, 'd', { rights: 1n << 6n }).errno);
  record('create d/x', guest.create(ROOT, 'd/x', 'x'));
  record('mkdir d/sub', mkdir('d/sub'));
  const d = guest.open(ROOT, 'd', { oflags: Oflags.DIRECTORY });
  record('readdir d', guest.readdir(d.fd).names);
  record('read on a directory', guest.read(d.fd, 10).errno);
  guest.call.fd_close(d.fd);
  record('readdir on a file', guest.readdir(guest.open(ROOT, 'a.txt').fd).errno);

  // Symlinks.
  record('symlink ln -> a.txt', guest.symlink('a.txt', ROOT, 'ln'));
  record('symlink over existing', guest.symlink('a.txt', ROOT, 'ln'));
  record('symlink name with slash', guest.symlink('a.txt', ROOT, 'ln2/'));
  record('readlink ln', guest.readlink(ROOT, 'ln'));
  record('readlink short buffer', guest.readlink(ROOT, 'ln', 3));
  record('readlink on file', guest.readlink(ROOT, 'a.txt').errno);
  record('lstat ln', guest.filestat(ROOT, 'ln').filetype);
  const followed = guest.filestat(ROOT, 'ln', true);
  record('stat ln followed', [followed.filetype, followed.size]);
  record('open ln without follow', guest.open(ROOT, 'ln').errno);
  record('open ln followed', contents(guest, 'ln') === 'errno 32' ? 'refused' : 'n/a');
  record('read via followed ln', (() => {
    const opened = guest.open(ROOT, 'ln', { follow: true });
    return opened.errno === Errno.SUCCESS ? guest.read(opened.fd, 100).text : `errno ${opened.errno}`;
  })());
  record('symlink dangling', guest.symlink('nowhere', ROOT, 'dang'));
  record('open dangling followed', guest.open(ROOT, 'dang', { follow: true }).errno);
  record('create through dangling', guest.open(ROOT, 'dang', { follow: true, oflags: Oflags.CREAT }).errno);
  record('dangling target now exists', guest.filestat(ROOT, 'nowhere').filetype);
  record('symlink d/up -> ..', guest.symlink('..', ROOT, 'd/up'));
  record('read through d/up', contents(guest, 'd/up/a.txt'));

  // Hard links.
  record('link a.txt hard', guest.link(ROOT, 'a.txt', ROOT, 'hard'));
  record('link onto existing', guest.link(ROOT, 'a.txt', ROOT, 'hard'));
  record('link a directory', guest.link(ROOT, 'd', ROOT, 'dlink'));
  record('link a symlink', guest.link(ROOT, 'ln', ROOT, 'ln-hard'));
  record('hard shares inode', guest.filestat(ROOT, 'hard').ino === guest.filestat(ROOT, 'a.txt').ino);
  record('hard link is the symlink itself', guest.filestat(ROOT, 'ln-hard').filetype);

  // Rename.
  record('rename a.txt -> b.txt', guest.rename(ROOT, 'a.txt', ROOT, 'b.txt'));
  record('old name gone', guest.open(ROOT, 'a.txt').errno);
  record('rename missing', guest.rename(ROOT, 'a.txt', ROOT, 'c.txt'));
  record('rename file onto dir', guest.rename(ROOT, 'b.txt', ROOT, 'd'));
  record('rename dir onto file', guest.rename(ROOT, 'd', ROOT, 'b.txt'));
  record('rename dir into itself', guest.rename(ROOT, 'd', ROOT, 'd/sub/inner'));
  record('mkdir e', mkdir('e'));
  record('rename dir onto nonempty dir', guest.rename(ROOT, 'e', ROOT, 'd'));
  record('rename dir onto empty dir', guest.rename(ROOT, 'd', ROOT, 'e'));
  record('rename file onto file', guest.rename(ROOT, 'hard', ROOT, 'b.txt'));
  record('contents after rename', contents(guest, 'b.txt'));

  // Removal.
  record('unlink dir', unlink('e'));
  record('unlink dir with slash', unlink('e/'));
  record('unlink file with slash', unlink('b.txt/'));
  record('rmdir file', rmdir('b.txt'));
  record('rmdir nonempty', rmdir('e'));
  record('rmdir missing', rmdir('zzz'));
  record('unlink symlink', unlink('ln'));
  record('unlink missing', unlink('ln'));

  // Timestamps are exact to the nanosecond.
  const [path, pathLen] = guest.put('b.txt');
  record(
    'set times',
    guest.call.path_filestat_set_times(ROOT, 0, path, pathLen, 1_000_000_123n, 2_000_000_456n, Fstflags.ATIM | Fstflags.MTIM),
  );
  const stat = guest.alloc(64);
  guest.call.path_filestat_get(ROOT, 0, path, pathLen, stat);
  record('times after set', [guest.u64(stat + 40), guest.u64(stat + 48)]);
  record(
    'set times with both MTIM and MTIM_NOW',
    guest.call.path_filestat_set_times(ROOT, 0, path, pathLen, 0n, 0n, Fstflags.MTIM | Fstflags.MTIM_NOW),
  );

  record('final listing', guest.readdir(ROOT, 96).names);
  return trace;
}

describe('backend agreement', () => {
  const scratchDirs: string[] = [];
  afterEach(() => {
    for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function hostTrace(): Trace {
    const dir = mkdtempSync(join(tmpdir(), 'heron-wasi-backend-'));
    scratchDirs.push(dir);
    return runScenario(new DirectGuest({ preopens: { '/': dir } }));
  }

  it('host and in-memory backends produce identical traces', () => {
    const host = hostTrace();
    const memory = runScenario(new DirectGuest({ preopens: { '/': new MemoryDirectory() } }));
    expect([...memory.entries()]).toEqual([...host.entries()]);
  });

  it('the shared trace has the expected POSIX answers', () => {
    const trace = hostTrace();
    expect(trace.get('read a.txt')).toBe('hello');
    expect(trace.get('size after pwrite')).toBe(11n);
    expect(trace.get('pread hole')).toEqual([108, 111, 0, 0, 0, 0, 0, 88]);
    expect(trace.get('contents after append')).toBe('he++');
    expect(trace.get('offset after append')).toBe(4n);
    expect(trace.get('mkdir d again')).toBe(Errno.EXIST);
    expect(trace.get('open DIRECTORY on file')).toBe(Errno.NOTDIR);
    expect(trace.get('open dir for writing')).toBe(Errno.ISDIR);
    expect(trace.get('readdir d')).toEqual(['.', '..', 'sub', 'x']);
    expect(trace.get('readlink short buffer')).toEqual({ errno: 0, target: 'a.t' });
    expect(trace.get('open ln without follow')).toBe(Errno.LOOP);
    expect(trace.get('read via followed ln')).toBe('hello');
    expect(trace.get('link a directory')).toBe(Errno.PERM);
    expect(trace.get('hard shares inode')).toBe(true);
    expect(trace.get('rename file onto dir')).toBe(Errno.ISDIR);
    expect(trace.get('rename dir onto nonempty dir')).toBe(Errno.NOTEMPTY);
    expect(trace.get('unlink dir')).toBe(Errno.ISDIR);
    expect(trace.get('unlink file with slash')).toBe(Errno.NOTDIR);
    expect(trace.get('times after set')).toEqual([1_000_000_123n, 2_000_000_456n]);
    // 'hard' survives: renaming a hard link onto another link of the same file does nothing (POSIX).
    expect(trace.get('final listing')).toEqual(['.', '..', 'b.txt', 'dang', 'e', 'hard', 'ln-hard', 'nowhere']);
  });
});
