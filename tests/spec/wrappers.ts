/**
 * Wrapper modules: the runner never calls a function under test from JS (JS numbers lose
 * f32 NaN payloads and cannot carry v128). Instead it builds a Wasm module that imports the
 * function (or global), calls it with constant arguments, stores every numeric result in
 * its own memory and compares it bit-exactly, and returns a code: 0 = all results match,
 * k = result k-1 mismatched. Reference arguments come in as wrapper parameters and
 * reference results go back to JS, where they are compared by identity.
 *
 * Many probes share one wrapper (one exported function per probe), so an engine with an
 * expensive compiler compiles one module per run of assertions, not one per assertion.
 */
import type { ImportObject } from './engine.js';
import type { SpecValue } from './loader.js';
import {
  BYTE_WIDTH,
  bytesToSigned,
  describeActual,
  describeExpected,
  HostRefs,
  isNumericType,
  numericArgumentBytes,
  numericExpectation,
  valueType,
  type NumericExpectation,
  type NumericType,
} from './values.js';
import { CodeWriter, ModuleBuilder, Op, SimdOp, isRefType, type WasmValType } from './wasm-encoder.js';

/** What to call (or read) and what to expect. */
export interface ProbeSpec {
  target:
    | { kind: 'func'; value: unknown; args: readonly SpecValue[] }
    | { kind: 'global'; value: unknown; mutable: boolean };
  /** The result types; with `value`s when `checkValues` is set. */
  expected: readonly SpecValue[];
  /** assert_return checks values; action / assert_trap / ... only call. */
  checkValues: boolean;
}

interface NumericResult {
  index: number;
  type: NumericType;
  expected: SpecValue;
}

/** One exported wrapper function and how to read its outcome. */
export interface BuiltProbe {
  exportName: string;
  refArgs: unknown[];
  numericResults: NumericResult[];
  refResults: SpecValue[];
  checkValues: boolean;
}

export interface BuiltWrapper {
  bytes: Uint8Array;
  imports: ImportObject;
  probes: BuiltProbe[];
}

const IMPORT_MODULE = 'spec';
export const RESULTS_MEMORY_EXPORT = 'results';
/** Each numeric result gets a 16-byte slot in the wrapper's memory page. */
const SLOT_BYTES = 16;
const MAX_RESULTS = 65536 / SLOT_BYTES;

const STORE: Record<NumericType, { opcode: number; alignLog2: number; simd: boolean }> = {
  i32: { opcode: Op.i32Store, alignLog2: 2, simd: false },
  f32: { opcode: Op.f32Store, alignLog2: 2, simd: false },
  i64: { opcode: Op.i64Store, alignLog2: 3, simd: false },
  f64: { opcode: Op.f64Store, alignLog2: 3, simd: false },
  v128: { opcode: SimdOp.v128Store, alignLog2: 4, simd: true },
};

export class WrapperBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WrapperBuildError';
  }
}

/** A probe whose target is already imported. */
interface PlannedProbe {
  spec: ProbeSpec;
  args: readonly SpecValue[];
  paramTypes: WasmValType[];
  resultTypes: WasmValType[];
  importIndex: number;
}

export function buildWrapper(probeSpecs: readonly ProbeSpec[], hostRefs: HostRefs): BuiltWrapper {
  const builder = new ModuleBuilder();
  const importValues: Record<string, unknown> = {};
  // One import per (target, signature): several assertions on `add` share one import.
  const importIndices = new Map<unknown, Map<string, number>>();
  const importTarget = (spec: ProbeSpec, params: WasmValType[], results: WasmValType[]): number => {
    const { target } = spec;
    const key = target.kind === 'func' ? `func ${params.join(',')}->${results.join(',')}` : `global ${results[0]} ${target.mutable}`;
    let byKey = importIndices.get(target.value);
    if (byKey === undefined) importIndices.set(target.value, (byKey = new Map()));
    const existing = byKey.get(key);
    if (existing !== undefined) return existing;
    const field = `i${Object.keys(importValues).length}`;
    importValues[field] = target.value;
    const index =
      target.kind === 'func'
        ? builder.importFunction(IMPORT_MODULE, field, params, results)
        : builder.importGlobal(IMPORT_MODULE, field, results[0]!, target.mutable);
    byKey.set(key, index);
    return index;
  };

  // All imports first (they precede defined functions in the index space).
  const planned = probeSpecs.map((spec): PlannedProbe => {
    const args = spec.target.kind === 'func' ? spec.target.args : [];
    const paramTypes = args.map(valueType);
    const resultTypes = spec.expected.map(valueType);
    if (spec.target.kind === 'global' && resultTypes.length !== 1) {
      throw new WrapperBuildError(`a global read has exactly one result, not ${resultTypes.length}`);
    }
    if (resultTypes.length > MAX_RESULTS) throw new WrapperBuildError(`too many results (${resultTypes.length})`);
    return { spec, args, paramTypes, resultTypes, importIndex: importTarget(spec, paramTypes, resultTypes) };
  });

  builder.exportMemory(RESULTS_MEMORY_EXPORT, builder.addMemory(1));
  const probes = planned.map((plan, probeIndex) => {
    const exportName = `p${probeIndex}`;
    const { probe, funcIndex } = emitProbe(builder, exportName, plan, hostRefs);
    builder.exportFunction(exportName, funcIndex);
    return probe;
  });
  return { bytes: builder.encode(), imports: { [IMPORT_MODULE]: importValues }, probes };
}

function emitProbe(
  builder: ModuleBuilder,
  exportName: string,
  plan: PlannedProbe,
  hostRefs: HostRefs,
): { probe: BuiltProbe; funcIndex: number } {
  const { spec, args, paramTypes, resultTypes, importIndex } = plan;
  const wrapperParams = paramTypes.filter(isRefType);
  const refArgs: unknown[] = [];
  const code = new CodeWriter();

  // Arguments: numeric ones as constants, references from the wrapper's parameters.
  args.forEach((arg, i) => {
    const type = paramTypes[i]!;
    if (isRefType(type)) {
      code.localGet(refArgs.length);
      refArgs.push(hostRefs.argument(arg));
    } else {
      emitConst(code, type, numericArgumentBytes(arg, type));
    }
  });
  if (spec.target.kind === 'func') code.call(importIndex);
  else code.globalGet(importIndex);

  // Results into locals (popped last-first), numeric ones also into their memory slots.
  const firstResultLocal = wrapperParams.length;
  for (let i = resultTypes.length - 1; i >= 0; i--) code.localSet(firstResultLocal + i);
  const numericResults: NumericResult[] = [];
  const refResults: SpecValue[] = [];
  const refResultLocals: number[] = [];
  resultTypes.forEach((type, i) => {
    if (isNumericType(type)) {
      numericResults.push({ index: i, type, expected: spec.expected[i]! });
      const store = STORE[type];
      code.i32Const(i * SLOT_BYTES).localGet(firstResultLocal + i).memoryOp(store.opcode, store.alignLog2, 0, store.simd);
    } else {
      refResults.push(spec.expected[i]!);
      refResultLocals.push(firstResultLocal + i);
    }
  });
  const pushRefResults = (): void => {
    for (const local of refResultLocals) code.localGet(local);
  };

  if (spec.checkValues) {
    for (const result of numericResults) {
      if (result.expected.value === undefined) continue;
      emitCheck(code, firstResultLocal + result.index, numericExpectation(result.expected, result.type));
      code.op(Op.i32Eqz).ifEmpty().i32Const(result.index + 1);
      pushRefResults();
      code.op(Op.return).op(Op.end);
    }
  }
  code.i32Const(0);
  pushRefResults();

  const wrapperResults: WasmValType[] = ['i32', ...resultTypes.filter(isRefType)];
  const funcIndex = builder.addFunction(wrapperParams, wrapperResults, resultTypes, code);
  return { probe: { exportName, refArgs, numericResults, refResults, checkValues: spec.checkValues }, funcIndex };
}

function emitConst(code: CodeWriter, type: NumericType, bytes: Uint8Array): void {
  switch (type) {
    case 'i32':
      code.i32Const(bytesToSigned(bytes));
      break;
    case 'i64':
      code.i64Const(bytesToSigned(bytes));
      break;
    case 'f32':
      code.f32Const(bytes);
      break;
    case 'f64':
      code.f64Const(bytes);
      break;
    case 'v128':
      code.v128Const(bytes);
      break;
  }
}

/** Leaves 1 on the stack when `(local & mask) == pattern`, compared as integers. */
function emitCheck(code: CodeWriter, local: number, expectation: NumericExpectation): void {
  code.localGet(local);
  switch (expectation.type) {
    case 'f32':
    case 'i32':
      if (expectation.type === 'f32') code.op(Op.i32ReinterpretF32);
      if (!expectation.exact) code.i32Const(bytesToSigned(expectation.mask)).op(Op.i32And);
      code.i32Const(bytesToSigned(expectation.pattern)).op(Op.i32Eq);
      break;
    case 'f64':
    case 'i64':
      if (expectation.type === 'f64') code.op(Op.i64ReinterpretF64);
      if (!expectation.exact) code.i64Const(bytesToSigned(expectation.mask)).op(Op.i64And);
      code.i64Const(bytesToSigned(expectation.pattern)).op(Op.i64Eq);
      break;
    case 'v128':
      // Byte-wise equality of the masked value is lane-wise equality for every lane type.
      if (!expectation.exact) code.v128Const(expectation.mask).simd(SimdOp.v128And);
      code.v128Const(expectation.pattern).simd(SimdOp.i8x16Eq).simd(SimdOp.i8x16AllTrue);
      break;
  }
}

/** The wrapper's memory, read after a probe reports a mismatch. */
export interface ResultsMemory {
  readonly buffer: ArrayBuffer;
}

/**
 * Interprets what a probe function returned: undefined when every checked result matched,
 * else a description of the first mismatch.
 */
export function probeMismatch(
  probe: BuiltProbe,
  returned: unknown,
  memory: ResultsMemory,
  hostRefs: HostRefs,
): string | undefined {
  const values: unknown[] = probe.refResults.length === 0 ? [returned] : Array.from(returned as Iterable<unknown>);
  const code = values[0];
  if (typeof code !== 'number') return `wrapper returned ${String(code)} instead of a result code`;
  if (code !== 0) {
    const result = probe.numericResults.find((r) => r.index === code - 1);
    if (result === undefined) return `wrapper returned unknown result code ${code}`;
    const bytes = new Uint8Array(memory.buffer, result.index * SLOT_BYTES, BYTE_WIDTH[result.type]).slice();
    const which = probe.numericResults.length + probe.refResults.length > 1 ? ` ${result.index}` : '';
    return `result${which}: expected ${describeExpected(result.expected)}, got ${describeActual(bytes, result.expected, result.type)}`;
  }
  if (!probe.checkValues) return undefined;
  for (const [i, expected] of probe.refResults.entries()) {
    const mismatch = hostRefs.mismatch(values[i + 1], expected);
    if (mismatch !== undefined) return mismatch;
  }
  return undefined;
}
