/**
 * Globals without `WebAssembly`, shared by interpreted and compiled instances. `v` holds the
 * value in raw form (raw-call.ts): executing code reads and writes it directly, so f32/f64
 * NaN payloads and v128 values stay exact; the JS API's `value` / `valueOf` convert.
 * Instances of any runtime copy recognise a Global by GLOBAL_BRAND and use only `type`,
 * `mutable` and `v`.
 *
 * `NativeGlobal` adapts a `WebAssembly.Global` (lossy for f32/f64 NaN payloads, which a
 * native global's JS surface cannot carry).
 */
import { GLOBAL_BRAND, hasBrand } from './js/brands.js';
import { defaultValue, toJsValue, toWasmValue, valueTypeFromDescriptor, type WasmValueType } from './values.js';

export interface GlobalDescriptor {
  value: string;
  mutable?: boolean;
}

export class Global {
  readonly [GLOBAL_BRAND] = true;
  readonly type: WasmValueType;
  readonly mutable: boolean;
  /** The raw value, read and written by executing code. */
  declare v: unknown;

  constructor(descriptor: GlobalDescriptor, value?: unknown) {
    if (typeof descriptor !== 'object' || descriptor === null) throw new TypeError('Global descriptor must be an object');
    this.type = valueTypeFromDescriptor(descriptor.value);
    this.mutable = descriptor.mutable === true;
    // `v` is assigned, not a class field initializer, so NativeGlobal can redefine it as an accessor.
    this.v = value === undefined ? defaultValue(this.type) : toWasmValue(this.type, value);
  }

  get value(): unknown {
    return toJsValue(this.type, this.v);
  }

  set value(value: unknown) {
    if (!this.mutable) throw new TypeError('cannot set the value of an immutable global');
    this.v = toWasmValue(this.type, value);
  }

  valueOf(): unknown {
    return this.value;
  }
}

export function isGlobal(value: unknown): value is Global {
  return hasBrand(value, GLOBAL_BRAND);
}

/** A global created by instantiation (any value type, v128 included), holding a raw value. */
export function createGlobal(type: WasmValueType, mutable: boolean, raw: unknown): Global {
  const global = new Global({ value: type === 'v128' ? 'i32' : type, mutable });
  (global as { type: WasmValueType }).type = type;
  global.v = raw;
  return global;
}

/** The part of `WebAssembly.Global` used to adapt a native global. */
export interface NativeGlobalLike {
  value: unknown;
}

export class NativeGlobal extends Global {
  constructor(
    readonly native: NativeGlobalLike,
    type: WasmValueType,
    mutable: boolean,
  ) {
    super({ value: type, mutable });
    Object.defineProperty(this, 'v', {
      get: (): unknown => toWasmValue(type, native.value),
      set: (raw: unknown): void => {
        native.value = toJsValue(type, raw);
      },
    });
  }
}
