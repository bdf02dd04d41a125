/**
 * Sandbox attack suite: each test is an attempt to get out of the capability sandbox, and
 * checks both the errno the guest gets (Wasmtime's) and that nothing outside the preopen was
 * touched. Path attacks run against the host backend and the in-memory backend alike.
 */

import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { existsSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Errno, MemoryDirectory, Oflags, WASI, WasiConfigError, WasiExitError } from '../../runtime-support/wasi/index.js';
import { nativeEngine } from './engine.js';
import { ALL_RIGHTS, DirectGuest, PAGE_SIZE } from './guest-harness.js';
import type { SandboxFixture } from './sandbox-fixture.js';
import { assembleWat } from '../translate/wat.js';
import { createHostSandbox, createMemorySandbox, SECRET } from './sandbox-fixture.js';

const PREOPEN = 3;

let fixture: SandboxFixture;
let outsideBefore: string;

beforeEach(() => {
  fixture = createHostSandbox();
  outsideBefore = fixture.snapshotOutside();
});

afterEach(() => {
  // Whatever the test did, nothing outside the preopen may have changed.
  expect(fixture.snapshotOutside()).toBe(outsideBefore);
  fixture.remove();
});

const backends = [
  { name: 'host', preopen: () => fixture.sandbox },
  { name: 'memory', preopen: () => createMemorySandbox(fixture.outside) },
] as const;

describe.each(backends)('path attacks ($name backend)', ({ preopen }) => {
  let guest: DirectGuest;
  beforeEach(() => {
    guest = new DirectGuest({ preopens: { '/': preopen() } });
  });

  it('refuses ".." past the preopen root with EPERM', () => {
    expect(guest.open(PREOPEN, '../outside/secret.txt').errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, 'inner/../../outside/secret.txt').errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, '..').errno).toBe(Errno.PERM);
    expect(guest.pathCall(guest.call.path_create_directory, PREOPEN, '../evil')).toBe(Errno.PERM);
    expect(guest.filestat(PREOPEN, 'inner/../..').errno).toBe(Errno.PERM);
  });

  it('refuses absolute paths with EPERM', () => {
    expect(guest.open(PREOPEN, '/etc/passwd').errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, `${fixture.outside}/secret.txt`).errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, '/inner/file.txt').errno).toBe(Errno.PERM);
  });

  it('resolves "a/../b" that stays inside', () => {
    const { errno, fd } = guest.open(PREOPEN, 'inner/../inner/./file.txt');
    expect(errno).toBe(Errno.SUCCESS);
    expect(guest.read(fd, 100).text).toBe('inner');
    const viaLink = guest.open(PREOPEN, 'inner/up/inner/file.txt');
    expect(viaLink.errno).toBe(Errno.SUCCESS);
  });

  it('keeps ".." from climbing above a directory descriptor, not just the preopen', () => {
    const inner = guest.open(PREOPEN, 'inner', { oflags: Oflags.DIRECTORY });
    expect(inner.errno).toBe(Errno.SUCCESS);
    expect(guest.open(inner.fd, '../inner/file.txt').errno).toBe(Errno.PERM);
    expect(guest.open(inner.fd, 'up/inner/file.txt').errno).toBe(Errno.PERM);
    expect(guest.open(inner.fd, 'file.txt').errno).toBe(Errno.SUCCESS);
  });

  it('refuses symlinks leading outside, followed at the end or in the middle', () => {
    expect(guest.open(PREOPEN, 'escape_rel', { follow: true }).errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, 'escape_abs', { follow: true }).errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, 'escape_dir/secret.txt').errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, 'escape_abs_dir/secret.txt').errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, 'inner/up2/outside/secret.txt').errno).toBe(Errno.PERM);
    expect(guest.filestat(PREOPEN, 'escape_rel', true).errno).toBe(Errno.PERM);
    expect(guest.filestat(PREOPEN, 'escape_dir/', false).errno).toBe(Errno.PERM);
    // Not following a final symlink opens nothing (ELOOP, like O_NOFOLLOW).
    expect(guest.open(PREOPEN, 'escape_rel').errno).toBe(Errno.LOOP);
  });

  it('cannot modify anything through escaping symlinks', () => {
    expect(guest.open(PREOPEN, 'escape_dir/new.txt', { oflags: Oflags.CREAT }).errno).toBe(Errno.PERM);
    expect(guest.open(PREOPEN, 'escape_rel', { follow: true, oflags: Oflags.TRUNC }).errno).toBe(Errno.PERM);
    expect(guest.pathCall(guest.call.path_unlink_file, PREOPEN, 'escape_dir/secret.txt')).toBe(Errno.PERM);
    expect(guest.pathCall(guest.call.path_create_directory, PREOPEN, 'escape_dir/dir/x')).toBe(Errno.PERM);
    expect(guest.pathCall(guest.call.path_remove_directory, PREOPEN, 'escape_dir/dir')).toBe(Errno.PERM);
    expect(guest.rename(PREOPEN, 'inner/file.txt', PREOPEN, 'escape_dir/stolen.txt')).toBe(Errno.PERM);
    expect(guest.rename(PREOPEN, 'escape_dir/secret.txt', PREOPEN, 'stolen.txt')).toBe(Errno.PERM);
    expect(guest.link(PREOPEN, 'escape_dir/secret.txt', PREOPEN, 'hardlink')).toBe(Errno.PERM);
    expect(guest.symlink('x', PREOPEN, 'escape_dir/planted')).toBe(Errno.PERM);
    // Removing the escaping link itself is fine: it is an entry inside the sandbox.
    expect(guest.pathCall(guest.call.path_unlink_file, PREOPEN, 'escape_rel')).toBe(Errno.SUCCESS);
  });

  it('answers symlink loops with ELOOP', () => {
    expect(guest.open(PREOPEN, 'self', { follow: true }).errno).toBe(Errno.LOOP);
    expect(guest.open(PREOPEN, 'loop_a', { follow: true }).errno).toBe(Errno.LOOP);
    expect(guest.open(PREOPEN, 'loop_a/file').errno).toBe(Errno.LOOP);
    expect(guest.filestat(PREOPEN, 'loop_b', true).errno).toBe(Errno.LOOP);
  });

  it('refuses to create symlinks with absolute targets', () => {
    expect(guest.symlink('/etc/passwd', PREOPEN, 'abs')).toBe(Errno.PERM);
    expect(guest.filestat(PREOPEN, 'abs').errno).toBe(Errno.NOENT);
    // A relative link may point anywhere, but following it outside fails.
    expect(guest.symlink('../../outside', PREOPEN, 'rel')).toBe(Errno.SUCCESS);
    expect(guest.open(PREOPEN, 'rel/secret.txt').errno).toBe(Errno.PERM);
  });

  it('rejects invalid UTF-8 with EILSEQ and NUL bytes with EINVAL', () => {
    const call = guest.call.path_create_directory;
    expect(guest.pathCall(call, PREOPEN, Uint8Array.of(0x61, 0xff))).toBe(Errno.ILSEQ);
    // Overlong encoding of '/' followed by "..": the classic way to smuggle a separator.
    expect(guest.pathCall(call, PREOPEN, Uint8Array.of(0x2e, 0x2e, 0xc0, 0xaf, 0x78))).toBe(Errno.ILSEQ);
    expect(guest.pathCall(call, PREOPEN, Uint8Array.of(0xed, 0xa0, 0x80))).toBe(Errno.ILSEQ);
    expect(guest.pathCall(call, PREOPEN, 'inner\0/../..')).toBe(Errno.INVAL);
    expect(guest.open(PREOPEN, 'inner/file.txt\0').errno).toBe(Errno.INVAL);
    expect(guest.symlink('\xff', PREOPEN, 'link')).toBe(Errno.SUCCESS); // U+00FF is valid UTF-8 text
    const [bad, badLen] = guest.put(Uint8Array.of(0x80));
    const [name, nameLen] = guest.put('link2');
    expect(guest.call.path_symlink(bad, badLen, PREOPEN, name, nameLen)).toBe(Errno.ILSEQ);
  });
});

describe('host-side tampering', () => {
  it('re-checks a directory descriptor path, so swapping it for an outside symlink does not escape', () => {
    const guest = new DirectGuest({ preopens: { '/': fixture.sandbox } });
    const inner = guest.open(PREOPEN, 'inner', { oflags: Oflags.DIRECTORY });
    expect(inner.errno).toBe(Errno.SUCCESS);
    renameSync(join(fixture.sandbox, 'inner'), join(fixture.sandbox, 'inner.moved'));
    symlinkSync(fixture.outside, join(fixture.sandbox, 'inner'));
    expect(guest.open(inner.fd, 'secret.txt').errno).toBe(Errno.NOENT);
    expect(guest.pathCall(guest.call.path_unlink_file, inner.fd, 'secret.txt')).toBe(Errno.NOENT);
  });
});

describe('descriptor attacks', () => {
  it('answers unopened, closed and huge fd numbers with EBADF', () => {
    const guest = new DirectGuest({});
    const [buf, len] = guest.put('x');
    const [iovs, count] = guest.iovecs([[buf, len]]);
    const result = guest.alloc(64);
    for (const fd of [3, 4, 1000, 0x7fffffff, -1, 0xffffffff]) {
      expect(guest.call.fd_write(fd, iovs, count, result)).toBe(Errno.BADF);
      expect(guest.call.fd_fdstat_get(fd, result)).toBe(Errno.BADF);
      expect(guest.call.fd_prestat_get(fd, result)).toBe(Errno.BADF);
      expect(guest.call.fd_close(fd)).toBe(Errno.BADF);
      expect(guest.open(fd, 'x').errno).toBe(Errno.BADF);
    }
    expect(guest.call.fd_close(2)).toBe(Errno.SUCCESS);
    expect(guest.call.fd_write(2, iovs, count, result)).toBe(Errno.BADF);
    expect(guest.call.fd_close(2)).toBe(Errno.BADF);
  });

  it('never lets guest fd numbers name host descriptors', () => {
    const hostFile = join(fixture.base, 'host-only.txt');
    const hostFd = openSync(hostFile, 'w');
    try {
      const guest = new DirectGuest({ preopens: { '/': fixture.sandbox } });
      expect(guest.write(hostFd, 'pwned').errno).toBe(Errno.BADF);
      expect(readFileSync(hostFile, 'utf8')).toBe('');
    } finally {
      closeSync(hostFd);
    }
  });

  it('does not close host stdio or preopen descriptors on fd_renumber or fd_close', () => {
    const hostOut = openSync(join(fixture.base, 'stdout.txt'), 'w');
    try {
      const guest = new DirectGuest({ stdout: hostOut, preopens: { '/': fixture.sandbox } });
      expect(guest.write(1, 'before ').errno).toBe(Errno.SUCCESS);
      const file = guest.open(PREOPEN, 'inner/file.txt');
      expect(guest.call.fd_renumber(file.fd, 1)).toBe(Errno.SUCCESS);
      expect(guest.read(1, 100).text).toBe('inner');
      expect(guest.call.fd_close(1)).toBe(Errno.SUCCESS);
      const another = guest.open(PREOPEN, 'inner/file.txt');
      expect(guest.call.fd_renumber(another.fd, PREOPEN)).toBe(Errno.SUCCESS);
      expect(guest.call.fd_close(PREOPEN)).toBe(Errno.SUCCESS);
      // The host descriptor is still open and usable.
      expect(fstatSync(hostOut).isFile()).toBe(true);
      writeSync(hostOut, 'after');
      expect(readFileSync(join(fixture.base, 'stdout.txt'), 'utf8')).toBe('before after');
      expect(lstatSync(fixture.sandbox).isDirectory()).toBe(true);
    } finally {
      closeSync(hostOut);
    }
  });

  it('cannot regain dropped rights', () => {
    const guest = new DirectGuest({ preopens: { '/': fixture.sandbox } });
    const file = guest.open(PREOPEN, 'inner/file.txt');
    const stat = guest.alloc(24);
    guest.call.fd_fdstat_get(file.fd, stat);
    const base = guest.u64(stat + 8);
    const readRight = 2n;
    expect(guest.call.fd_fdstat_set_rights(file.fd, base & ~readRight, 0n)).toBe(Errno.SUCCESS);
    expect(guest.read(file.fd, 10).errno).toBe(Errno.NOTCAPABLE);
    expect(guest.call.fd_fdstat_set_rights(file.fd, base, 0n)).toBe(Errno.NOTCAPABLE);
    expect(guest.call.fd_fdstat_set_rights(file.fd, ALL_RIGHTS << 2n, 0n)).toBe(Errno.NOTCAPABLE);
  });
});

describe('memory attacks', () => {
  it('answers out-of-bounds and wrapping pointers with EFAULT', () => {
    const guest = new DirectGuest({ preopens: { '/': fixture.sandbox }, args: ['prog', 'arg'] });
    const end = guest.size;
    const result = guest.alloc(8);
    const [data, dataLen] = guest.put('hello');
    // The iovec array itself out of bounds, or straddling the end.
    expect(guest.call.fd_write(1, end - 4, 1, result)).toBe(Errno.FAULT);
    expect(guest.call.fd_write(1, end, 1, result)).toBe(Errno.FAULT);
    // A buffer that wraps past 2^32.
    const [wrapping, wrappingCount] = guest.iovecs([[0xfffffff0, 0x20]]);
    expect(guest.call.fd_write(1, wrapping, wrappingCount, result)).toBe(Errno.FAULT);
    expect(guest.call.fd_read(0, wrapping, wrappingCount, result)).toBe(Errno.FAULT);
    // Result pointers.
    const [iovs, count] = guest.iovecs([[data, dataLen]]);
    expect(guest.call.fd_write(1, iovs, count, end - 2)).toBe(Errno.FAULT);
    expect(guest.call.fd_fdstat_get(1, end - 10)).toBe(Errno.FAULT);
    expect(guest.call.fd_filestat_get(1, 0xffffffff)).toBe(Errno.FAULT);
    expect(guest.call.args_get(end - 4, result)).toBe(Errno.FAULT);
    expect(guest.call.args_sizes_get(result, -4)).toBe(Errno.FAULT);
    expect(guest.call.clock_time_get(0, 0n, end - 7)).toBe(Errno.FAULT);
    expect(guest.call.random_get(0xfffffff0, 0x20)).toBe(Errno.FAULT);
    expect(guest.call.poll_oneoff(result, result, 0x7fffffff, result)).toBe(Errno.FAULT);
    // Path pointers.
    const out = guest.alloc(4);
    expect(guest.call.path_open(PREOPEN, 0, end - 2, 10, 0, 0n, 0n, 0, out)).toBe(Errno.FAULT);
    expect(guest.call.path_open(PREOPEN, 0, 0xffffffff, 2, 0, 0n, 0n, 0, out)).toBe(Errno.FAULT);
    expect(guest.call.fd_prestat_dir_name(PREOPEN, end, 100)).toBe(Errno.FAULT);
  });

  it('does not create a file when the result pointer of path_open is bad', () => {
    const guest = new DirectGuest({ preopens: { '/': fixture.sandbox } });
    const [path, pathLen] = guest.put('created.txt');
    expect(guest.call.path_open(PREOPEN, 0, path, pathLen, Oflags.CREAT, ALL_RIGHTS, 0n, 0, guest.size)).toBe(Errno.FAULT);
    expect(existsSync(join(fixture.sandbox, 'created.txt'))).toBe(false);
  });

  it('answers iovs_len of 2^30 and multi-GB random_get at once, without huge allocations', () => {
    const guest = new DirectGuest({});
    const result = guest.alloc(8);
    const started = performance.now();
    expect(guest.call.fd_write(1, 0, 2 ** 30, result)).toBe(Errno.FAULT);
    expect(guest.call.fd_read(0, 0, 2 ** 30, result)).toBe(Errno.FAULT);
    expect(guest.call.random_get(0, 3 * 2 ** 30)).toBe(Errno.FAULT);
    expect(guest.call.random_get(0, -1)).toBe(Errno.FAULT);
    expect(performance.now() - started).toBeLessThan(200);
    // A legitimate request the size of the whole memory is served.
    expect(guest.call.random_get(0, PAGE_SIZE)).toBe(Errno.SUCCESS);
    expect(guest.bytes.some((byte) => byte !== 0)).toBe(true);
  });
});

describe('nothing ambient', () => {
  it('gives no environment, arguments or directories unless granted', () => {
    expect(Object.keys(process.env).length).toBeGreaterThan(0);
    const guest = new DirectGuest({});
    const count = guest.alloc(4);
    const size = guest.alloc(4);
    expect(guest.call.environ_sizes_get(count, size)).toBe(Errno.SUCCESS);
    expect([guest.u32(count), guest.u32(size)]).toEqual([0, 0]);
    expect(guest.call.args_sizes_get(count, size)).toBe(Errno.SUCCESS);
    expect([guest.u32(count), guest.u32(size)]).toEqual([0, 0]);
    expect(guest.call.fd_prestat_get(3, count)).toBe(Errno.BADF);
  });

  it('passes exactly the granted arguments and environment', () => {
    const guest = new DirectGuest({ args: ['prog', 'a b'], env: { KEY: 'value' } });
    const pointers = guest.alloc(16);
    const buffer = guest.alloc(64);
    expect(guest.call.environ_get(pointers, buffer)).toBe(Errno.SUCCESS);
    expect(guest.text(guest.u32(pointers), 9)).toBe('KEY=value');
    expect(guest.call.args_get(pointers, buffer)).toBe(Errno.SUCCESS);
    expect(guest.text(guest.u32(pointers + 4), 3)).toBe('a b');
  });
});

describe('process attacks', () => {
  it('proc_raise never sends a real signal', () => {
    const kill = vi.spyOn(process, 'kill');
    try {
      const guest = new DirectGuest({});
      expect(guest.call.proc_raise(9)).toBe(Errno.NOTSUP);
      expect(guest.call.proc_raise(15)).toBe(Errno.NOTSUP);
      expect(guest.call.proc_raise(1000)).toBe(Errno.INVAL);
      expect(kill).not.toHaveBeenCalled();
    } finally {
      kill.mockRestore();
    }
  });

  const exitModule = `(module
    (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "_start")
      (call $exit (i32.const 42))
      ;; A guest that survived proc_exit would go on to write; it must not get here.
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))
      unreachable))`;

  it('proc_exit unwinds the guest and never exits the host process', async () => {
    const exit = vi.spyOn(process, 'exit');
    try {
      const wasi = new WASI({ stdout: { write() {} } });
      const instance = await nativeEngine.instantiate(assembleWat(exitModule), wasi.getImportObject());
      expect(wasi.start(instance)).toBe(42);
      expect(exit).not.toHaveBeenCalled();
      expect(() => wasi.start(instance)).toThrow(WasiConfigError);
    } finally {
      exit.mockRestore();
    }
  });

  it('returnOnExit: false rethrows the exit to the embedder instead', async () => {
    const wasi = new WASI({ returnOnExit: false });
    const instance = await nativeEngine.instantiate(assembleWat(exitModule), wasi.getImportObject());
    expect(() => wasi.start(instance)).toThrow(expect.objectContaining({ name: 'WasiExitError', code: 42 }));
  });

  it('a guest that catches the exit cannot make further calls', () => {
    const guest = new DirectGuest({});
    expect(() => guest.call.proc_exit(3)).toThrow(WasiExitError);
    expect(() => guest.call.sched_yield()).toThrow(WasiExitError);
  });

  it('a compiled guest gets EPERM for "..", EFAULT for a 2^30-entry iovec array', async () => {
    const wat = `(module
      (import "wasi_snapshot_preview1" "path_open"
        (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 16) "../outside/secret.txt")
      (func (export "_start")
        (local $errno i32)
        (local.set $errno (call $open (i32.const 3) (i32.const 1) (i32.const 16) (i32.const 21)
          (i32.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 64)))
        (if (i32.ne (local.get $errno) (i32.const 63)) (then (call $exit (i32.const 1))))
        (local.set $errno (call $write (i32.const 1) (i32.const 0) (i32.const 0x40000000) (i32.const 64)))
        (call $exit (local.get $errno))))`;
    const wasi = new WASI({ preopens: { '/': fixture.sandbox }, stdout: { write() {} } });
    const instance = await nativeEngine.instantiate(assembleWat(wat), wasi.getImportObject());
    expect(wasi.start(instance)).toBe(Errno.FAULT);
  });
});

describe('configuration errors', () => {
  it('rejects a preopen that is not a directory or a memory tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heron-wasi-cfg-'));
    try {
      expect(() => new WASI({ preopens: { '/': join(dir, 'missing') } })).toThrow(WasiConfigError);
      expect(() => new WASI({ args: ['a\0b'] })).toThrow(WasiConfigError);
      expect(() => new WASI({ preopens: { '/': new MemoryDirectory() } })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses calls before a memory is bound', () => {
    const wasi = new WASI({});
    expect(() => wasi.wasiImport.args_sizes_get(0, 4)).toThrow(WasiConfigError);
  });
});

it('leaves the secret intact', () => {
  expect(readFileSync(join(fixture.outside, 'secret.txt'), 'utf8')).toBe(SECRET);
});
