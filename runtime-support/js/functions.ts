/**
 * Function values across the boundary, for compiled code and the interpreter alike.
 * `exportFunction` wraps a raw function (../raw-call.ts protocol) in the JS function the
 * WebAssembly JS API presents (ToWebAssemblyValue on arguments, ToJSValue on results,
 * several results as an array) and brands it with FuncInfo, so any Heron importer calls
 * the raw function directly (exact NaN bits, v128, no conversion cost). `adaptJsFunction`
 * goes the other way: a plain JS function (or another engine's Wasm function) as a raw one.
 */
import { refreshNativeMemories } from '../memory.js';
import { brandFunction, FUNC_BRAND, funcInfoOf, multiResults, travelsAsNumber, type FuncInfo, type RawFunction } from '../raw-call.js';
import type { Table } from '../table.js';
import { signature, toJsValue, toWasmValue, type Signature } from '../values.js';
import { markForeign, toBoundaryError, trap } from './traps.js';

type AnyFunction = (...args: unknown[]) => unknown;

/** The results of a raw call as JS values (one value, or an array of several). */
function jsResults(sig: Signature, result: unknown): unknown {
  const { results } = sig;
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJsValue(results[0]!, result);
  return results.map((type, i) => toJsValue(type, travelsAsNumber(type) ? multiResults.numbers[i] : multiResults.values[i]));
}

/** Returns a JS function's results the raw way (several go to `multiResults`). */
function rawResults(sig: Signature, result: unknown): unknown {
  const { results } = sig;
  if (results.length === 0) return undefined;
  if (results.length === 1) return toWasmValue(results[0]!, result);
  if (result === null || typeof result !== 'object' || !(Symbol.iterator in result)) {
    throw new TypeError('a function returning several values must return an iterable');
  }
  const values = [...(result as Iterable<unknown>)];
  if (values.length !== results.length) throw new TypeError(`expected ${results.length} results, got ${values.length}`);
  // Convert everything before writing the area: a conversion (valueOf) may run JS that calls
  // Wasm, which uses the area too. Numbers wait in a Float64Array, which keeps NaN bits.
  const numbers = new Float64Array(values.length);
  const others = new Array<unknown>(values.length);
  values.forEach((value, i) => {
    const type = results[i]!;
    if (travelsAsNumber(type)) numbers[i] = toWasmValue(type, value) as number;
    else others[i] = toWasmValue(type, value);
  });
  for (let i = 0; i < values.length; i++) {
    if (travelsAsNumber(results[i]!)) multiResults.numbers[i] = numbers[i]!;
    else multiResults.values[i] = others[i];
  }
  return undefined;
}

/** The JS function an export (or a funcref leaving Wasm) presents for a raw function. */
export function exportFunction(raw: RawFunction, sigKey: string, name: string, tail?: RawFunction): AnyFunction {
  const sig = signature(sigKey);
  const params = sig.params;
  const exported = function (...args: unknown[]): unknown {
    if (sig.hasV128) throw new TypeError('function signature contains v128');
    const rawArgs = params.map((type, i) => toWasmValue(type, args[i]));
    // JS may have grown an imported native memory since Heron code last ran.
    refreshNativeMemories();
    let result: unknown;
    try {
      result = (raw as AnyFunction)(...rawArgs);
    } catch (error) {
      throw toBoundaryError(error);
    }
    return jsResults(sig, result);
  };
  Object.defineProperty(exported, 'name', { value: name });
  Object.defineProperty(exported, 'length', { value: params.length });
  return brandFunction(exported, tail === undefined ? { raw, sig: sigKey } : { raw, sig: sigKey, tail });
}

/** A plain JS function (or a native Wasm function) called with the JS API's conversions. */
export function adaptJsFunction(host: AnyFunction, sigKey: string): RawFunction {
  const sig = signature(sigKey);
  return function (...rawArgs: unknown[]): unknown {
    if (sig.hasV128) throw new TypeError('function signature contains v128');
    const args = rawArgs.map((arg, i) => toJsValue(sig.params[i]!, arg));
    let result: unknown;
    try {
      result = host(...args);
    } catch (error) {
      markForeign(error);
      throw error;
    } finally {
      // Native code may have grown a native memory that Heron code has adapted.
      refreshNativeMemories();
    }
    return rawResults(sig, result);
  };
}

/** The funcref value of an imported function: the Heron function itself, or a wrapper. */
export function importedFuncRef(value: unknown, raw: RawFunction, sigKey: string, name: string): unknown {
  return funcInfoOf(value) !== undefined ? value : exportFunction(raw, sigKey, name);
}

/**
 * call_indirect: the raw callee at `index` of `table`. Small enough for V8 to inline into the
 * calling function: a hit in the table's callee cache (a Heron function of signature `sigKey`)
 * is returned without touching the element; anything else takes `indirectCallee`'s checks.
 */
export function tableCallee(table: Table, index: number, sigKey: string): RawFunction {
  return table.calleeSigs[index] === sigKey ? (table.calleeRaws[index] as RawFunction) : indirectCallee(table.elements, index, sigKey);
}

/** call_indirect's checked path: the raw callee at `index` after the bounds, null and signature checks. */
export function indirectCallee(elements: readonly unknown[], index: number, sigKey: string): RawFunction {
  const element = elements[index];
  if (element === undefined) trap('undefined_element');
  if (element === null) trap('uninitialized_element');
  const info = (element as { [FUNC_BRAND]?: FuncInfo })[FUNC_BRAND];
  // Another engine's Wasm function in a table: its type is invisible from JS; trust the caller's.
  if (info === undefined) return adaptJsFunction(element as AnyFunction, sigKey);
  if (info.sig !== sigKey) trap('bad_signature');
  return info.raw;
}
