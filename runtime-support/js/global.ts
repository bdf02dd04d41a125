/**
 * The JS API `Global` object. Compiled code reads and writes the raw value in `v`
 * directly (internal representation); `value` converts at the JS boundary.
 */
import { GLOBAL_BRAND, hasBrand } from './brands.js';
import { defaultValue, toJsValue, toWasmValue, valueTypeFromDescriptor, type WasmValueType } from './values.js';

export interface GlobalDescriptor {
  value: string;
  mutable?: boolean;
}

export class Global {
  readonly [GLOBAL_BRAND] = true;
  readonly type: WasmValueType;
  readonly mutable: boolean;
  /** The raw value, read and written by compiled code. */
  v: unknown;

  constructor(descriptor: GlobalDescriptor, value?: unknown) {
    if (typeof descriptor !== 'object' || descriptor === null) throw new TypeError('Global descriptor must be an object');
    this.type = valueTypeFromDescriptor(descriptor.value);
    this.mutable = descriptor.mutable === true;
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

/** A global created by instantiation (exported, or a cell shared with an importer). */
export function createGlobal(type: WasmValueType, mutable: boolean, raw: unknown): Global {
  const global = new Global({ value: type === 'v128' ? 'i32' : type, mutable });
  (global as { type: WasmValueType }).type = type;
  global.v = raw;
  return global;
}
