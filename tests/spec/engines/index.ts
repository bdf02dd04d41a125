/**
 * The engine registry behind `--engine`: V8's native WebAssembly, Heron's validator alone,
 * Heron's IR interpreter and Heron's compiled JS, all with the same `Engine` surface.
 */
import type { Engine } from '../engine.js';
import { createNativeEngine } from './native.js';
import { createValidateEngine } from './validate.js';
import { createInterpEngine } from '../../interp/engine.js';
import { createCompiledEngine } from '../../backend/engine.js';
import { createOptimizedInterpEngine } from '../../passes/engine.js';

const ENGINE_FACTORIES: Record<string, () => Engine | Promise<Engine>> = {
  native: createNativeEngine,
  validate: createValidateEngine,
  interp: createInterpEngine,
  compiled: createCompiledEngine,
  'interp-O2': createOptimizedInterpEngine,
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
