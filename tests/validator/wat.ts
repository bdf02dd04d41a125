/**
 * Test helpers: build modules from text (tests/translate/wat.ts, every feature Heron
 * supports enabled) and run them through decode + validate.
 */
import { expect } from 'vitest';
import { decodeModule } from '../../compiler/decoder.js';
import { ALL_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import { validateModule } from '../../compiler/validator.js';
import { CompileError } from '../../runtime-support/errors.js';
import { assembleWat } from '../translate/wat.js';

export function validateBytes(bytes: Uint8Array, features: Readonly<WasmFeatures> = ALL_FEATURES): void {
  validateModule(decodeModule(bytes, features), features);
}

/** Assert that the module is valid. */
export function expectValid(text: string): void {
  expect(() => validateBytes(assembleWat(text))).not.toThrow();
}

/** Assert that the module is rejected with a CompileError, and return its message. */
export function rejection(text: string): string {
  return rejectionOfBytes(assembleWat(text));
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
