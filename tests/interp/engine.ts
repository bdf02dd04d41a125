/**
 * The `interp` engine for the spec runner: Heron's front end, translator and IR interpreter
 * (`interpret`), with Heron's own Memory / Table / Global as host objects. Each script is
 * parsed with its suite's features (core: Wasm 2.0; a proposal's suite: plus that proposal).
 */
import { ALL_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import { parseModule } from '../../compiler/parse.js';
import { interpret } from '../../ir/interpreter/index.js';
import { STACK_EXHAUSTED_MESSAGE } from '../../ir/interpreter/stack.js';
import { CompileError, LinkError, RuntimeError } from '../../runtime-support/errors.js';
import { isWasmException } from '../../runtime-support/exception.js';
import { Global } from '../../runtime-support/global.js';
import { Memory } from '../../runtime-support/memory.js';
import { Table } from '../../runtime-support/table.js';
import { suiteFeatures, type Engine } from '../spec/engine.js';

export function createInterpEngine(): Engine {
  let features: Readonly<WasmFeatures> = ALL_FEATURES;
  return {
    name: 'interp',
    executes: true,
    proposals: [],
    errors: { CompileError, LinkError, RuntimeError },
    host: { Memory, Table, Global },
    parse(bytes) {
      parseModule(bytes, { features });
    },
    instantiate(bytes, imports) {
      return interpret(bytes, imports, { features });
    },
    isTrap: (error) => error instanceof RuntimeError,
    isStackExhaustion: (error) => error instanceof RuntimeError && error.message === STACK_EXHAUSTED_MESSAGE,
    isWasmException: (error) => isWasmException(error),
    prepareFor(suite) {
      features = suiteFeatures(suite);
    },
  };
}
