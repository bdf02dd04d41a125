/**
 * Register files and signature layouts. A value lives in one register file by type
 * ("bank"): `n` (one N slot), `v` (v128: four consecutive N slots) or `o` (one O slot).
 * A signature's parameters (and results) are packed from slot 0 in order, so a caller
 * writes arguments at [callee fp + param offset] and reads results at [fp + result offset];
 * the slots of everything else in a frame come from slot-allocation.ts.
 */
import type { FuncType } from '../../compiler/module.js';
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
