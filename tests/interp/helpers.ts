/** Test helpers: Wasm text -> bytes (tests/translate/wat.ts), then interpret. */
import { interpret, type ImportObject } from '../../ir/interpreter/index.js';
import { assembleWat } from '../translate/wat.js';

/** Exports are typed loosely: tests call them like JS API exports. */
export type LooseExports = Record<string, any>;

export function run(wat: string, imports: ImportObject = {}): LooseExports {
  return interpret(assembleWat(wat), imports).exports as LooseExports;
}
