/**
 * The tests' one Wasm text assembler (npm `wabt`): every proposal Heron implements is
 * enabled and the name section is written, so IR shows `$names`. wabt is loaded once, when
 * this file is first imported, so assembling is synchronous (validator tests assemble
 * inside `expect(() => ...)`).
 */
import wabtInit from 'wabt';
import { parseModule } from '../../compiler/parse.js';
import type { Module } from '../../compiler/module.js';

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

/** The binary of a text module, with a name section. wabt does not validate it: Heron does. */
export function assembleWat(text: string, fileName = 'test.wat'): Uint8Array {
  const parsed = wabt.parseWat(fileName, text, FEATURES);
  try {
    parsed.resolveNames();
    return parsed.toBinary({ write_debug_names: true }).buffer;
  } finally {
    parsed.destroy();
  }
}

/** Assemble, decode and validate. */
export function watModule(text: string): Module {
  return parseModule(assembleWat(text));
}
