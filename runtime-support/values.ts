/**
 * Conversions between raw Wasm values (raw-call.ts, numeric.ts) and JS values, as the
 * WebAssembly JS API's ToJSValue / ToWebAssemblyValue define them: i64 is a BigInt, f32 is
 * rounded to a double, v128 cannot cross (TypeError, as in V8), funcref must be a Wasm
 * function or null.
 */
import type { ValType } from '../compiler/module.js';
import { f32FromNumber, f32Value } from './numeric.js';
import { rawFunctionOf } from './raw-call.js';

/** Wasm functions that are not Heron's (native `WebAssembly` exports) are accepted as funcref. */
function isNativeFunction(value: unknown): boolean {
  return typeof value === 'function' && Function.prototype.toString.call(value).endsWith('{ [native code] }');
}

export function isFuncRef(value: unknown): boolean {
  return value === null || rawFunctionOf(value) !== undefined || isNativeFunction(value);
}

export function toJsValue(type: ValType, raw: unknown): unknown {
  switch (type) {
    case 'f32':
      return f32Value(raw as number);
    case 'v128':
      throw new TypeError('type incompatibility when transforming from/to JS: v128 has no JS value');
    default:
      return raw;
  }
}

export function toRawValue(type: ValType, value: unknown): unknown {
  switch (type) {
    case 'i32':
      return +(value as number) | 0;
    case 'i64':
      if (typeof value === 'number') throw new TypeError(`cannot convert ${value} to a BigInt for an i64`);
      return BigInt.asIntN(64, BigInt(value as bigint));
    case 'f32':
      return f32FromNumber(+(value as number));
    case 'f64':
      return +(value as number);
    case 'v128':
      throw new TypeError('type incompatibility when transforming from/to JS: v128 has no JS value');
    case 'funcref':
      if (!isFuncRef(value)) throw new TypeError('type incompatibility when transforming from/to JS: expected a Wasm function or null');
      return value;
    case 'externref':
      return value;
  }
}

/** The default value of a type (zero or null), raw. */
export function defaultRawValue(type: ValType): unknown {
  switch (type) {
    case 'i64':
      return 0n;
    case 'v128':
      return new Uint8Array(16);
    case 'funcref':
    case 'externref':
      return null;
    default:
      return 0;
  }
}
