/**
 * The `validate` engine: Heron's front end only (`parseModule`: decoder + validator). It
 * judges assert_malformed / assert_invalid and module acceptance; it executes nothing.
 * Each script is parsed with its suite's features (core: Wasm 2.0; a proposal's suite:
 * Wasm 2.0 plus the proposal); before the first `prepareFor`, with all features.
 */
import { ALL_FEATURES, type WasmFeatures } from '../../../compiler/features.js';
import { EngineUnavailableError, suiteFeatures, type Engine } from '../engine.js';
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
  let features: Readonly<WasmFeatures> = ALL_FEATURES;
  return {
    name: 'validate',
    executes: false,
    // Features are chosen per suite (prepareFor), none in every script.
    proposals: [],
    errors,
    host: { Memory: unsupportedHost('Memory'), Table: unsupportedHost('Table'), Global: unsupportedHost('Global') },
    parse(bytes) {
      parseModule(bytes, { features });
    },
    instantiate: unsupported,
    isTrap: () => false,
    isStackExhaustion: () => false,
    isWasmException: () => false,
    prepareFor(suite) {
      features = suiteFeatures(suite);
    },
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
