/**
 * Effects of an instruction as it stands, refining the opcode table's static bits
 * (ir/opcodes) with what its operands and immediates prove:
 *  - a memory access marked `inBounds` cannot raise `heap_oob`, its only non-atomic trap;
 *  - integer division and remainder by a constant that is neither 0 nor (for signed
 *    division) -1 cannot trap.
 * Everything else keeps the table's effects, so an unknown case stays conservative.
 */
import type { Inst, IrFunction } from '../function.js';
import { Effect, opInfo } from '../opcodes/index.js';
import { constantOf } from './ir-edit.js';

/** Effects that only read state: an unused result of such an instruction may be dropped. */
const READ_ONLY = Effect.ReadMemory | Effect.ReadGlobal | Effect.ReadTable;

const DIVISIONS: ReadonlySet<string> = new Set(
  ['i32', 'i64'].flatMap((type) => ['div_s', 'div_u', 'rem_s', 'rem_u'].map((name) => `${type}.${name}`)),
);

function divisorIsSafe(fn: IrFunction, opcode: string, divisor: number): boolean {
  const imm = constantOf(fn, divisor);
  if (imm === null || (imm.kind !== 'i32' && imm.kind !== 'i64')) return false;
  const value = BigInt(imm.value);
  if (value === 0n) return false;
  // Only div_s overflows (INT_MIN / -1); rem_s of INT_MIN by -1 is 0.
  return !(opcode.endsWith('div_s') && value === -1n);
}

export function instEffects(fn: IrFunction, inst: Inst): number {
  const data = fn.insts[inst]!;
  const info = opInfo(data.opcode);
  let effects = info.effects;
  if ((effects & Effect.Trap) === 0) return effects;
  const onlyHeapOob = info.traps.length === 1 && info.traps[0] === 'heap_oob';
  if (data.imm.kind === 'memarg' && data.imm.inBounds && onlyHeapOob && (effects & Effect.Atomic) === 0) {
    effects &= ~Effect.Trap;
  } else if (DIVISIONS.has(data.opcode) && divisorIsSafe(fn, data.opcode, data.args[1]!)) {
    effects &= ~Effect.Trap;
  }
  return effects;
}

/** True when the instruction may be deleted if none of its results is used. */
export function isRemovableIfUnused(fn: IrFunction, inst: Inst): boolean {
  return (instEffects(fn, inst) & ~READ_ONLY) === 0;
}

/**
 * True when two instances with equal operands and immediates compute the same value and
 * either may replace the other: no effects at all, and no identity. `exn.new` allocates
 * an exception object whose identity JS can observe, so it is not merged.
 */
export function isValueNumberable(fn: IrFunction, inst: Inst): boolean {
  const data = fn.insts[inst]!;
  return data.opcode !== 'exn.new' && data.results.length > 0 && instEffects(fn, inst) === 0;
}
