/**
 * Tail calls (return_call, return_call_indirect) in constant JS stack, without slowing down
 * ordinary calls. Three cases, cheapest first:
 *
 *  1. A function tail-calling itself directly: the call becomes a jump back to the top of the
 *     body (`loopSelfTailCalls`), i.e. a `while (true)` loop in the output.
 *  2. A function whose tail calls are all direct calls to functions of this module that are
 *     themselves "bounded" (see below) emits them as plain `return g(...)`: the chain of tail
 *     calls that can start there is finite, so the JS stack grows by a bounded amount.
 *  3. Every other function with tail calls is *trampolined*: compiled as a tail entry `f$tail`,
 *     where a tail call returns `$tailCall(callee, [args])` instead of calling, plus a normal
 *     entry `f` = `$runTailCalls(f$tail(...))` that runs the recorded calls in a loop
 *     (runtime-support/js/tail-calls.ts). Direct calls, exports and table entries use `f`, so
 *     callers never see the protocol; tail callers record callees by their tail entry.
 *
 * Bounded functions are the least fixpoint of: "all my tail calls (other than to myself) are
 * direct calls to defined functions, all of them bounded". Indirect and imported callees may
 * lead anywhere, including back here, and a cycle of direct tail calls never becomes bounded,
 * so both end up trampolined.
 */
import type { Inst, InstData, IrFunction } from '../ir/function.js';
import type { IrModule } from '../ir/module.js';
import { generateFunction } from './function-codegen.js';
import { rawEntryWrapper } from './i64-pair-calls.js';
import { array, call, declare, functionDecl, id, member, returnStmt, type Expr, type Stmt } from './js-ast.js';
import type { LowerContext } from './lowering.js';
import type { ModuleContext } from './module-context.js';
import { callParts, tableIndexOperand } from './ops-control.js';
import { REGISTER_ARGS } from '../runtime-support/js/tail-calls.js';

export class TailCallPlan {
  constructor(
    /** Per Wasm function index: 1 when the function is trampolined (case 3). */
    private readonly trampolined: Uint8Array,
    /** Imported functions that trampolined functions tail-call directly. */
    readonly importedCallees: ReadonlySet<number>,
  ) {}

  isTrampolined(funcIndex: number): boolean {
    return this.trampolined[funcIndex] === 1;
  }
}

function isSelfTailCall(fn: IrFunction, data: InstData): boolean {
  return data.opcode === 'return_call' && data.imm.kind === 'func' && data.imm.func === fn.funcIndex;
}

function tailCallsOf(fn: IrFunction): InstData[] {
  const calls: InstData[] = [];
  for (const block of fn.layout) {
    const insts = fn.blocks[block]!.insts;
    const data = fn.insts[insts[insts.length - 1]!];
    if (data !== undefined && (data.opcode === 'return_call' || data.opcode === 'return_call_indirect')) calls.push(data);
  }
  return calls;
}

export function planTailCalls(ir: IrModule, importedFuncCount: number): TailCallPlan {
  const count = ir.env.funcTypes.length;
  const callers: number[][] = Array.from({ length: count }, () => []);
  /** Per function: tail callees not yet known to be bounded; -1 for imports. */
  const unresolved = new Int32Array(count).fill(-1);
  const escapes = new Uint8Array(count);
  const importedCallees = new Set<number>();
  for (const fn of ir.functions) {
    const callees = new Set<number>();
    for (const data of tailCallsOf(fn)) {
      if (data.imm.kind !== 'func') {
        escapes[fn.funcIndex] = 1;
      } else if (data.imm.func < importedFuncCount) {
        escapes[fn.funcIndex] = 1;
        importedCallees.add(data.imm.func);
      } else if (data.imm.func !== fn.funcIndex) {
        callees.add(data.imm.func);
      }
    }
    unresolved[fn.funcIndex] = callees.size;
    for (const callee of callees) callers[callee]!.push(fn.funcIndex);
  }
  // Least fixpoint of "bounded", from the functions with no tail calls to other functions.
  const bounded = new Uint8Array(count);
  const work = ir.functions.map((fn) => fn.funcIndex).filter((f) => unresolved[f] === 0 && escapes[f] === 0);
  for (const f of work) bounded[f] = 1;
  while (work.length > 0) {
    const f = work.pop()!;
    for (const caller of callers[f]!) {
      if (--unresolved[caller]! === 0 && escapes[caller] === 0) {
        bounded[caller] = 1;
        work.push(caller);
      }
    }
  }
  const trampolined = new Uint8Array(count);
  for (const fn of ir.functions) trampolined[fn.funcIndex] = bounded[fn.funcIndex] === 1 ? 0 : 1;
  return new TailCallPlan(trampolined, importedCallees);
}

/**
 * Case 1: a copy of `fn` in which `return_call` to itself jumps to the old entry block, now
 * the header of a loop behind a new entry block that takes the function's parameters.
 */
export function loopSelfTailCalls(fn: IrFunction): IrFunction {
  if (!tailCallsOf(fn).some((data) => isSelfTailCall(fn, data))) return fn;
  const copy = structuredClone(fn);
  const body = copy.layout[0]!;
  const entry = copy.blocks.length;
  const params = copy.blocks[body]!.params.map((value, index) => {
    const param = copy.values.length;
    copy.values.push({ type: copy.values[value]!.type, isParam: true, owner: entry, index, name: copy.values[value]!.name });
    return param;
  });
  const jump: Inst = copy.insts.length;
  copy.insts.push({ opcode: 'jump', args: [], results: [], targets: [{ block: body, args: params }], imm: { kind: 'none' }, block: entry, srcOffset: fn.srcOffset });
  copy.blocks.push({ params, insts: [jump] });
  copy.layout.unshift(entry);
  for (const data of tailCallsOf(copy)) {
    if (!isSelfTailCall(copy, data)) continue;
    data.opcode = 'jump';
    data.targets = [{ block: body, args: data.args }];
    data.args = [];
    data.imm = { kind: 'none' };
  }
  return copy;
}

/** The identifier of a function's tail entry (function names never contain `$`). */
function tailEntryName(module: ModuleContext, funcIndex: number): string {
  return `${module.functionNames[funcIndex]!}$tail`;
}

/**
 * The statements of a return_call / return_call_indirect terminator in function `self`.
 * `pairCall`: the call of a direct callee's pair body (i64-pair-calls.ts), used when the call
 * is a plain `return`.
 */
export function tailCallStatements(c: LowerContext, self: number, pairCall?: () => Expr): Stmt[] {
  const plan = c.module.tailCalls;
  const imm = c.inst.imm;
  const direct = imm.kind === 'func';
  const boundedCallee = direct && imm.func >= c.module.wasm.importedFuncCount && plan?.isTrampolined(imm.func) !== true;
  if (plan === null || !plan.isTrampolined(self) || boundedCallee) {
    if (pairCall !== undefined) return [returnStmt(pairCall())];
    const { callee, args } = callParts(c);
    return [returnStmt(call(callee, args))];
  }
  if (direct) return [recordTailCall(c, id(tailEntryName(c.module, imm.func)), c.inst.args.map((_, i) => c.arg(i)))];
  if (imm.kind !== 'call_indirect') throw new Error(`${c.inst.opcode}: expected a call immediate`);
  const args = c.inst.args.slice(1).map((_, i) => c.arg(i + 1));
  const callee = call(c.module.rt('indirectTailCallee'), [
    member(c.module.table(imm.table), 'elements'),
    tableIndexOperand(c, imm.table, 0),
    c.module.signatureConstant(imm.type),
  ]);
  return [recordTailCall(c, callee, args)];
}

/** `return $tailCall(callee, ...args)` (arguments in registers) or `$tailCallN(callee, [args])`. */
function recordTailCall(c: LowerContext, callee: Expr, args: Expr[]): Stmt {
  if (args.length <= REGISTER_ARGS) return returnStmt(call(c.module.rt('tailCall'), [callee, ...args]));
  return returnStmt(call(c.module.rt('tailCallN'), [callee, array(args)]));
}

/** All defined functions: case-1 loops, then trampolined ones as tail entry plus normal entry. */
export function generateFunctions(ir: IrModule, module: ModuleContext): Stmt[] {
  const plan = module.tailCalls ?? planTailCalls(ir, module.wasm.importedFuncCount);
  module.tailCalls = plan;
  return ir.functions.flatMap((fn) => {
    const declaration = generateFunction(loopSelfTailCalls(fn), module);
    if (module.usesPairConvention(fn.funcIndex)) return [declaration, rawEntryWrapper(fn, module)];
    if (!plan.isTrampolined(fn.funcIndex)) return [declaration];
    const name = module.functionNames[fn.funcIndex]!;
    declaration.id = id(tailEntryName(module, fn.funcIndex));
    const params = module.env.types[fn.typeIndex]!.params.map((_, i) => `$a${i}`);
    const body = call(id(tailEntryName(module, fn.funcIndex)), params.map((param) => id(param)));
    return [declaration, functionDecl(name, params, [returnStmt(call(module.rt('runTailCalls'), [body]))])];
  });
}

/** Extra arguments of `exportFunction` for a function's funcref value: its tail entry, if any. */
export function funcRefTailEntry(module: ModuleContext, funcIndex: number): Expr[] {
  return module.tailCalls?.isTrampolined(funcIndex) === true ? [id(tailEntryName(module, funcIndex))] : [];
}

/** For an imported function that trampolined functions tail-call: the declaration of its tail entry. */
export function importTailEntryDeclaration(module: ModuleContext, funcIndex: number, importValue: string): Stmt[] {
  if (module.tailCalls?.importedCallees.has(funcIndex) !== true) return [];
  const entry = call(module.rt('importTailEntry'), [id(importValue), module.functionRef(funcIndex)]);
  return [declare('const', [[tailEntryName(module, funcIndex), entry]])];
}
