/**
 * The interpreter's side of the raw-call protocol (runtime-support/raw-call.ts).
 *
 * Outward: the JS-visible function object of a function instance is the shared runtime's
 * `exportFunction` wrapper (JS API conversions; FuncInfo under FUNC_BRAND) around a raw
 * entry that copies raw arguments onto the interpreter stack, runs the function and returns
 * raw results (several through `multiResults`). Calls from outside start a frame at
 * `stackState.top`; a JS stack overflow inside becomes the RuntimeError "call stack exhausted".
 *
 * Inward: `invokeHost` calls a host function instance — always a raw function: another
 * engine's (compiled) function as it is, a plain JS function through the shared runtime's
 * `adaptJsFunction` — with arguments from the stack, and puts its results back.
 *
 * The stack holds f32 values as bit patterns and v128 values as four i32 lanes; the protocol
 * has f32 as NaN-preserving numbers and v128 as Int32Array(4): `loadRaw` / `storeRaw` convert.
 */
import { exportFunction } from '../../runtime-support/js/functions.js';
import { f32FromBits, f32ToBits } from '../../runtime-support/js/float-bits.js';
import { refreshNativeMemories } from '../../runtime-support/memory.js';
import { multiResults, travelsAsNumber, type RawFunction } from '../../runtime-support/raw-call.js';
import { signatureKey } from '../../runtime-support/values.js';
import type { IrType } from '../types.js';
import { callFunction } from './execute.js';
import { FUNC_INSTANCE, type FuncInstance } from './function-instance.js';
import { isHostStackOverflow, N, O, STACK_SLOTS, stackExhausted, stackState } from './stack.js';

export type JsFunction = (...args: unknown[]) => unknown;

/** The raw (protocol) form of the stack value of `type` at absolute slot `at`. */
export function loadRaw(type: IrType, at: number): unknown {
  switch (type) {
    case 'i32':
    case 'f64':
      return N[at];
    case 'f32':
      return f32FromBits(N[at]!);
    case 'v128': {
      const lanes = new Int32Array(4);
      for (let i = 0; i < 4; i++) lanes[i] = N[at + i]!;
      return lanes;
    }
    default:
      return O[at];
  }
}

/** Stores a raw (protocol) value of `type` at absolute slot `at`. */
export function storeRaw(type: IrType, at: number, value: unknown): void {
  switch (type) {
    case 'i32':
    case 'f64':
      N[at] = value as number;
      return;
    case 'f32':
      N[at] = f32ToBits(value as number);
      return;
    case 'v128': {
      const lanes = value as Int32Array;
      for (let i = 0; i < 4; i++) N[at + i] = lanes[i]!;
      return;
    }
    default:
      O[at] = value;
  }
}

/** Raw results at `fp` as the protocol returns them (several go to `multiResults`). */
function returnResults(callee: FuncInstance, fp: number): unknown {
  const { types, offsets } = callee.sig.results;
  if (types.length === 0) return undefined;
  if (types.length === 1) return loadRaw(types[0]!, fp + offsets[0]!);
  for (let i = 0; i < types.length; i++) {
    const type = types[i]!;
    if (travelsAsNumber(type)) multiResults.numbers[i] = loadRaw(type, fp + offsets[i]!) as number;
    else multiResults.values[i] = loadRaw(type, fp + offsets[i]!);
  }
  return undefined;
}

/** The raw entry of an interpreted function: runs it on the stack above everything live. */
function callRaw(callee: FuncInstance, args: readonly unknown[]): unknown {
  const fp = stackState.top;
  const { params } = callee.sig;
  if (fp + callee.sig.size > STACK_SLOTS) stackExhausted();
  for (let i = 0; i < params.types.length; i++) storeRaw(params.types[i]!, fp + params.offsets[i]!, args[i]);
  refreshNativeMemories();
  try {
    callFunction(callee, fp);
  } catch (error) {
    if (isHostStackOverflow(error)) stackExhausted();
    throw error;
  }
  return returnResults(callee, fp);
}

/** The function object of `callee` (created once: funcref identity). */
export function exportedFunction(callee: FuncInstance): JsFunction {
  if (callee.exported !== null) return callee.exported;
  const sig = signatureKey(callee.type.params, callee.type.results);
  // A rest parameter holds its elements as tagged values: NaN payloads survive until storeRaw.
  const raw = (...args: unknown[]): unknown => callRaw(callee, args);
  const js = exportFunction(raw as RawFunction, sig, callee.name);
  Object.defineProperty(js, FUNC_INSTANCE, { value: callee });
  callee.exported = js;
  return js;
}

/** Calls a host function instance: arguments from the stack at `fp`, results back to `fp`. */
export function invokeHost(callee: FuncInstance, fp: number): void {
  const raw = callee.host!.raw as (...args: unknown[]) => unknown;
  const { params, results } = callee.sig;
  // Filled with null first: an array that holds only doubles would quieten signalling NaNs.
  const args = new Array<unknown>(params.types.length).fill(null);
  for (let i = 0; i < args.length; i++) args[i] = loadRaw(params.types[i]!, fp + params.offsets[i]!);
  const saved = stackState.top;
  stackState.top = fp + callee.sig.size;
  let returned: unknown;
  try {
    returned = raw(...args);
  } finally {
    stackState.top = saved;
    refreshNativeMemories();
  }
  const count = results.types.length;
  if (count === 1) storeRaw(results.types[0]!, fp + results.offsets[0]!, returned);
  else {
    for (let i = 0; i < count; i++) {
      const type = results.types[i]!;
      storeRaw(type, fp + results.offsets[i]!, travelsAsNumber(type) ? multiResults.numbers[i] : multiResults.values[i]);
    }
  }
}
