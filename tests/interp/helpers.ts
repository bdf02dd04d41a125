/** Test helpers: Wasm text -> bytes with wabt (all features the interpreter runs), then interpret. */
import wabtInit from 'wabt';
import { interpret, type ImportObject } from '../../ir/interpreter/index.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabtPromise: Promise<Wabt> | undefined;

const FEATURES = {
  simd: true,
  reference_types: true,
  multi_value: true,
  bulk_memory: true,
  tail_call: true,
  exceptions: true,
  threads: true,
  multi_memory: true,
  memory64: true,
  extended_const: true,
};

export async function watToBytes(wat: string): Promise<Uint8Array> {
  const wabt = await (wabtPromise ??= wabtInit());
  const module = wabt.parseWat('test.wat', wat, FEATURES);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** Exports are typed loosely: tests call them like JS API exports. */
export type LooseExports = Record<string, any>;

export async function run(wat: string, imports: ImportObject = {}): Promise<LooseExports> {
  return interpret(await watToBytes(wat), imports).exports as LooseExports;
}
