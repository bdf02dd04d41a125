/**
 * The raw-call protocol: how any Heron-run code — an interpreted instance, a compiled module
 * sharing the library's runtime, or a compiled module carrying its OWN inlined copy of the
 * runtime — calls a function of another without the lossy conversions of the WebAssembly JS
 * API. Everything here is keyed by registered symbols (`Symbol.for`), which every copy of
 * the runtime in a realm shares; nothing relies on `instanceof`.
 *
 * A Heron function value (an exported function, a funcref, a table element) is an ordinary
 * JS function — callable with JS values like a `WebAssembly.Instance` export — that carries a
 * `FuncInfo` under FUNC_BRAND (`Symbol.for('heron.func')`):
 *   sig  the canonical signature key (values.ts `signatureKey`, e.g. `i32,f32->f64`); equal
 *        keys mean equal types (link-time checks, call_indirect)
 *   raw  the function itself, taking and returning raw values, positionally:
 *     i32        a number holding an int32
 *     i64        a BigInt in [-2^63, 2^63)
 *     f32        a number holding exactly the f32 value; an f32 NaN with sign s and payload m
 *                is the double NaN with sign s and mantissa m << 29 — signalling NaNs
 *                included (js/float-bits.ts builds and reads them bit by bit)
 *     f64        a number; NaN payloads (signalling too) are kept because a double passed as
 *                an argument, returned, or kept in an object field or a Float64Array keeps
 *                its bits. Raw numbers are never stored in plain JS arrays: V8 quietens
 *                signalling NaNs in arrays of doubles.
 *     v128       an Int32Array of length 4: lane i is the little-endian 32-bit word i of the
 *                16 bytes (memory order). Nobody mutates a v128 after creating it, so one may
 *                be shared (a global, a caller and a callee) without copying.
 *     funcref    a Heron function value, another engine's Wasm function, or null
 *     externref  any JS value; null is ref.null
 *   Results: none → `undefined`; one → that raw value; several → the callee writes result i
 *   to `multiResults.numbers[i]` when its type is i32/f32/f64 (`travelsAsNumber`) and to
 *   `multiResults.values[i]` otherwise, and returns `undefined`; the caller reads them right
 *   after the call returns, before running anything else. `multiResults` is one object per
 *   realm (a `Symbol.for` key on globalThis), so every runtime copy writes the same area.
 *   tail (optional) an entry for callers that run tail calls in a trampoline (js/tail-calls.ts)
 *
 * Exceptions thrown by `raw` are Wasm exceptions (exception.ts), traps (RuntimeError, or a
 * RangeError from an implicit bounds check or stack overflow in compiled code — see
 * js/traps.ts `isTrap`) or foreign JS exceptions, which pass through unchanged.
 */

/** A function speaking the protocol above (argument and result forms vary with `sig`). */
export type RawFunction = (...args: never[]) => unknown;

export interface FuncInfo {
  readonly raw: RawFunction;
  readonly sig: string;
  /** The function's tail entry, when it has one (js/tail-calls.ts; same arguments as `raw`). */
  readonly tail?: RawFunction;
}

export const FUNC_BRAND: unique symbol = Symbol.for('heron.func') as never;

/** The FuncInfo of a Heron function value, or undefined for anything else. */
export function funcInfoOf(value: unknown): FuncInfo | undefined {
  if (typeof value !== 'function') return undefined;
  const info = (value as { [FUNC_BRAND]?: FuncInfo })[FUNC_BRAND];
  return info !== undefined && typeof info.raw === 'function' && typeof info.sig === 'string' ? info : undefined;
}

/** Marks `fn` as a Heron function value. */
export function brandFunction<F extends (...args: never[]) => unknown>(fn: F, info: FuncInfo): F {
  Object.defineProperty(fn, FUNC_BRAND, { value: info });
  return fn;
}

export interface MultiResults {
  readonly numbers: Float64Array;
  readonly values: unknown[];
}

/** The JS API caps a function's results at 1000; the area holds that many. */
export const MAX_RESULTS = 1000;

const MULTI_RESULTS_KEY = Symbol.for('heron.multiResults');

function sharedMultiResults(): MultiResults {
  const holder = globalThis as { [MULTI_RESULTS_KEY]?: MultiResults };
  let area = holder[MULTI_RESULTS_KEY];
  if (area === undefined) {
    area = { numbers: new Float64Array(MAX_RESULTS), values: new Array<unknown>(MAX_RESULTS).fill(null) };
    Object.defineProperty(holder, MULTI_RESULTS_KEY, { value: area });
  }
  return area;
}

/** Where functions with several results leave them (see the protocol above). */
export const multiResults: MultiResults = sharedMultiResults();

/** Whether a raw value of this type travels in `numbers` (of multiResults, exception payloads). */
export function travelsAsNumber(type: string): boolean {
  return type === 'i32' || type === 'f32' || type === 'f64';
}
