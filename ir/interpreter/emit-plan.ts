/**
 * What the bytecode of a function will look like, decided before slots are allocated
 * (slot-allocation.ts needs to know what is read where):
 *  - i32 constants folded into the instructions that use them as immediates;
 *  - single-use i32 comparisons (and `eqz`) fused into their block's `brif`;
 *  - pure instructions whose results are unused (including fully folded constants) dropped;
 *  - the remaining constants hoisted to function entry (one `CONSTS` instruction), so loops
 *    do not rematerialize them;
 *  - edge copies into parameters nobody reads dropped.
 */
import type { Block, BlockCall, Inst, InstData, IrFunction, Value } from '../function.js';
import { Effect, opInfo } from '../opcodes/index.js';
import { BINARY, I32_ARITH, I32_COMPARES, LOADS, STORES, UNARY } from './emit-tables.js';

/** An i32 binary operation's operands: a register and either a register or an immediate. */
export type I32Operands = { a: Value; b: Value; imm: null } | { a: Value; b: null; imm: number; constant: Value; swapped: boolean };

/** Static offsets up to this fit the bytecode's int32 operand. */
export const MAX_ACCESS_OFFSET = 0x7fffffff;

const CONSTANTS = new Set(['i32.const', 'i64.const', 'f32.const', 'f64.const']);
/** Terminators with dedicated bytecode (the rest run as closures that copy every edge argument). */
const FAST_TERMINATORS = new Set(['jump', 'brif', 'br_table', 'return']);
const READS_FIRST = new Set(['select', 'global.get', 'global.set', 'call', ...CONSTANTS, ...FAST_TERMINATORS]);

export class FunctionPlan {
  readonly useCount: Int32Array;
  private readonly foldedUses: Int32Array;
  /** Comparisons (and eqz) evaluated by their block's brif instead of on their own. */
  readonly fusedIntoBranch = new Set<Inst>();
  /** `i32.add` address computations evaluated by the (single) load or store using them. */
  readonly fusedIntoAccess = new Set<Inst>();
  /** Constants written once at entry. */
  readonly hoisted = new Set<Value>();
  private readonly dead = new Set<Inst>();

  /** `fastMemory`: memory 0 exists and is memory32, so its scalar accesses get bytecodes. */
  constructor(
    readonly fn: IrFunction,
    private readonly fastMemory: boolean,
  ) {
    this.useCount = new Int32Array(fn.values.length);
    this.foldedUses = new Int32Array(fn.values.length);
    this.countUses();
    this.planFolding();
    for (const block of fn.layout) {
      for (const id of fn.blocks[block]!.insts) {
        const inst = fn.insts[id]!;
        if (opInfo(inst.opcode).effects === 0 && inst.results.every((value) => this.useCount[value]! === this.foldedUses[value]!)) {
          this.dead.add(id);
        } else if (CONSTANTS.has(inst.opcode)) {
          this.hoisted.add(inst.results[0]!);
        }
      }
    }
  }

  /** Whether the instruction is emitted where it stands. */
  emitted(inst: Inst): boolean {
    return (
      !this.dead.has(inst) &&
      !this.fusedIntoBranch.has(inst) &&
      !this.fusedIntoAccess.has(inst) &&
      !this.hoisted.has(this.fn.insts[inst]!.results[0] ?? -1)
    );
  }

  isFastTerminator(inst: InstData): boolean {
    return FAST_TERMINATORS.has(inst.opcode);
  }

  /** Whether the emitted instruction reads all operands before writing a result. */
  readsBeforeWrites(inst: Inst): boolean {
    const name = this.fn.insts[inst]!.opcode;
    return (
      READS_FIRST.has(name) ||
      I32_ARITH[name] !== undefined ||
      I32_COMPARES[name] !== undefined ||
      BINARY[name] !== undefined ||
      UNARY[name] !== undefined ||
      LOADS[name] !== undefined ||
      STORES[name] !== undefined
    );
  }

  /** The (argument, parameter) pairs an edge copies: parameters nobody reads are skipped on fast terminators. */
  edgePairs(call: BlockCall, fast: boolean): [Value, Value][] {
    const params = this.fn.blocks[call.block]!.params;
    const first = params.length - call.args.length;
    const pairs = call.args.map((arg, i): [Value, Value] => [arg, params[first + i]!]);
    return fast ? pairs.filter(([, param]) => this.useCount[param]! > 0) : pairs;
  }

  /** Values the emitted instruction reads (terminators: with edge arguments). */
  reads(id: Inst): Value[] {
    const inst = this.fn.insts[id]!;
    const operands = this.i32Operands(inst);
    const reads = operands === null ? [...inst.args] : operands.b === null ? [operands.a] : [operands.a, operands.b];
    const address = this.fusedAddress(inst);
    if (address !== null) reads[0] = address.a;
    if (inst.opcode === 'brif') {
      const condition = this.fusedCondition(inst);
      if (condition !== null) {
        reads.length = 0;
        if (condition.opcode === 'i32.eqz') reads.push(condition.args[0]!);
        else reads.push(...this.reads(this.fn.values[inst.args[0]!]!.owner));
      }
    }
    const fast = this.isFastTerminator(inst);
    for (const call of inst.targets) for (const [arg] of this.edgePairs(call, fast)) reads.push(arg);
    return reads;
  }

  /** The comparison a brif evaluates itself, or null. */
  fusedCondition(inst: InstData): InstData | null {
    const data = this.fn.values[inst.args[0]!]!;
    return !data.isParam && this.fusedIntoBranch.has(data.owner) ? this.fn.insts[data.owner]! : null;
  }

  /** Whether a load or store gets a dedicated bytecode. */
  isFastAccess(inst: InstData): boolean {
    if (LOADS[inst.opcode] === undefined && STORES[inst.opcode] === undefined) return false;
    return this.fastMemory && inst.imm.kind === 'memarg' && inst.imm.memory === 0 && inst.imm.offset <= MAX_ACCESS_OFFSET;
  }

  /** The `base + k` address a fast access computes itself, or null. */
  fusedAddress(inst: InstData): { a: Value; k: number } | null {
    if (!this.isFastAccess(inst)) return null;
    const data = this.fn.values[inst.args[0]!]!;
    if (data.isParam || !this.fusedIntoAccess.has(data.owner)) return null;
    const operands = this.i32Operands(this.fn.insts[data.owner]!)!;
    return operands.b === null ? { a: operands.a, k: operands.imm } : null;
  }

  /** The i32 value of `value` when an `i32.const` defines it. */
  constantOf(value: Value): number | null {
    const data = this.fn.values[value]!;
    if (data.isParam) return null;
    const inst = this.fn.insts[data.owner]!;
    return inst.opcode === 'i32.const' && inst.imm.kind === 'i32' ? inst.imm.value | 0 : null;
  }

  /**
   * How an i32 binary op reads its operands: a constant on the right (or, for commutative
   * ops and comparisons, on the left) becomes an immediate.
   */
  i32Operands(inst: InstData): I32Operands | null {
    const compare = I32_COMPARES[inst.opcode];
    const arith = I32_ARITH[inst.opcode];
    if (compare === undefined && arith === undefined) return null;
    const [a, b] = inst.args as [Value, Value];
    const right = this.constantOf(b);
    if (right !== null && (compare !== undefined || arith!.imm !== null || inst.opcode === 'i32.sub')) {
      return { a, b: null, imm: right, constant: b, swapped: false };
    }
    const left = this.constantOf(a);
    if (left !== null && (compare !== undefined || arith!.commutative)) return { a: b, b: null, imm: left, constant: a, swapped: true };
    return { a, b, imm: null };
  }

  /** The comparison as evaluated: mirrored when a left constant moved to the right. */
  effectiveCompare(inst: InstData): string {
    const operands = this.i32Operands(inst)!;
    return operands.b === null && operands.swapped ? I32_COMPARES[inst.opcode]!.mirrored : inst.opcode;
  }

  private countUses(): void {
    for (const block of this.fn.layout) {
      for (const id of this.fn.blocks[block]!.insts) {
        const inst = this.fn.insts[id]!;
        for (const arg of inst.args) this.useCount[arg]!++;
        for (const target of inst.targets) for (const arg of target.args) this.useCount[arg]!++;
      }
    }
  }

  private planFolding(): void {
    for (const block of this.fn.layout) {
      const insts = this.fn.blocks[block]!.insts;
      for (const id of insts) {
        const inst = this.fn.insts[id]!;
        const operands = this.i32Operands(inst);
        if (operands !== null && operands.b === null) this.foldedUses[operands.constant]!++;
        this.planAddressFusion(block, inst);
      }
      this.planFusion(block, insts);
    }
  }

  /** An access whose address is `i32.add base, K` used nowhere else evaluates the add itself. */
  private planAddressFusion(block: Block, inst: InstData): void {
    if (!this.isFastAccess(inst) || this.useCount[inst.args[0]!] !== 1) return;
    const address = this.fn.values[inst.args[0]!]!;
    if (address.isParam) return;
    const add = this.fn.insts[address.owner]!;
    if (add.opcode !== 'i32.add' || add.block !== block) return;
    if (this.i32Operands(add)!.b === null) this.fusedIntoAccess.add(address.owner);
  }

  private planFusion(block: Block, insts: readonly Inst[]): void {
    if (insts.length === 0) return;
    const term = this.fn.insts[insts[insts.length - 1]!]!;
    if (term.opcode !== 'brif' || this.useCount[term.args[0]!] !== 1) return;
    const condition = this.fn.values[term.args[0]!]!;
    if (condition.isParam) return;
    const data = this.fn.insts[condition.owner]!;
    if (data.block !== block) return;
    if (I32_COMPARES[data.opcode] !== undefined || data.opcode === 'i32.eqz') this.fusedIntoBranch.add(condition.owner);
  }
}
