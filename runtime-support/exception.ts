/**
 * Wasm exceptions (legacy exception handling) as JS exceptions. A `throw` raises a
 * `WasmException` carrying the tag's identity and the payload; any instance (interpreted
 * or compiled) that catches it compares `tag` by identity, so exceptions cross instances.
 * Foreign JS exceptions are caught as they are by `catch_all` and rethrown unchanged.
 *
 * The payload is positional: value i sits in `numbers[i]` when its type is i32/f32/f64
 * (a Float64Array keeps f64 NaN payloads, which plain arrays lose), else in `values[i]`.
 * Raw forms as in raw-call.ts.
 */
import type { FuncType, ValType } from '../compiler/module.js';
import { isNumberRaw } from './raw-call.js';
import { toJsValue, toRawValue } from './values.js';

export interface TagDescriptor {
  parameters: ValType[];
}

/** A tag: an exception type with identity (what WebAssembly.Tag is to the JS API). */
export class Tag {
  readonly type: FuncType;

  constructor(type: FuncType | TagDescriptor) {
    this.type = 'params' in type ? type : { params: [...type.parameters], results: [] };
  }
}

export class WasmException {
  constructor(
    readonly tag: Tag,
    readonly numbers: Float64Array,
    readonly values: unknown[],
  ) {}

  /** A JS-created exception (`new WebAssembly.Exception(tag, [values])` semantics). */
  static fromJs(tag: Tag, args: readonly unknown[]): WasmException {
    const params = tag.type.params;
    if (args.length !== params.length) throw new TypeError(`tag expects ${params.length} values, got ${args.length}`);
    const numbers = new Float64Array(params.length);
    const values = new Array<unknown>(params.length).fill(null);
    params.forEach((type, i) => {
      const raw = toRawValue(type, args[i]);
      if (isNumberRaw(type)) numbers[i] = raw as number;
      else values[i] = raw;
    });
    return new WasmException(tag, numbers, values);
  }

  is(tag: Tag): boolean {
    return this.tag === tag;
  }

  /** Payload value `index` as a JS value. */
  getArg(tag: Tag, index: number): unknown {
    if (tag !== this.tag) throw new TypeError('exception does not have this tag');
    const type = tag.type.params[index];
    if (type === undefined) throw new RangeError(`exception payload has no index ${index}`);
    return toJsValue(type, isNumberRaw(type) ? this.numbers[index] : this.values[index]);
  }

  toString(): string {
    return `WasmException(${this.tag.type.params.join(', ')})`;
  }
}
