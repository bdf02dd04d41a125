/**
 * The raw-call protocol: how one Heron-run instance calls a function exported by another
 * (interpreted or compiled) without the lossy JS conversions of the WebAssembly JS API.
 *
 * An exported Wasm function is an ordinary JS function (callable with JS values, like a
 * `WebAssembly.Instance` export) that also carries, under the registered symbol
 * `RAW_FUNCTION` (`Symbol.for('heron.rawFunction')`), a `RawFunction`:
 *   { type: FuncType, call(...args): result }
 * `call` takes and returns raw values (see numeric.ts for the scalar forms):
 *   i32 number (int32) | i64 signed bigint | f32 number holding the bit pattern as int32 |
 *   f64 number | v128 a fresh 16-byte Uint8Array (memory order) |
 *   funcref a function carrying RAW_FUNCTION, or null | externref any JS value (null = ref.null).
 * Results: no result -> undefined; one result -> that raw value; several results -> the
 * callee writes them to the shared `RawResults` area (`rawResults()`) and returns undefined;
 * the caller reads them before anything else can run. Result i goes to `numbers[i]` for
 * i32/f32/f64 and to `values[i]` otherwise. A Float64Array is used because plain JS arrays
 * of doubles canonicalise NaN payloads in V8.
 *
 * Importers that find `RAW_FUNCTION` on an import call `call` directly and compare `type`
 * exactly (link-time signature check, call_indirect signature check). Both registries live
 * on `globalThis` under `Symbol.for` keys, so separately bundled copies of this runtime
 * still interoperate.
 */
import type { FuncType, ValType } from '../compiler/module.js';

/** A raw value (forms listed above); `unknown` because externref may be anything. */
export type RawValue = unknown;

export interface RawFunction {
  readonly type: FuncType;
  call(...args: RawValue[]): RawValue;
}

export const RAW_FUNCTION: unique symbol = Symbol.for('heron.rawFunction') as never;

/** A JS function that is an exported Wasm function of some Heron instance. */
export interface ExportedFunction {
  (...args: unknown[]): unknown;
  readonly [RAW_FUNCTION]: RawFunction;
}

export function rawFunctionOf(value: unknown): RawFunction | undefined {
  if (typeof value !== 'function') return undefined;
  const raw = (value as { [RAW_FUNCTION]?: RawFunction })[RAW_FUNCTION];
  return raw !== undefined && typeof raw.call === 'function' ? raw : undefined;
}

export interface RawResults {
  numbers: Float64Array;
  values: unknown[];
}

/** The JS API caps results at 1000; the area holds that many. */
export const MAX_RESULTS = 1000;

const RESULTS_KEY = Symbol.for('heron.rawResults');

export function rawResults(): RawResults {
  const holder = globalThis as { [RESULTS_KEY]?: RawResults };
  let area = holder[RESULTS_KEY];
  if (area === undefined) {
    area = { numbers: new Float64Array(MAX_RESULTS), values: new Array<unknown>(MAX_RESULTS).fill(null) };
    holder[RESULTS_KEY] = area;
  }
  return area;
}

/** Whether a raw value of this type travels in `RawResults.numbers` (else `values`). */
export function isNumberRaw(type: ValType): boolean {
  return type === 'i32' || type === 'f32' || type === 'f64';
}

export function sameFuncType(a: FuncType, b: FuncType): boolean {
  if (a === b) return true;
  if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  for (let i = 0; i < a.results.length; i++) if (a.results[i] !== b.results[i]) return false;
  return true;
}

export function formatFuncType(type: FuncType): string {
  const results = type.results.length === 1 ? type.results[0]! : `(${type.results.join(', ')})`;
  return `(${type.params.join(', ')}) -> ${results}`;
}
