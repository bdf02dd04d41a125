/**
 * Function values across the boundary. Compiled functions are "raw": they take and return
 * internal representations, and several results come back as an array. Exported functions
 * wrap a raw function with the JS API conversions and carry `FuncInfo` (FUNC_BRAND), so a
 * compiled importer recognises them and calls the raw function directly (exact NaN bits,
 * v128, no conversion cost). Imported plain JS functions get an adapter in the other
 * direction.
 */
import { LinkError } from '../errors.js';
import { FUNC_BRAND, funcInfoOf, type FuncInfo } from './brands.js';
import { markForeign, toBoundaryError, trap } from './traps.js';
import { signature, toJsValue, toWasmValue, type Signature } from './values.js';

type RawFunction = (...args: never[]) => unknown;

function convertResults(sig: Signature, result: unknown): unknown {
  const results = sig.results;
  if (results.length === 0) return undefined;
  if (results.length === 1) return toWasmValue(results[0]!, result);
  if (result === null || typeof result !== 'object' || !(Symbol.iterator in result)) {
    throw new TypeError('a function returning several values must return an iterable');
  }
  const values = [...(result as Iterable<unknown>)];
  if (values.length !== results.length) throw new TypeError(`expected ${results.length} results, got ${values.length}`);
  return values.map((value, i) => toWasmValue(results[i]!, value));
}

/** The JS function an export (or a funcref leaving Wasm) presents for a raw function. */
export function exportFunction(raw: RawFunction, sigKey: string, name: string): (...args: unknown[]) => unknown {
  const sig = signature(sigKey);
  const { params, results } = sig;
  const exported = function (...args: unknown[]): unknown {
    if (sig.hasV128) throw new TypeError('function signature contains v128');
    const rawArgs = params.map((type, i) => toWasmValue(type, args[i]));
    let result: unknown;
    try {
      result = (raw as (...args: unknown[]) => unknown)(...rawArgs);
    } catch (error) {
      throw toBoundaryError(error);
    }
    if (results.length <= 1) return results.length === 0 ? undefined : toJsValue(results[0]!, result);
    return (result as unknown[]).map((value, i) => toJsValue(results[i]!, value));
  };
  const info: FuncInfo = { raw, sig: sigKey };
  Object.defineProperty(exported, FUNC_BRAND, { value: info });
  Object.defineProperty(exported, 'name', { value: name });
  Object.defineProperty(exported, 'length', { value: params.length });
  return exported;
}

/** The raw callee for an imported function value; LinkError when it cannot be one. */
export function importFunction(value: unknown, sigKey: string, what: string): RawFunction {
  if (typeof value !== 'function') throw new LinkError(`${what}: function import requires a callable`);
  const info = funcInfoOf(value);
  if (info !== undefined) {
    if (info.sig !== sigKey) throw new LinkError(`${what}: imported function does not match the expected type`);
    return info.raw;
  }
  const sig = signature(sigKey);
  const host = value as (...args: unknown[]) => unknown;
  return function (...rawArgs: unknown[]): unknown {
    if (sig.hasV128) throw new TypeError('function signature contains v128');
    const args = rawArgs.map((arg, i) => toJsValue(sig.params[i]!, arg));
    let result: unknown;
    try {
      result = host(...args);
    } catch (error) {
      markForeign(error);
      throw error;
    }
    return convertResults(sig, result);
  };
}

/** The funcref value of an imported function: the Heron function itself, or a wrapper. */
export function importedFuncRef(value: unknown, raw: RawFunction, sigKey: string, name: string): unknown {
  return funcInfoOf(value) !== undefined ? value : exportFunction(raw, sigKey, name);
}

/** call_indirect: the raw callee at `index` after the bounds, null and signature checks. */
export function indirectCallee(elements: readonly unknown[], index: number, sigKey: string): RawFunction {
  const element = elements[index];
  if (element === undefined) trap('undefined_element');
  if (element === null) trap('uninitialized_element');
  const info = (element as { [FUNC_BRAND]: FuncInfo })[FUNC_BRAND];
  if (info.sig !== sigKey) trap('bad_signature');
  return info.raw;
}
