/**
 * simplify-cfg — control-flow cleanup, repeated until nothing changes:
 *  1. fold branches on constants: `brif` on an `i32.const` becomes a `jump` to the taken
 *     side, `br_table` on a constant a `jump` to its entry (the default when out of range),
 *     a `brif` / `br_table` whose edges are all identical a `jump`; `trapz` / `trapnz` on a
 *     constant is dropped when it cannot fire and becomes a `trap` terminator (cutting the
 *     rest of its block) when it must;
 *  2. remove blocks unreachable from the entry;
 *  3. thread jumps through forwarding blocks: an edge of a jump / brif / br_table into a
 *     block that holds nothing but `jump T(args)` goes straight to T, with the forwarding
 *     block's parameters replaced by the edge's arguments;
 *  4. merge a block into its predecessor when that predecessor is its only one and ends in
 *     a plain `jump` to it: the block's parameters become the jump's arguments.
 *
 * Soundness: (1) the replaced branch would always have gone the same way, and a trap that
 * must fire fires at the same point. (2) unreachable code never runs and cannot define a
 * value used by reachable code (SSA dominance). (3) the forwarding block has no effects, so
 * skipping it changes nothing; its parameters must be used only by its own jump, and any
 * other value its jump passes dominates it and therefore every predecessor. Blocks entered
 * by a back edge (loop headers) are not threaded through, which keeps the CFG reducible for
 * the JS back end's structurer. Edges that fill parameters implicitly (try_call, br_on_tag)
 * are left alone. (4) the two blocks always run back to back.
 */
import type { BlockCall, Inst, IrFunction } from '../function.js';
import { computeCfg, type ControlFlowGraph } from '../cfg.js';
import { compactBlock, detachInst, i32ConstantOf, incomingEdges, removeBlocks, useCounts, ValueAliases } from './ir-edit.js';
import type { FunctionPass, PassContext } from './pass.js';

function sameCall(a: BlockCall, b: BlockCall): boolean {
  return a.block === b.block && a.args.length === b.args.length && a.args.every((arg, i) => arg === b.args[i]);
}

function becomeJump(fn: IrFunction, inst: Inst, target: BlockCall): void {
  const data = fn.insts[inst]!;
  data.opcode = 'jump';
  data.args = [];
  data.imm = { kind: 'none' };
  data.targets = [target];
}

/** Step 1. */
function foldConstantBranches(fn: IrFunction): boolean {
  let changed = false;
  for (const block of fn.layout) {
    const insts = fn.blocks[block]!.insts;
    for (let position = 0; position < insts.length; position++) {
      const inst = insts[position]!;
      const data = fn.insts[inst]!;
      if (data.opcode === 'trapz' || data.opcode === 'trapnz') {
        const condition = i32ConstantOf(fn, data.args[0]!);
        if (condition === null) continue;
        const fires = data.opcode === 'trapz' ? condition === 0 : condition !== 0;
        if (!fires) {
          detachInst(fn, inst);
        } else {
          data.opcode = 'trap';
          data.args = [];
          for (const rest of insts.slice(position + 1)) detachInst(fn, rest);
        }
        compactBlock(fn, block);
        changed = true;
        break; // the block's list changed; a later round sees the rest
      }
      if (data.opcode !== 'brif' && data.opcode !== 'br_table') continue;
      const index = i32ConstantOf(fn, data.args[0]!);
      let taken: BlockCall | null = null;
      if (index !== null) {
        const count = data.targets.length;
        taken = data.opcode === 'brif' ? data.targets[index !== 0 ? 0 : 1]! : data.targets[Math.min(index >>> 0, count - 1)]!;
      } else if (data.targets.every((call) => sameCall(call, data.targets[0]!))) {
        taken = data.targets[0]!;
      }
      if (taken !== null) {
        becomeJump(fn, inst, taken);
        changed = true;
      }
    }
  }
  return changed;
}

/**
 * Step 2. Also returns the CFG it computed: removing unreachable blocks does not change
 * the reverse postorder numbers of the others (the walk from the entry never saw them),
 * which is all step 3 reads. Its `preds` may still list removed blocks.
 */
function removeUnreachable(fn: IrFunction): { cfg: ControlFlowGraph; removed: boolean } {
  const cfg = computeCfg(fn);
  return { cfg, removed: removeBlocks(fn, (block) => cfg.rpoNumber[block] === -1) > 0 };
}

const THREADABLE: ReadonlySet<string> = new Set(['jump', 'brif', 'br_table']);

/**
 * Step 3. Assumes every block in the layout is reachable (step 2 ran). One sweep threads
 * every forwarder whose surroundings it has not yet changed: a forwarder whose block, or
 * whose own jump, was rewritten in this sweep waits for the next round, where the edges,
 * use counts and loop headers it is judged by are fresh.
 */
function threadJumps(fn: IrFunction, env: PassContext['env'], cfg: ControlFlowGraph): boolean {
  const uses = useCounts(fn);
  const edges = incomingEdges(fn, env);
  const touched = new Uint8Array(fn.blocks.length);
  const entry = fn.layout[0]!;
  let changed = false;
  for (const forwarder of fn.layout) {
    const data = fn.blocks[forwarder]!;
    if (forwarder === entry || touched[forwarder] === 1 || data.insts.length !== 1) continue;
    const jump = fn.insts[data.insts[0]!]!;
    if (jump.opcode !== 'jump') continue;
    const next = jump.targets[0]!;
    if (next.block === forwarder || touched[next.block] === 1) continue;
    const ownUses = (param: number): number => next.args.filter((arg) => arg === param).length;
    if (data.params.some((param) => uses[param] !== ownUses(param))) continue;
    const incoming = edges[forwarder]!;
    const rpo = cfg.rpoNumber[forwarder]!;
    // A predecessor at or after the block in reverse postorder reaches it by a back edge.
    if (incoming.some((edge) => cfg.rpoNumber[fn.insts[edge.inst]!.block]! >= rpo)) continue;
    for (const edge of incoming) {
      const source = fn.insts[edge.inst]!;
      if (!THREADABLE.has(source.opcode)) continue;
      const call = source.targets[edge.index]!;
      const args = next.args.map((arg) => {
        const position = data.params.indexOf(arg);
        return position === -1 ? arg : call.args[position]!;
      });
      source.targets[edge.index] = { block: next.block, args };
      touched[source.block] = 1;
      touched[forwarder] = 1;
      touched[next.block] = 1;
      changed = true;
    }
  }
  return changed;
}

/**
 * Step 4. Assumes every block in the layout is reachable (step 2 ran). Any visiting order
 * is correct; layout order (close to program order) merges most chains in one sweep.
 */
function mergeIntoPredecessors(fn: IrFunction, env: PassContext['env']): boolean {
  const edges = incomingEdges(fn, env);
  const aliases = new ValueAliases(fn);
  const merged = new Uint8Array(fn.blocks.length);
  const entry = fn.layout[0]!;
  for (const block of fn.layout) {
    const incoming = edges[block]!;
    if (block === entry || incoming.length !== 1) continue;
    const jumpInst = incoming[0]!.inst;
    const jump = fn.insts[jumpInst]!;
    // The edge's current source: earlier merges move terminators into their new block.
    const predecessor = jump.block;
    if (jump.opcode !== 'jump' || predecessor === block) continue;
    const data = fn.blocks[block]!;
    data.params.forEach((param, index) => aliases.replace(param, jump.targets[0]!.args[index]!));
    detachInst(fn, jumpInst);
    const target = fn.blocks[predecessor]!;
    target.insts.pop();
    for (const inst of data.insts) {
      fn.insts[inst]!.block = predecessor;
      target.insts.push(inst);
    }
    data.insts = [];
    merged[block] = 1;
  }
  if (merged.every((flag) => flag === 0)) return false;
  fn.layout = fn.layout.filter((block) => merged[block] === 0);
  aliases.apply(fn);
  return true;
}

function runSimplifyCfg(fn: IrFunction, { env }: PassContext): boolean {
  let changed = false;
  for (;;) {
    let round = foldConstantBranches(fn);
    const first = removeUnreachable(fn);
    round ||= first.removed;
    if (threadJumps(fn, env, first.cfg)) {
      removeUnreachable(fn);
      round = true;
    }
    round = mergeIntoPredecessors(fn, env) || round;
    if (!round) return changed;
    changed = true;
  }
}

export const simplifyCfgPass: FunctionPass = {
  name: 'simplify-cfg',
  summary: 'fold constant branches, remove unreachable blocks, thread jumps, merge straight-line blocks',
  run: runSimplifyCfg,
};
