/**
 * The `compiled` engine for the spec runner: modules go through Heron's whole pipeline
 * (decode, validate, translate to IR, generate JS) and run as generated JS in this process.
 * Host objects are Heron's runtime objects; traps are RuntimeErrors, stack overflow a
 * RuntimeError with the runtime's "call stack exhausted" message.
 */
import { parseModule } from '../../compiler/parse.js';
import { CompileError, LinkError, RuntimeError } from '../../runtime-support/errors.js';
import { Memory } from '../../runtime-support/memory.js';
import { isWasmException } from '../../runtime-support/exception.js';
import { Global } from '../../runtime-support/global.js';
import { Table } from '../../runtime-support/table.js';
import { STACK_EXHAUSTED_MESSAGE } from '../../runtime-support/js/traps.js';
import { ALL_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import { suiteFeatures, type Engine, type HostConstructors, type ImportObject } from '../spec/engine.js';
import { compileForTest } from './harness.js';

export function createCompiledEngine(): Engine {
  // Each script is compiled with its suite's features (see tests/spec/engine.ts).
  let features: Readonly<WasmFeatures> = ALL_FEATURES;
  return {
    name: 'compiled',
    executes: true,
    proposals: [],
    errors: { CompileError, LinkError, RuntimeError },
    host: { Memory, Table, Global } as unknown as HostConstructors,
    parse(bytes) {
      parseModule(bytes, { features });
    },
    instantiate(bytes, imports: ImportObject) {
      return compileForTest(bytes, features)(imports);
    },
    isTrap: (error) => error instanceof RuntimeError,
    isStackExhaustion: (error) => error instanceof RuntimeError && error.message === STACK_EXHAUSTED_MESSAGE,
    isWasmException: (error) => isWasmException(error),
    prepareFor(suite) {
      features = suiteFeatures(suite);
    },
  };
}
