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

export function trap(code: TrapCode): never {
  throw new RuntimeError(TRAP_MESSAGES[code]);
}

export const STACK_EXHAUSTED_MESSAGE = 'call stack exhausted';

const FOREIGN_ERRORS_KEY = Symbol.for('heron.foreignErrors');

/** One set per realm: an error marked by one runtime copy's adapter is foreign to every copy. */
function sharedForeignErrors(): WeakSet<object> {
  const holder = globalThis as { [FOREIGN_ERRORS_KEY]?: WeakSet<object> };
  let set = holder[FOREIGN_ERRORS_KEY];
  if (set === undefined) {
    set = new WeakSet<object>();
    Object.defineProperty(holder, FOREIGN_ERRORS_KEY, { value: set });
  }
  return set;
}

const foreignErrors = sharedForeignErrors();

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
  const converted = new RuntimeError(isStackOverflow(error) ? STACK_EXHAUSTED_MESSAGE : TRAP_MESSAGES.heap_oob);
  keepTrapSiteFrames(converted, error);
  return converted;
}

/**
 * The converted error's stack is the boundary's; the RangeError's frames show where the
 * trap happened (the Wasm functions, by their names-section names). Keep those, under the
 * RuntimeError's own first line.
 */
function keepTrapSiteFrames(converted: Error, original: RangeError): void {
  const stack = original.stack;
  const header = `${original.name}: ${original.message}`;
  if (typeof stack !== 'string' || !stack.startsWith(header)) return;
  converted.stack = `${converted.name}: ${converted.message}${stack.slice(header.length)}`;
}
