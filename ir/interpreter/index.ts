/**
 * Heron's IR interpreter: runs a Wasm module by translating it to IR and executing the IR
 * as register bytecode (compiled per function on first call, emit.ts; run by the dispatch loop
 * of run.ts) over a shared register stack. `interpret(bytes, imports)` behaves like
 * `new WebAssembly.Instance(new WebAssembly.Module(bytes), imports)` without needing
 * `WebAssembly` (node --jitless, Hermes).
 */
import { parseModule, type ParseOptions } from '../../compiler/parse.js';
import { translateModule } from '../../compiler/translate.js';
import { instantiateIr, type InterpretedInstance } from './instance.js';
import type { ImportObject } from './imports.js';

export { instantiateIr, type InterpretedInstance } from './instance.js';
export type { ImportObject } from './imports.js';
export { interpreterSupports } from './compile-function.js';
export { InterpreterCompileError } from './context.js';

export function interpret(bytes: Uint8Array | ArrayBuffer, importObject: ImportObject = {}, options: ParseOptions = {}): InterpretedInstance {
  const module = parseModule(bytes, options);
  return instantiateIr(translateModule(module), importObject);
}
