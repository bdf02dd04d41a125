/**
 * i64 division and remainder on (lo, hi) int32 pairs, inline where it pays: a helper call is
 * not inlined in the big functions hot loops live in, and the runtime helper
 * (runtime-support/js/i64-pairs.ts) checks for traps and divisor widths on every call.
 *
 * - Constant divisors: 1 and powers of two become shifts and masks; other divisors below
 *   2^32 (signed: magnitudes up to 2^31) a long division on doubles, with no trap check. Wide
 *   constant divisors, 0 and -1 keep the helper (traps, and the INT64_MIN / -1 overflow).
 * - Variable unsigned divisors: the long division inline, taken when the divisor's high word
 *   is 0 and the divisor is not 0; otherwise the helper computes (or traps). The inline part
 *   is computed either way — on doubles nothing in it throws, and the result is discarded.
 * - Variable signed divisors use the helper.
 *
 * The long division on doubles (the same scheme as the helper's `divideByU32`): the high word
 * divided at once, then the low word in chunks small enough that each partial dividend (the
 * previous remainder, below the divisor, shifted left by the chunk width, plus the chunk) stays
 * below 2^53, where `Math.floor(n / d)` is exact. A divisor up to 2^21 takes the whole low
 * word as one chunk (two divisions), a wider one two 16-bit chunks (three divisions).
 */
import { binary, call, conditional, logical, num, unary, type Expr } from './js-ast.js';
import {
  highWord,
  int32,
  literalWord,
  mathCall,
  pairHelper,
  shiftByConstant,
  signOf,
  u32,
  type Pair,
  type PairContext,
  type PairOp,
} from './ops-i64-pairs-words.js';

/** Divisors up to this size divide the low word in one step: remainder · 2^32 + 2^32 ≤ 2^53. */
const ONE_STEP_LIMIT = 2 ** 21;

interface Division {
  /** The quotient's words. */
  readonly quotient: Pair;
  /** The remainder as a number in [0, divisor). */
  readonly remainder: Expr;
}

const floorDiv = (n: Expr, d: Expr): Expr => mathCall('floor', [binary('/', n, d)]);
const minus = (n: Expr, q: Expr, d: Expr): Expr => binary('-', n, binary('*', q, d));

/**
 * Long division of the u64 (lo, hi) by `divisor`, a number in [1, 2^32) held in an identifier
 * or literal; `oneStep` when it is at most ONE_STEP_LIMIT. Temporaries go through `once`, so
 * the quotient and remainder expressions are cheap to use.
 */
function longDivision(c: PairContext, [lo, hi]: Pair, divisor: Expr, oneStep: boolean): Division {
  const highIsZero = literalWord(hi) === 0;
  const qHigh = highIsZero ? num(0) : c.once(floorDiv(u32(hi), divisor));
  // The high word's remainder, shifted up by the chunk width (`num(0)` when there is none).
  const carried = (width: number): Expr => (highIsZero ? num(0) : binary('*', minus(u32(hi), qHigh, divisor), num(2 ** width)));
  const withCarry = (width: number, chunk: Expr): Expr => (highIsZero ? chunk : binary('+', carried(width), chunk));
  if (oneStep) {
    const partial = c.once(withCarry(32, u32(lo)));
    const qLow = c.once(floorDiv(partial, divisor));
    return { quotient: [int32(qLow), int32(qHigh)], remainder: minus(partial, qLow, divisor) };
  }
  const upper = c.once(withCarry(16, binary('>>>', lo, num(16))));
  const q1 = c.once(floorDiv(upper, divisor));
  const lower = c.once(binary('+', binary('*', minus(upper, q1, divisor), num(65536)), binary('&', lo, num(0xffff))));
  const q0 = c.once(floorDiv(lower, divisor));
  return { quotient: [int32(binary('+', binary('*', q1, num(65536)), q0)), int32(qHigh)], remainder: minus(lower, q0, divisor) };
}

/** A constant as an unsigned or signed bigint from its words. */
function constantValue([lo, hi]: readonly [number, number], signed: boolean): bigint {
  const bits = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return signed ? BigInt.asIntN(64, bits) : bits;
}

/** log2 of a power of two, else undefined. */
function exactLog2(value: bigint): number | undefined {
  if (value <= 0n || (value & (value - 1n)) !== 0n) return undefined;
  return value.toString(2).length - 1;
}

/** x mod 2^k for 0 ≤ k < 64 on the words. */
function lowBits([lo, hi]: Pair, k: number): Pair {
  const mask = (word: Expr, bits: number): Expr => (bits === 0 ? num(0) : bits === 32 ? word : binary('&', word, num(2 ** bits - 1)));
  return k < 32 ? [mask(lo, k), num(0)] : [lo, mask(hi, k - 32)];
}

type DivisionKind = 'div' | 'rem';

/** The runtime helpers: any divisor, traps included. */
const HELPER_NAMES = { div_u: 'i64PairDivU', rem_u: 'i64PairRemU', div_s: 'i64PairDivS', rem_s: 'i64PairRemS' } as const;
const bothLanes = (c: PairContext): Expr[] => [...c.lanes(0), ...c.lanes(1)];

/** The unsigned result `kind` of a division as a pair. */
function unsignedResult(kind: DivisionKind, division: Division): Pair {
  return kind === 'div' ? division.quotient : [int32(division.remainder), num(0)];
}

function unsignedByConstant(kind: DivisionKind, c: PairContext, divisor: bigint): Pair | undefined {
  const k = exactLog2(divisor);
  if (k !== undefined) return kind === 'div' ? shiftByConstant('shr_u', c.lanes(0), k) : lowBits(c.lanes(0), k);
  if (divisor === 0n || divisor >= 2n ** 32n) return undefined;
  return unsignedResult(kind, longDivision(c, c.lanes(0), num(Number(divisor)), divisor <= ONE_STEP_LIMIT));
}

function unsigned(kind: DivisionKind): PairOp {
  const name = HELPER_NAMES[kind === 'div' ? 'div_u' : 'rem_u'];
  const helper = pairHelper(name, bothLanes);
  return (c) => {
    const constant = c.constant(1);
    if (constant !== undefined) {
      const pair = unsignedByConstant(kind, c, constantValue(constant, false));
      return pair === undefined ? helper(c) : { pair };
    }
    const [bl, bh] = c.lanes(1);
    const known = c.known(1);
    const oneStep = known.zeros >> 21n === (1n << 43n) - 1n;
    const result = unsignedResult(kind, longDivision(c, c.lanes(0), c.once(u32(bl)), oneStep));
    // The helper when the divisor is wide or zero (it traps on zero), unless known otherwise.
    const highIsZero = literalWord(bh) === 0;
    if (highIsZero && (known.ones & 0xffffffffn) !== 0n) return { pair: result };
    const slow = highIsZero ? binary('===', bl, num(0)) : logical('||', binary('!==', bh, num(0)), binary('===', bl, num(0)));
    const lo = c.once(conditional(slow, call(c.base.module.rt(name), bothLanes(c)), result[0]));
    return { pair: [lo, conditional(slow, highWord(c), result[1])] };
  };
}

/**
 * `(lo, hi)` negated when `sign` (an int32 expression, 0 or -1) is -1: `(x ^ sign) - sign`
 * on the low word, the complemented high word plus the carry out of the low word (there is
 * one exactly when the low word is 0).
 */
function negateIf(c: PairContext, [lo, hi]: Pair, sign: Expr): Pair {
  const low = c.once(lo);
  return [
    int32(binary('-', binary('^', low, sign), sign)),
    int32(binary('+', binary('^', hi, sign), binary('&', sign, unary('+', binary('===', low, num(0)))))),
  ];
}

/**
 * Signed division by a constant that fits in an int32 (not 0 or -1): the dividend's magnitude
 * (|INT64_MIN| = 2^63 is still a u64) long-divided by the divisor's; the quotient negated when
 * the signs differ, the remainder taking the dividend's sign (its magnitude is below 2^31).
 */
function signedByConstant(kind: DivisionKind, c: PairContext, divisor: bigint): Pair | undefined {
  if (divisor === 1n) return kind === 'div' ? c.lanes(0) : [num(0), num(0)];
  if (divisor === -1n) return kind === 'rem' ? [num(0), num(0)] : undefined;
  if (divisor === 0n || divisor < -(2n ** 31n) || divisor >= 2n ** 31n) return undefined;
  const [al, ah] = c.lanes(0);
  const negative = c.once(signOf(ah));
  const magnitude = negateIf(c, [al, ah], negative);
  const size = divisor < 0n ? -divisor : divisor;
  const division = longDivision(c, [c.once(magnitude[0]), c.once(magnitude[1])], num(Number(size)), size <= ONE_STEP_LIMIT);
  if (kind === 'rem') {
    const low = c.once(int32(binary('-', binary('^', division.remainder, negative), negative)));
    return [low, signOf(low)];
  }
  return negateIf(c, division.quotient, divisor < 0n ? c.once(binary('^', negative, num(-1))) : negative);
}

function signed(kind: DivisionKind): PairOp {
  const helper = pairHelper(HELPER_NAMES[kind === 'div' ? 'div_s' : 'rem_s'], bothLanes);
  return (c) => {
    const constant = c.constant(1);
    const pair = constant === undefined ? undefined : signedByConstant(kind, c, constantValue(constant, true));
    return pair === undefined ? helper(c) : { pair };
  };
}

export const DIVISION_OPS: readonly (readonly [string, PairOp])[] = [
  ['i64.div_u', unsigned('div')],
  ['i64.rem_u', unsigned('rem')],
  ['i64.div_s', signed('div')],
  ['i64.rem_s', signed('rem')],
];
