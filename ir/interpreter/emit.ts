/**
 * IR function -> bytecode for run.ts. Blocks are laid out in `fn.layout` order; values keep
 * the slots of layout.ts. Besides a 1:1 translation of the common operations it:
 *  - folds i32 constants into the instructions that use them (`add_I d a k`, compares,
 *    shifts, compare-and-branch); a constant whose every use is folded is never materialized;
 *  - fuses a single-use i32 comparison (or `eqz`) into the block's `brif`;
 *  - drops pure instructions whose results are unused;
 *  - makes edge / return / call copies move lists inside the branch, return or call
 *    instruction, with conditional branches laid out so an edge without copies needs no
 *    extra jump.
 * Everything else becomes a call of the ops-*.ts closure (`CLOSURE`, or `TERM` for
 * terminators), so rarely used operations keep one implementation.
 */
import type { Global } from '../../runtime-support/global.js';
import type { Block, BlockCall, InstData, IrFunction, Value } from '../function.js';
import { f64FromBits } from '../../runtime-support/js/float-bits.js';
import { Effect, opInfo } from '../opcodes/index.js';
import type { InstanceContext } from './context.js';
import { FunctionPlan } from './emit-plan.js';
import { BINARY, I32_ARITH, I32_COMPARES, LOADS, STORES, UNARY } from './emit-tables.js';
import { CodeWriter } from './code-writer.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import type { CompiledBlock, FuncInstance, Op as OpClosure, Term } from './function-instance.js';
import { bankOf, type FrameLayout, type SignatureLayout } from './layout.js';
import { encodeParallelCopy, type TypedMove } from './parallel-move.js';
import { allocateSlots } from './slot-allocation.js';
import { LINKAGE, Op, type CompiledFunction } from './run.js';

/** The terminator of a block that has none (allowed in unreachable IR text). */
const missingTerminator = (): CompiledBlock | null => {
  throw new RuntimeError('interpreter: block without terminator reached');
};

/** Compiles what has no dedicated bytecode into closures (compile-function.ts). */
export interface FallbackCompiler {
  op(inst: InstData): OpClosure;
  term(inst: InstData): Term;
  /** Declares slots used above the frame (call areas); `extent` is the running maximum. */
  reserveAbove(slots: number): void;
  readonly extent: number;
}

export interface EmitInput {
  fn: IrFunction;
  instance: InstanceContext;
  signature: SignatureLayout;
}

export class FunctionEmitter {
  /** Slots of the function's values (what fallback closures address too). */
  readonly frame: FrameLayout;
  private readonly fn: IrFunction;
  private readonly plan: FunctionPlan;
  private readonly out = new CodeWriter();
  private readonly blockLabels = new Map<Block, number>();
  private f64Pool = new Float64Array(8);
  private f64Count = 0;
  private readonly bigs: bigint[] = [];
  private readonly callees: FuncInstance[] = [];
  private readonly globals: Global[] = [];
  private readonly ops: OpClosure[] = [];
  private readonly terms: Term[] = [];
  private fallback!: FallbackCompiler;

  constructor(private readonly input: EmitInput) {
    this.fn = input.fn;
    const memory = input.instance.memories[0];
    this.plan = new FunctionPlan(this.fn, memory !== undefined && !memory.index64);
    const plan = this.plan;
    this.frame = allocateSlots({
      fn: this.fn,
      signature: input.signature,
      hoisted: plan.hoisted,
      emitted: (inst) => plan.emitted(inst),
      reads: (inst) => plan.reads(inst),
      readsBeforeWrites: (inst) => plan.readsBeforeWrites(inst),
    });
  }

  /** Emits the code; `blocks` are the objects fallback terminators return (their `pc` is set here). */
  emit(blocks: Map<Block, CompiledBlock>, fallback: FallbackCompiler): CompiledFunction {
    const { fn, out } = this;
    this.fallback = fallback;
    for (const block of fn.layout) this.blockLabels.set(block, out.newLabel());
    this.emitConstants();
    fn.layout.forEach((block, i) => {
      out.bind(this.blockLabels.get(block)!);
      this.emitBlock(block, fn.layout[i + 1] ?? null);
    });
    const returnPc = out.position;
    out.emit(Op.RETURN, 0);
    const code = out.finish();
    for (const [block, compiled] of blocks) {
      const label = this.blockLabels.get(block);
      if (label !== undefined) compiled.pc = out.labelPosition(label);
    }
    const memory = this.input.instance.memories[0];
    return {
      code,
      f64: this.f64Pool.slice(0, this.f64Count),
      bigs: this.bigs,
      callees: this.callees,
      globals: this.globals,
      memory: memory !== undefined && !memory.index64 ? memory : null,
      ops: this.ops,
      terms: this.terms,
      returnPc,
      frameSize: this.frame.size,
      extent: fallback.extent,
    };
  }

  /** `CONSTS n (slot, f64 pool index)*n m (slot, bigint index)*m`: every hoisted constant. */
  private emitConstants(): void {
    const numbers: number[] = [];
    const objects: number[] = [];
    for (const value of this.plan.hoisted) {
      const inst = this.fn.insts[this.fn.values[value]!.owner]!;
      const slot = this.slot(value);
      const imm = inst.imm;
      if (imm.kind === 'i32') numbers.push(slot, this.addF64(imm.value | 0));
      else if (imm.kind === 'f32') numbers.push(slot, this.addF64(imm.bits | 0));
      else if (imm.kind === 'f64') numbers.push(slot, this.addF64(f64FromBits(imm.bits)));
      else if (imm.kind === 'i64') objects.push(slot, this.bigs.push(BigInt.asIntN(64, imm.value)) - 1);
      else throw new Error(`${inst.opcode} with a '${imm.kind}' immediate`);
    }
    if (numbers.length + objects.length === 0) return;
    this.out.emit(Op.CONSTS, numbers.length / 2, ...numbers, objects.length / 2, ...objects);
  }

  // ---- blocks and instructions ----------------------------------------------------------

  private slot(value: Value): number {
    return this.frame.slots[value]!;
  }

  private emitBlock(block: Block, next: Block | null): void {
    let terminated = false;
    for (const id of this.fn.blocks[block]!.insts) {
      const inst = this.fn.insts[id]!;
      terminated = (opInfo(inst.opcode).effects & Effect.Terminator) !== 0;
      if (terminated) this.emitTerminator(inst, next);
      else if (this.plan.emitted(id)) this.emitInst(inst);
    }
    if (!terminated) {
      this.terms.push(missingTerminator);
      this.out.emit(Op.TERM, this.terms.length - 1);
    }
  }

  private emitInst(inst: InstData): void {
    if (!this.emitFast(inst)) {
      this.ops.push(this.fallback.op(inst));
      this.out.emit(Op.CLOSURE, this.ops.length - 1);
    }
  }

  /** Emits a dedicated bytecode for `inst` when there is one. */
  private emitFast(inst: InstData): boolean {
    const { out } = this;
    const name = inst.opcode;
    const d = inst.results.length > 0 ? this.slot(inst.results[0]!) : -1;
    const operands = this.plan.i32Operands(inst);
    if (operands !== null) {
      const compare = I32_COMPARES[name];
      if (operands.b !== null) {
        out.emit(compare?.set ?? I32_ARITH[name]!.op, d, this.slot(operands.a), this.slot(operands.b));
      } else if (compare !== undefined) {
        out.emit(I32_COMPARES[this.plan.effectiveCompare(inst)]!.setImm, d, this.slot(operands.a), operands.imm);
      } else if (name === 'i32.sub') {
        out.emit(Op.I32_ADD_I, d, this.slot(operands.a), -operands.imm | 0);
      } else {
        out.emit(I32_ARITH[name]!.imm!, d, this.slot(operands.a), operands.imm);
      }
      return true;
    }
    const binary = BINARY[name];
    if (binary !== undefined) {
      out.emit(binary, d, this.slot(inst.args[0]!), this.slot(inst.args[1]!));
      return true;
    }
    const unary = UNARY[name];
    if (unary !== undefined) {
      out.emit(unary, d, this.slot(inst.args[0]!));
      return true;
    }
    const imm = inst.imm;
    switch (name) {
      case 'select': {
        const bank = bankOf(this.fn.values[inst.results[0]!]!.type);
        if (bank === 'v') return false;
        out.emit(bank === 'n' ? Op.SELECT_N : Op.SELECT_O, d, ...inst.args.map((arg) => this.slot(arg)));
        return true;
      }
      case 'global.get':
      case 'global.set':
        return this.emitGlobal(inst);
      case 'call':
        return this.emitCall(inst);
    }
    return this.emitMemoryAccess(inst);
  }

  private emitGlobal(inst: InstData): boolean {
    if (inst.imm.kind !== 'global') return false;
    const get = inst.opcode === 'global.get';
    const value = get ? inst.results[0]! : inst.args[0]!;
    const type = this.fn.values[value]!.type;
    const bank = bankOf(type);
    // A Global holds its value in raw-call form (runtime-support/raw-call.ts): f32 and v128
    // differ from the stack's form, so those take the converting closure (ops-control.ts).
    if (bank === 'v' || type === 'f32') return false;
    const global = this.input.instance.globals[inst.imm.global]!;
    let index = this.globals.indexOf(global);
    if (index < 0) index = this.globals.push(global) - 1;
    if (get) this.out.emit(bank === 'n' ? Op.GLOBAL_GET_N : Op.GLOBAL_GET_O, this.slot(value), index);
    else this.out.emit(bank === 'n' ? Op.GLOBAL_SET_N : Op.GLOBAL_SET_O, index, this.slot(value));
    return true;
  }

  /** `LOAD_* d a k offset` / `STORE_* a v k offset`: the address is (a + k) mod 2^32. */
  private emitMemoryAccess(inst: InstData): boolean {
    if (!this.plan.isFastAccess(inst) || inst.imm.kind !== 'memarg') return false;
    const fused = this.plan.fusedAddress(inst);
    const address = fused === null ? this.slot(inst.args[0]!) : this.slot(fused.a);
    const k = fused === null ? 0 : fused.k;
    const load = LOADS[inst.opcode];
    if (load !== undefined) this.out.emit(load, this.slot(inst.results[0]!), address, k, inst.imm.offset);
    else this.out.emit(STORES[inst.opcode]!, address, this.slot(inst.args[1]!), k, inst.imm.offset);
    return true;
  }

  /** `CALL p base argMoves`, then the copy of the results (run.ts returns to it). */
  private emitCall(inst: InstData): boolean {
    if (inst.imm.kind !== 'func') return false;
    const callee = this.input.instance.funcs[inst.imm.func]!;
    const base = this.frame.size + LINKAGE;
    const sig = callee.sig;
    this.fallback.reserveAbove(LINKAGE + sig.size);
    let index = this.callees.indexOf(callee);
    if (index < 0) index = this.callees.push(callee) - 1;
    const args = inst.args.map((arg, i): TypedMove => ({ src: this.slot(arg), dst: base + sig.params.offsets[i]!, type: sig.params.types[i]! }));
    const results = inst.results.map((value, i): TypedMove => ({ src: base + sig.results.offsets[i]!, dst: this.slot(value), type: sig.results.types[i]! }));
    this.out.emit(Op.CALL, index, base);
    this.emitMoveList(args);
    const copies = encodeParallelCopy(results, this.frame.size);
    if (copies.length === 2 && copies[0]! >= 0) this.out.emit(Op.MOV_N, ...copies);
    else if (copies.length > 0) this.out.emit(Op.MOVES, copies.length / 2, ...copies);
    return true;
  }

  private addF64(value: number): number {
    if (this.f64Count === this.f64Pool.length) {
      const grown = new Float64Array(this.f64Pool.length * 2);
      grown.set(this.f64Pool);
      this.f64Pool = grown;
    }
    this.f64Pool[this.f64Count] = value;
    return this.f64Count++;
  }

  // ---- terminators -----------------------------------------------------------------------------

  private emitMoveList(moves: readonly TypedMove[]): void {
    const encoded = encodeParallelCopy(moves, this.frame.size);
    this.out.emit(encoded.length / 2, ...encoded);
  }

  private edgeMoves(call: BlockCall): TypedMove[] {
    return this.plan
      .edgePairs(call, true)
      .map(([arg, param]): TypedMove => ({ src: this.slot(arg), dst: this.slot(param), type: this.fn.values[param]!.type }))
      .filter((move) => move.src !== move.dst);
  }

  private hasMoves(call: BlockCall): boolean {
    return this.edgeMoves(call).length > 0;
  }

  /** Takes `call` from here: its copies and a jump, or nothing when it falls through. */
  private emitEdge(call: BlockCall, next: Block | null): void {
    const moves = this.edgeMoves(call);
    if (moves.length === 0 && call.block === next) return;
    this.out.emit(Op.BR);
    this.out.emitLabel(this.blockLabels.get(call.block)!);
    this.emitMoveList(moves);
  }

  private emitTerminator(inst: InstData, next: Block | null): void {
    switch (inst.opcode) {
      case 'jump':
        this.emitEdge(inst.targets[0]!, next);
        return;
      case 'brif':
        this.emitBrif(inst, next);
        return;
      case 'br_table':
        this.emitBrTable(inst);
        return;
      case 'return': {
        const { results } = this.input.signature;
        this.out.emit(Op.RETURN);
        this.emitMoveList(inst.args.map((arg, i) => ({ src: this.slot(arg), dst: results.offsets[i]!, type: results.types[i]! })));
        return;
      }
    }
    this.terms.push(this.fallback.term(inst));
    this.out.emit(Op.TERM, this.terms.length - 1);
  }

  /** A conditional jump to `label`, taken when the condition holds (`sense`) or fails. */
  private emitConditionalJump(inst: InstData, sense: boolean, label: number): void {
    const { out } = this;
    const fused = this.plan.fusedCondition(inst);
    if (fused === null) {
      out.emit(sense ? Op.BRNZ : Op.BRZ, this.slot(inst.args[0]!));
    } else if (fused.opcode === 'i32.eqz') {
      out.emit(sense ? Op.BRZ : Op.BRNZ, this.slot(fused.args[0]!));
    } else {
      const name = this.plan.effectiveCompare(fused);
      const compare = I32_COMPARES[sense ? name : I32_COMPARES[name]!.negated]!;
      const operands = this.plan.i32Operands(fused)!;
      if (operands.b === null) out.emit(compare.branchImm, this.slot(operands.a), operands.imm);
      else out.emit(compare.branch, this.slot(operands.a), this.slot(operands.b));
    }
    out.emitLabel(label);
  }

  private emitBrif(inst: InstData, next: Block | null): void {
    const [taken, notTaken] = inst.targets as [BlockCall, BlockCall];
    if (!this.hasMoves(taken) && !(taken.block === next && !this.hasMoves(notTaken))) {
      this.emitConditionalJump(inst, true, this.blockLabels.get(taken.block)!);
      this.emitEdge(notTaken, next);
    } else if (!this.hasMoves(notTaken)) {
      this.emitConditionalJump(inst, false, this.blockLabels.get(notTaken.block)!);
      this.emitEdge(taken, next);
    } else {
      const otherwise = this.out.newLabel();
      this.emitConditionalJump(inst, false, otherwise);
      this.emitEdge(taken, null);
      this.out.bind(otherwise);
      this.emitEdge(notTaken, next);
    }
  }

  /** `BR_TABLE i n t*n`; edges with copies go through stubs after the table. */
  private emitBrTable(inst: InstData): void {
    const { out } = this;
    out.emit(Op.BR_TABLE, this.slot(inst.args[0]!), inst.targets.length);
    const stubs = inst.targets.map((call) => {
      if (!this.hasMoves(call)) {
        out.emitLabel(this.blockLabels.get(call.block)!);
        return null;
      }
      const stub = out.newLabel();
      out.emitLabel(stub);
      return stub;
    });
    inst.targets.forEach((call, i) => {
      const stub = stubs[i];
      if (stub === null || stub === undefined) return;
      out.bind(stub);
      this.emitEdge(call, null);
    });
  }
}
