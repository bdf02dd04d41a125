/**
 * Heron's library entry. The names exported here are a fixed contract for outside tools
 * (DEVELOPERS.md): parseModule, compile, interpret, WASI, and the three error classes.
 */
export { CompileError, LinkError, RuntimeError } from './runtime-support/errors.js';
export { parseModule } from './compiler/parse.js';
export { WASI } from './runtime-support/wasi/index.js';
export type { WasiOptions } from './runtime-support/wasi/index.js';
export { interpret } from './ir/interpreter/index.js';
export { compile } from './backend-js/index.js';
