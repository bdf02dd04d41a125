/**
 * The engine registry behind `--engine`. Later engines (`interp`: Heron's interpreter,
 * `compiled`: Heron's Wasm-to-JS compiler) are added here with the same `Engine` surface.
 */
import type { Engine } from '../engine.js';
import { createNativeEngine } from './native.js';
import { createValidateEngine } from './validate.js';

const ENGINE_FACTORIES: Record<string, () => Engine | Promise<Engine>> = {
  native: createNativeEngine,
  validate: createValidateEngine,
};

export const ENGINE_NAMES: readonly string[] = Object.keys(ENGINE_FACTORIES);

export class UnknownEngineError extends Error {
  constructor(name: string) {
    super(`unknown engine "${name}" (known: ${ENGINE_NAMES.join(', ')})`);
    this.name = 'UnknownEngineError';
  }
}

export async function createEngine(name: string): Promise<Engine> {
  const factory = ENGINE_FACTORIES[name];
  if (factory === undefined) throw new UnknownEngineError(name);
  return factory();
}
