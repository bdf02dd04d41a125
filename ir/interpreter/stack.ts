/**
 * The interpreter's value stack: two parallel register files indexed by the same slot
 * numbers. `N` (a Float64Array) holds i32, f32 (bit patterns), f64 and v128 (four i32
 * lanes) values without boxing; `O` holds i64 (BigInt), references and caught exceptions.
 * A frame is the range [fp, fp + frame size); a callee's frame starts where its caller's
 * ends, and its arguments and results sit at the start of its frame (layout.ts).
 *
 * The stack is shared by every interpreted instance of the process (single-threaded), so
 * calls between instances need no copying. `stackState.top` is the first free slot while
 * control is outside interpreted code (a host call or JS calling an export): re-entrant
 * calls start their frames there.
 */
import { RuntimeError } from '../../runtime-support/errors.js';

/** Slots per register file: 1 Mi slots (8 MiB of numbers). Deeper recursion traps. */
export const STACK_SLOTS = 1 << 20;

export const N = new Float64Array(STACK_SLOTS);
export const O: unknown[] = new Array<unknown>(STACK_SLOTS).fill(null);

export const stackState = { top: 0 };

export const STACK_EXHAUSTED_MESSAGE = 'call stack exhausted';

export function stackExhausted(): never {
  throw new RuntimeError(STACK_EXHAUSTED_MESSAGE);
}

/** The JS engine's own stack overflow (V8: RangeError "Maximum call stack size exceeded"). */
export function isHostStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
