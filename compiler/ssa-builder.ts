/**
 * On-the-fly SSA construction for Wasm locals: Braun, Buchwald, Hack, Leißa, Mallon and
 * Zwinkau, "Simple and Efficient Construction of Static Single Assignment Form" (CC 2013),
 * in the block-parameter form cranelift-frontend uses.
 *
 * - Every block keeps the latest definition of each variable (local) it assigns.
 * - Reading a variable with no definition in the block asks the predecessors: a chain of
 *   single-predecessor blocks is walked; a block with several predecessors gets a block
 *   parameter whose incoming values are read from each predecessor and appended to its
 *   edges. A block still missing predecessors (unsealed: a loop header before its back
 *   edges, a merge before its last branch) gets an "incomplete" parameter completed when
 *   the block is sealed.
 * - A parameter whose incoming values are all one other value is trivial: it becomes an
 *   alias of that value. `finish()` repeats the test to a fixpoint (a removal can make other
 *   parameters trivial), rewrites every use through the aliases and deletes the dead
 *   parameters together with their edge arguments. The same pass also drops trivial
 *   parameters the translator made for Wasm operand-stack values (block results).
 *
 * The walk over predecessors uses an explicit work stack: real functions have chains of
 * tens of thousands of blocks, too deep for recursion.
 *
 * Performance: definitions live in a dense per-local array while their block is being
 * filled (almost every `local.get` hits it) and in an open-addressing table keyed by
 * (block, local) afterwards. Both are reused across the functions of a module.
 */
import type { ValType } from './module.js';
import type { Block, Imm, Inst, InstData, IrFunction, Value } from '../ir/function.js';
import type { FunctionBuilder } from '../ir/builder.js';
import { funcTypeOf, tagParams } from '../ir/signature.js';
import type { IrType, ModuleEnv } from '../ir/types.js';

/** A translator invariant broke: a bug in Heron, never a property of the input module. */
export class TranslateError extends Error {
  override name = 'TranslateError';
}

const EMPTY_SLOT = -1;

/**
 * (block, local) -> value, open addressing with linear probing. Entries carry the
 * generation they were written in, so `reset()` for the next function is O(1).
 */
class BlockVarTable {
  private blocks = new Int32Array(1024);
  private vars = new Int32Array(1024);
  private values = new Int32Array(1024);
  private stamps = new Int32Array(1024);
  private generation = 1;
  private size = 0;

  reset(): void {
    this.size = 0;
    this.generation++;
    if (this.generation === 0x7fffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  private slot(block: number, variable: number): number {
    const mask = this.blocks.length - 1;
    let slot = (Math.imul(block, 0x9e3779b1) ^ Math.imul(variable + 1, 0x85ebca77)) & mask;
    while (this.stamps[slot] === this.generation) {
      if (this.blocks[slot] === block && this.vars[slot] === variable) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  get(block: number, variable: number): number {
    const slot = this.slot(block, variable);
    return this.stamps[slot] === this.generation ? this.values[slot]! : EMPTY_SLOT;
  }

  set(block: number, variable: number, value: number): void {
    let slot = this.slot(block, variable);
    if (this.stamps[slot] !== this.generation) {
      if ((this.size + 1) * 2 > this.blocks.length) {
        this.grow();
        slot = this.slot(block, variable);
      }
      this.size++;
      this.stamps[slot] = this.generation;
      this.blocks[slot] = block;
      this.vars[slot] = variable;
    }
    this.values[slot] = value;
  }

  private grow(): void {
    const { blocks, vars, values, stamps, generation } = this;
    const capacity = blocks.length * 2;
    this.blocks = new Int32Array(capacity);
    this.vars = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.stamps = new Int32Array(capacity);
    for (let i = 0; i < blocks.length; i++) {
      if (stamps[i] !== generation) continue;
      const slot = this.slot(blocks[i]!, vars[i]!);
      this.stamps[slot] = generation;
      this.blocks[slot] = blocks[i]!;
      this.vars[slot] = vars[i]!;
      this.values[slot] = values[i]!;
    }
  }
}

/** Scratch memory shared by the translations of one module (one function at a time). */
export class SsaScratch {
  readonly defs = new BlockVarTable();
  /**
   * Definitions visible in the block being filled, valid where `denseEpoch[local] ===
   * epoch`. A block whose only predecessor is the block just finished inherits them (the
   * epoch stays), so straight-line code split by br_if or calls needs no table lookups.
   */
  denseValue = new Int32Array(256);
  denseEpoch = new Int32Array(256);
  epoch = 0;
  /** `definedStamp[local] === blockSerial`: the open block itself assigned the local. */
  definedStamp = new Int32Array(256);
  blockSerial = 0;
  /** alias[v] = replacement + 1, or 0. */
  alias = new Int32Array(1024);
  /** Values with an alias entry, cleared for the next function. */
  readonly aliased: number[] = [];
  prepare(localCount: number): void {
    this.defs.reset();
    if (this.denseValue.length < localCount) {
      this.denseValue = new Int32Array(localCount);
      this.denseEpoch = new Int32Array(localCount);
      this.definedStamp = new Int32Array(localCount);
    }
    // Nothing dense carries over from the previous function.
    this.epoch++;
    for (const value of this.aliased) this.alias[value] = 0;
    this.aliased.length = 0;
  }
}

/** Work items of the iterative variable lookup: (kind, block, extra). */
const USE_VAR = 0;
/** The incoming values of parameter `extra` of a loop header are read: complete it. */
const FINISH_PARAM = 1;
/** The incoming values of a forward merge are read: one value, or a new parameter. */
const DECIDE_MERGE = 2;

/** Zero constant of each local type: Wasm locals start at zero / null. */
function zeroConstant(type: ValType): { opcode: string; imm: Imm } {
  switch (type) {
    case 'i32':
      return { opcode: 'i32.const', imm: { kind: 'i32', value: 0 } };
    case 'i64':
      return { opcode: 'i64.const', imm: { kind: 'i64', value: 0n } };
    case 'f32':
      return { opcode: 'f32.const', imm: { kind: 'f32', bits: 0 } };
    case 'f64':
      return { opcode: 'f64.const', imm: { kind: 'f64', bits: 0n } };
    case 'v128':
      return { opcode: 'v128.const', imm: { kind: 'v128', bytes: new Uint8Array(16) } };
    case 'funcref':
    case 'externref':
      return { opcode: 'ref.null', imm: { kind: 'ref_type', type } };
  }
}

export class SsaBuilder {
  readonly fn: IrFunction;
  private readonly env: ModuleEnv;
  private readonly scratch: SsaScratch;
  /** Per block: predecessor edges as flat (inst, target index) pairs. */
  private readonly preds: number[][] = [];
  private readonly sealed: boolean[] = [];
  /** Per block: parameters awaiting sealing, as flat (local, param) pairs. */
  private readonly incomplete: (number[] | null)[] = [];
  /** Blocks in the order they were filled: the final layout. */
  private readonly order: Block[] = [];
  private readonly started: boolean[] = [];
  /** Loop headers: the only blocks with back edges, so the only places cycles pass through. */
  private readonly loopHeader: boolean[] = [];
  /** Block whose definitions live in the dense arrays (the open block), or -1. */
  private denseBlock = -1;
  /** Locals defined in `denseBlock`, flushed to the table when the block gets successors. */
  private readonly denseDefined: number[] = [];
  /** The block just terminated, whose definitions the dense arrays still hold (or -1). */
  private heldBlock = -1;
  /** Zero constants for the entry block, by type; their instructions go first in the entry. */
  private readonly zeros = new Map<ValType, Value>();
  private readonly entryPrefix: Inst[] = [];
  /** The lookup's work stack (kind, block, extra triples) and result stack. */
  private readonly work: number[] = [];
  private readonly results: Value[] = [];

  constructor(
    private readonly builder: FunctionBuilder,
    private readonly localTypes: readonly ValType[],
    private readonly localNames: ReadonlyMap<number, string> | undefined,
    scratch: SsaScratch,
  ) {
    this.fn = builder.fn;
    this.env = builder.env;
    this.scratch = scratch;
    scratch.prepare(localTypes.length);
    // The builder made the entry block, whose parameters are the Wasm parameters.
    const entry = builder.currentBlock;
    this.registerBlock(entry);
    this.sealed[entry] = true;
    this.startBlock(entry);
    const params = builder.entryParams();
    for (let local = 0; local < params.length; local++) {
      const value = params[local]!;
      builder.setValueName(value, this.localName(local));
      this.writeVar(entry, local, value);
    }
  }

  localName(local: number): string | null {
    return this.localNames?.get(local) ?? null;
  }

  // ---- blocks and edges ------------------------------------------------------------

  private registerBlock(block: Block): void {
    this.preds[block] = [];
    this.sealed[block] = false;
    this.incomplete[block] = null;
    this.started[block] = false;
    this.loopHeader[block] = false;
  }

  /**
   * A new unsealed block with parameters of these types (stack values it receives).
   * `loopHeader`: back edges may target it (they must not target any other block).
   */
  createBlock(paramTypes: readonly IrType[] = [], loopHeader = false): Block {
    const block = this.builder.createBlock();
    this.registerBlock(block);
    this.loopHeader[block] = loopHeader;
    for (const type of paramTypes) this.builder.appendBlockParam(block, type);
    return block;
  }

  params(block: Block): Value[] {
    return this.fn.blocks[block]!.params;
  }

  predecessorCount(block: Block): number {
    return this.preds[block]!.length / 2;
  }

  /** Make `block` the insertion point. Every block is filled at most once, in layout order. */
  startBlock(block: Block): void {
    if (this.started[block]) throw new TranslateError(`block${block} is filled twice`);
    this.started[block] = true;
    this.order.push(block);
    this.builder.switchToBlock(block);
    const preds = this.preds[block]!;
    const inherits =
      this.heldBlock >= 0 && this.sealed[block] && preds.length === 2 && this.fn.insts[preds[0]!]!.block === this.heldBlock;
    if (!inherits) this.scratch.epoch++;
    this.scratch.blockSerial++;
    this.denseBlock = block;
    this.heldBlock = -1;
    this.denseDefined.length = 0;
  }

  /**
   * Record the edges of the terminator just appended to the open block. Its definitions
   * move to the shared table, where lookups from successors find them.
   */
  terminated(inst: Inst): void {
    const targets = this.fn.insts[inst]!.targets;
    if (targets.length > 0) {
      this.flushDense();
      for (let i = 0; i < targets.length; i++) this.preds[targets[i]!.block]!.push(inst, i);
    }
    this.heldBlock = this.denseBlock;
    this.denseBlock = -1;
  }

  private flushDense(): void {
    const block = this.denseBlock;
    if (block < 0) return;
    const { denseValue } = this.scratch;
    for (const local of this.denseDefined) this.scratch.defs.set(block, local, denseValue[local]!);
    this.denseDefined.length = 0;
  }

  /** Point edge `targetIndex` of `inst` at another block (with new edge args). */
  retarget(inst: Inst, targetIndex: number, block: Block, args: Value[]): void {
    const call = this.fn.insts[inst]!.targets[targetIndex]!;
    const oldPreds = this.preds[call.block]!;
    for (let i = 0; i < oldPreds.length; i += 2) {
      if (oldPreds[i] === inst && oldPreds[i + 1] === targetIndex) {
        oldPreds.splice(i, 2);
        break;
      }
    }
    call.block = block;
    call.args = args;
    this.preds[block]!.push(inst, targetIndex);
  }

  /** All predecessors of `block` are known: complete its pending parameters. */
  seal(block: Block): void {
    if (this.sealed[block]) return;
    this.sealed[block] = true;
    const pending = this.incomplete[block];
    if (pending === null || pending === undefined) return;
    this.incomplete[block] = null;
    for (let i = 0; i < pending.length; i += 2) {
      this.runLookup(pending[i]!, block, pending[i + 1]!);
    }
  }

  // ---- variables -------------------------------------------------------------------

  /** `local.set`: `value` is the local's value from here on; it takes the local's name if it has none. */
  defineVar(local: number, value: Value): void {
    const data = this.fn.values[value]!;
    if (data.name === null && !this.isZeroConstant(value)) data.name = this.localName(local);
    this.writeVar(this.builder.currentBlock, local, value);
  }

  /** Zero constants stand for every local not yet assigned: no single local's name fits them. */
  private isZeroConstant(value: Value): boolean {
    for (const zero of this.zeros.values()) if (zero === value) return true;
    return false;
  }

  /** The value of `local` at the end of the open block. */
  useVar(local: number): Value {
    const block = this.builder.currentBlock;
    const { denseEpoch, denseValue, epoch } = this.scratch;
    if (block === this.denseBlock && denseEpoch[local] === epoch) return this.resolve(denseValue[local]!);
    return this.runLookup(local, block, -1);
  }

  private writeVar(block: Block, local: number, value: Value): void {
    if (block === this.denseBlock) {
      const scratch = this.scratch;
      if (scratch.definedStamp[local] !== scratch.blockSerial) {
        scratch.definedStamp[local] = scratch.blockSerial;
        this.denseDefined.push(local);
      }
      scratch.denseEpoch[local] = scratch.epoch;
      scratch.denseValue[local] = value;
    } else {
      this.scratch.defs.set(block, local, value);
    }
  }

  private readDef(block: Block, local: number): number {
    if (block === this.denseBlock) {
      const { denseEpoch, denseValue, epoch } = this.scratch;
      return denseEpoch[local] === epoch ? denseValue[local]! : EMPTY_SLOT;
    }
    return this.scratch.defs.get(block, local);
  }

  /**
   * Braun et al.'s readVariable with an explicit stack. `completeParam >= 0` instead
   * completes that (formerly incomplete) parameter of `block`: reads its incoming values.
   * Every work item leaves exactly one value on `results`, possibly after the items it
   * pushed have run.
   */
  private runLookup(local: number, block: Block, completeParam: Value): Value {
    const { work, results } = this;
    const workBase = work.length;
    const resultBase = results.length;
    if (completeParam >= 0) this.pushOperandReads(FINISH_PARAM, block, completeParam);
    else work.push(USE_VAR, block, 0);
    while (work.length > workBase) {
      const extra = work.pop()!;
      const target = work.pop()!;
      const kind = work.pop()!;
      if (kind === USE_VAR) this.lookupStep(local, target);
      else if (kind === FINISH_PARAM) this.finishParam(target, extra);
      else this.decideMerge(local, target, extra);
    }
    if (results.length !== resultBase + 1) throw new TranslateError('SSA lookup lost track of its results');
    return results.pop()!;
  }

  /** One USE_VAR item: walk the single-predecessor chain up from `start`, then resolve there. */
  private lookupStep(local: number, start: Block): void {
    let block = start;
    let found = this.readDef(block, local);
    while (found === EMPTY_SLOT && this.sealed[block] && this.preds[block]!.length === 2) {
      block = this.fn.insts[this.preds[block]![0]!]!.block;
      found = this.readDef(block, local);
    }
    let value: Value;
    if (found !== EMPTY_SLOT) {
      value = this.resolve(found);
    } else if (!this.sealed[block]) {
      // A loop header before its back edges: a parameter completed when it is sealed.
      value = this.addParam(block, local);
      (this.incomplete[block] ??= []).push(local, value);
      this.writeVar(block, local, value);
    } else if (this.preds[block]!.length === 0) {
      value = this.zeroValue(local); // the entry block: locals start at zero
    } else if (this.loopHeader[block]) {
      // Cycles pass through loop headers: the parameter must exist (and be recorded)
      // before the predecessors are read, which may lead back here.
      value = this.addParam(block, local);
      this.writeVar(block, local, value);
      this.memoizeChain(start, block, local, value);
      this.pushOperandReads(FINISH_PARAM, block, value);
      return;
    } else {
      // A forward merge: read the predecessors first, add a parameter only if they differ.
      this.pushOperandReads(DECIDE_MERGE, block, start);
      return;
    }
    this.memoizeChain(start, block, local, value);
    this.results.push(value);
  }

  /** Record `value` as the definition of `local` in every block of the walked chain. */
  private memoizeChain(from: Block, to: Block, local: number, value: Value): void {
    let block = from;
    while (block !== to) {
      this.writeVar(block, local, value);
      block = this.fn.insts[this.preds[block]![0]!]!.block;
    }
  }

  /** Queue `kind` for `block`, preceded by reads of the variable in each predecessor. */
  private pushOperandReads(kind: number, block: Block, extra: number): void {
    const preds = this.preds[block]!;
    this.work.push(kind, block, extra);
    for (let i = preds.length - 2; i >= 0; i -= 2) {
      this.work.push(USE_VAR, this.fn.insts[preds[i]!]!.block, 0);
    }
  }

  /** Pops the incoming values (one per predecessor edge) pushed by the reads. */
  private popIncoming(block: Block): number {
    const count = this.preds[block]!.length / 2;
    const base = this.results.length - count;
    if (base < 0) throw new TranslateError('SSA lookup lost track of its results');
    for (let i = base; i < this.results.length; i++) this.results[i] = this.resolve(this.results[i]!);
    return base;
  }

  /** Append the incoming values at `results[base..]` to `block`'s edges (for its newest parameter). */
  private appendIncoming(block: Block, base: number): void {
    const preds = this.preds[block]!;
    for (let e = 0; e < preds.length; e += 2) {
      this.fn.insts[preds[e]!]!.targets[preds[e + 1]!]!.args.push(this.results[base + e / 2]!);
    }
  }

  /** The one value among `results[base..]` other than `self`, or -1 if they differ (or none). */
  private soleIncoming(base: number, self: Value): Value {
    let same = -1;
    for (let i = base; i < this.results.length; i++) {
      const value = this.results[i]!;
      if (value === self || value === same) continue;
      if (same !== -1) return -1;
      same = value;
    }
    return same;
  }

  /** FINISH_PARAM: `param` gets its incoming values; a trivial one becomes an alias. */
  private finishParam(block: Block, param: Value): void {
    const base = this.popIncoming(block);
    this.appendIncoming(block, base);
    const same = this.soleIncoming(base, param);
    this.results.length = base;
    if (same !== -1) this.setAlias(param, same);
    this.results.push(this.resolve(param));
  }

  /** DECIDE_MERGE: the value of the variable at a forward merge reached from `chainStart`. */
  private decideMerge(local: number, block: Block, chainStart: Block): void {
    const base = this.popIncoming(block);
    // A cycle through a loop header may have resolved this merge meanwhile: keep that.
    const existing = this.readDef(block, local);
    let value: Value;
    if (existing !== EMPTY_SLOT) {
      value = this.resolve(existing);
    } else {
      value = this.soleIncoming(base, -1);
      if (value === -1) {
        value = this.addParam(block, local);
        this.appendIncoming(block, base);
      }
      this.writeVar(block, local, value);
    }
    this.results.length = base;
    this.memoizeChain(chainStart, block, local, value);
    this.results.push(value);
  }

  private addParam(block: Block, local: number): Value {
    return this.builder.appendBlockParam(block, this.localTypes[local]!, this.localName(local));
  }

  private zeroValue(local: number): Value {
    const type = this.localTypes[local]!;
    const cached = this.zeros.get(type);
    if (cached !== undefined) return cached;
    const { opcode, imm } = zeroConstant(type);
    const inst = this.fn.insts.length;
    const value = this.fn.values.length;
    this.fn.values.push({ type, isParam: false, owner: inst, index: 0, name: null });
    const entry = this.fn.layout[0]!;
    const data: InstData = { opcode, args: [], results: [value], targets: [], imm, block: entry, srcOffset: -1 };
    this.fn.insts.push(data);
    this.entryPrefix.push(inst);
    this.zeros.set(type, value);
    return value;
  }

  // ---- aliases and cleanup ---------------------------------------------------------

  private setAlias(value: Value, replacement: Value): void {
    let alias = this.scratch.alias;
    if (value >= alias.length) {
      const grown = new Int32Array(Math.max(alias.length * 2, value + 1));
      grown.set(alias);
      this.scratch.alias = alias = grown;
    }
    alias[value] = replacement + 1;
    this.scratch.aliased.push(value);
    const data = this.fn.values[value]!;
    const target = this.fn.values[replacement]!;
    if (target.name === null && data.name !== null) target.name = data.name;
  }

  /** The value `value` stands for after trivial parameters were replaced. */
  resolve(value: Value): Value {
    const alias = this.scratch.alias;
    let current = value;
    while (current < alias.length && alias[current] !== 0) current = alias[current]! - 1;
    // Path compression keeps long alias chains from being walked repeatedly.
    let step = value;
    while (step !== current) {
      const next = alias[step]! - 1;
      alias[step] = current + 1;
      step = next;
    }
    return current;
  }

  private isAliased(value: Value): boolean {
    const alias = this.scratch.alias;
    return value < alias.length && alias[value] !== 0;
  }

  /** Parameters the edge supplies implicitly ahead of its args (call results, exn, tag payload). */
  private implicitCount(inst: InstData, targetIndex: number): number {
    const imm = inst.imm;
    switch (inst.opcode) {
      case 'try_call':
        if (imm.kind !== 'func') return 0;
        return targetIndex === 0 ? funcTypeOf(this.env, imm.func).results.length : 1;
      case 'try_call_indirect':
        if (imm.kind !== 'call_indirect') return 0;
        return targetIndex === 0 ? this.env.types[imm.type]!.results.length : 1;
      case 'br_on_tag':
        return targetIndex === 0 && imm.kind === 'tag' ? tagParams(this.env, imm.tag).length : 0;
      default:
        return 0;
    }
  }

  /** Alias every parameter whose incoming values are one other value, until none is left. */
  private removeTrivialParams(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const block of this.order) {
        const params = this.fn.blocks[block]!.params;
        const preds = this.preds[block]!;
        if (preds.length === 0) continue;
        for (let p = 0; p < params.length; p++) {
          const param = params[p]!;
          if (this.isAliased(param)) continue;
          let same = -1;
          let trivial = true;
          for (let e = 0; e < preds.length && trivial; e += 2) {
            const inst = this.fn.insts[preds[e]!]!;
            const implicit = this.implicitCount(inst, preds[e + 1]!);
            if (p < implicit) {
              trivial = false;
              break;
            }
            const value = this.resolve(inst.targets[preds[e + 1]!]!.args[p - implicit]!);
            if (value === param || value === same) continue;
            if (same !== -1) trivial = false;
            same = value;
          }
          if (trivial && same !== -1) {
            this.setAlias(param, same);
            changed = true;
          }
        }
      }
    }
  }

  /**
   * Finalize the function: trivial parameters removed, aliases resolved in every use,
   * layout = the blocks that were filled. Returns the finished function.
   */
  finish(): IrFunction {
    const fn = this.fn;
    for (const block of this.order) {
      if (!this.sealed[block]) throw new TranslateError(`block${block} was never sealed`);
    }
    for (let block = 0; block < fn.blocks.length; block++) {
      if (!this.started[block] && this.preds[block]!.length > 0) {
        throw new TranslateError(`block${block} has predecessors but was never filled`);
      }
    }
    this.removeTrivialParams();
    // Without aliases every use already names its final value (the common small function).
    const aliasing = this.scratch.aliased.length > 0;
    for (const block of aliasing ? this.order : []) {
      for (const inst of fn.blocks[block]!.insts) {
        const data = fn.insts[inst]!;
        const args = data.args;
        for (let i = 0; i < args.length; i++) args[i] = this.resolve(args[i]!);
        for (const call of data.targets) {
          const callArgs = call.args;
          for (let i = 0; i < callArgs.length; i++) callArgs[i] = this.resolve(callArgs[i]!);
        }
      }
    }
    if (aliasing) for (const block of this.order) this.dropAliasedParams(block);
    if (this.entryPrefix.length > 0) {
      const entry = fn.blocks[fn.layout[0]!]!;
      entry.insts = [...this.entryPrefix, ...entry.insts];
    }
    fn.layout = this.order.slice();
    return fn;
  }

  private dropAliasedParams(block: Block): void {
    const data = this.fn.blocks[block]!;
    const params = data.params;
    let removed = 0;
    for (const param of params) if (this.isAliased(param)) removed++;
    if (removed === 0) return;
    const keep = params.map((param) => !this.isAliased(param));
    const preds = this.preds[block]!;
    for (let e = 0; e < preds.length; e += 2) {
      const inst = this.fn.insts[preds[e]!]!;
      const implicit = this.implicitCount(inst, preds[e + 1]!);
      const call = inst.targets[preds[e + 1]!]!;
      call.args = call.args.filter((_, i) => keep[i + implicit]);
    }
    data.params = params.filter((_, i) => keep[i]);
    data.params.forEach((param, index) => {
      this.fn.values[param]!.index = index;
    });
    for (const param of params) {
      if (this.isAliased(param)) this.fn.values[param]!.owner = -1;
    }
  }
}
