/** Clocks, randomness, poll_oneoff, sockets and stdio streams, called directly. */

import { describe, expect, it } from 'vitest';
import { Errno, MemoryDirectory } from '../../runtime-support/wasi/index.js';
import { DirectGuest } from './guest-harness.js';

const MONOTONIC = 1;
const REALTIME = 0;

/** Writes `count` 48-byte subscriptions: [userdata, type, clock id or fd, timeout ns]. */
function subscriptions(guest: DirectGuest, entries: readonly [bigint, number, number, bigint][]): number {
  const ptr = guest.alloc(entries.length * 48);
  const view = new DataView(guest.memory.buffer);
  entries.forEach(([userdata, type, idOrFd, timeout], i) => {
    const at = ptr + i * 48;
    view.setBigUint64(at, userdata, true);
    view.setUint8(at + 8, type);
    view.setUint32(at + 16, idOrFd, true);
    view.setBigUint64(at + 24, timeout, true);
  });
  return ptr;
}

function events(guest: DirectGuest, ptr: number, count: number): { userdata: bigint; error: number; type: number }[] {
  return Array.from({ length: count }, (_, i) => ({
    userdata: guest.u64(ptr + i * 32),
    error: guest.bytes[ptr + i * 32 + 8]! | (guest.bytes[ptr + i * 32 + 9]! << 8),
    type: guest.bytes[ptr + i * 32 + 10]!,
  }));
}

describe('clocks and randomness', () => {
  it('reads realtime and a non-decreasing monotonic clock', () => {
    const guest = new DirectGuest({});
    const result = guest.alloc(8);
    expect(guest.call.clock_time_get(REALTIME, 0n, result)).toBe(Errno.SUCCESS);
    const wall = guest.u64(result);
    expect(Number(wall / 1_000_000n)).toBeGreaterThan(Date.now() - 5000);
    expect(guest.call.clock_time_get(MONOTONIC, 0n, result)).toBe(Errno.SUCCESS);
    const first = guest.u64(result);
    guest.call.clock_time_get(MONOTONIC, 0n, result);
    expect(guest.u64(result)).toBeGreaterThanOrEqual(first);
    expect(guest.call.clock_res_get(MONOTONIC, result)).toBe(Errno.SUCCESS);
    expect(guest.u64(result)).toBeGreaterThan(0n);
    expect(guest.call.clock_time_get(9, 0n, result)).toBe(Errno.INVAL);
  });

  it('fills random_get from the configured source', () => {
    const guest = new DirectGuest({ randomSource: (target) => target.fill(7) });
    const buf = guest.alloc(16);
    expect(guest.call.random_get(buf, 16)).toBe(Errno.SUCCESS);
    expect([...guest.bytes.subarray(buf, buf + 16)]).toEqual(new Array(16).fill(7));
  });
});

describe('poll_oneoff', () => {
  it('sleeps until the earliest clock subscription', () => {
    const guest = new DirectGuest({});
    const subs = subscriptions(guest, [
      [1n, 0, MONOTONIC, 30_000_000n],
      [2n, 0, MONOTONIC, 5_000_000_000n],
    ]);
    const out = guest.alloc(64);
    const count = guest.alloc(4);
    const started = performance.now();
    expect(guest.call.poll_oneoff(subs, out, 2, count)).toBe(Errno.SUCCESS);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(2000);
    expect(events(guest, out, guest.u32(count))).toEqual([{ userdata: 1n, error: 0, type: 0 }]);
  });

  it('reports fd readiness at once', () => {
    const guest = new DirectGuest({});
    const subs = subscriptions(guest, [
      [1n, 0, MONOTONIC, 10_000_000_000n],
      [2n, 2, 1, 0n],
      [3n, 1, 0, 0n],
    ]);
    const out = guest.alloc(96);
    const count = guest.alloc(4);
    expect(guest.call.poll_oneoff(subs, out, 3, count)).toBe(Errno.SUCCESS);
    expect(events(guest, out, guest.u32(count))).toEqual([
      { userdata: 2n, error: 0, type: 2 },
      { userdata: 3n, error: 0, type: 1 },
    ]);
  });

  it('fails with EBADF for unknown fds or the wrong direction, EINVAL for CPU-time clocks (as Wasmtime)', () => {
    const guest = new DirectGuest({ preopens: { '/': new MemoryDirectory() } });
    const out = guest.alloc(96);
    const count = guest.alloc(4);
    expect(guest.call.poll_oneoff(subscriptions(guest, [[1n, 1, 77, 0n]]), out, 1, count)).toBe(Errno.BADF);
    expect(guest.call.poll_oneoff(subscriptions(guest, [[1n, 2, 0, 0n]]), out, 1, count)).toBe(Errno.BADF);
    expect(guest.call.poll_oneoff(subscriptions(guest, [[1n, 1, 3, 0n]]), out, 1, count)).toBe(Errno.BADF);
    expect(guest.call.poll_oneoff(subscriptions(guest, [[1n, 0, 2, 0n]]), out, 1, count)).toBe(Errno.INVAL);
  });

  it('rejects an empty subscription list', () => {
    const guest = new DirectGuest({});
    const count = guest.alloc(4);
    expect(guest.call.poll_oneoff(count, count, 0, count)).toBe(Errno.INVAL);
  });
});

describe('sockets and streams', () => {
  it('hands out no sockets', () => {
    const guest = new DirectGuest({});
    const out = guest.alloc(8);
    expect(guest.call.sock_accept(1, 0, out)).toBe(Errno.NOTSOCK);
    expect(guest.call.sock_shutdown(1, 1)).toBe(Errno.NOTSOCK);
    expect(guest.call.sock_recv(9, 0, 0, 0, out, out)).toBe(Errno.BADF);
    expect(guest.call.sock_send(9, 0, 0, 0, out)).toBe(Errno.BADF);
  });

  it('reads stdin from an object and gathers fd_write into one sink call', () => {
    const chunks: string[] = [];
    const input = [new TextEncoder().encode('line one\n')];
    const guest = new DirectGuest({
      stdin: { read: () => input.shift() ?? null },
      stdout: { write: (bytes) => void chunks.push(new TextDecoder().decode(bytes)) },
    });
    expect(guest.read(0, 4).text).toBe('line');
    expect(guest.read(0, 100).text).toBe(' one\n');
    expect(guest.read(0, 100).text).toBe('');
    const [a, aLen] = guest.put('ab');
    const [b, bLen] = guest.put('cd');
    const [iovs, count] = guest.iovecs([[a, aLen], [b, bLen]]);
    const written = guest.alloc(4);
    expect(guest.call.fd_write(1, iovs, count, written)).toBe(Errno.SUCCESS);
    expect(chunks).toEqual(['abcd']);
    expect(guest.write(0, 'x').errno).toBe(Errno.NOTCAPABLE);
    const offset = guest.alloc(8);
    expect(guest.call.fd_seek(1, 0n, 0, offset)).toBe(Errno.NOTCAPABLE);
    expect(guest.call.fd_tell(1, offset)).toBe(Errno.NOTCAPABLE);
  });

  it('lists a large directory page by page with small buffers', () => {
    const tree = new MemoryDirectory();
    for (let i = 0; i < 50; i++) tree.writeFile(`file-with-a-long-name-${String(i).padStart(3, '0')}`, '');
    const guest = new DirectGuest({ preopens: { '/': tree } });
    const { errno, names } = guest.readdir(3, 64);
    expect(errno).toBe(Errno.SUCCESS);
    expect(names.length).toBe(52);
    expect(names[51]).toBe('file-with-a-long-name-049');
  });
});
