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
import { MEMORY_LOWERINGS, mayGrowMemory } from './ops-memory.js';
import { NUMERIC_LOWERINGS } from './ops-numeric.js';
import { structureFunction } from './structure.js';

const LOWERINGS: ReadonlyMap<string, Lowering> = new Map([
  ...NUMERIC_LOWERINGS,
  ...I64_LOWERINGS,
  ...MEMORY_LOWERINGS,
  ...CONTROL_LOWERINGS,
]);

export function isSupportedOpcode(opcode: string): boolean {
  return LOWERINGS.has(opcode) || constantLowering(opcode) !== undefined;
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

  constructor(
    private readonly fn: IrFunction,
    private readonly module: ModuleContext,
  ) {
    this.useCount = new Int32Array(fn.values.length);
    this.folded = new Uint8Array(fn.values.length);
    this.analyze();
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
    for (const block of fn.layout) {
      for (const inst of fn.blocks[block]!.insts) {
        const data = fn.insts[inst]!;
        if (data.results.length !== 1) continue;
        const result = data.results[0]!;
        if (constantLowering(data.opcode) !== undefined) {
          this.folded[result] = 1;
        } else if (isPure(data.opcode) && this.useCount[result] === 1 && useBlock[result] === block && onEdge[result] === 0) {
          this.folded[result] = 1;
        }
      }
    }
  }

  generate(): E.FunctionDeclaration {
    const { fn } = this;
    const entry = fn.layout[0];
    if (entry === undefined) this.fail('function has no blocks');
    const params = fn.blocks[entry]!.params.map(valueName);
    for (const param of fn.blocks[entry]!.params) this.declared.add(param);
    const body = structureFunction(fn, (block, jump) => this.emitBlock(block, jump));
    const locals: [string, Expr | null][] = [];
    for (let value = 0; value < fn.values.length; value++) {
      if (this.needsVariable(value) && !this.declared.has(value)) locals.push([valueName(value), initialValue(fn.values[value]!.type)]);
    }
    for (let t = 0; t < this.temps; t++) locals.push([`$t${t}`, null]);
    for (const memory of this.memoriesUsed) locals.push([`$view${memory}`, member(this.module.memory(memory), 'view')]);
    const prologue: Stmt[] = locals.length > 0 ? [declare('let', locals)] : [];
    return functionDecl(this.module.functionNames[fn.funcIndex]!, params, [...prologue, ...body]);
  }

  private needsVariable(value: Value): boolean {
    const data = this.fn.values[value]!;
    if (this.folded[value] === 1) return false;
    if (data.isParam) return this.useCount[value]! > 0 && this.fn.layout.includes(data.owner);
    return this.useCount[value]! > 0 && this.fn.insts[data.owner]!.block !== -1;
  }

  /** A value as an expression in its JS representation (i32 never a boolean). */
  private operand(value: Value): Expr {
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
    if (lowering === undefined) this.fail(`unsupported instruction ${data.opcode}`, inst);
    const context: LowerContext = {
      inst: data,
      module: this.module,
      arg: (i) => this.operand(data.args[i]!),
      cond: (i) => this.operandRaw(data.args[i]!).expr,
      argType: (i) => this.fn.values[data.args[i]!]!.type,
      view: (memory) => {
        this.memoriesUsed.add(memory);
        return id(`$view${memory}`);
      },
    };
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
    for (let i = 0; i < insts.length - 1; i++) this.emitInstruction(insts[i]!, out);
    const terminator = insts[insts.length - 1];
    if (terminator === undefined) this.fail(`block${block} has no terminator`);
    this.emitTerminator(terminator, jump, out);
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
      out.push(assignStmt(valueName(results[0]!), expr));
    } else {
      const temp = this.newTemp();
      out.push(assignStmt(temp, lowered.expr));
      results.forEach((value, i) => {
        if (this.needsVariable(value)) out.push(assignStmt(valueName(value), index(temp, i)));
      });
    }
    if (mayGrowMemory(data.opcode)) out.push(...this.reloadViews());
  }

  /** Assignments of an edge's values to the target's parameters, then the jump. */
  private edge(call: BlockCall, implicit: Expr[], jump: (target: number) => Stmt[]): Stmt[] {
    const params = this.fn.blocks[call.block]!.params;
    const moves: Move[] = [];
    const sources: { expr: Expr; reads: string | null }[] = [
      ...implicit.map((expr) => ({ expr, reads: null })),
      ...call.args.map((value) => ({ expr: this.operand(value), reads: this.folded[value] === 1 ? null : valueName(value) })),
    ];
    params.forEach((param, i) => {
      if (!this.needsVariable(param)) return;
      const source = sources[i]!;
      moves.push({ dst: valueName(param), src: source.expr, reads: source.reads });
    });
    return [...this.sequentialize(moves), ...jump(call.block)];
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
        const values = data.args.map((_, i) => arg(i));
        out.push(returnStmt(values.length === 0 ? null : values.length === 1 ? values[0]! : array(values)));
        return;
      }
      case 'trap':
        if (data.imm.kind !== 'trap') this.fail('trap without a trap code', inst);
        out.push(exprStmt(call(this.module.rt('trap'), [{ type: 'Literal', value: data.imm.code, raw: JSON.stringify(data.imm.code) }])));
        return;
      case 'return_call':
      case 'return_call_indirect': {
        const { callee, args } = callParts(this.loweringContext(inst));
        out.push(returnStmt(call(callee, args)));
        return;
      }
      case 'throw': {
        if (data.imm.kind !== 'tag') this.fail('throw without a tag', inst);
        const payload = array(data.args.map((_, i) => arg(i)));
        out.push(throwStmt(newExpr(this.module.rt('WasmException'), [this.module.tag(data.imm.tag), payload])));
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
        const payload = call(this.module.rt('exceptionPayload'), [exception]);
        const implicit = Array.from({ length: payloadCount }, (_, i) => index(payload, i));
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
      view: (memory) => id(`$view${memory}`),
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
    const resultCount = implicitTargetParams(data, 0, this.module.env).length;
    const result = this.newTemp();
    const caught = '$e';
    const handler: Stmt[] = [
      ifStmt(call(this.module.rt('isTrap'), [id(caught)]), [throwStmt(id(caught))]),
      ...this.reloadViews(),
      ...this.edge(unwind, [id(caught)], jump),
    ];
    const results = resultCount <= 1 ? [id(result)] : Array.from({ length: resultCount }, (_, i) => index(result, i));
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

