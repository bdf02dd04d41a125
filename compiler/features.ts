/**
 * Which WebAssembly features the front end accepts.
 *
 * The baseline is Wasm 2.0 core: MVP, sign extension, saturating truncation, multi-value,
 * bulk memory, reference types and SIMD. SIMD has a flag anyway, for users targeting
 * engines older than 2.0. The other flags are the proposals Heron implements. A construct
 * of a disabled feature is rejected with `CompileError` as the spec suite of the feature
 * set without it expects (e.g. a second memory without multi-memory is invalid "multiple
 * memories"; a memory index immediate other than 0x00 is malformed "zero byte expected"),
 * and the message names the feature.
 */

export interface WasmFeatures {
  /** SIMD128: v128 and the 0xFD opcodes (part of Wasm 2.0). */
  simd: boolean;
  /** return_call, return_call_indirect. */
  tailCall: boolean;
  /** i32/i64 add, sub, mul in constant expressions. */
  extendedConst: boolean;
  /** More than one memory; memory index immediates. */
  multiMemory: boolean;
  /** 64-bit memories (limits flag 0x04). */
  memory64: boolean;
  /** Legacy exception handling: tags, try/catch/catch_all/delegate, throw, rethrow. */
  exceptionHandling: boolean;
  /** Shared memories (limits flag 0x02) and the 0xFE atomic opcodes. */
  threads: boolean;
}

export type FeatureName = keyof WasmFeatures;

/** Everything Heron implements: the default of `parseModule`. */
export const ALL_FEATURES: Readonly<WasmFeatures> = Object.freeze({
  simd: true,
  tailCall: true,
  extendedConst: true,
  multiMemory: true,
  memory64: true,
  exceptionHandling: true,
  threads: true,
});

/** Wasm 2.0 core exactly: no proposals. */
export const WASM_2_0_FEATURES: Readonly<WasmFeatures> = Object.freeze({
  simd: true,
  tailCall: false,
  extendedConst: false,
  multiMemory: false,
  memory64: false,
  exceptionHandling: false,
  threads: false,
});

/** The command-line / proposal-repository spelling of each feature, e.g. `tail-call`. */
export const FEATURE_CLI_NAMES: Readonly<Record<FeatureName, string>> = Object.freeze({
  simd: 'simd',
  tailCall: 'tail-call',
  extendedConst: 'extended-const',
  multiMemory: 'multi-memory',
  memory64: 'memory64',
  exceptionHandling: 'exception-handling',
  threads: 'threads',
});

const FEATURE_NAMES = Object.keys(FEATURE_CLI_NAMES) as FeatureName[];

/** Feature sets a feature list may start from or reset to. */
const PRESETS: ReadonlyMap<string, Readonly<WasmFeatures>> = new Map([
  ['all', ALL_FEATURES],
  ['wasm-2.0', WASM_2_0_FEATURES],
  ['wasm2', WASM_2_0_FEATURES],
]);

/** A feature list named a feature or preset that does not exist. */
export class UnknownFeatureError extends Error {
  constructor(readonly item: string) {
    super(
      `unknown Wasm feature "${item}" (known: ${[...PRESETS.keys(), ...Object.values(FEATURE_CLI_NAMES)].join(', ')}; ` +
        'prefix a feature with + or - to switch it on or off)',
    );
    this.name = 'UnknownFeatureError';
  }
}

/** `partial` over the defaults (every feature on). */
export function resolveFeatures(partial: Partial<WasmFeatures> = {}): WasmFeatures {
  return { ...ALL_FEATURES, ...partial };
}

/** The feature whose command-line name is `cliName`, or undefined. */
export function featureByCliName(cliName: string): FeatureName | undefined {
  return FEATURE_NAMES.find((name) => FEATURE_CLI_NAMES[name] === cliName);
}

/**
 * A feature set from a command-line list, applied left to right over `base`: items are
 * separated by commas or spaces; `all` and `wasm-2.0` reset to that preset; `NAME` or
 * `+NAME` switches a feature on, `-NAME` or `no-NAME` off. E.g. `wasm-2.0,threads` or
 * `-simd`. Throws `UnknownFeatureError` for anything else.
 */
export function parseFeatureList(list: string, base: Readonly<WasmFeatures> = ALL_FEATURES): WasmFeatures {
  const features: WasmFeatures = { ...base };
  for (const item of list.split(/[\s,]+/)) {
    if (item === '') continue;
    const preset = PRESETS.get(item);
    if (preset !== undefined) {
      Object.assign(features, preset);
      continue;
    }
    const off = item.startsWith('-') || item.startsWith('no-');
    const name = featureByCliName(item.replace(/^(\+|-|no-)/, ''));
    if (name === undefined) throw new UnknownFeatureError(item);
    features[name] = !off;
  }
  return features;
}

/** The command-line list that `parseFeatureList` turns back into `features`, e.g. `wasm-2.0,+threads`. */
export function formatFeatureList(features: Readonly<WasmFeatures>): string {
  const on = FEATURE_NAMES.filter((name) => features[name] && !WASM_2_0_FEATURES[name]);
  const off = FEATURE_NAMES.filter((name) => !features[name] && WASM_2_0_FEATURES[name]);
  return ['wasm-2.0', ...on.map((name) => `+${FEATURE_CLI_NAMES[name]}`), ...off.map((name) => `-${FEATURE_CLI_NAMES[name]}`)].join(',');
}

/** The clause error messages append for a construct of a disabled feature. */
export function featureDisabled(feature: FeatureName): string {
  return `requires the ${FEATURE_CLI_NAMES[feature]} feature, which is disabled`;
}

/**
 * The feature an instruction opcode belongs to (numbering of compiler/operators.ts), or
 * undefined for Wasm 2.0 instructions other than SIMD.
 */
export function opcodeFeature(op: number): FeatureName | undefined {
  switch (op) {
    case 0x06: // try
    case 0x07: // catch
    case 0x08: // throw
    case 0x09: // rethrow
    case 0x18: // delegate
    case 0x19: // catch_all
      return 'exceptionHandling';
    case 0x12: // return_call
    case 0x13: // return_call_indirect
      return 'tailCall';
  }
  const prefix = Math.floor(op / 0x10000);
  if (prefix === 0xfd) return 'simd';
  if (prefix === 0xfe) return 'threads';
  return undefined;
}

/** Whether `op` may appear under `features` (it must also be a known opcode). */
export function opcodeEnabled(op: number, features: Readonly<WasmFeatures>): boolean {
  const feature = opcodeFeature(op);
  return feature === undefined || features[feature];
}

/** A small integer identifying a feature set, for caching tables built per set. */
export function featureKey(features: Readonly<WasmFeatures>): number {
  let key = 0;
  FEATURE_NAMES.forEach((name, bit) => {
    if (features[name]) key |= 1 << bit;
  });
  return key;
}
