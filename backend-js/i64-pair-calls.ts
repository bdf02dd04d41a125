/**
 * The i64 pair calling convention for direct calls (`i64: 'pairs'` mode).
 *
 * A defined function whose signature has an i64 parameter or a single i64 result is compiled
 * as a pair body that takes each i64 parameter as two int32 arguments (low word first) and
 * returns an i64 result's low word, leaving the high word in the runtime's `i64PairHigh[0]`
 * (the protocol of the runtime's pair helpers). Direct calls from the same module's compiled
 * functions call the body with the words of their pair locals (constants as two literals)
 * and read the high word in the statement right after the call, before anything else can
 * overwrite the slot — so a call never allocates a BigInt.
 *
 * Everyone else (exports, tables, call_indirect, ref.func, other modules, the interpreter,
 * try_call, tail calls that record a callee) keeps the BigInt raw-call protocol through a thin
 * raw entry `NAME$raw`, which splits the BigInt arguments, calls the body and boxes the
 * result (`module.functionRef` names it). The body keeps the plain name, so trap stack traces
 * read like the source; a call from outside shows one extra `NAME$raw` frame below it.
 *
 * Not converted: multi-value results, BigInt mode, and functions trampolined for tail calls
 * (tail-calls.ts case 3), whose bodies may return a recorded tail call instead of a value.
 * A non-trampolined function's tail calls all go to non-trampolined defined functions
 * (bounded ones) with the same results, so a pair body with an i64 result tail-calls only
 * other pair bodies and `return g(words)` passes the high word along untouched.
 */
import type * as E from 'estree';
import type { IrFunction } from '../ir/function.js';
import type { IrModule } from '../ir/module.js';
import { call, exprStmt, functionDecl, id, index, returnStmt, type Expr } from './js-ast.js';
import type { ModuleContext } from './module-context.js';
import { markFunctionOffset, markSourceOffset } from './source-map.js';

/** Marks the defined functions compiled with the pair convention (stored on `module`; pairs mode only). */
export function planPairCalls(ir: IrModule, module: ModuleContext): void {
  const convention = new Uint8Array(ir.env.funcTypes.length);
  for (const fn of ir.functions) {
    const type = ir.env.types[fn.typeIndex]!;
    const hasI64 = type.params.includes('i64') || type.results[0] === 'i64';
    const trampolined = module.tailCalls?.isTrampolined(fn.funcIndex) === true;
    if (hasI64 && type.results.length <= 1 && !trampolined) convention[fn.funcIndex] = 1;
  }
  module.pairConvention = convention;
}

/** The pair body of a pair-convention function (direct calls target it). */
export function pairBodyRef(module: ModuleContext, funcIndex: number): E.Identifier {
  return id(module.functionNames[funcIndex]!);
}

/** The high word of the i64 result of the pair call that just returned. */
export function pairResultHigh(module: ModuleContext): E.MemberExpression {
  return index(module.rt('i64PairHigh'), 0);
}

/** `NAME$raw(a0, ...)`: the raw-call entry of a pair body, mapped to the function's start. */
export function rawEntryWrapper(fn: IrFunction, module: ModuleContext): E.FunctionDeclaration {
  const type = module.env.types[fn.typeIndex]!;
  const params = type.params.map((_, i) => `$a${i}`);
  const args = type.params.flatMap((paramType, i): Expr[] =>
    paramType === 'i64' ? [call(module.rt('i64LowWord'), [id(params[i]!)]), call(module.rt('i64HighWord'), [id(params[i]!)])] : [id(params[i]!)],
  );
  const body = call(pairBodyRef(module, fn.funcIndex), args);
  // Arguments are evaluated left to right: the body returns before the high word is read.
  const result = type.results[0] === 'i64' ? call(module.rt('i64FromWords'), [body, pairResultHigh(module)]) : body;
  const statements = [type.results.length === 0 ? exprStmt(body) : returnStmt(result)];
  markSourceOffset(statements, 0, fn.srcOffset);
  const declaration = functionDecl(module.functionRef(fn.funcIndex).name, params, statements);
  markFunctionOffset(declaration, fn.srcOffset);
  return declaration;
}
