/**
 * The runtime that generated code uses. Generated code either imports this module or
 * carries a copy of it (backend-js/runtime-bundle.ts, built from these files by
 * tests/backend/build-runtime-bundle.ts), so every file here must be self-contained apart
 * from its imports of sibling files, ../errors.ts, ../../ir/traps.ts and the shared runtime
 * objects and protocol (../raw-call.ts, ../values.ts, ../memory.ts, ../table.ts,
 * ../global.ts, ../exception.ts — used by the interpreter too), and top-level names must be
 * unique across the files.
 */
export * from './brands.js';
export * from '../raw-call.js';
export * from './traps.js';
export * from './float-bits.js';
export * from './numeric.js';
export * from './i64.js';
export * from './i64-pairs.js';
export * from '../values.js';
export * from '../memory.js';
export * from '../table.js';
export * from './table.js';
export * from '../global.js';
export * from '../exception.js';
export * from './functions.js';
export * from './link.js';
export * from './bulk-memory.js';
export * from './atomics.js';
export * from './tail-calls.js';
export * from './simd.js';
export { CompileError, LinkError, RuntimeError } from '../errors.js';
