/**
 * The three ways Heron runs a module, for cross-engine tests: the interpreter, compiled JS
 * sharing the library's runtime (format 'factory'), and compiled JS carrying its own inlined
 * copy of the runtime (format 'cjs') — so objects and functions must be recognised by
 * `Symbol.for` brands, never by `instanceof`.
 */
import { compile } from '../../backend-js/index.js';
import { interpret, type ImportObject } from '../../ir/interpreter/index.js';
import { compileForTest } from '../backend/harness.js';
import { assembleWat } from '../translate/wat.js';

/** Exports are typed loosely: tests call them like JS API exports. */
export type LooseExports = Record<string, any>;

export type EngineName = 'interp' | 'compiled' | 'inline';

export const ENGINES: readonly EngineName[] = ['interp', 'compiled', 'inline'];

interface CjsModule {
  exports: { instantiate(imports: unknown): { exports: LooseExports } };
}

/** Instantiates `bytes` with one engine. */
export function instantiateWith(engine: EngineName, bytes: Uint8Array, imports: ImportObject = {}): LooseExports {
  switch (engine) {
    case 'interp':
      return interpret(bytes, imports).exports as LooseExports;
    case 'compiled':
      return compileForTest(bytes)(imports).exports as LooseExports;
    case 'inline': {
      const { code } = compile(bytes, { format: 'cjs' });
      const module: CjsModule = { exports: {} as CjsModule['exports'] };
      new Function('module', code)(module);
      return module.exports.instantiate(imports).exports;
    }
  }
}

export function runWith(engine: EngineName, wat: string, imports: ImportObject = {}): LooseExports {
  return instantiateWith(engine, assembleWat(wat), imports);
}

/** Every ordered pair of engines (exporter, importer), same-engine pairs included. */
export function enginePairs(): [EngineName, EngineName][] {
  return ENGINES.flatMap((a) => ENGINES.map((b): [EngineName, EngineName] => [a, b]));
}

/** Whether the JS back end compiles v128 code yet (SIMD is being added in parallel). */
export function compiledSimdAvailable(): boolean {
  try {
    compile(assembleWat('(module (func (export "f") (param v128) (result v128) (local.get 0)))'), { format: 'factory' });
    return true;
  } catch {
    return false;
  }
}
