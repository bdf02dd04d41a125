/**
 * The surface a Wasm engine offers the spec runner. The runner is written against this
 * interface only, so V8's own WebAssembly (the `native` engine, which proves the runner
 * right), Heron's validator, interpreter and compiler are interchangeable.
 *
 * The shapes mirror the WebAssembly JS API: an instance has `exports`; `Memory`, `Table`
 * and `Global` take the JS API's descriptors; errors are CompileError / LinkError /
 * RuntimeError. Engines that execute code must accept exported functions and globals of
 * any instance they created as imports of another instance (the runner's wrapper modules
 * import the functions under test this way).
 */
import { featureByCliName, WASM_2_0_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import type { ProposalName, SuiteName } from './loader.js';

/** `importObject[module][field]`, as for `new WebAssembly.Instance`. */
export type ImportObject = Record<string, Record<string, unknown>>;

/** An instance's exports: functions, Global / Memory / Table objects, tags. */
export type ExportsObject = Readonly<Record<string, unknown>>;

export interface InstanceLike {
  readonly exports: ExportsObject;
}

export interface MemoryDescriptor {
  initial: number;
  maximum?: number;
  shared?: boolean;
}

export interface TableDescriptor {
  element: 'anyfunc' | 'funcref' | 'externref';
  initial: number;
  maximum?: number;
}

export interface GlobalDescriptor {
  value: 'i32' | 'i64' | 'f32' | 'f64' | 'anyfunc' | 'funcref' | 'externref';
  mutable?: boolean;
}

/** Constructors for host objects, with the WebAssembly JS API signatures. */
export interface HostConstructors {
  Memory: new (descriptor: MemoryDescriptor) => object;
  Table: new (descriptor: TableDescriptor, value?: unknown) => object;
  Global: new (descriptor: GlobalDescriptor, value?: unknown) => object;
}

export type ErrorClass = abstract new (...args: never[]) => Error;

export interface WasmErrorClasses {
  CompileError: ErrorClass;
  LinkError: ErrorClass;
  RuntimeError: ErrorClass;
}

export interface Engine {
  readonly name: string;
  /** False for engines that only decode and validate: the runner then checks module
   *  acceptance and rejection and skips everything that needs execution. */
  readonly executes: boolean;
  /** Proposals the engine has on in every script, core included, whatever the suite
   *  asks for (V8's shipped ones); informational. An engine that can switch features per
   *  suite does so in `prepareFor`, with `suiteFeatures`, and lists none here. */
  readonly proposals: readonly ProposalName[];
  readonly errors: WasmErrorClasses;
  readonly host: HostConstructors;

  /** Decode and validate only; throws CompileError for a malformed or invalid module. */
  parse(bytes: Uint8Array): void;
  /** Compile, link and instantiate; throws CompileError / LinkError / RuntimeError like
   *  `new WebAssembly.Instance(new WebAssembly.Module(bytes), imports)`. */
  instantiate(bytes: Uint8Array, imports: ImportObject): InstanceLike | Promise<InstanceLike>;

  /** A Wasm trap, as assert_trap expects (RuntimeError for every engine so far). */
  isTrap(error: unknown): boolean;
  /** Stack overflow, as assert_exhaustion expects: V8 throws RangeError, Heron RuntimeError. */
  isStackExhaustion(error: unknown): boolean;
  /** An uncaught Wasm exception (exception-handling proposal), as assert_exception expects. */
  isWasmException(error: unknown): boolean;

  /** Called before each script; e.g. the native engine switches V8's proposal flags and
   *  Heron's engines parse with `suiteFeatures(suite)`. */
  prepareFor?(suite: SuiteName): void;
}

/**
 * The feature set each suite was written for: core is Wasm 2.0 exactly, a proposal's
 * suite Wasm 2.0 plus that proposal. Under it every assertion of the suite holds, e.g.
 * the memory64 suite's "multiple memories" (multi-memory is off there).
 */
export function suiteFeatures(suite: SuiteName): WasmFeatures {
  const features: WasmFeatures = { ...WASM_2_0_FEATURES };
  if (suite !== 'core') {
    const feature = featureByCliName(suite);
    if (feature === undefined) throw new Error(`spec runner: no Wasm feature named like the suite "${suite}"`);
    features[feature] = true;
  }
  return features;
}

/** The engine cannot run here or cannot do what was asked (e.g. a validator asked to link). */
export class EngineUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineUnavailableError';
  }
}
