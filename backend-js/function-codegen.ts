/**
 * One IR function → one JS function declaration.
 *
 * SSA values become `let` locals declared at the top (typed initial values keep V8's
 * feedback monomorphic); block parameters are assigned on the edges (a parallel move,
 * sequentialized with temporaries for cycles). A pure value used once, in its own block and
 * not as an edge argument, is folded into its user's expression; constants are folded
 * everywhere. Control flow comes from structure.ts; instructions from the ops-* tables.
 */
import type * as E from 'estree';
import { CompileError } from '../runtime-support/errors.js';
import type { BlockCall, Inst, IrFunction, Value } from '../ir/function.js';
import { isPure } from '../ir/opcodes/index.js';
import { implicitTargetParams } from '../ir/signature.js';
import type { IrType } from '../ir/types.js';
import {
  array,
  assignStmt,
  binary,
  call,
  declare,
  exprStmt,
  functionDecl,
  id,
  ifStmt,
  index,
  member,
  newExpr,
  NULL,
  num,
  returnStmt,
  switchStmt,
  throwStmt,
  tryCatch,
  type Expr,
  type Stmt,
} from './js-ast.js';
import type { LowerContext, Lowered, LoweredExpr, Lowering } from './lowering.js';
import type { ModuleContext } from './module-context.js';
import { valueName } from './names.js';
import { constantLowering } from './ops-constants.js';
import { CONTROL_LOWERINGS, callParts } from './ops-control.js';
import { I64_LOWERINGS } from './ops-i64.js';
import { ATOMIC_LOWERINGS } from './ops-atomics.js';
import { MEMORY_LOWERINGS, mayGrowMemory } from './ops-memory.js';
import { F32NanBits } from './f32-nan-bits.js';
import { exceptionValue, newException, readMultiResult, writeMultiResults } from './multi-results.js';
import { NUMERIC_LOWERINGS } from './ops-numeric.js';
import { structureFunction } from './structure.js';
import { isSimdOpcode, SimdFunction } from './ops-simd.js';
import { I64PairFunction, i64Mode } from './ops-i64-pairs.js';
import { markFunctionOffset, markSourceOffset } from './source-map.js';
import { tailCallStatements } from './tail-calls.js';

const LOWERINGS: ReadonlyMap<string, Lowering> = new Map([
  ...NUMERIC_LOWERINGS,
  ...I64_LOWERINGS,
  ...MEMORY_LOWERINGS,
  ...ATOMIC_LOWERINGS,
  ...CONTROL_LOWERINGS,
]);

export function isSupportedOpcode(opcode: string): boolean {
  return LOWERINGS.has(opcode) || constantLowering(opcode) !== undefined || isSimdOpcode(opcode);
}

function initialValue(type: IrType): Expr {
  switch (type) {
    case 'i32':
    case 'f32':
    case 'f64':
      return num(0);
    case 'i64':
      return { type: 'Literal', value: 0n, bigint: '0', raw: '0n' } as Expr;
    default:
      return NULL;
  }
}

/** Deepest nesting of folded operations in one expression (deeper chains go through locals). */
const MAX_FOLD_DEPTH = 48;

interface Move {
  dst: string;
  src: Expr;
  /** The variable `src` reads, or null for a constant. */
  reads: string | null;
}

class FunctionGenerator {
  private readonly useCount: Int32Array;
  private readonly folded: Uint8Array;
  private readonly memoriesUsed = new Set<number>();
  private temps = 0;
  private readonly declared = new Set<Value>();
  /** 1 for blocks in the layout (parameters of other blocks are dead). */
  private readonly inLayout: Uint8Array;
  /** v128 values: lane locals, SIMD ops, boxing (ops-simd.ts). */
  private readonly simd: SimdFunction;
  /** i64 values as (lo, hi) int32 locals when the module compiles with `i64: 'pairs'` (ops-i64-pairs.ts). */
  private readonly pairs: I64PairFunction;
  private readonly nanBits: F32NanBits;

  constructor(
    private readonly fn: IrFunction,
    private readonly module: ModuleContext,
  ) {
    this.useCount = new Int32Array(fn.values.length);
    this.folded = new Uint8Array(fn.values.length);
    this.inLayout = new Uint8Array(fn.blocks.length);
    for (const block of fn.layout) this.inLayout[block] = 1;
    this.analyze();
    this.simd = new SimdFunction(fn, module, (value) => this.needsVariable(value));
    this.pairs = new I64PairFunction(fn, module, (value) => this.needsVariable(value));
    this.nanBits = new F32NanBits(fn);
  }

  private fail(message: string, inst?: Inst): never {
    const offset = inst === undefined ? this.fn.srcOffset : this.fn.insts[inst]!.srcOffset;
    const where = offset >= 0 ? ` at byte offset 0x${offset.toString(16)}` : '';
    throw new CompileError(`function ${this.fn.funcIndex}${where}: ${message}`);
  }

  /** Use counts, folding decisions and the memories whose views the function needs. */
  private analyze(): void {
    const { fn } = this;
    const useBlock = new Int32Array(fn.values.length).fill(-1);
    const onEdge = new Uint8Array(fn.values.length);
    for (const block of fn.layout) {
      for (const inst of fn.blocks[block]!.insts) {
        const data = fn.insts[inst]!;
        for (const arg of data.args) {
          this.useCount[arg]!++;
          useBlock[arg] = block;
        }
        for (const target of data.targets) {
          for (const arg of target.args) {
            this.useCount[arg]!++;
            onEdge[arg] = 1;
          }
        }
        if (data.imm.kind === 'memarg') this.memoriesUsed.add(data.imm.memory);
      }
    }
    // Nesting of each folded expression: a long chain of single-use values would otherwise
    // become one expression too deep for this generator's recursion and for JS parsers.
    const foldDepth = new Int32Array(fn.values.length);
    // Pairs are two locals, never one folded expression.
    const pairs = i64Mode(this.module) === 'pairs';
    for (const block of fn.layout) {
      for (const inst of fn.blocks[block]!.insts) {
        const data = fn.insts[inst]!;
        if (data.results.length !== 1) continue;
        const result = data.results[0]!;
        if (constantLowering(data.opcode) !== undefined) {
          this.folded[result] = 1;
        } else if (isPure(data.opcode) && this.useCount[result] === 1 && useBlock[result] === block && onEdge[result] === 0 && fn.values[result]!.type !== 'v128' && !(pairs && fn.values[result]!.type === 'i64')) {
          const depth = 1 + data.args.reduce((max, arg) => Math.max(max, foldDepth[arg]!), 0);
          if (depth <= MAX_FOLD_DEPTH) {
            this.folded[result] = 1;
            foldDepth[result] = depth;
          }
        }
      }
    }
  }

  generate(): E.FunctionDeclaration {
    const { fn } = this;
    const entry = fn.layout[0];
    if (entry === undefined) this.fail('function has no blocks');
    const params = fn.blocks[entry]!.params.flatMap((param) => this.pairs.paramNames(param));
    for (const param of fn.blocks[entry]!.params) this.declared.add(param);
    const body = structureFunction(fn, (block, jump) => this.emitBlock(block, jump));
    const locals: [string, Expr | null][] = [];
    for (let value = 0; value < fn.values.length; value++) {
      if (this.needsVariable(value) && !this.declared.has(value) && fn.values[value]!.type !== 'v128' && !this.pairs.holds(value)) locals.push([valueName(value), initialValue(fn.values[value]!.type)]);
    }
    for (let t = 0; t < this.temps; t++) locals.push([`$t${t}`, null]);
    locals.push(...this.simd.locals());
    locals.push(...this.pairs.locals());
    for (const memory of this.memoriesUsed) locals.push([`$view${memory}`, member(this.module.memory(memory), 'view')]);
    const prologue: Stmt[] = locals.length > 0 ? [declare('let', locals)] : [];
    markSourceOffset(prologue, 0, fn.srcOffset);
    const declaration = functionDecl(this.module.functionNames[fn.funcIndex]!, params, [...prologue, ...this.simd.prologue(), ...this.pairs.prologue(), ...body]);
    markFunctionOffset(declaration, fn.srcOffset);
    return declaration;
  }

  private needsVariable(value: Value): boolean {
    const data = this.fn.values[value]!;
    if (this.folded[value] === 1) return false;
    if (data.isParam) return this.useCount[value]! > 0 && this.inLayout[data.owner] === 1;
    return this.useCount[value]! > 0 && this.fn.insts[data.owner]!.block !== -1;
  }

  /** A value as an expression in its JS representation (i32 never a boolean). */
  private operand(value: Value): Expr {
    if (this.fn.values[value]!.type === 'v128') return this.simd.box(value);
    if (this.pairs.holds(value)) return this.pairs.box(value);
    const built = this.operandRaw(value);
    return built.bool === true ? binary('|', built.expr, num(0)) : built.expr;
  }

  private operandRaw(value: Value): LoweredExpr {
    if (this.folded[value] === 0) return { expr: id(valueName(value)) };
    const inst = this.fn.values[value]!.owner;
    const lowered = this.lower(inst);
    if ('stmts' in lowered) this.fail(`folded value v${value} lowered to statements`, inst);
    return lowered;
  }

  private lower(inst: Inst): Lowered {
    const data = this.fn.insts[inst]!;
    const lowering = LOWERINGS.get(data.opcode) ?? constantLowering(data.opcode);
    const context = this.loweringContext(inst);
    const simd = this.simd.lower(inst, context);
    if (simd !== undefined) return simd;
    const pair = this.pairs.lower(inst, context);
    if (pair !== undefined) return pair;
    if (lowering === undefined) this.fail(`unsupported instruction ${data.opcode}`, inst);
    return lowering(context);
  }

  private reloadViews(): Stmt[] {
    return [...this.memoriesUsed].map((memory) => assignStmt(`$view${memory}`, member(this.module.memory(memory), 'view')));
  }

  private newTemp(): string {
    return `$t${this.temps++}`;
  }

  private emitBlock(block: number, jump: (target: number) => Stmt[]): Stmt[] {
    const insts = this.fn.blocks[block]!.insts;
    const out: Stmt[] = [];
    for (let i = 0; i < insts.length - 1; i++) {
      const start = out.length;
      this.emitInstruction(insts[i]!, out);
      markSourceOffset(out, start, this.fn.insts[insts[i]!]!.srcOffset);
    }
    const terminator = insts[insts.length - 1];
    if (terminator === undefined) this.fail(`block${block} has no terminator`);
    const start = out.length;
    this.emitTerminator(terminator, jump, out);
    markSourceOffset(out, start, this.fn.insts[terminator]!.srcOffset);
    return out;
  }

  private emitInstruction(inst: Inst, out: Stmt[]): void {
    const data = this.fn.insts[inst]!;
    const results = data.results;
    if (results.length === 1 && this.folded[results[0]!] === 1) return;
    const pureAndDead = isPure(data.opcode) && results.every((value) => this.useCount[value] === 0);
    if (pureAndDead) return;
    const lowered = this.lower(inst);
    if ('stmts' in lowered) {
      out.push(...lowered.stmts);
    } else if (results.length === 0 || results.every((value) => !this.needsVariable(value))) {
      out.push(exprStmt(lowered.expr));
    } else if (results.length === 1) {
      const expr = lowered.bool === true ? binary('|', lowered.expr, num(0)) : lowered.expr;
      if (this.fn.values[results[0]!]!.type === 'v128') out.push(...this.simd.unbox(results[0]!, expr));
      else if (this.pairs.holds(results[0]!)) out.push(...this.pairs.unbox(results[0]!, expr));
      else out.push(assignStmt(valueName(results[0]!), expr));
    } else {
      // Only calls have several results: they come back in the multi-results area.
      out.push(exprStmt(lowered.expr));
      results.forEach((value, i) => {
        if (!this.needsVariable(value)) return;
        const type = this.fn.values[value]!.type;
        const result = readMultiResult(this.module, i, type);
        if (type === 'v128') out.push(...this.simd.unbox(value, result));
        else if (this.pairs.holds(value)) out.push(...this.pairs.unbox(value, result));
        else out.push(assignStmt(valueName(value), result));
      });
    }
    if (mayGrowMemory(data.opcode)) out.push(...this.reloadViews());
  }

  /** Assignments of an edge's values to the target's parameters, then the jump. */
  private edge(call: BlockCall, implicit: Expr[], jump: (target: number) => Stmt[]): Stmt[] {
    const params = this.fn.blocks[call.block]!.params;
    const moves: Move[] = [];
    const simdPre: Stmt[] = [];
    const sources: { expr: Expr; reads: string | null }[] = [
      ...implicit.map((expr) => ({ expr, reads: null })),
      // v128 parameters take lane moves from the SIMD hook instead (below).
      ...call.args.map((value) =>
        this.fn.values[value]!.type === 'v128' || this.pairs.holds(value) ? { expr: NULL, reads: null } : { expr: this.operand(value), reads: this.folded[value] === 1 ? null : valueName(value) },
      ),
    ];
    params.forEach((param, i) => {
      if (!this.needsVariable(param)) return;
      if (this.fn.values[param]!.type === 'v128') {
        const lanes = this.simd.edgeMoves(param, i < implicit.length ? { box: implicit[i]! } : { value: call.args[i - implicit.length]! });
        simdPre.push(...lanes.pre);
        moves.push(...lanes.moves);
        return;
      }
      if (this.pairs.holds(param)) {
        const words = this.pairs.edgeMoves(param, i < implicit.length ? { bigint: implicit[i]! } : { value: call.args[i - implicit.length]! });
        simdPre.push(...words.pre);
        moves.push(...words.moves);
        return;
      }
      const source = sources[i]!;
      moves.push({ dst: valueName(param), src: source.expr, reads: source.reads });
    });
    return [...simdPre, ...this.sequentialize(moves), ...jump(call.block)];
  }

  private sequentialize(moves: Move[]): Stmt[] {
    const out: Stmt[] = [];
    const pending = moves.filter((move) => move.reads !== move.dst);
    while (pending.length > 0) {
      const ready = pending.findIndex((move) => !pending.some((other) => other !== move && other.reads === move.dst));
      if (ready >= 0) {
        const [move] = pending.splice(ready, 1);
        out.push(assignStmt(move!.dst, move!.src));
        continue;
      }
      // Every pending destination is still read: save one and redirect its readers.
      const saved = pending[0]!.dst;
      const temp = this.newTemp();
      out.push(assignStmt(temp, id(saved)));
      for (const move of pending) {
        if (move.reads === saved) {
          move.src = id(temp);
          move.reads = temp;
        }
      }
    }
    return out;
  }

  private emitTerminator(inst: Inst, jump: (target: number) => Stmt[], out: Stmt[]): void {
    const data = this.fn.insts[inst]!;
    const arg = (i: number): Expr => this.operand(data.args[i]!);
    switch (data.opcode) {
      case 'jump':
        out.push(...this.edge(data.targets[0]!, [], jump));
        return;
      case 'brif': {
        const [taken, notTaken] = data.targets as [BlockCall, BlockCall];
        out.push(ifStmt(this.operandRaw(data.args[0]!).expr, this.edge(taken, [], jump), this.edge(notTaken, [], jump)));
        return;
      }
      case 'br_table':
        out.push(...this.emitBrTable(data.args[0]!, data.targets, jump));
        return;
      case 'return': {
        const words = data.args.length === 1 ? this.pairs.returnStatements(data.args[0]!) : undefined;
        if (words !== undefined) {
          out.push(...words);
          return;
        }
        const values = data.args.map((_, i) => arg(i));
        if (values.length > 1) {
          const types = data.args.map((value) => this.fn.values[value]!.type);
          out.push(...writeMultiResults(this.module, values, types), returnStmt(null));
        } else out.push(returnStmt(values.length === 0 ? null : values[0]!));
        return;
      }
      case 'trap':
        if (data.imm.kind !== 'trap') this.fail('trap without a trap code', inst);
        out.push(exprStmt(call(this.module.rt('trap'), [{ type: 'Literal', value: data.imm.code, raw: JSON.stringify(data.imm.code) }])));
        return;
      case 'return_call':
      case 'return_call_indirect': {
        const context = this.loweringContext(inst);
        out.push(...tailCallStatements(context, this.fn.funcIndex, this.pairs.tailCall(inst, context)));
        return;
      }
      case 'throw': {
        if (data.imm.kind !== 'tag') this.fail('throw without a tag', inst);
        out.push(throwStmt(newException(this.module, this.module.tag(data.imm.tag), data.args.map((_, i) => arg(i)))));
        return;
      }
      case 'rethrow':
        out.push(throwStmt(arg(0)));
        return;
      case 'try_call':
      case 'try_call_indirect':
        out.push(...this.emitTryCall(inst, jump));
        return;
      case 'br_on_tag': {
        if (data.imm.kind !== 'tag') this.fail('br_on_tag without a tag', inst);
        const exception = arg(0);
        const [match, noMatch] = data.targets as [BlockCall, BlockCall];
        const payloadCount = implicitTargetParams(data, 0, this.module.env).length;
        const implicit = Array.from({ length: payloadCount }, (_, i) => exceptionValue(this.module, exception, i));
        const test = call(this.module.rt('exceptionHasTag'), [exception, this.module.tag(data.imm.tag)]);
        out.push(ifStmt(test, this.edge(match, implicit, jump), this.edge(noMatch, [], jump)));
        return;
      }
      default:
        this.fail(`unsupported terminator ${data.opcode}`, inst);
    }
  }

  private loweringContext(inst: Inst): LowerContext {
    const data = this.fn.insts[inst]!;
    return {
      inst: data,
      module: this.module,
      arg: (i) => this.operand(data.args[i]!),
      cond: (i) => this.operandRaw(data.args[i]!).expr,
      argType: (i) => this.fn.values[data.args[i]!]!.type,
      view: (memory) => {
        this.memoriesUsed.add(memory);
        return id(`$view${memory}`);
      },
      resultMayQuietNan: () => data.results.length === 1 && this.nanBits.mayQuietResult(data.results[0]!),
      argIsArithmeticNan: (i) => this.nanBits.isArithmeticNan(data.args[i]!),
      constantI32: (i) => {
        const value = this.fn.values[data.args[i]!]!;
        const owner = value.isParam ? undefined : this.fn.insts[value.owner]!;
        return owner?.opcode === 'i32.const' && owner.imm.kind === 'i32' ? owner.imm.value | 0 : undefined;
      },
    };
  }

  private emitBrTable(selector: Value, targets: readonly BlockCall[], jump: (target: number) => Stmt[]): Stmt[] {
    const defaultEdge = targets[targets.length - 1]!;
    const sameEdge = (a: BlockCall, b: BlockCall): boolean =>
      a.block === b.block && a.args.length === b.args.length && a.args.every((value, i) => value === b.args[i]);
    const groups: { edge: BlockCall; cases: number[] }[] = [];
    targets.slice(0, -1).forEach((edge, caseIndex) => {
      if (sameEdge(edge, defaultEdge)) return;
      const group = groups.find((candidate) => sameEdge(candidate.edge, edge));
      if (group === undefined) groups.push({ edge, cases: [caseIndex] });
      else group.cases.push(caseIndex);
    });
    if (groups.length === 0) return this.edge(defaultEdge, [], jump);
    const cases = groups.map((group) => ({ tests: group.cases.map((c) => num(c) as Expr | null), body: this.edge(group.edge, [], jump) }));
    cases.push({ tests: [null], body: this.edge(defaultEdge, [], jump) });
    return [switchStmt(this.operand(selector), cases)];
  }

  /**
   * try_call: the call inside `try`; a caught exception that is not a trap goes along the
   * unwind edge (the exception first), normal completion along the normal edge (results first).
   */
  private emitTryCall(inst: Inst, jump: (target: number) => Stmt[]): Stmt[] {
    const data = this.fn.insts[inst]!;
    const [normal, unwind] = data.targets as [BlockCall, BlockCall];
    const { callee, args } = callParts(this.loweringContext(inst));
    const resultTypes = implicitTargetParams(data, 0, this.module.env);
    const resultCount = resultTypes.length;
    const result = this.newTemp();
    const caught = '$e';
    const handler: Stmt[] = [
      ifStmt(call(this.module.rt('isTrap'), [id(caught)]), [throwStmt(id(caught))]),
      ...this.reloadViews(),
      ...this.edge(unwind, [id(caught)], jump),
    ];
    const results = resultCount <= 1 ? [id(result)] : resultTypes.map((type, i) => readMultiResult(this.module, i, type));
    return [
      tryCatch([assignStmt(result, call(callee, args))], caught, handler),
      ...this.reloadViews(),
      ...this.edge(normal, resultCount === 0 ? [] : results, jump),
    ];
  }
}

export function generateFunction(fn: IrFunction, module: ModuleContext): E.FunctionDeclaration {
  return new FunctionGenerator(fn, module).generate();
}

