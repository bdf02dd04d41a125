/**
 * The path_* functions of preview1. Every path is resolved by path-resolver.ts below the
 * directory descriptor it is given, so nothing outside a preopen can be named; the checks here
 * add the per-operation POSIX errors (EEXIST, EISDIR, ...) identically for both backends.
 */

import {
  ALL_FDFLAGS,
  ALL_OFLAGS,
  DIRECTORY_RIGHTS,
  Errno,
  FILE_RIGHTS,
  Filetype,
  Lookupflags,
  Oflags,
  Rights,
  rightsFromU64,
} from './constants.js';
import { fail } from './errors.js';
import type { Descriptor, DirectoryDescriptor } from './fd-table.js';
import { requireRights } from './fd-table.js';
import { timestampUpdates, writeFilestat } from './filestat.js';
import type { GuestMemory } from './memory.js';
import type { ResolvedPath } from './path-resolver.js';
import { resolvePath } from './path-resolver.js';
import type { ExitLatch, WasiContext, WasiPreview1Imports } from './syscall.js';
import { syscall, u64 } from './syscall.js';
import { decodeGuestPath } from './utf8.js';

type PathImports = Pick<
  WasiPreview1Imports,
  | 'path_create_directory'
  | 'path_filestat_get'
  | 'path_filestat_set_times'
  | 'path_link'
  | 'path_open'
  | 'path_readlink'
  | 'path_remove_directory'
  | 'path_rename'
  | 'path_symlink'
  | 'path_unlink_file'
>;

/** Rights that need the file opened for reading / for writing on the host. */
const READ_ACCESS_RIGHTS = Rights.FD_READ | Rights.FD_READDIR;
const WRITE_ACCESS_RIGHTS = Rights.FD_WRITE | Rights.FD_DATASYNC | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE;

function readPath(memory: GuestMemory, ptr: number, len: number): string {
  return decodeGuestPath(memory.slice(ptr, len >>> 0));
}

function resolve(directory: DirectoryDescriptor, path: string, lookupflags: number): ResolvedPath {
  return resolvePath(directory.backend, directory.path, path, (lookupflags & Lookupflags.SYMLINK_FOLLOW) !== 0);
}

/** The target of a creating operation must be a fresh name. */
function requireFreshName(target: ResolvedPath): void {
  if (target.stat !== null || target.endsInDotComponent) fail(Errno.EXIST);
}

/** Both directories of a two-path operation must be on the same backend (one preopen tree). */
function requireSameBackend(a: DirectoryDescriptor, b: DirectoryDescriptor): void {
  if (a.backend !== b.backend) fail(Errno.XDEV, 'paths are in different preopened trees');
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((component, i) => path[i] === component);
}

interface OpenRequest {
  readonly oflags: number;
  readonly rightsBase: number;
  readonly rightsInheriting: number;
  readonly fdflags: number;
}

function openResolved(directory: DirectoryDescriptor, target: ResolvedPath, request: OpenRequest): Descriptor {
  const { oflags, rightsBase, rightsInheriting, fdflags } = request;
  const create = (oflags & Oflags.CREAT) !== 0;
  const exclusive = (oflags & Oflags.EXCL) !== 0;
  const truncate = (oflags & Oflags.TRUNC) !== 0;
  const stat = target.stat;
  if (stat === null) {
    if (!create) fail(Errno.NOENT);
    if (target.trailingSlash) fail(Errno.ISDIR, 'cannot create a file with a trailing slash');
  } else {
    if (create && exclusive) fail(Errno.EXIST);
    if (stat.filetype === Filetype.SYMBOLIC_LINK) fail(Errno.LOOP, 'symlink not followed (no SYMLINK_FOLLOW)');
    if ((oflags & Oflags.DIRECTORY) !== 0 && stat.filetype !== Filetype.DIRECTORY) fail(Errno.NOTDIR);
    if (stat.filetype === Filetype.DIRECTORY) {
      if (create || truncate || (rightsBase & Rights.FD_WRITE) !== 0) fail(Errno.ISDIR);
      return {
        kind: 'directory',
        backend: directory.backend,
        path: target.path,
        preopenName: null,
        listing: null,
        rightsBase: rightsBase & DIRECTORY_RIGHTS,
        rightsInheriting,
        fdflags,
      };
    }
  }
  const handle = directory.backend.openFile(target.path, {
    read: (rightsBase & READ_ACCESS_RIGHTS) !== 0,
    write: (rightsBase & WRITE_ACCESS_RIGHTS) !== 0,
    create,
    exclusive,
    truncate,
  });
  let filetype: Filetype;
  try {
    filetype = handle.stat().filetype;
  } catch (error) {
    handle.close();
    throw error;
  }
  // A pipe or device has no position to seek or tell.
  const positionRights = handle.seekable ? 0 : Rights.FD_SEEK | Rights.FD_TELL;
  return {
    kind: 'file',
    handle,
    filetype,
    offset: 0n,
    rightsBase: rightsBase & FILE_RIGHTS & ~positionRights,
    rightsInheriting,
    fdflags,
  };
}

export function pathImports(context: WasiContext, latch: ExitLatch): PathImports {
  const { fds } = context;
  return {
    path_open: syscall(
      latch,
      (
        fd: number,
        dirflags: number,
        pathPtr: number,
        pathLen: number,
        oflags: number,
        rightsBase: bigint,
        rightsInheriting: bigint,
        fdflags: number,
        resultFdPtr: number,
      ) => {
        const memory = context.memory();
        const directory = fds.directory(fd, Rights.PATH_OPEN);
        const path = readPath(memory, pathPtr, pathLen);
        memory.check(resultFdPtr, 4);
        if ((oflags & ~ALL_OFLAGS) !== 0) fail(Errno.INVAL, 'unknown oflags');
        if ((fdflags & ~ALL_FDFLAGS) !== 0) fail(Errno.INVAL, 'unknown fdflags');
        if ((oflags & Oflags.DIRECTORY) !== 0 && (oflags & (Oflags.CREAT | Oflags.EXCL | Oflags.TRUNC)) !== 0) {
          fail(Errno.INVAL, 'DIRECTORY cannot be combined with CREAT, EXCL or TRUNC');
        }
        if ((oflags & Oflags.CREAT) !== 0) requireRights(directory, Rights.PATH_CREATE_FILE);
        if ((oflags & Oflags.TRUNC) !== 0) requireRights(directory, Rights.PATH_FILESTAT_SET_SIZE);
        // What is opened gets at most what the directory may hand on.
        const request: OpenRequest = {
          oflags,
          rightsBase: rightsFromU64(u64(rightsBase)).rights & directory.rightsInheriting,
          rightsInheriting: rightsFromU64(u64(rightsInheriting)).rights & directory.rightsInheriting,
          fdflags,
        };
        const entry = openResolved(directory, resolve(directory, path, dirflags), request);
        let newFd: number;
        try {
          newFd = fds.insert(entry);
        } catch (error) {
          if (entry.kind === 'file') entry.handle.close();
          throw error;
        }
        memory.setU32(resultFdPtr, newFd);
      },
    ),
    path_create_directory: syscall(latch, (fd: number, pathPtr: number, pathLen: number) => {
      const directory = fds.directory(fd, Rights.PATH_CREATE_DIRECTORY);
      const target = resolve(directory, readPath(context.memory(), pathPtr, pathLen), 0);
      requireFreshName(target);
      directory.backend.createDirectory(target.path);
    }),
    path_remove_directory: syscall(latch, (fd: number, pathPtr: number, pathLen: number) => {
      const directory = fds.directory(fd, Rights.PATH_REMOVE_DIRECTORY);
      const target = resolve(directory, readPath(context.memory(), pathPtr, pathLen), 0);
      if (target.endsInDotComponent) fail(Errno.INVAL, 'cannot remove "." or ".."');
      if (target.stat === null) fail(Errno.NOENT);
      if (target.stat.filetype !== Filetype.DIRECTORY) fail(Errno.NOTDIR);
      if (target.path.length <= directory.path.length) fail(Errno.BUSY, 'cannot remove the directory itself');
      directory.backend.removeDirectory(target.path);
    }),
    path_unlink_file: syscall(latch, (fd: number, pathPtr: number, pathLen: number) => {
      const directory = fds.directory(fd, Rights.PATH_UNLINK_FILE);
      const target = resolve(directory, readPath(context.memory(), pathPtr, pathLen), 0);
      if (target.endsInDotComponent) fail(Errno.ISDIR);
      if (target.stat === null) fail(Errno.NOENT);
      if (target.stat.filetype === Filetype.DIRECTORY) fail(Errno.ISDIR);
      directory.backend.unlinkFile(target.path);
    }),
    path_filestat_get: syscall(latch, (fd: number, flags: number, pathPtr: number, pathLen: number, resultPtr: number) => {
      const memory = context.memory();
      const directory = fds.directory(fd, Rights.PATH_FILESTAT_GET);
      const target = resolve(directory, readPath(memory, pathPtr, pathLen), flags);
      memory.check(resultPtr, 64);
      if (target.stat === null) fail(Errno.NOENT);
      writeFilestat(memory, resultPtr, target.stat);
    }),
    path_filestat_set_times: syscall(
      latch,
      (fd: number, flags: number, pathPtr: number, pathLen: number, atim: bigint, mtim: bigint, fstflags: number) => {
        const directory = fds.directory(fd, Rights.PATH_FILESTAT_SET_TIMES);
        const path = readPath(context.memory(), pathPtr, pathLen);
        const times = timestampUpdates(u64(atim), u64(mtim), fstflags);
        const target = resolve(directory, path, flags);
        if (target.stat === null) fail(Errno.NOENT);
        directory.backend.setTimes(target.path, times.atim, times.mtim);
      },
    ),
    path_readlink: syscall(
      latch,
      (fd: number, pathPtr: number, pathLen: number, buf: number, bufLen: number, bufusedPtr: number) => {
        const memory = context.memory();
        const directory = fds.directory(fd, Rights.PATH_READLINK);
        const target = resolve(directory, readPath(memory, pathPtr, pathLen), 0);
        memory.check(buf, bufLen >>> 0);
        memory.check(bufusedPtr, 4);
        if (target.stat === null) fail(Errno.NOENT);
        if (target.stat.filetype !== Filetype.SYMBOLIC_LINK) fail(Errno.INVAL, 'not a symlink');
        // A short buffer receives a truncated target, as POSIX readlink does.
        const contents = directory.backend.readlink(target.path).subarray(0, bufLen >>> 0);
        memory.write(buf, contents);
        memory.setU32(bufusedPtr, contents.length);
      },
    ),
    path_symlink: syscall(
      latch,
      (oldPathPtr: number, oldPathLen: number, fd: number, newPathPtr: number, newPathLen: number) => {
        const memory = context.memory();
        const directory = fds.directory(fd, Rights.PATH_SYMLINK);
        const linkTarget = readPath(memory, oldPathPtr, oldPathLen);
        const linkPath = readPath(memory, newPathPtr, newPathLen);
        if (linkTarget.length === 0) fail(Errno.NOENT, 'empty symlink target');
        // Such a link could never be followed inside the sandbox; refuse it like Wasmtime does.
        if (linkTarget.startsWith('/')) fail(Errno.PERM, 'absolute symlink targets are not allowed');
        const target = resolve(directory, linkPath, 0);
        requireFreshName(target);
        if (target.trailingSlash) fail(Errno.NOENT, 'symlink name ends in "/"');
        directory.backend.symlink(linkTarget, target.path);
      },
    ),
    path_link: syscall(
      latch,
      (
        oldFd: number,
        oldFlags: number,
        oldPathPtr: number,
        oldPathLen: number,
        newFd: number,
        newPathPtr: number,
        newPathLen: number,
      ) => {
        const memory = context.memory();
        const sourceDirectory = fds.directory(oldFd, Rights.PATH_LINK_SOURCE);
        const targetDirectory = fds.directory(newFd, Rights.PATH_LINK_TARGET);
        const oldPath = readPath(memory, oldPathPtr, oldPathLen);
        const newPath = readPath(memory, newPathPtr, newPathLen);
        if ((oldFlags & Lookupflags.SYMLINK_FOLLOW) !== 0) fail(Errno.INVAL, 'path_link does not follow symlinks');
        requireSameBackend(sourceDirectory, targetDirectory);
        const source = resolve(sourceDirectory, oldPath, 0);
        if (source.stat === null) fail(Errno.NOENT);
        if (source.stat.filetype === Filetype.DIRECTORY) fail(Errno.PERM, 'cannot hard-link a directory');
        const target = resolve(targetDirectory, newPath, 0);
        if (target.stat === null && target.trailingSlash) fail(Errno.NOENT, 'link name ends in "/"');
        requireFreshName(target);
        sourceDirectory.backend.link(source.path, target.path);
      },
    ),
    path_rename: syscall(
      latch,
      (fd: number, oldPathPtr: number, oldPathLen: number, newFd: number, newPathPtr: number, newPathLen: number) => {
        const memory = context.memory();
        const sourceDirectory = fds.directory(fd, Rights.PATH_RENAME_SOURCE);
        const targetDirectory = fds.directory(newFd, Rights.PATH_RENAME_TARGET);
        const oldPath = readPath(memory, oldPathPtr, oldPathLen);
        const newPath = readPath(memory, newPathPtr, newPathLen);
        requireSameBackend(sourceDirectory, targetDirectory);
        const source = resolve(sourceDirectory, oldPath, 0);
        if (source.stat === null) fail(Errno.NOENT);
        const target = resolve(targetDirectory, newPath, 0);
        if (source.endsInDotComponent || target.endsInDotComponent) fail(Errno.INVAL, 'cannot rename "." or ".."');
        if (source.path.length <= sourceDirectory.path.length) fail(Errno.BUSY, 'cannot rename the directory itself');
        const sourceIsDirectory = source.stat.filetype === Filetype.DIRECTORY;
        if (target.stat === null) {
          if (target.trailingSlash && !sourceIsDirectory) fail(Errno.NOTDIR);
        } else if (sourceIsDirectory && target.stat.filetype !== Filetype.DIRECTORY) {
          fail(Errno.NOTDIR);
        } else if (!sourceIsDirectory && target.stat.filetype === Filetype.DIRECTORY) {
          fail(Errno.ISDIR);
        }
        if (sourceIsDirectory && target.path.length > source.path.length && isPrefix(source.path, target.path)) {
          fail(Errno.INVAL, 'cannot move a directory inside itself');
        }
        sourceDirectory.backend.rename(source.path, target.path);
      },
    ),
  };
}
