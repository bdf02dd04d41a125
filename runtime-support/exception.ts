/**
 * Wasm exceptions (exception handling) as JS exceptions, shared by interpreted and compiled
 * instances. A `throw` raises a `WasmException` carrying its tag and payload; whoever
 * catches it (any instance, any runtime copy) recognises it by EXCEPTION_BRAND and compares
 * `tag` by identity, so exceptions cross instances and engines. Foreign JS exceptions are
 * caught as they are by `catch_all` and rethrown unchanged.
 *
 * The payload is positional and raw (raw-call.ts forms): value i sits in `numbers[i]` when
 * its type is i32/f32/f64 (a Float64Array keeps signalling NaN payloads, which plain arrays
 * of doubles lose), else in `values[i]`.
 */
import { EXCEPTION_BRAND, TAG_BRAND, hasBrand } from './js/brands.js';
import { travelsAsNumber } from './raw-call.js';
import { signature, signatureKey, toJsValue, toWasmValue, type Signature } from './values.js';

export interface TagDescriptor {
  parameters: readonly string[];
}

/** An exception type with identity (what WebAssembly.Tag is to the JS API). */
export class Tag {
  readonly [TAG_BRAND] = true;
  /** Signature key of the tag's type (results are always empty). */
  readonly sig: string;
  readonly type: Signature;

  /** `new Tag({ parameters })` (JS API) or `new Tag(signatureKey)` (instantiation). */
  constructor(descriptor: TagDescriptor | string) {
    if (typeof descriptor === 'string') this.sig = descriptor;
    else if (typeof descriptor === 'object' && descriptor !== null && Array.isArray(descriptor.parameters)) {
      this.sig = signatureKey(descriptor.parameters, []);
    } else throw new TypeError('Tag descriptor must be an object with a parameters array');
    this.type = signature(this.sig);
  }
}

export function isTag(value: unknown): value is Tag {
  return hasBrand(value, TAG_BRAND);
}

export class WasmException extends Error {
  readonly [EXCEPTION_BRAND] = true;

  constructor(
    readonly tag: Tag,
    readonly numbers: Float64Array,
    readonly values: unknown[],
  ) {
    super('uncaught Wasm exception');
    // See errors.ts: keeps `instanceof` and the methods below when lowered to ES5.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = 'WasmException';
  }

  /** A JS-created exception (`new WebAssembly.Exception(tag, payload)` semantics). */
  static fromJs(tag: Tag, payload: readonly unknown[]): WasmException {
    const params = tag.type.params;
    if (payload.length !== params.length) throw new TypeError(`tag expects ${params.length} values, got ${payload.length}`);
    const exception = emptyException(tag);
    params.forEach((type, i) => setExceptionValue(exception, i, toWasmValue(type, payload[i])));
    return exception;
  }

  /** JS API: `exception.is(tag)`. */
  is(tag: Tag): boolean {
    return this.tag === tag;
  }

  /** JS API: `exception.getArg(tag, index)`, as a JS value. */
  getArg(tag: Tag, index: number): unknown {
    if (tag !== this.tag) throw new TypeError('exception does not have this tag');
    const type = tag.type.params[index];
    if (type === undefined) throw new RangeError(`exception payload has no index ${index}`);
    return toJsValue(type, exceptionValue(this, index));
  }
}

export function isWasmException(value: unknown): value is WasmException {
  return hasBrand(value, EXCEPTION_BRAND);
}

function emptyException(tag: Tag): WasmException {
  const count = tag.type.params.length;
  return new WasmException(tag, new Float64Array(count), new Array<unknown>(count).fill(null));
}

/** Payload value `index` (raw), for code that knows the tag. */
export function exceptionValue(exception: WasmException, index: number): unknown {
  return travelsAsNumber(exception.tag.type.params[index]!) ? exception.numbers[index] : exception.values[index];
}

/** Sets payload value `index` (raw) while an exception is built. */
export function setExceptionValue(exception: WasmException, index: number, raw: unknown): void {
  if (travelsAsNumber(exception.tag.type.params[index]!)) exception.numbers[index] = raw as number;
  else exception.values[index] = raw;
}

/** `throw` / exn.new in compiled code: the exception of `tag` with these raw payload values. */
export function newException(tag: Tag, ...payload: unknown[]): WasmException {
  // A rest parameter array holds its elements as tagged values, so NaN bits survive until here.
  const exception = emptyException(tag);
  for (let i = 0; i < payload.length; i++) setExceptionValue(exception, i, payload[i]);
  return exception;
}

/** br_on_tag: does `error` carry this tag? Foreign JS exceptions never match. */
export function exceptionHasTag(error: unknown, tag: Tag): boolean {
  return isWasmException(error) && error.tag === tag;
}
