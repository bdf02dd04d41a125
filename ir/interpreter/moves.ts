/**
 * Parallel moves: the copies an edge makes from its arguments to the target block's
 * parameters (and returns / tail calls make into the signature slots). All copies read
 * their sources before any destination is written, as SSA block parameters require;
 * when no destination is also a source the copies run directly, otherwise through a
 * scratch buffer owned by the move (moves never call out, so one buffer per move is safe).
 */
import type { IrType } from '../types.js';
import { bankOf } from './layout.js';
import { N, O } from './stack.js';

/** Copy the value of `type` at [fp + src] to [fp + dst]. */
export interface Move {
  src: number;
  dst: number;
  type: IrType;
}

export type MoveFn = (fp: number) => void;

interface ExpandedMoves {
  nSrc: number[];
  nDst: number[];
  oSrc: number[];
  oDst: number[];
}

function expand(moves: readonly Move[]): ExpandedMoves {
  const out: ExpandedMoves = { nSrc: [], nDst: [], oSrc: [], oDst: [] };
  for (const { src, dst, type } of moves) {
    if (src === dst) continue;
    const bank = bankOf(type);
    if (bank === 'o') {
      out.oSrc.push(src);
      out.oDst.push(dst);
    } else {
      for (let lane = 0; lane < (bank === 'v' ? 4 : 1); lane++) {
        out.nSrc.push(src + lane);
        out.nDst.push(dst + lane);
      }
    }
  }
  return out;
}

function overlaps(sources: readonly number[], destinations: readonly number[]): boolean {
  const written = new Set(destinations);
  return sources.some((src) => written.has(src));
}

function numberMoves(src: number[], dst: number[]): MoveFn | null {
  const count = src.length;
  if (count === 0) return null;
  if (count === 1) {
    const s = src[0]!;
    const d = dst[0]!;
    return (fp) => {
      N[fp + d] = N[fp + s]!;
    };
  }
  const from = Int32Array.from(src);
  const to = Int32Array.from(dst);
  if (!overlaps(src, dst)) {
    return (fp) => {
      for (let i = 0; i < count; i++) N[fp + to[i]!] = N[fp + from[i]!]!;
    };
  }
  const scratch = new Float64Array(count);
  return (fp) => {
    for (let i = 0; i < count; i++) scratch[i] = N[fp + from[i]!]!;
    for (let i = 0; i < count; i++) N[fp + to[i]!] = scratch[i]!;
  };
}

function objectMoves(src: number[], dst: number[]): MoveFn | null {
  const count = src.length;
  if (count === 0) return null;
  const from = Int32Array.from(src);
  const to = Int32Array.from(dst);
  if (!overlaps(src, dst)) {
    return (fp) => {
      for (let i = 0; i < count; i++) O[fp + to[i]!] = O[fp + from[i]!];
    };
  }
  const scratch = new Array<unknown>(count).fill(null);
  return (fp) => {
    for (let i = 0; i < count; i++) scratch[i] = O[fp + from[i]!];
    for (let i = 0; i < count; i++) O[fp + to[i]!] = scratch[i];
  };
}

/** A function performing the moves as one parallel copy, or null when there is nothing to do. */
export function compileMoves(moves: readonly Move[]): MoveFn | null {
  const { nSrc, nDst, oSrc, oDst } = expand(moves);
  const numbers = numberMoves(nSrc, nDst);
  const objects = objectMoves(oSrc, oDst);
  if (numbers === null) return objects;
  if (objects === null) return numbers;
  return (fp) => {
    numbers(fp);
    objects(fp);
  };
}
