/**
 * Test helpers: build modules from text with wabt (every feature Heron supports enabled)
 * and run them through decode + validate.
 */
import wabtInit from 'wabt';
import { expect } from 'vitest';
import { decodeModule } from '../../compiler/decoder.js';
import { ALL_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import { validateModule } from '../../compiler/validator.js';
import { CompileError } from '../../runtime-support/errors.js';

const wabt = await wabtInit();

/** wabt's feature flags; `multi_memory` is accepted by wabt 1.0.39 but missing from its typings. */
const FEATURES = {
  exceptions: true,
  simd: true,
  threads: true,
  multi_value: true,
  tail_call: true,
  bulk_memory: true,
  reference_types: true,
  memory64: true,
  extended_const: true,
  multi_memory: true,
};

/** The binary of a text module, with a name section. wabt does not validate it. */
export function wat(text: string): Uint8Array {
  const module = wabt.parseWat('test.wat', text, FEATURES);
  try {
    module.resolveNames();
    return module.toBinary({ write_debug_names: true }).buffer;
  } finally {
    module.destroy();
  }
}

export function validateBytes(bytes: Uint8Array, features: Readonly<WasmFeatures> = ALL_FEATURES): void {
  validateModule(decodeModule(bytes, features), features);
}

/** Assert that the module is valid. */
export function expectValid(text: string): void {
  expect(() => validateBytes(wat(text))).not.toThrow();
}

/** Assert that the module is rejected with a CompileError, and return its message. */
export function rejection(text: string): string {
  return rejectionOfBytes(wat(text));
}

export function rejectionOfBytes(bytes: Uint8Array): string {
  try {
    validateBytes(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CompileError);
    return (error as Error).message;
  }
  throw new Error('expected the module to be rejected, but it validated');
}

/** The byte offset named in a message (`@0x1a2`). */
export function messageOffset(message: string): number {
  const match = /@0x([0-9a-f]+)/.exec(message);
  if (match === null) throw new Error(`no offset in message: ${message}`);
  return parseInt(match[1]!, 16);
}
