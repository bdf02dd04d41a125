/**
 * Editing primitives shared by the passes: finding constants, replacing values
 * (`ValueAliases`), detaching instructions and blocks, enumerating the edges into a block
 * and removing block parameters together with the edge arguments that feed them.
 *
 * Ids are never reused (ir/function.ts): a removed instruction stays in `fn.insts` with
 * `block === -1`, a removed block leaves `fn.layout`, a removed parameter keeps its value
 * entry with `owner === -1` so that any stale use is reported by the verifier.
 */
import type { Block, Imm, Inst, InstData, IrFunction, Value } from '../function.js';
import { implicitTargetParams } from '../signature.js';
import type { ModuleEnv } from '../types.js';

/** The instruction defining `value`, or null for block parameters. */
export function definingInst(fn: IrFunction, value: Value): InstData | null {
  const data = fn.values[value]!;
  return data.isParam ? null : fn.insts[data.owner]!;
}

export type ConstImm = Extract<Imm, { kind: 'i32' | 'i64' | 'f32' | 'f64' }>;

const CONST_OPCODES: ReadonlySet<string> = new Set(['i32.const', 'i64.const', 'f32.const', 'f64.const']);

export function isScalarConst(opcode: string): boolean {
  return CONST_OPCODES.has(opcode);
}

/** The immediate of the scalar constant defining `value`, or null when it is not one. */
export function constantOf(fn: IrFunction, value: Value): ConstImm | null {
  const inst = definingInst(fn, value);
  if (inst === null || !CONST_OPCODES.has(inst.opcode)) return null;
  return inst.imm as ConstImm;
}

/** The value of an `i32.const` defining `value`, or null. */
export function i32ConstantOf(fn: IrFunction, value: Value): number | null {
  const imm = constantOf(fn, value);
  return imm !== null && imm.kind === 'i32' ? imm.value : null;
}

/** Turns `inst` into the scalar constant `imm` in place; its result value keeps its id. */
export function rewriteAsConstant(fn: IrFunction, inst: Inst, imm: ConstImm): void {
  const data = fn.insts[inst]!;
  data.opcode = `${imm.kind}.const`;
  data.args = [];
  data.imm = imm;
}

/**
 * Pending replacements "every use of v becomes w". Chains resolve transitively; `apply`
 * rewrites the operands and edge arguments of every attached instruction in one sweep.
 */
export class ValueAliases {
  private readonly target: Int32Array;
  private count = 0;

  constructor(fn: IrFunction) {
    this.target = new Int32Array(fn.values.length).fill(-1);
  }

  resolve(value: Value): Value {
    let current = value;
    while (this.target[current] !== -1 && this.target[current] !== undefined) current = this.target[current]!;
    // Path compression keeps long chains (merged block after merged block) cheap.
    while (value !== current) {
      const next = this.target[value]!;
      this.target[value] = current;
      value = next;
    }
    return current;
  }

  /** From now on `from` means `to`. A no-op when they already resolve to the same value. */
  replace(from: Value, to: Value): void {
    const source = this.resolve(from);
    const destination = this.resolve(to);
    if (source === destination) return;
    this.target[source] = destination;
    this.count++;
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  apply(fn: IrFunction): void {
    if (this.count === 0) return;
    forEachAttachedInst(fn, (data) => {
      for (let i = 0; i < data.args.length; i++) data.args[i] = this.resolve(data.args[i]!);
      for (const call of data.targets) {
        for (let i = 0; i < call.args.length; i++) call.args[i] = this.resolve(call.args[i]!);
      }
    });
  }
}

export function forEachAttachedInst(fn: IrFunction, visit: (data: InstData, inst: Inst, block: Block) => void): void {
  for (const block of fn.layout) {
    for (const inst of fn.blocks[block]!.insts) visit(fn.insts[inst]!, inst, block);
  }
}

/** Number of attached instructions (terminators included): the pipeline's size measure. */
export function countInsts(fn: IrFunction): number {
  let count = 0;
  for (const block of fn.layout) count += fn.blocks[block]!.insts.length;
  return count;
}

/** How often each value is used as an operand or edge argument by attached instructions. */
export function useCounts(fn: IrFunction): Int32Array {
  const counts = new Int32Array(fn.values.length);
  forEachAttachedInst(fn, (data) => {
    for (const arg of data.args) counts[arg]!++;
    for (const call of data.targets) for (const arg of call.args) counts[arg]!++;
  });
  return counts;
}

/**
 * Marks instructions detached (`block = -1`); `compactBlock` / `compactAll` then drop them
 * from their blocks' lists. Split in two so a pass can detach many and compact once.
 */
export function detachInst(fn: IrFunction, inst: Inst): void {
  fn.insts[inst]!.block = -1;
}

export function compactBlock(fn: IrFunction, block: Block): void {
  const data = fn.blocks[block]!;
  data.insts = data.insts.filter((inst) => fn.insts[inst]!.block !== -1);
}

export function compactAll(fn: IrFunction): void {
  for (const block of fn.layout) compactBlock(fn, block);
}

/** Takes blocks out of the layout, detaching their instructions. The entry block stays. */
export function removeBlocks(fn: IrFunction, remove: (block: Block) => boolean): number {
  const entry = fn.layout[0];
  const kept: Block[] = [];
  let removed = 0;
  for (const block of fn.layout) {
    if (block !== entry && remove(block)) {
      for (const inst of fn.blocks[block]!.insts) detachInst(fn, inst);
      fn.blocks[block]!.insts = [];
      removed++;
    } else kept.push(block);
  }
  fn.layout = kept;
  return removed;
}

/** One successor edge: `fn.insts[inst].targets[index]`. The source block is the inst's block. */
export interface Edge {
  inst: Inst;
  index: number;
  /** How many leading parameters of the target the edge fills implicitly (call results, exn, tag payload). */
  implicit: number;
}

/** The edges into every block, from the terminators of blocks in the layout. */
export function incomingEdges(fn: IrFunction, env: ModuleEnv): Edge[][] {
  const edges: Edge[][] = fn.blocks.map(() => []);
  for (const block of fn.layout) {
    const insts = fn.blocks[block]!.insts;
    const term = insts[insts.length - 1];
    if (term === undefined) continue;
    const data = fn.insts[term]!;
    data.targets.forEach((call, index) => {
      const implicit = implicitTargetParams(data, index, env).length;
      edges[call.block]?.push({ inst: term, index, implicit });
    });
  }
  return edges;
}

/** The edge argument feeding parameter `paramIndex` of the edge's target, or null when it is implicit. */
export function edgeArgFor(fn: IrFunction, edge: Edge, paramIndex: number): Value | null {
  if (paramIndex < edge.implicit) return null;
  return fn.insts[edge.inst]!.targets[edge.index]!.args[paramIndex - edge.implicit]!;
}

/** True when parameter `paramIndex` of a block is fed explicitly by every incoming edge. */
export function isExplicitParam(edges: readonly Edge[], paramIndex: number): boolean {
  return edges.every((edge) => paramIndex >= edge.implicit);
}

/**
 * Removes the parameters of `block` for which `remove(index)` holds, with their arguments
 * on every incoming edge. The caller guarantees those parameters are explicit on every edge
 * and unused (or aliased away). Returns the number removed.
 */
export function removeBlockParams(fn: IrFunction, block: Block, edges: readonly Edge[], remove: (index: number) => boolean): number {
  const data = fn.blocks[block]!;
  const doomed = data.params.map((_, index) => remove(index));
  if (!doomed.includes(true)) return 0;
  for (const edge of edges) {
    const call = fn.insts[edge.inst]!.targets[edge.index]!;
    call.args = call.args.filter((_, argIndex) => !doomed[argIndex + edge.implicit]);
  }
  const kept: Value[] = [];
  data.params.forEach((value, index) => {
    const valueData = fn.values[value]!;
    if (doomed[index]) {
      valueData.owner = -1;
      return;
    }
    valueData.index = kept.length;
    kept.push(value);
  });
  const removed = data.params.length - kept.length;
  data.params = kept;
  return removed;
}
