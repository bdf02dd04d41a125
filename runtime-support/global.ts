/**
 * Globals without `WebAssembly`. `raw` holds the value in raw form (raw-call.ts): executing
 * code reads and writes it directly, so f32 NaN payloads and v128 values stay exact; the JS
 * API's `value` / `valueOf` convert. `NativeGlobal` adapts a `WebAssembly.Global` (lossy
 * for f32 NaN payloads, which a native global's JS surface cannot carry).
 */
import type { GlobalType, ValType } from '../compiler/module.js';
import { defaultRawValue, toJsValue, toRawValue } from './values.js';

export interface GlobalDescriptor {
  value: 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'anyfunc' | 'funcref' | 'externref';
  mutable?: boolean;
}

function valueType(name: string): ValType {
  switch (name) {
    case 'anyfunc':
      return 'funcref';
    case 'i32':
    case 'i64':
    case 'f32':
    case 'f64':
    case 'v128':
    case 'funcref':
    case 'externref':
      return name;
    default:
      throw new TypeError(`unknown global value type "${name}"`);
  }
}

export class Global {
  readonly type: ValType;
  readonly mutable: boolean;
  private rawValue: unknown;

  constructor(descriptor: GlobalDescriptor, value?: unknown) {
    this.type = valueType(descriptor.value);
    this.mutable = descriptor.mutable === true;
    this.rawValue = value === undefined ? defaultRawValue(this.type) : toRawValue(this.type, value);
  }

  /** A global of a Wasm type holding a raw value (instantiation). */
  static fromRaw(type: GlobalType, raw: unknown): Global {
    const global = new Global({ value: type.type, mutable: type.mutable });
    global.raw = raw;
    return global;
  }

  get raw(): unknown {
    return this.rawValue;
  }

  set raw(value: unknown) {
    this.rawValue = value;
  }

  get value(): unknown {
    return toJsValue(this.type, this.raw);
  }

  set value(value: unknown) {
    if (!this.mutable) throw new TypeError('cannot set the value of an immutable global');
    this.raw = toRawValue(this.type, value);
  }

  valueOf(): unknown {
    return this.value;
  }
}

/** The part of `WebAssembly.Global` used to adapt a native global. */
export interface NativeGlobalLike {
  value: unknown;
}

export class NativeGlobal extends Global {
  constructor(
    readonly native: NativeGlobalLike,
    type: GlobalType,
  ) {
    super({ value: type.type, mutable: type.mutable });
  }

  override get raw(): unknown {
    return toRawValue(this.type, this.native.value);
  }

  override set raw(value: unknown) {
    this.native.value = toJsValue(this.type, value);
  }
}
