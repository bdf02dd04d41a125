/**
 * const-fold — constant folding and integer identities.
 *
 *  - A scalar numeric instruction whose operands are all constants becomes the constant it
 *    computes (fold-rules.ts: the runtime's own arithmetic, bit-exact; trapping cases and
 *    NaN-payload-sensitive f64 cases are left alone).
 *  - `ref.is_null` of `ref.null` / `ref.func` becomes 1 / 0.
 *  - `select` with a constant condition, or with both choices the same value, becomes that
 *    value.
 *  - Integer identities replace the instruction by its operand: x+0, x-0, x|0, x^0, x*1,
 *    x&-1, shifts and rotations by 0 (i32 and i64; never floats, where x+0 is not x for -0).
 *
 * Instructions are visited in reverse postorder, so an operand is folded before its users
 * and a chain of constants folds in one run. A folded instruction is rewritten in place (its
 * result keeps its id); a replaced one is detached and its uses renamed. Sound because
 * every rewrite yields the value the instruction would have computed, and only
 * instructions that cannot trap or have effects are rewritten.
 */
import type { Inst, IrFunction, Value } from '../function.js';
import { computeCfg } from '../cfg.js';
import { compactAll, constantOf, definingInst, detachInst, rewriteAsConstant, ValueAliases, type ConstImm } from './ir-edit.js';
import { foldRule } from './fold-rules.js';
import type { FunctionPass } from './pass.js';

/** Binary integer ops with a right identity element (`x op e = x`). */
const RIGHT_IDENTITY: Readonly<Record<string, bigint>> = Object.fromEntries(
  ['i32', 'i64'].flatMap((type) => [
    [`${type}.add`, 0n],
    [`${type}.sub`, 0n],
    [`${type}.or`, 0n],
    [`${type}.xor`, 0n],
    [`${type}.shl`, 0n],
    [`${type}.shr_s`, 0n],
    [`${type}.shr_u`, 0n],
    [`${type}.rotl`, 0n],
    [`${type}.rotr`, 0n],
    [`${type}.mul`, 1n],
    [`${type}.and`, -1n],
  ]),
);

/** Commutative ones among them also have the identity on the left. */
const COMMUTATIVE_IDENTITY: ReadonlySet<string> = new Set(
  ['i32', 'i64'].flatMap((type) => ['add', 'or', 'xor', 'mul', 'and'].map((name) => `${type}.${name}`)),
);

function integerConstant(imm: ConstImm | null): bigint | null {
  return imm !== null && (imm.kind === 'i32' || imm.kind === 'i64') ? BigInt(imm.value) : null;
}

/** The value `inst` is equivalent to without computing anything, or null. */
function identityOperand(fn: IrFunction, inst: Inst): Value | null {
  const data = fn.insts[inst]!;
  if (data.opcode === 'select') {
    const [whenTrue, whenFalse, condition] = data.args as [Value, Value, Value];
    if (whenTrue === whenFalse) return whenTrue;
    const imm = constantOf(fn, condition);
    return imm === null ? null : (imm as { value: number }).value !== 0 ? whenTrue : whenFalse;
  }
  const identity = RIGHT_IDENTITY[data.opcode];
  if (identity === undefined) return null;
  const [left, right] = data.args as [Value, Value];
  if (integerConstant(constantOf(fn, right)) === identity) return left;
  if (COMMUTATIVE_IDENTITY.has(data.opcode) && integerConstant(constantOf(fn, left)) === identity) return right;
  return null;
}

/** The constant `inst` computes, or null when it cannot be folded. */
function foldedConstant(fn: IrFunction, inst: Inst): ConstImm | null {
  const data = fn.insts[inst]!;
  if (data.opcode === 'ref.is_null') {
    const source = definingInst(fn, data.args[0]!)?.opcode;
    return source === 'ref.null' ? { kind: 'i32', value: 1 } : source === 'ref.func' ? { kind: 'i32', value: 0 } : null;
  }
  const rule = foldRule(data.opcode);
  if (rule === undefined || data.args.length === 0) return null;
  const operands: ConstImm[] = [];
  for (const arg of data.args) {
    const imm = constantOf(fn, arg);
    if (imm === null) return null;
    operands.push(imm);
  }
  return rule(operands);
}

function runConstFold(fn: IrFunction): boolean {
  const aliases = new ValueAliases(fn);
  let changed = false;
  let detached = false;
  for (const block of computeCfg(fn).rpo) {
    for (const inst of fn.blocks[block]!.insts) {
      const data = fn.insts[inst]!;
      // Operands renamed earlier in this run must be seen through before matching.
      for (let i = 0; i < data.args.length; i++) data.args[i] = aliases.resolve(data.args[i]!);
      const folded = foldedConstant(fn, inst);
      if (folded !== null) {
        rewriteAsConstant(fn, inst, folded);
        changed = true;
        continue;
      }
      const same = identityOperand(fn, inst);
      if (same !== null) {
        aliases.replace(data.results[0]!, same);
        detachInst(fn, inst);
        changed = detached = true;
      }
    }
  }
  if (detached) {
    compactAll(fn);
    aliases.apply(fn);
  }
  return changed;
}

export const constFoldPass: FunctionPass = {
  name: 'const-fold',
  summary: 'fold numeric ops on constants bit-exactly, constant selects and integer identities',
  run: runConstFold,
};
