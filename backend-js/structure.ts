/**
 * Structured control flow from the CFG, by the dominator-tree method of Ramsey's
 * "Beyond Relooper" (ICFP 2022). Wasm-derived IR is reducible, so every CFG maps to
 * labeled blocks, `while (true)` loops and branches, with no dispatch loop (but see the
 * nesting cap below):
 *
 *  - a loop header (target of a back edge) wraps its dominator subtree in `L: while (true)`,
 *    and back edges become `continue L`;
 *  - a merge node (two or more forward in-edges) is placed after a labeled block `B: {..}`
 *    that encloses its immediate dominator's code; forward edges to it become `break B`;
 *  - a loop exit (a block outside a loop whose immediate dominator is inside it) is treated
 *    like a merge node of the loop's header and placed after the loop (see below);
 *  - any other successor has one forward in-edge and is emitted inline at the branch.
 *
 * Afterwards a `break B` that is the last thing before the end of `B` is dropped, and
 * blocks whose label is never used are flattened.
 *
 * Nesting cap: V8's parser overflows at a few thousand nested statements and its compile
 * time explodes well before, while Wasm nests blocks and loops without limit. When the
 * statement nesting would pass MAX_NESTING, the whole dominator subtree at that point is
 * emitted flat instead: a dispatch loop `$next = n; D: while (true) switch ($next) {..}` with
 * one case per block, where jumps inside the subtree set `$next` and `continue D`, and jumps
 * out of it still break / continue the enclosing labels. Sequential code (a chain of merges)
 * does not nest and is emitted iteratively, so its length does not matter either.
 */
import { CompileError } from '../runtime-support/errors.js';
import { computeCfg, DominatorTree } from '../ir/cfg.js';
import { LoopForest } from '../ir/loops.js';
import type { Block, IrFunction } from '../ir/function.js';
import {
  assignStmt,
  block as blockStmt,
  breakStmt,
  continueStmt,
  declare,
  id,
  labeled,
  num,
  switchStmt,
  whileTrue,
  type Stmt,
} from './js-ast.js';

/** Emits one IR block: its instructions and terminator. `jump(target)` gives the statements
 *  that transfer control to `target` (after the emitter's own edge moves). */
export type BlockEmitter = (block: Block, jump: (target: Block) => Stmt[]) => Stmt[];

type Frame = { kind: 'loop'; header: Block } | { kind: 'block'; follow: Block };

/** Deepest statement nesting the structured output may reach before it switches to dispatch. */
export const MAX_NESTING = 400;
/** Nesting added by a successor emitted inline inside its predecessor's branch (`if` / `switch` arm). */
const INLINE_NESTING = 2;
/** Nesting added by a loop (`L: while (true) {`). */
const LOOP_NESTING = 2;
/** The dispatch variable of flat regions (regions never nest, so one per function). */
const DISPATCH = '$next';

function appendAll(out: Stmt[], statements: readonly Stmt[]): void {
  for (const statement of statements) out.push(statement);
}

export function structureFunction(fn: IrFunction, emitBlock: BlockEmitter): Stmt[] {
  const cfg = computeCfg(fn);
  const dom = new DominatorTree(cfg);
  const rpo = cfg.rpoNumber;
  const children: Block[][] = fn.blocks.map(() => []);
  const forwardEdges = new Int32Array(fn.blocks.length);
  for (const block of cfg.rpo) {
    if (block !== cfg.rpo[0]) children[dom.idom[block]!]!.push(block);
    const insts = fn.blocks[block]!.insts;
    const terminator = fn.insts[insts[insts.length - 1]!]!;
    for (const { block: target } of terminator.targets) {
      if (rpo[target]! > rpo[block]!) {
        forwardEdges[target]!++;
      } else if (!dom.dominates(target, block)) {
        // A back edge to a block that does not dominate its source.
        throw new CompileError(`function ${fn.funcIndex}: irreducible control flow (block${block} -> block${target})`);
      }
    }
  }
  // Loop exits: a block outside a loop whose immediate dominator is inside it would be emitted
  // inline at the exiting branch, i.e. inside the loop's `while`, so every later loop of the
  // function would nest inside every earlier one. TurboFan (which reaches most of a Wasm
  // function through on-stack replacement) then sees a deep loop nest instead of a sequence.
  // Such a block is re-parented to the header of the outermost loop it leaves (which
  // dominates it too) and placed after that loop like a merge node, reached by `break`.
  const loops = new LoopForest(cfg);
  const loopExit = new Uint8Array(fn.blocks.length);
  for (const block of cfg.rpo) {
    if (block === cfg.rpo[0]) continue;
    const dominator = dom.idom[block]!;
    let leftLoop = -1;
    for (let loop = loops.innermost[dominator]!; loop !== -1 && !loops.contains(loop, block); loop = loops.parent[loop]!) {
      leftLoop = loop;
    }
    if (leftLoop === -1) continue;
    loopExit[block] = 1;
    if (leftLoop !== dominator) {
      const siblings = children[dominator]!;
      siblings.splice(siblings.indexOf(block), 1);
      children[leftLoop]!.push(block);
    }
  }
  const isMerge = (block: Block): boolean => forwardEdges[block]! >= 2 || loopExit[block] === 1;
  const labelUses = new Map<string, number>();
  const useLabel = (label: string): string => {
    labelUses.set(label, (labelUses.get(label) ?? 0) + 1);
    return label;
  };
  let usesDispatch = false;

  const jumpFrom = (source: Block, target: Block, context: readonly Frame[], depth: number): Stmt[] => {
    if (rpo[target]! <= rpo[source]!) {
      if (!context.some((frame) => frame.kind === 'loop' && frame.header === target)) {
        throw new CompileError(`function ${fn.funcIndex}: back edge to block${target} outside its loop`);
      }
      return [continueStmt(useLabel(loopLabel(target)))];
    }
    if (isMerge(target)) return [breakStmt(useLabel(blockLabel(target)))];
    return doTree(target, context, depth + INLINE_NESTING);
  };

  /** `B: { body }` (or just `body` when nothing breaks to B) for the merge node `follow`. */
  const enclose = (follow: Block, body: Stmt[]): Stmt[] => {
    const label = blockLabel(follow);
    removeTailJump(body, label, labelUses);
    return (labelUses.get(label) ?? 0) > 0 ? [labeled(label, blockStmt(body))] : body;
  };

  /** `innermost` wrapped in one labeled block per follow (outermost first), each followed by its code. */
  const withFollows = (
    follows: readonly Block[],
    context: readonly Frame[],
    depth: number,
    innermost: (context: readonly Frame[], depth: number) => Stmt[],
  ): Stmt[] => {
    if (follows.length === 0) return innermost(context, depth);
    const [follow, ...inner] = follows as [Block, ...Block[]];
    const out = enclose(follow, withFollows(inner, [{ kind: 'block', follow }, ...context], depth + 1, innermost));
    appendAll(out, doTree(follow, context, depth));
    return out;
  };

  const nodeWithin = (node: Block, merges: readonly Block[], context: readonly Frame[], depth: number): Stmt[] =>
    withFollows(merges, context, depth, (inner, innerDepth) => emitBlock(node, (target) => jumpFrom(node, target, inner, innerDepth)));

  /** A node and its dominator subtree; the chain of outermost merges is walked iteratively. */
  const doTree = (start: Block, context: readonly Frame[], depth: number): Stmt[] => {
    const out: Stmt[] = [];
    for (let node = start; ; ) {
      // Highest reverse-postorder number first: it gets the outermost block.
      const merges = children[node]!.filter(isMerge).sort((a, b) => rpo[b]! - rpo[a]!);
      if (depth + merges.length + (loops.isHeader(node) ? LOOP_NESTING : 0) > MAX_NESTING) {
        appendAll(out, flatRegion(node, context, depth));
        return out;
      }
      if (loops.isHeader(node)) {
        // Merges inside the loop go inside the `while`; exits of the loop follow it.
        const header = node;
        const label = loopLabel(header);
        const emitLoop = (outer: readonly Frame[], outerDepth: number): Stmt[] => {
          const inside = merges.filter((merge) => loops.contains(header, merge));
          const body = nodeWithin(header, inside, [{ kind: 'loop', header }, ...outer], outerDepth + LOOP_NESTING);
          removeTailJump(body, label, labelUses);
          return [labeled(label, whileTrue(body))];
        };
        const exits = merges.filter((merge) => !loops.contains(header, merge));
        if (exits.length === 0) {
          appendAll(out, emitLoop(context, depth));
          return out;
        }
        const [follow, ...inner] = exits as [Block, ...Block[]];
        appendAll(out, enclose(follow, withFollows(inner, [{ kind: 'block', follow }, ...context], depth + 1, emitLoop)));
        node = follow;
        continue;
      }
      if (merges.length === 0) {
        appendAll(out, emitBlock(node, (target) => jumpFrom(node, target, context, depth)));
        return out;
      }
      const [follow, ...inner] = merges as [Block, ...Block[]];
      appendAll(out, enclose(follow, nodeWithin(node, inner, [{ kind: 'block', follow }, ...context], depth + 1)));
      node = follow;
    }
  };

  /** The dominator subtree of `root` as a dispatch loop (see the header comment). */
  const flatRegion = (root: Block, context: readonly Frame[], depth: number): Stmt[] => {
    usesDispatch = true;
    const members: Block[] = [];
    const inRegion = new Uint8Array(fn.blocks.length);
    for (const stack = [root]; stack.length > 0; ) {
      const block = stack.pop()!;
      members.push(block);
      inRegion[block] = 1;
      stack.push(...children[block]!);
    }
    members.sort((a, b) => rpo[a]! - rpo[b]!);
    const label = dispatchLabel(root);
    const cases = members.map((block) => {
      const jump = (target: Block): Stmt[] => {
        if (inRegion[target] === 1) return [assignStmt(DISPATCH, num(target)), continueStmt(label)];
        // Leaving the region: only to enclosing loop headers and merge blocks (labels in scope).
        if (rpo[target]! > rpo[block]! && !isMerge(target)) {
          throw new CompileError(`function ${fn.funcIndex}: block${target} escapes the dominator subtree of block${root}`);
        }
        return jumpFrom(block, target, context, depth);
      };
      return { tests: [num(block)], body: emitBlock(block, jump) };
    });
    return [assignStmt(DISPATCH, num(root)), labeled(label, whileTrue([switchStmt(id(DISPATCH), cases)]))];
  };

  if (cfg.rpo.length === 0) return [];
  const body = doTree(cfg.rpo[0]!, [], 0);
  return usesDispatch ? [declare('let', [[DISPATCH, num(0)]]), ...body] : body;
}

function loopLabel(block: Block): string {
  return `L${block}`;
}

function blockLabel(block: Block): string {
  return `B${block}`;
}

function dispatchLabel(block: Block): string {
  return `D${block}`;
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
