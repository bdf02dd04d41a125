/**
 * Traps and the line between Wasm-level failures and JS exceptions.
 *
 * Compiled code traps in two ways: explicitly (`trap(code)` throws a RuntimeError with the
 * spec's message) and implicitly — a DataView access out of bounds throws RangeError, and
 * so does JS stack exhaustion. Implicit traps are turned into RuntimeErrors where they
 * leave compiled code (`toBoundaryError`, used by exported functions and instantiation).
 * A RangeError thrown by imported JS is no trap: import adapters record such foreign
 * errors (`markForeign`) so they cross the boundary unchanged.
 */
import { RuntimeError } from '../errors.js';
import { TRAP_MESSAGES, type TrapCode } from '../../ir/traps.js';
import { EXCEPTION_BRAND } from './brands.js';

export function trap(code: TrapCode): never {
  throw new RuntimeError(TRAP_MESSAGES[code]);
}

export const STACK_EXHAUSTED_MESSAGE = 'call stack exhausted';

const foreignErrors = new WeakSet<object>();

/** Called by import adapters on everything imported JS throws. */
export function markForeign(error: unknown): void {
  if (typeof error === 'object' && error !== null) foreignErrors.add(error);
}

function isStackOverflow(error: RangeError): boolean {
  // V8: "Maximum call stack size exceeded"; SpiderMonkey/Hermes: "too much recursion" / "Maximum call stack".
  return /call stack|recursion/i.test(error.message);
}

/** True for errors that are Wasm traps (explicit or implicit), which no Wasm handler may catch. */
export function isTrap(error: unknown): boolean {
  if (error instanceof RangeError) return !foreignErrors.has(error);
  return error instanceof RuntimeError || (error instanceof Error && error.name === 'RuntimeError' && !foreignErrors.has(error));
}

/** What a Wasm `catch_all` may catch: anything that is not a trap. */
export function isCatchable(error: unknown): boolean {
  return !isTrap(error);
}

/** The error an embedder sees for `error` escaping compiled code. */
export function toBoundaryError(error: unknown): unknown {
  if (!(error instanceof RangeError) || foreignErrors.has(error)) return error;
  return new RuntimeError(isStackOverflow(error) ? STACK_EXHAUSTED_MESSAGE : TRAP_MESSAGES.heap_oob);
}

/** A Wasm exception thrown by `throw` (exception-handling proposal). */
export class WasmException extends Error {
  readonly [EXCEPTION_BRAND] = true;
  constructor(
    readonly tag: object,
    readonly payload: unknown[],
  ) {
    super('uncaught Wasm exception');
    this.name = 'WasmException';
  }

  /** JS API: `exception.is(tag)`. */
  is(tag: object): boolean {
    return this.tag === tag;
  }

  /** JS API: `exception.getArg(tag, index)`. */
  getArg(tag: object, index: number): unknown {
    if (this.tag !== tag) throw new TypeError('exception tag mismatch');
    if (!(index >= 0 && index < this.payload.length)) throw new RangeError('exception argument index out of range');
    return this.payload[index];
  }
}

export function isWasmException(error: unknown): error is WasmException {
  return typeof error === 'object' && error !== null && (error as { [EXCEPTION_BRAND]?: boolean })[EXCEPTION_BRAND] === true;
}

/** br_on_tag: does `error` carry this tag? Foreign JS exceptions never match. */
export function exceptionHasTag(error: unknown, tag: object): boolean {
  return isWasmException(error) && error.tag === tag;
}

export function exceptionPayload(error: unknown): unknown[] {
  return (error as WasmException).payload;
}
