/**
 * gvn — dominator-scoped global value numbering of pure instructions.
 *
 * Walks the dominator tree depth-first with a scoped table from "opcode, immediates,
 * operands" to the value that computed it first. An instruction that finds its key in scope
 * (computed in a block that dominates it, or earlier in its own block) is redundant: its
 * results are renamed to the earlier ones and it is detached. Operands of commutative
 * integer operations are put in a canonical order first, so `a+b` and `b+a` match.
 * Constants are numbered too, so equal constants collapse into one per dominator subtree.
 *
 * Only instructions with no effects at all take part (effects.ts; that includes integer
 * division by a constant that cannot trap, but no memory, global or table read) and none
 * with an identity (`exn.new`). Such an instruction yields the same results whenever its
 * operands and immediates are the same, and the earlier one dominates every use of the
 * later one, so the renaming keeps SSA valid.
 */
import type { Block, Imm, IrFunction } from '../function.js';
import { computeCfg, DominatorTree } from '../cfg.js';
import { compactAll, detachInst, ValueAliases } from './ir-edit.js';
import { isValueNumberable } from './effects.js';
import type { FunctionPass } from './pass.js';

const COMMUTATIVE: ReadonlySet<string> = new Set(
  ['i32', 'i64'].flatMap((type) => ['add', 'mul', 'and', 'or', 'xor', 'eq', 'ne'].map((name) => `${type}.${name}`)),
);

/** A string that is equal for equal immediates (BigInts and byte arrays included). */
function immKey(imm: Imm): string {
  switch (imm.kind) {
    case 'none':
      return '';
    case 'i32':
    case 'i64':
      return String(imm.value);
    case 'f32':
    case 'f64':
      return String(imm.bits);
    case 'v128':
      return Array.from(imm.bytes).join(',');
    case 'shuffle':
      return Array.from(imm.lanes).join(',');
    default:
      return JSON.stringify(imm, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
  }
}

function runGvn(fn: IrFunction): boolean {
  const cfg = computeCfg(fn);
  const dominators = new DominatorTree(cfg);
  const children: Block[][] = fn.blocks.map(() => []);
  for (const block of cfg.rpo) {
    const parent = dominators.idom[block]!;
    if (parent !== block && parent !== -1) children[parent]!.push(block);
  }
  const aliases = new ValueAliases(fn);
  const table = new Map<string, number>();
  let changed = false;

  // Iterative preorder walk; each frame remembers the keys its block added, to undo them.
  const stack: { block: Block; added: string[] | null; next: number }[] = [];
  if (cfg.rpo.length > 0) stack.push({ block: cfg.rpo[0]!, added: null, next: 0 });
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.added === null) {
      frame.added = [];
      for (const inst of fn.blocks[frame.block]!.insts) {
        const data = fn.insts[inst]!;
        for (let i = 0; i < data.args.length; i++) data.args[i] = aliases.resolve(data.args[i]!);
        if (!isValueNumberable(fn, inst)) continue;
        const args = COMMUTATIVE.has(data.opcode) ? [...data.args].sort((a, b) => a - b) : data.args;
        const key = `${data.opcode}|${immKey(data.imm)}|${args.join(',')}`;
        const earlier = table.get(key);
        if (earlier === undefined) {
          table.set(key, inst);
          frame.added.push(key);
          continue;
        }
        const previous = fn.insts[earlier]!;
        data.results.forEach((result, i) => aliases.replace(result, previous.results[i]!));
        detachInst(fn, inst);
        changed = true;
      }
    }
    const child = children[frame.block]![frame.next++];
    if (child !== undefined) {
      stack.push({ block: child, added: null, next: 0 });
      continue;
    }
    for (const key of frame.added) table.delete(key);
    stack.pop();
  }
  if (changed) {
    compactAll(fn);
    aliases.apply(fn);
  }
  return changed;
}

export const gvnPass: FunctionPass = {
  name: 'gvn',
  summary: 'merge pure instructions that recompute a value already computed in a dominating block',
  run: runGvn,
};
