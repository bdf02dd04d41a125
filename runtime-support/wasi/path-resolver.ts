/**
 * Capability-safe path resolution (the model of Wasmtime's cap-std): a guest path is resolved
 * relative to a directory descriptor, component by component, with `lstat` at every step and
 * symlinks expanded by the resolver itself — never by handing a joined string to the host.
 *
 * - An absolute path, a `..` that would climb above the descriptor's directory, or a symlink
 *   whose target is absolute or climbs above it, is EPERM (Wasmtime's answer).
 * - `a/../b` inside the directory works; `.` and empty components are ignored.
 * - More than MAX_SYMLINK_EXPANSIONS expansions is ELOOP.
 * - The directory's own components (from the backend root) are re-checked on every lookup:
 *   each must still be a real directory, so a host-side swap of one for a symlink is caught.
 */

import { Errno, Filetype, MAX_SYMLINK_EXPANSIONS } from './constants.js';
import { fail, WasiErrnoError } from './errors.js';
import type { FileStat, FsBackend, PathComponents } from './fs-backend.js';
import { tryDecodeUtf8 } from './utf8.js';

export interface ResolvedPath {
  /** Components from the backend root of the object found (or to be created). */
  readonly path: string[];
  /** Status of that object; null when it does not exist (its parent does). */
  readonly stat: FileStat | null;
  /** The guest path (or the last symlink target expanded at its end) ended in '/'. */
  readonly trailingSlash: boolean;
  /** The guest path's last component was '.' or '..', so it names no entry to create or remove. */
  readonly endsInDotComponent: boolean;
}

function pushComponentsReversed(stack: string[], text: string): void {
  const parts = text.split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    if (part !== '' && part !== '.') stack.push(part);
  }
}

function lstatOrNull(backend: FsBackend, path: PathComponents): FileStat | null {
  try {
    return backend.lstat(path);
  } catch (error) {
    if (error instanceof WasiErrnoError && error.errno === Errno.NOENT) return null;
    throw error;
  }
}

/** Checks that every component of a directory descriptor's own path is still a real directory. */
function verifyBase(backend: FsBackend, base: PathComponents): FileStat {
  const current: string[] = [];
  let stat = backend.lstat(current);
  for (const component of base) {
    current.push(component);
    stat = backend.lstat(current);
    if (stat.filetype !== Filetype.DIRECTORY) fail(Errno.NOENT, 'directory descriptor no longer names a directory');
  }
  return stat;
}

/**
 * Resolves `guestPath` below `base`. `followFinal` says whether a symlink in last position is
 * expanded (a trailing slash forces it, as in POSIX).
 */
export function resolvePath(
  backend: FsBackend,
  base: PathComponents,
  guestPath: string,
  followFinal: boolean,
): ResolvedPath {
  if (guestPath.length === 0) fail(Errno.NOENT, 'empty path');
  if (guestPath.startsWith('/')) fail(Errno.PERM, `absolute path "${guestPath}" escapes the directory`);

  const rawParts = guestPath.split('/').filter((part) => part !== '');
  const lastRaw = rawParts[rawParts.length - 1];
  const endsInDotComponent = lastRaw === '.' || lastRaw === '..';
  let trailingSlash = guestPath.endsWith('/');

  let stat: FileStat | null = verifyBase(backend, base);
  const current = [...base];
  const pending: string[] = [];
  pushComponentsReversed(pending, guestPath);
  let expansions = 0;

  while (pending.length > 0) {
    const component = pending.pop()!;
    const isLast = pending.length === 0;
    if (component === '..') {
      if (current.length <= base.length) fail(Errno.PERM, `path "${guestPath}" climbs out of its directory`);
      current.pop();
      // Every entry of `current` was checked to be a directory when it was pushed.
      stat = null;
      continue;
    }
    current.push(component);
    const entry = lstatOrNull(backend, current);
    if (entry === null) {
      if (isLast) return { path: current, stat: null, trailingSlash, endsInDotComponent };
      fail(Errno.NOENT, `no such directory "${component}" in "${guestPath}"`);
    }
    if (entry.filetype === Filetype.SYMBOLIC_LINK && (!isLast || followFinal || trailingSlash)) {
      expansions++;
      if (expansions > MAX_SYMLINK_EXPANSIONS) fail(Errno.LOOP, `too many symlinks in "${guestPath}"`);
      const target = tryDecodeUtf8(backend.readlink(current));
      if (target === null) fail(Errno.ILSEQ, 'symlink target is not valid UTF-8');
      if (target.length === 0) fail(Errno.NOENT, 'empty symlink target');
      if (target.startsWith('/')) fail(Errno.PERM, `symlink to absolute path "${target}" escapes the directory`);
      current.pop();
      if (isLast && target.endsWith('/')) trailingSlash = true;
      pushComponentsReversed(pending, target);
      continue;
    }
    if (!isLast && entry.filetype !== Filetype.DIRECTORY) fail(Errno.NOTDIR, `"${component}" is not a directory`);
    stat = entry;
  }

  if (stat === null) stat = backend.lstat(current);
  if (trailingSlash && stat.filetype !== Filetype.DIRECTORY) {
    fail(Errno.NOTDIR, `"${guestPath}" ends in '/' but is not a directory`);
  }
  return { path: current, stat, trailingSlash, endsInDotComponent };
}
