/**
 * The module-level IR container: the translated functions plus the environment their
 * indices refer to. Memories, tables, globals, segments and their initializers stay in
 * the decoded Wasm module (`wasm`), which back ends and the interpreter read directly.
 */
import type { Module } from '../compiler/module.js';
import type { IrFunction } from './function.js';
import { envFromModule, type ModuleEnv } from './types.js';

export interface IrModule {
  env: ModuleEnv;
  /** Defined functions in Wasm index order (imports have no IR). */
  functions: IrFunction[];
  /** The decoded module this IR came from; null for IR parsed from text. */
  wasm: Module | null;
}

export function createIrModule(wasm: Module): IrModule {
  return { env: envFromModule(wasm), functions: [], wasm };
}

/** The IR function with this Wasm function index, or undefined (imports, not translated). */
export function findFunction(module: IrModule, funcIndex: number): IrFunction | undefined {
  return module.functions.find((fn) => fn.funcIndex === funcIndex);
}
