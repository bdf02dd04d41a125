/**
 * Value types, signature keys and the JS API's value conversions (ToWebAssemblyValue /
 * ToJSValue) between JS values and raw values (the forms of raw-call.ts), shared by the
 * interpreter and compiled code.
 */
import { funcInfoOf } from './raw-call.js';

export type WasmValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface Signature {
  readonly key: string;
  readonly params: readonly WasmValueType[];
  readonly results: readonly WasmValueType[];
  readonly hasV128: boolean;
}

const VALUE_TYPES: readonly string[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref'];

function parseTypeList(text: string, key: string): WasmValueType[] {
  if (text === '') return [];
  return text.split(',').map((name) => {
    if (!VALUE_TYPES.includes(name)) throw new TypeError(`bad signature key '${key}'`);
    return name as WasmValueType;
  });
}

/** Canonical key of a function type, e.g. `i32,i64->f32`: equal keys = equal types. */
export function signatureKey(params: readonly string[], results: readonly string[]): string {
  return `${params.join(',')}->${results.join(',')}`;
}

const signatures = new Map<string, Signature>();

/** The parsed signature of a key (one object per key, so results may be compared by identity). */
export function signature(key: string): Signature {
  let sig = signatures.get(key);
  if (sig === undefined) {
    const arrow = key.indexOf('->');
    if (arrow < 0) throw new TypeError(`bad signature key '${key}'`);
    const params = parseTypeList(key.slice(0, arrow), key);
    const results = parseTypeList(key.slice(arrow + 2), key);
    sig = { key, params, results, hasV128: params.includes('v128') || results.includes('v128') };
    signatures.set(key, sig);
  }
  return sig;
}

/** A signature for messages: `(i32, f32) -> f64`. */
export function formatSignature(key: string): string {
  const { params, results } = signature(key);
  return `(${params.join(', ')}) -> ${results.length === 1 ? results[0]! : `(${results.join(', ')})`}`;
}

/** JS API descriptor value names (`anyfunc` is the old name of funcref). */
export function valueTypeFromDescriptor(name: unknown): WasmValueType {
  if (name === 'anyfunc') return 'funcref';
  if (typeof name === 'string' && VALUE_TYPES.includes(name) && name !== 'v128') return name as WasmValueType;
  throw new TypeError(`invalid value type ${String(name)}`);
}

/**
 * Wasm functions of another engine (native `WebAssembly` exports) are functions whose source
 * JS cannot see; they are accepted as funcref values like Heron's own.
 */
function isNativeFunction(value: unknown): boolean {
  return typeof value === 'function' && Function.prototype.toString.call(value).endsWith('{ [native code] }');
}

export function isFuncRef(value: unknown): boolean {
  return value === null || funcInfoOf(value) !== undefined || isNativeFunction(value);
}

function toBigInt64(value: unknown): bigint {
  if (typeof value === 'number' || typeof value === 'symbol' || value === undefined || value === null) {
    throw new TypeError(`cannot convert ${typeof value} to an i64 (BigInt expected)`);
  }
  return BigInt.asIntN(64, BigInt(value as bigint | boolean | string));
}

/** ToNumber, which (unlike Number()) rejects BigInts. */
function toNumber(value: unknown): number {
  if (typeof value === 'bigint') throw new TypeError('cannot convert a BigInt to a number');
  return +(value as number);
}

/** ToWebAssemblyValue: a JS value passed into Wasm (arguments, import results, Global.value). */
export function toWasmValue(type: WasmValueType, value: unknown): unknown {
  switch (type) {
    case 'i32':
      return toNumber(value) | 0;
    case 'i64':
      return toBigInt64(value);
    case 'f32':
      return Math.fround(toNumber(value));
    case 'f64':
      return toNumber(value);
    case 'funcref':
      if (isFuncRef(value)) return value;
      throw new TypeError('funcref value must be null or a function exported by Wasm');
    case 'externref':
      return value;
    case 'v128':
      throw new TypeError('v128 values cannot cross the JS boundary');
  }
}

/** ToJSValue: a raw value passed out to JS (an f32 NaN's payload does not survive JS). */
export function toJsValue(type: WasmValueType, value: unknown): unknown {
  if (type === 'v128') throw new TypeError('v128 values cannot cross the JS boundary');
  return value;
}

/** Zero value of a type (locals, table and global defaults). */
export function defaultValue(type: WasmValueType): unknown {
  switch (type) {
    case 'i64':
      return 0n;
    case 'v128':
      return new Int32Array(4);
    case 'funcref':
    case 'externref':
      return null;
    default:
      return 0;
  }
}
