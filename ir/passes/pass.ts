/**
 * The contract of an optimization pass: a function-local transformation of one IR function,
 * in place, given the module environment its indices refer to. Passes never look at other
 * functions, so each can be run, tested and verified on its own (compiler/pipeline.ts
 * sequences them; tests run the IR verifier after every pass).
 */
import type { IrFunction } from '../function.js';
import type { ModuleEnv } from '../types.js';

export interface PassContext {
  readonly env: ModuleEnv;
}

export interface FunctionPass {
  /** The name used by `heron ir --after NAME` and `--passes a,b,c`. */
  readonly name: string;
  /** One line: what the pass does. */
  readonly summary: string;
  /** Transforms `fn` in place; returns true when anything changed. */
  run(fn: IrFunction, context: PassContext): boolean;
}
