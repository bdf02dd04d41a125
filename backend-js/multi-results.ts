/**
 * Code for the raw-call protocol's multi-value results and exception payloads
 * (runtime-support/raw-call.ts): a function with several results writes them to the realm's
 * `multiResults` area — i32/f32/f64 to the Float64Array `numbers`, the rest to `values` —
 * and returns nothing; its caller reads them right after the call. Plain arrays would
 * quieten signalling NaNs (V8 canonicalises NaNs in arrays of doubles), the typed array
 * keeps every bit.
 */
import type { IrType } from '../ir/types.js';
import { travelsAsNumber } from '../runtime-support/raw-call.js';
import { assignStmt, call, index, member, num, type Expr, type Stmt } from './js-ast.js';
import type { ModuleContext } from './module-context.js';

/** The area array a value of `type` travels in, as a module constant. */
function areaArray(module: ModuleContext, type: IrType): Expr {
  return travelsAsNumber(type)
    ? module.constant('multi-results-numbers', () => member(module.rt('multiResults'), 'numbers'))
    : module.constant('multi-results-values', () => member(module.rt('multiResults'), 'values'));
}

/** Result `i` (of `type`) of the call that just returned. */
export function readMultiResult(module: ModuleContext, i: number, type: IrType): Expr {
  return index(areaArray(module, type), i);
}

/** `return a, b, ...`: the results into the area, in order, then a plain `return`. */
export function writeMultiResults(module: ModuleContext, values: readonly Expr[], types: readonly IrType[]): Stmt[] {
  return values.map((value, i) => assignStmt(index(areaArray(module, types[i]!), i), value));
}

/** A Wasm exception of `tag` with these raw payload values (runtime `newException`). */
export function newException(module: ModuleContext, tag: Expr, payload: readonly Expr[]): Expr {
  return call(module.rt('newException'), [tag, ...payload]);
}

/** Payload value `i` of a caught exception known to carry the tag. */
export function exceptionValue(module: ModuleContext, exception: Expr, i: number): Expr {
  return call(module.rt('exceptionValue'), [exception, num(i)]);
}
