/**
 * The `validate` engine: Heron's front end only (`parseModule`: decoder + validator). It
 * judges assert_malformed / assert_invalid and module acceptance; it executes nothing.
 */
import { EngineUnavailableError, type Engine } from '../engine.js';
import { PROPOSALS } from '../loader.js';
import * as heronErrors from '../../../runtime-support/errors.js';

export async function createValidateEngine(): Promise<Engine> {
  // Imported lazily so that the other engines work while the front end is still missing.
  const { parseModule } = await import('../../../compiler/parse.js');
  const errors = {
    CompileError: heronErrors.CompileError,
    LinkError: heronErrors.LinkError,
    RuntimeError: heronErrors.RuntimeError,
  };
  const unsupported = (): never => {
    throw new EngineUnavailableError('the validate engine does not instantiate or run modules');
  };
  return {
    name: 'validate',
    executes: false,
    // compiler/validator.ts implements all six proposals at once, in every script.
    proposals: [...PROPOSALS],
    errors,
    host: { Memory: unsupportedHost('Memory'), Table: unsupportedHost('Table'), Global: unsupportedHost('Global') },
    parse(bytes) {
      parseModule(bytes);
    },
    instantiate: unsupported,
    isTrap: () => false,
    isStackExhaustion: () => false,
    isWasmException: () => false,
  };
}

/** A host constructor that refuses to be used: the validate engine never links. */
function unsupportedHost(kind: string): new () => object {
  return class {
    constructor() {
      throw new EngineUnavailableError(`the validate engine has no host ${kind}`);
    }
  };
}
