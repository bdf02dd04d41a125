/**
 * Assembling Wasm text for translator tests (npm `wabt`), with every proposal Heron
 * implements enabled and the name section written, so IR shows `$names`.
 */
import wabtInit from 'wabt';
import { parseModule } from '../../compiler/parse.js';
import type { Module } from '../../compiler/module.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;

let wabtPromise: Promise<Wabt> | null = null;

const FEATURES = {
  exceptions: true,
  threads: true,
  tail_call: true,
  memory64: true,
  multi_memory: true,
  extended_const: true,
};

export async function assembleWat(text: string, fileName = 'test.wat'): Promise<Uint8Array> {
  const wabt = await (wabtPromise ??= wabtInit());
  const parsed = wabt.parseWat(fileName, text, FEATURES);
  try {
    parsed.resolveNames();
    // Validation is Heron's own (parseModule); wabt's validate() would need the features again.
    return parsed.toBinary({ write_debug_names: true }).buffer;
  } finally {
    parsed.destroy();
  }
}

/** Assemble, decode and validate. */
export async function watModule(text: string): Promise<Module> {
  return parseModule(await assembleWat(text));
}
