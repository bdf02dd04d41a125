/**
 * Trap codes: why an instruction aborts execution. Each maps to the message the Wasm spec
 * test suite expects, so the interpreter and the JS back end raise identical
 * `RuntimeError`s. Traps are never catchable by Wasm exception handlers.
 */
export const TRAP_MESSAGES = {
  unreachable: 'unreachable',
  int_divz: 'integer divide by zero',
  int_ovf: 'integer overflow',
  bad_conversion: 'invalid conversion to integer',
  heap_oob: 'out of bounds memory access',
  table_oob: 'out of bounds table access',
  /** call_indirect: element index outside the table. */
  undefined_element: 'undefined element',
  /** call_indirect: element is null. */
  uninitialized_element: 'uninitialized element',
  /** call_indirect: element's function type differs from the expected one. */
  bad_signature: 'indirect call type mismatch',
  /** Atomic access whose effective address is not a multiple of its width. */
  unaligned_atomic: 'unaligned atomic',
  /** memory.atomic.wait on a non-shared memory. */
  unshared_wait: 'expected shared memory',
} as const;

export type TrapCode = keyof typeof TRAP_MESSAGES;

export const TRAP_CODES = Object.keys(TRAP_MESSAGES) as TrapCode[];

export function isTrapCode(name: string): name is TrapCode {
  return Object.hasOwn(TRAP_MESSAGES, name);
}
