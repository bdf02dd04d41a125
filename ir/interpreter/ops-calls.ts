/**
 * Calls: direct, indirect (bounds / null / signature checks inside the operation), inside a
 * try (`try_call*`: a Wasm exception or foreign JS exception takes the unwind edge; traps
 * never do), and tail calls (`return_call*`, a trampoline in execute.ts).
 *
 * A callee's frame starts at fp + frame size: arguments are copied to its signature slots
 * there, and results are copied back from the same place after it returns.
 */
import type { FuncType } from '../../compiler/module.js';
import { isTrap, trap } from '../../runtime-support/js/traps.js';
import type { Table } from '../../runtime-support/table.js';
import type { ImplicitSource, OpContext, OpFactory, TermFactory } from './context.js';
import { callFunction, TAIL_CALL, tailCall } from './execute.js';
import { FUNC_INSTANCE, funcTypeId, type CompiledBlock, type FuncInstance, type Op, type Term } from './function-instance.js';
import { funcInstanceForRef } from './host-functions.js';
import { signatureLayout } from './layout.js';
import { compileMoves, type MoveFn } from './moves.js';
import { isHostStackOverflow, N, O, stackExhausted } from './stack.js';

type Callable = (...args: unknown[]) => unknown;

interface CallShape {
  type: FuncType;
  /** Copies the call arguments (operands from `firstArg` on) to `base` + param offsets. */
  args: MoveFn | null;
  /** Results of the callee, relative to fp (at `base` + result offsets). */
  results: ImplicitSource[];
}

function callShape(ctx: OpContext, type: FuncType, firstArg: number, base: number): CallShape {
  const sig = signatureLayout(type);
  const args = compileMoves(type.params.map((paramType, i) => ({ src: ctx.arg(firstArg + i), dst: base + sig.params.offsets[i]!, type: paramType })));
  const results = type.results.map((resultType, i) => ({ src: base + sig.results.offsets[i]!, type: resultType }));
  return { type, args, results };
}

/** Copies call results into the instruction's result slots. */
function resultMove(ctx: OpContext, results: readonly ImplicitSource[]): MoveFn | null {
  return compileMoves(results.map((source, i) => ({ src: source.src, dst: ctx.result(i), type: source.type })));
}

function directCallee(ctx: OpContext): FuncInstance {
  if (ctx.inst.imm.kind !== 'func') throw new Error(`${ctx.inst.opcode} without a function immediate`);
  return ctx.instance.funcs[ctx.inst.imm.func]!;
}

/** An indirect call's target resolver: the FuncInstance at the table index operand. */
function indirectCallee(ctx: OpContext): { type: FuncType; resolve: (fp: number) => FuncInstance } {
  const imm = ctx.inst.imm;
  if (imm.kind !== 'call_indirect') throw new Error(`${ctx.inst.opcode} without a call_indirect immediate`);
  const type = ctx.instance.module.env.types[imm.type]!;
  const table: Table = ctx.instance.tables[imm.table]!;
  const expected = funcTypeId(type);
  const index = ctx.arg(0);
  const index64 = table.index64;
  const resolve = (fp: number): FuncInstance => {
    const i = index64 ? Number(BigInt.asUintN(64, O[fp + index] as bigint)) : N[fp + index]! >>> 0;
    if (i >= table.size()) trap('undefined_element');
    const ref = table.read(i) as Callable | null;
    if (ref === null) trap('uninitialized_element');
    const callee = (ref as { [FUNC_INSTANCE]?: FuncInstance })[FUNC_INSTANCE] ?? funcInstanceForRef(ref, type);
    if (callee.typeId !== expected) trap('bad_signature');
    return callee;
  };
  return { type, resolve };
}

function call(ctx: OpContext): Op {
  const callee = directCallee(ctx);
  const base = ctx.frameSize;
  const shape = callShape(ctx, callee.type, 0, base);
  ctx.reserveAbove(callee.sig.size);
  const args = shape.args;
  const results = resultMove(ctx, shape.results);
  return (fp) => {
    if (args !== null) args(fp);
    callFunction(callee, fp + base);
    if (results !== null) results(fp);
  };
}

function callIndirect(ctx: OpContext): Op {
  const { type, resolve } = indirectCallee(ctx);
  const base = ctx.frameSize;
  const shape = callShape(ctx, type, 1, base);
  ctx.reserveAbove(signatureLayout(type).size);
  const args = shape.args;
  const results = resultMove(ctx, shape.results);
  return (fp) => {
    const callee = resolve(fp);
    if (args !== null) args(fp);
    callFunction(callee, fp + base);
    if (results !== null) results(fp);
  };
}

/** A try_call terminator around `invoke` (which calls the callee at fp + base). */
function tryCallTerm(ctx: OpContext, shape: CallShape, invoke: (fp: number) => void): Term {
  const base = ctx.frameSize;
  ctx.reserveAbove(Math.max(signatureLayout(shape.type).size, 1));
  const normal = ctx.edge(0, shape.results);
  const unwind = ctx.edge(1, [{ src: base, type: 'exn' }]);
  const args = shape.args;
  return (fp): CompiledBlock => {
    if (args !== null) args(fp);
    try {
      invoke(fp);
    } catch (error) {
      // Traps are not exceptions (a compiled callee's implicit traps are RangeErrors, see
      // isTrap); a JS stack overflow is the trap "call stack exhausted".
      if (isHostStackOverflow(error)) stackExhausted();
      if (isTrap(error)) throw error;
      O[fp + base] = error;
      if (unwind.move !== null) unwind.move(fp);
      return unwind.block;
    }
    if (normal.move !== null) normal.move(fp);
    return normal.block;
  };
}

function tryCall(ctx: OpContext): Term {
  const callee = directCallee(ctx);
  const base = ctx.frameSize;
  return tryCallTerm(ctx, callShape(ctx, callee.type, 0, base), (fp) => callFunction(callee, fp + base));
}

function tryCallIndirect(ctx: OpContext): Term {
  const { type, resolve } = indirectCallee(ctx);
  const base = ctx.frameSize;
  return tryCallTerm(ctx, callShape(ctx, type, 1, base), (fp) => callFunction(resolve(fp), fp + base));
}

/** Tail calls move the arguments into this frame's own signature slots (a parallel move). */
function returnCall(ctx: OpContext): Term {
  const callee = directCallee(ctx);
  const args = callShape(ctx, callee.type, 0, 0).args;
  return (fp) => {
    if (args !== null) args(fp);
    tailCall.callee = callee;
    return TAIL_CALL;
  };
}

function returnCallIndirect(ctx: OpContext): Term {
  const { type, resolve } = indirectCallee(ctx);
  const args = callShape(ctx, type, 1, 0).args;
  return (fp) => {
    const callee = resolve(fp);
    if (args !== null) args(fp);
    tailCall.callee = callee;
    return TAIL_CALL;
  };
}

export const CALL_OPS: Record<string, OpFactory> = {
  call,
  call_indirect: callIndirect,
};

export const CALL_TERMINATORS: Record<string, TermFactory> = {
  try_call: tryCall,
  try_call_indirect: tryCallIndirect,
  return_call: returnCall,
  return_call_indirect: returnCallIndirect,
};
