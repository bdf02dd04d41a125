/** filestat encoding and fstflags decoding, shared by the fd_* and path_* groups. */

import { ALL_FSTFLAGS, Errno, Fstflags } from './constants.js';
import { fail } from './errors.js';
import type { Descriptor } from './fd-table.js';
import type { FileStat, TimestampUpdate } from './fs-backend.js';
import { realtimeNow } from './host.js';
import type { GuestMemory } from './memory.js';

/** Writes a 64-byte `filestat` at ptr. */
export function writeFilestat(memory: GuestMemory, ptr: number, stat: FileStat): void {
  const at = memory.check(ptr, 64);
  memory.bytes.fill(0, at, at + 64);
  memory.setU64(at, stat.dev);
  memory.setU64(at + 8, stat.ino);
  memory.setU8(at + 16, stat.filetype);
  memory.setU64(at + 24, stat.nlink);
  memory.setU64(at + 32, stat.size);
  memory.setU64(at + 40, stat.atim);
  memory.setU64(at + 48, stat.mtim);
  memory.setU64(at + 56, stat.ctim);
}

/** filestat of any descriptor; a lent stream reports only its type. */
export function descriptorStat(entry: Descriptor): FileStat {
  switch (entry.kind) {
    case 'stream':
      return { filetype: entry.stream.filetype, dev: 0n, ino: 0n, nlink: 0n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
    case 'file':
      return entry.handle.stat();
    case 'directory':
      return entry.backend.lstat(entry.path);
  }
}

/** Decodes the (atim, mtim, fstflags) triple; a time with both X and X_NOW set is EINVAL. */
export function timestampUpdates(
  atim: bigint,
  mtim: bigint,
  fstflags: number,
): { atim: TimestampUpdate; mtim: TimestampUpdate } {
  if ((fstflags & ~ALL_FSTFLAGS) !== 0) fail(Errno.INVAL, 'unknown fstflags');
  if ((fstflags & Fstflags.ATIM) !== 0 && (fstflags & Fstflags.ATIM_NOW) !== 0) fail(Errno.INVAL, 'ATIM with ATIM_NOW');
  if ((fstflags & Fstflags.MTIM) !== 0 && (fstflags & Fstflags.MTIM_NOW) !== 0) fail(Errno.INVAL, 'MTIM with MTIM_NOW');
  const now = (fstflags & (Fstflags.ATIM_NOW | Fstflags.MTIM_NOW)) !== 0 ? realtimeNow() : 0n;
  return {
    atim: (fstflags & Fstflags.ATIM) !== 0 ? atim : (fstflags & Fstflags.ATIM_NOW) !== 0 ? now : null,
    mtim: (fstflags & Fstflags.MTIM) !== 0 ? mtim : (fstflags & Fstflags.MTIM_NOW) !== 0 ? now : null,
  };
}
