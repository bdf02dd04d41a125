/**
 * Heron's WASI preview1 implementation. Runs on any JS engine (no WebAssembly global, no static
 * Node imports); host files need Node, in-memory trees work everywhere.
 */

export { WASI } from './wasi.js';
export type { WasiInstance, WasiOptions } from './wasi.js';
export type { WasiPreview1Imports } from './syscall.js';
export type { WasiInputStream, WasiOutputStream } from './streams.js';
export { MemoryDirectory, MemoryFile, MemorySymlink } from './memory-backend.js';
export type { MemoryNode } from './memory-backend.js';
export { WasiConfigError, WasiErrnoError, WasiExitError, errnoName } from './errors.js';
export { Errno, Fdflags, Filetype, Fstflags, Lookupflags, Oflags, Rights, Whence } from './constants.js';
