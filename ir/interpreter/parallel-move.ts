/**
 * Parallel copies (edge arguments into block parameters, returned values into result slots)
 * as a sequence of single copies for the bytecode's move lists. Every source is read before
 * its slot is overwritten; a cycle (`a <- b, b <- a`) is broken by saving one destination in
 * a scratch slot first. N and O are separate register files, so each is ordered on its own.
 */
import type { IrType } from '../types.js';
import { bankOf } from './layout.js';

/** Copy the value of `type` at [fp + src] to [fp + dst]. */
export interface TypedMove {
  src: number;
  dst: number;
  type: IrType;
}

export interface SlotMove {
  dst: number;
  src: number;
}

/** Orders one register file's parallel copy; `scratch` is a slot no move reads or writes. */
export function sequentialize(moves: readonly SlotMove[], scratch: number): SlotMove[] {
  const pending = moves.filter((move) => move.dst !== move.src).map((move) => ({ ...move }));
  const ordered: SlotMove[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex((move) => !pending.some((other) => other !== move && other.src === move.dst));
    if (ready >= 0) {
      ordered.push(pending[ready]!);
      pending.splice(ready, 1);
      continue;
    }
    // Only cycles remain: save one destination and let its readers read the copy. The cycle
    // becomes a chain, which drains before another cycle needs the scratch slot.
    const saved = pending[0]!.dst;
    ordered.push({ dst: scratch, src: saved });
    for (const move of pending) if (move.src === saved) move.src = scratch;
  }
  return ordered;
}

/**
 * A parallel copy of typed values as a bytecode move list body: pairs (dst, src) where an
 * O-file copy has its destination encoded as `~dst` (run.ts). v128 values copy four N lanes.
 */
export function encodeParallelCopy(moves: readonly TypedMove[], scratch: number): number[] {
  const numbers: SlotMove[] = [];
  const objects: SlotMove[] = [];
  for (const { src, dst, type } of moves) {
    switch (bankOf(type)) {
      case 'n':
        numbers.push({ dst, src });
        break;
      case 'v':
        for (let lane = 0; lane < 4; lane++) numbers.push({ dst: dst + lane, src: src + lane });
        break;
      case 'o':
        objects.push({ dst, src });
        break;
    }
  }
  const encoded: number[] = [];
  for (const move of sequentialize(numbers, scratch)) encoded.push(move.dst, move.src);
  for (const move of sequentialize(objects, scratch)) encoded.push(~move.dst, move.src);
  return encoded;
}
