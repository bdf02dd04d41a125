/**
 * Brands that mark Heron runtime objects. Generated code carries its own copy of the
 * runtime (inlined), so two compiled modules — or a compiled module and the library (the
 * interpreter) — never share classes: `instanceof` cannot recognise each other's objects.
 * Registered symbols (`Symbol.for`) are shared by every copy in a realm, so objects are
 * recognised by brand instead, and every copy reads their state through the same plain
 * fields. Functions are branded with FUNC_BRAND (../raw-call.ts, the raw-call protocol).
 */

export const MEMORY_BRAND: unique symbol = Symbol.for('heron.memory');
export const TABLE_BRAND: unique symbol = Symbol.for('heron.table');
export const GLOBAL_BRAND: unique symbol = Symbol.for('heron.global');
export const TAG_BRAND: unique symbol = Symbol.for('heron.tag');
export const EXCEPTION_BRAND: unique symbol = Symbol.for('heron.exception');

export function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
