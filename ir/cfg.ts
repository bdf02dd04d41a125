/**
 * Control-flow graph and dominator tree of a function (Cooper, Harvey & Kennedy, "A Simple,
 * Fast Dominance Algorithm"). Arrays are indexed by block id; blocks outside the layout or
 * unreachable from the entry have rpo number -1 and no immediate dominator.
 */
import type { Block, IrFunction } from './function.js';

export interface ControlFlowGraph {
  /** Successors of each block, in target order, without duplicates. */
  succs: Block[][];
  /** Predecessors of each block, without duplicates. */
  preds: Block[][];
  /** Reachable blocks in reverse postorder; rpo[0] is the entry. */
  rpo: Block[];
  /** Position of each block in `rpo`, or -1 when unreachable. */
  rpoNumber: Int32Array;
}

export function computeCfg(fn: IrFunction): ControlFlowGraph {
  const count = fn.blocks.length;
  const succs: Block[][] = Array.from({ length: count }, () => []);
  const preds: Block[][] = Array.from({ length: count }, () => []);
  const laidOut = new Uint8Array(count);
  for (const block of fn.layout) if (block >= 0 && block < count) laidOut[block] = 1;
  for (const block of fn.layout) {
    const insts = fn.blocks[block]?.insts ?? [];
    const last = insts.length === 0 ? undefined : fn.insts[insts[insts.length - 1]!];
    for (const call of last?.targets ?? []) {
      const target = call.block;
      if (target < 0 || target >= count || laidOut[target] === 0 || succs[block]!.includes(target)) continue;
      succs[block]!.push(target);
      preds[target]!.push(block);
    }
  }
  const rpoNumber = new Int32Array(count).fill(-1);
  const postorder: Block[] = [];
  if (fn.layout.length > 0) {
    // Iterative DFS: deep CFGs (thousands of nested Wasm blocks) must not overflow the stack.
    const visited = new Uint8Array(count);
    const stack: { block: Block; next: number }[] = [{ block: fn.layout[0]!, next: 0 }];
    visited[fn.layout[0]!] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const targets = succs[top.block]!;
      if (top.next < targets.length) {
        const target = targets[top.next++]!;
        if (visited[target] === 0) {
          visited[target] = 1;
          stack.push({ block: target, next: 0 });
        }
      } else {
        postorder.push(top.block);
        stack.pop();
      }
    }
  }
  const rpo = postorder.reverse();
  rpo.forEach((block, i) => (rpoNumber[block] = i));
  return { succs, preds, rpo, rpoNumber };
}

export class DominatorTree {
  /** Immediate dominator of each block; the entry's is itself, unreachable blocks' is -1. */
  readonly idom: Int32Array;
  private readonly cfg: ControlFlowGraph;

  constructor(cfg: ControlFlowGraph) {
    this.cfg = cfg;
    const idom = new Int32Array(cfg.rpoNumber.length).fill(-1);
    this.idom = idom;
    if (cfg.rpo.length === 0) return;
    const entry = cfg.rpo[0]!;
    idom[entry] = entry;
    const intersect = (a: Block, b: Block): Block => {
      while (a !== b) {
        while (cfg.rpoNumber[a]! > cfg.rpoNumber[b]!) a = idom[a]!;
        while (cfg.rpoNumber[b]! > cfg.rpoNumber[a]!) b = idom[b]!;
      }
      return a;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = 1; i < cfg.rpo.length; i++) {
        const block = cfg.rpo[i]!;
        let dominator = -1;
        for (const pred of cfg.preds[block]!) {
          if (idom[pred] === -1) continue;
          dominator = dominator === -1 ? pred : intersect(pred, dominator);
        }
        if (dominator !== idom[block]) {
          idom[block] = dominator;
          changed = true;
        }
      }
    }
  }

  isReachable(block: Block): boolean {
    return (this.cfg.rpoNumber[block] ?? -1) !== -1;
  }

  /** True when every path from the entry to `b` passes through `a` (a block dominates itself). */
  dominates(a: Block, b: Block): boolean {
    if (!this.isReachable(a) || !this.isReachable(b)) return false;
    const rpoA = this.cfg.rpoNumber[a]!;
    while (this.cfg.rpoNumber[b]! > rpoA) b = this.idom[b]!;
    return a === b;
  }
}
