/**
 * Tail calls in constant JS stack (backend-js/tail-calls.ts decides who uses them).
 *
 * A function that may start an unbounded chain of tail calls is compiled twice: its *tail
 * entry* `F$tail` runs the body and, at a `return_call`, does not call but records the callee
 * and arguments here and returns the shared state object itself as a marker; its *normal
 * entry* `F` runs `runTailCalls(F$tail(...))`, a trampoline that keeps calling recorded
 * callees until a real result comes back. Callees are recorded by their tail entry, so a
 * chain of any length runs in one trampoline frame.
 *
 * The state object is registered on `globalThis` under a `Symbol.for` key: every copy of the
 * runtime (each compiled module may inline its own) shares it, so tail calls between modules
 * stay in constant stack too. A Heron function value's FuncInfo carries its tail entry as
 * `tail` when it has one; any other function's tail entry is its raw function, which never
 * returns the marker.
 */
import { FUNC_BRAND, funcInfoOf, type FuncInfo, type RawFunction } from '../raw-call.js';
import { indirectCallee } from './functions.js';

/**
 * The pending tail call; also the marker a tail entry returns to mean "call it". Calls with
 * up to REGISTER_ARGS arguments pass them in `a0..a3` (no allocation); longer ones in `args`.
 */
interface TailCallState {
  callee: RawFunction;
  a0: unknown;
  a1: unknown;
  a2: unknown;
  a3: unknown;
  /** The arguments of a call with more than REGISTER_ARGS of them, else null. */
  args: unknown[] | null;
}

/** Arguments passed in the state's fields rather than an array (see `tailCall` / `tailCallN`). */
export const REGISTER_ARGS = 4;

const TAIL_CALL_STATE_KEY = Symbol.for('heron.tailCallState');

function sharedTailCallState(): TailCallState {
  const registry = globalThis as unknown as Record<symbol, TailCallState | undefined>;
  let state = registry[TAIL_CALL_STATE_KEY];
  if (state === undefined) {
    state = { callee: () => undefined, a0: undefined, a1: undefined, a2: undefined, a3: undefined, args: null };
    Object.defineProperty(globalThis, TAIL_CALL_STATE_KEY, { value: state });
  }
  return state;
}

const tailCallState: TailCallState = sharedTailCallState();

/** In a tail entry, for a callee with at most REGISTER_ARGS parameters: `return tailCall(calleeTailEntry, ...args)`. */
export function tailCall(callee: RawFunction, a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown): unknown {
  const state = tailCallState;
  state.callee = callee;
  state.a0 = a0;
  state.a1 = a1;
  state.a2 = a2;
  state.a3 = a3;
  return state;
}

/** `tailCall` for callees with more than REGISTER_ARGS parameters. */
export function tailCallN(callee: RawFunction, args: unknown[]): unknown {
  tailCallState.callee = callee;
  tailCallState.args = args;
  return tailCallState;
}

/** The trampoline of a normal entry: `result` is what the tail entry returned. */
export function runTailCalls(result: unknown): unknown {
  const state = tailCallState;
  while (result === state) {
    const callee = state.callee as (...args: unknown[]) => unknown;
    const args = state.args;
    if (args === null) {
      // Extra arguments are ignored by callees with fewer parameters.
      result = callee(state.a0, state.a1, state.a2, state.a3);
    } else {
      state.args = null;
      result = callee(...args);
    }
  }
  // Do not keep the last arguments alive.
  state.a0 = state.a1 = state.a2 = state.a3 = undefined;
  return result;
}

/** The tail entry of an imported function (`raw` is its raw callee from `importFunction`). */
export function importTailEntry(value: unknown, raw: RawFunction): RawFunction {
  return funcInfoOf(value)?.tail ?? raw;
}

/** return_call_indirect: the callee's tail entry, after `indirectCallee`'s checks. */
export function indirectTailCallee(elements: readonly unknown[], index: number, sigKey: string): RawFunction {
  const raw = indirectCallee(elements, index, sigKey);
  return (elements[index] as { [FUNC_BRAND]?: FuncInfo })[FUNC_BRAND]?.tail ?? raw;
}
