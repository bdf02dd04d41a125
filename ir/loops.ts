/**
 * The loop forest of a reducible CFG: each loop header (the target of a back edge) and the
 * blocks of its natural loop, i.e. the blocks that reach one of its back edges without
 * passing through the header. In a reducible CFG two natural loops are either disjoint or
 * nested, so each block has one innermost loop and each loop one parent loop; headers are
 * processed in reverse postorder, outer before inner, which makes the last assignment the
 * innermost one. Cost: the sum of the loop sizes (nesting depth times blocks at worst).
 */
import type { ControlFlowGraph } from './cfg.js';
import type { Block } from './function.js';

export class LoopForest {
  /** Header of the innermost loop containing each block (a header is in its own loop), or -1. */
  readonly innermost: Int32Array;
  /** For a loop header, the header of the loop around its loop, or -1; -1 for other blocks. */
  readonly parent: Int32Array;

  constructor(cfg: ControlFlowGraph) {
    const count = cfg.rpoNumber.length;
    this.innermost = new Int32Array(count).fill(-1);
    this.parent = new Int32Array(count).fill(-1);
    const rpo = cfg.rpoNumber;
    const mark = new Int32Array(count).fill(-1);
    for (const header of cfg.rpo) {
      const latches = cfg.preds[header]!.filter((pred) => rpo[pred]! >= rpo[header]! && rpo[pred] !== -1);
      if (latches.length === 0) continue;
      this.parent[header] = this.innermost[header]!;
      this.innermost[header] = header;
      mark[header] = header;
      const stack = latches.filter((latch) => latch !== header);
      for (const latch of stack) mark[latch] = header;
      while (stack.length > 0) {
        const block = stack.pop()!;
        this.innermost[block] = header;
        for (const pred of cfg.preds[block]!) {
          if (mark[pred] === header || rpo[pred] === -1) continue;
          mark[pred] = header;
          stack.push(pred);
        }
      }
    }
  }

  isHeader(block: Block): boolean {
    return this.innermost[block] === block;
  }

  /** True when `block` lies in the natural loop of `header`, directly or in a nested loop. */
  contains(header: Block, block: Block): boolean {
    for (let loop = this.innermost[block]!; loop !== -1; loop = this.parent[loop]!) {
      if (loop === header) return true;
    }
    return false;
  }
}
