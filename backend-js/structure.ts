/**
 * Structured control flow from the CFG, by the dominator-tree method of Ramsey's
 * "Beyond Relooper" (ICFP 2022). Wasm-derived IR is reducible, so every CFG maps to
 * labeled blocks, `while (true)` loops and branches, with no dispatch loop:
 *
 *  - a loop header (target of a back edge) wraps its dominator subtree in `L: while (true)`,
 *    and back edges become `continue L`;
 *  - a merge node (two or more forward in-edges) is placed after a labeled block `B: {..}`
 *    that encloses its immediate dominator's code; forward edges to it become `break B`;
 *  - any other successor has one forward in-edge and is emitted inline at the branch.
 *
 * Afterwards a `break B` that is the last thing before the end of `B` is dropped, and
 * blocks whose label is never used are flattened.
 */
import { CompileError } from '../runtime-support/errors.js';
import { computeCfg, DominatorTree } from '../ir/cfg.js';
import type { Block, IrFunction } from '../ir/function.js';
import { block as blockStmt, breakStmt, continueStmt, labeled, whileTrue, type Stmt } from './js-ast.js';

/** Emits one IR block: its instructions and terminator. `jump(target)` gives the statements
 *  that transfer control to `target` (after the emitter's own edge moves). */
export type BlockEmitter = (block: Block, jump: (target: Block) => Stmt[]) => Stmt[];

type Frame = { kind: 'loop'; header: Block } | { kind: 'block'; follow: Block };

export function structureFunction(fn: IrFunction, emitBlock: BlockEmitter): Stmt[] {
  const cfg = computeCfg(fn);
  const dom = new DominatorTree(cfg);
  const rpo = cfg.rpoNumber;
  const children: Block[][] = fn.blocks.map(() => []);
  const forwardEdges = new Int32Array(fn.blocks.length);
  const loopHeader = new Uint8Array(fn.blocks.length);
  for (const block of cfg.rpo) {
    if (block !== cfg.rpo[0]) children[dom.idom[block]!]!.push(block);
    const insts = fn.blocks[block]!.insts;
    const terminator = fn.insts[insts[insts.length - 1]!]!;
    for (const { block: target } of terminator.targets) {
      if (rpo[target]! > rpo[block]!) {
        forwardEdges[target]!++;
      } else {
        if (!dom.dominates(target, block)) {
          throw new CompileError(`function ${fn.funcIndex}: irreducible control flow (block${block} -> block${target})`);
        }
        loopHeader[target] = 1;
      }
    }
  }
  const isMerge = (block: Block): boolean => forwardEdges[block]! >= 2;
  const labelUses = new Map<string, number>();
  const useLabel = (label: string): string => {
    labelUses.set(label, (labelUses.get(label) ?? 0) + 1);
    return label;
  };

  const jumpFrom = (source: Block, target: Block, context: readonly Frame[]): Stmt[] => {
    if (rpo[target]! <= rpo[source]!) {
      if (!context.some((frame) => frame.kind === 'loop' && frame.header === target)) {
        throw new CompileError(`function ${fn.funcIndex}: back edge to block${target} outside its loop`);
      }
      return [continueStmt(useLabel(loopLabel(target)))];
    }
    if (isMerge(target)) return [breakStmt(useLabel(blockLabel(target)))];
    return doTree(target, context);
  };

  const nodeWithin = (node: Block, merges: readonly Block[], context: readonly Frame[]): Stmt[] => {
    if (merges.length === 0) return emitBlock(node, (target) => jumpFrom(node, target, context));
    const [follow, ...inner] = merges as [Block, ...Block[]];
    const label = blockLabel(follow);
    const body = nodeWithin(node, inner, [{ kind: 'block', follow }, ...context]);
    removeTailJump(body, label, labelUses);
    const wrapped: Stmt[] = (labelUses.get(label) ?? 0) > 0 ? [labeled(label, blockStmt(body))] : body;
    return [...wrapped, ...doTree(follow, context)];
  };

  const doTree = (node: Block, context: readonly Frame[]): Stmt[] => {
    // Highest reverse-postorder number first: it gets the outermost block.
    const merges = children[node]!.filter(isMerge).sort((a, b) => rpo[b]! - rpo[a]!);
    if (loopHeader[node] === 0) return nodeWithin(node, merges, context);
    const label = loopLabel(node);
    const body = nodeWithin(node, merges, [{ kind: 'loop', header: node }, ...context]);
    removeTailJump(body, label, labelUses);
    return [labeled(label, whileTrue(body))];
  };

  if (cfg.rpo.length === 0) return [];
  return doTree(cfg.rpo[0]!, []);
}

function loopLabel(block: Block): string {
  return `L${block}`;
}

function blockLabel(block: Block): string {
  return `B${block}`;
}

/**
 * Drops a `break label` / `continue label` in tail position of `statements`: falling off the
 * end there does the same. Recurses into the arms of a final `if` and into a final block.
 */
function removeTailJump(statements: Stmt[], label: string, labelUses: Map<string, number>): void {
  const last = statements[statements.length - 1];
  if (last === undefined) return;
  if ((last.type === 'BreakStatement' || last.type === 'ContinueStatement') && last.label?.name === label) {
    statements.pop();
    labelUses.set(label, labelUses.get(label)! - 1);
    return;
  }
  if (last.type === 'IfStatement') {
    if (last.consequent.type === 'BlockStatement') removeTailJump(last.consequent.body, label, labelUses);
    if (last.alternate?.type === 'BlockStatement') removeTailJump(last.alternate.body, label, labelUses);
  } else if (last.type === 'LabeledStatement' && last.body.type === 'BlockStatement') {
    removeTailJump(last.body.body, label, labelUses);
  } else if (last.type === 'BlockStatement') {
    removeTailJump(last.body, label, labelUses);
  }
}
