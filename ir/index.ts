/** Heron IR: entities, opcode table, builder, text format, verifier. See README.md. */
export * from './types.js';
export * from './traps.js';
export * from './function.js';
export * from './module.js';
export * from './opcodes/index.js';
export * from './signature.js';
export * from './builder.js';
export * from './literals.js';
export { printFunction, printModule, printEnv, formatInst, type PrintOptions } from './printer.js';
export { parseIrModule, parseIrFunction, IrParseError } from './parser.js';
export * from './cfg.js';
export * from './verifier.js';
