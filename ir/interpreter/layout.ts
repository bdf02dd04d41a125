/**
 * Slot assignment. Every SSA value gets its own slot (no reuse: frames are cheap, and the
 * parallel moves on edges stay simple). A value lives in one register file by type
 * ("bank"): `n` (one N slot), `v` (v128: four consecutive N slots) or `o` (one O slot).
 * The entry block's parameters take the first slots in signature order, so a caller
 * writes arguments at [callee fp + param offset] and reads results at [fp + result offset].
 */
import type { FuncType } from '../../compiler/module.js';
import type { IrFunction } from '../function.js';
import type { IrType } from '../types.js';

export type Bank = 'n' | 'v' | 'o';

export function bankOf(type: IrType): Bank {
  switch (type) {
    case 'i32':
    case 'f32':
    case 'f64':
      return 'n';
    case 'v128':
      return 'v';
    default:
      return 'o';
  }
}

export function slotWidth(type: IrType): number {
  return type === 'v128' ? 4 : 1;
}

/** Offsets of a list of typed values packed from 0. */
export interface PackedLayout {
  types: readonly IrType[];
  offsets: Int32Array;
  /** Total slots. */
  size: number;
}

export function packTypes(types: readonly IrType[]): PackedLayout {
  const offsets = new Int32Array(types.length);
  let next = 0;
  types.forEach((type, i) => {
    offsets[i] = next;
    next += slotWidth(type);
  });
  return { types, offsets, size: next };
}

export interface SignatureLayout {
  params: PackedLayout;
  results: PackedLayout;
  /** Slots a call of this signature needs at the callee's fp (arguments or results). */
  size: number;
}

const signatureCache = new WeakMap<FuncType, SignatureLayout>();

export function signatureLayout(type: FuncType): SignatureLayout {
  let layout = signatureCache.get(type);
  if (layout === undefined) {
    const params = packTypes(type.params);
    const results = packTypes(type.results);
    layout = { params, results, size: Math.max(params.size, results.size) };
    signatureCache.set(type, layout);
  }
  return layout;
}

export interface FrameLayout {
  /** Slot of each value id (-1 for values of detached code). */
  slots: Int32Array;
  /** Slots the frame occupies. */
  size: number;
}

export function frameLayout(fn: IrFunction, signature: SignatureLayout): FrameLayout {
  const slots = new Int32Array(fn.values.length).fill(-1);
  const entry = fn.blocks[fn.layout[0]!]!;
  entry.params.forEach((value, i) => {
    slots[value] = signature.params.offsets[i]!;
  });
  let next = signature.params.size;
  const assign = (value: number): void => {
    if (slots[value] !== -1) return;
    slots[value] = next;
    next += slotWidth(fn.values[value]!.type);
  };
  for (const block of fn.layout) {
    const data = fn.blocks[block]!;
    data.params.forEach(assign);
    for (const inst of data.insts) fn.insts[inst]!.results.forEach(assign);
  }
  return { slots, size: next };
}
