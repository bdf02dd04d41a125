/**
 * Brands that mark Heron runtime objects. Generated code carries its own copy of the
 * runtime (inlined), so two compiled modules — or a compiled module and the library —
 * never share classes: `instanceof` cannot recognise each other's objects. Registered
 * symbols (`Symbol.for`) are shared by every copy in a realm, so objects are recognised by
 * brand instead. Each branded object also keeps its raw state in plain fields that every
 * copy of the runtime reads the same way (the cross-instance protocol).
 */

/** On an exported (or imported Heron) function: its `FuncInfo` — raw callee and signature. */
export const FUNC_BRAND: unique symbol = Symbol.for('heron.func');
export const MEMORY_BRAND: unique symbol = Symbol.for('heron.memory');
export const TABLE_BRAND: unique symbol = Symbol.for('heron.table');
export const GLOBAL_BRAND: unique symbol = Symbol.for('heron.global');
export const TAG_BRAND: unique symbol = Symbol.for('heron.tag');
export const EXCEPTION_BRAND: unique symbol = Symbol.for('heron.exception');

/**
 * The raw-call protocol: a Heron function value (exported function, funcref) carries
 * `FuncInfo` under FUNC_BRAND. `raw` takes and returns internal representations (i64 as
 * BigInt, f32 as a double that keeps the exact NaN bits, v128 as an Int32Array(4)), so a
 * call between two compiled instances is exact; `sig` is the canonical signature key
 * (`signatureKey`), compared for call_indirect and import type checks.
 */
export interface FuncInfo {
  readonly raw: (...args: never[]) => unknown;
  readonly sig: string;
}

export function funcInfoOf(value: unknown): FuncInfo | undefined {
  if (typeof value !== 'function') return undefined;
  return (value as unknown as { [FUNC_BRAND]?: FuncInfo })[FUNC_BRAND];
}

export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
