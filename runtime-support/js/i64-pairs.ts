/**
 * i64 as pairs of int32 (lo, hi) inside generated function bodies (backend-js/ops-i64-pairs.ts):
 * division where the back end does not inline it (wide or signed variable divisors, traps).
 * Rotates and bit counts are inline code (ops-i64-pairs-ops.ts). The helpers return the low
 * word and leave the high word in `i64PairHigh[0]` (a typed array, so the write
 * allocates nothing and V8 keeps it an int32). The conversions to and from BigInt at the
 * boundaries are simd.ts's i64FromWords / i64LowWord / i64HighWord.
 */
import { i64DivS, i64DivU, i64RemS, i64RemU } from './i64.js';
import { i64FromWords, i64HighWord, i64LowWord } from './simd.js';

/** The high word of the last pair-valued helper's result. */
export const i64PairHigh = new Int32Array(1);

/** The quotient words (lo, hi) of the last `divideByU32`. */
const quotientWords = new Int32Array(2);

/**
 * Divides the u64 (lo, hi) by a u32 divisor in [1, 2^32) on doubles: the high word at once,
 * then the low word 16 bits at a time, so every partial dividend stays below 2^48 and every
 * `Math.floor(n / d)` is exact (n < 2^53 keeps n/d at least 1/d away from the next integer,
 * more than half an ulp). Returns the remainder; the quotient goes to `quotientWords`.
 */
function divideByU32(lo: number, hi: number, divisor: number): number {
  const high = hi >>> 0;
  const qHigh = Math.floor(high / divisor);
  let partial = (high - qHigh * divisor) * 65536 + (lo >>> 16);
  const q1 = Math.floor(partial / divisor);
  partial = (partial - q1 * divisor) * 65536 + (lo & 0xffff);
  const q0 = Math.floor(partial / divisor);
  quotientWords[0] = q1 * 65536 + q0;
  quotientWords[1] = qHigh;
  return partial - q0 * divisor;
}

/** A BigInt result as a pair (the rare cases of division: wide divisors, traps). */
function fromBigInt(value: bigint): number {
  i64PairHigh[0] = i64HighWord(value);
  return i64LowWord(value);
}

export function i64PairDivU(al: number, ah: number, bl: number, bh: number): number {
  if (bh !== 0 || bl === 0) return fromBigInt(i64DivU(i64FromWords(al, ah), i64FromWords(bl, bh)));
  divideByU32(al, ah, bl >>> 0);
  i64PairHigh[0] = quotientWords[1]!;
  return quotientWords[0]!;
}

export function i64PairRemU(al: number, ah: number, bl: number, bh: number): number {
  if (bh !== 0 || bl === 0) return fromBigInt(i64RemU(i64FromWords(al, ah), i64FromWords(bl, bh)));
  const remainder = divideByU32(al, ah, bl >>> 0);
  i64PairHigh[0] = 0;
  return remainder | 0;
}

/** Negates the pair (lo, hi): returns the low word, the high word in `i64PairHigh[0]`. */
function negatePair(lo: number, hi: number): number {
  i64PairHigh[0] = (~hi + (lo === 0 ? 1 : 0)) | 0;
  return -lo | 0;
}

/**
 * Signed division by a divisor that fits in an int32 (other than 0 and -1, which go to the
 * BigInt path with its traps) on magnitudes; the magnitude of -2^63 is 2^63, still a u64.
 */
function divideSigned(al: number, ah: number, bl: number, wantRemainder: boolean): number {
  let lo = al;
  let hi = ah;
  if (ah < 0) {
    lo = negatePair(al, ah);
    hi = i64PairHigh[0]!;
  }
  const remainder = divideByU32(lo, hi, Math.abs(bl));
  if (wantRemainder) {
    // The remainder takes the dividend's sign and is below 2^31 in magnitude.
    i64PairHigh[0] = 0;
    return ah < 0 ? negatePair(remainder | 0, 0) : remainder | 0;
  }
  const qLo = quotientWords[0]!;
  const qHi = quotientWords[1]!;
  if (ah < 0 !== bl < 0) return negatePair(qLo, qHi);
  i64PairHigh[0] = qHi;
  return qLo;
}

const fitsInt32 = (lo: number, hi: number): boolean => hi === lo >> 31 && lo !== 0 && lo !== -1;

export function i64PairDivS(al: number, ah: number, bl: number, bh: number): number {
  if (!fitsInt32(bl, bh)) return fromBigInt(i64DivS(i64FromWords(al, ah), i64FromWords(bl, bh)));
  return divideSigned(al, ah, bl, false);
}

export function i64PairRemS(al: number, ah: number, bl: number, bh: number): number {
  if (!fitsInt32(bl, bh)) return fromBigInt(i64RemS(i64FromWords(al, ah), i64FromWords(bl, bh)));
  return divideSigned(al, ah, bl, true);
}
