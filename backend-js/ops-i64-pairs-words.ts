/**
 * The vocabulary shared by the i64 pair lowerings (ops-i64-pairs-ops.ts, ops-i64-pairs-div.ts):
 * the lowering interface, word-level expression helpers, runtime pair helpers and constant
 * shifts. See ops-i64-pairs.ts for the representation.
 */
import type { KnownBits } from './ops-i64-pairs-bits.js';
import { binary, call, index, member, num, type Expr } from './js-ast.js';
import type { LowerContext, Lowered } from './lowering.js';
import type { RuntimeName } from './module-context.js';

/** The (lo, hi) int32 words of an i64. Pair expressions are pure: effects go through `once`. */
export type Pair = readonly [lo: Expr, hi: Expr];

export interface PairContext {
  /** The scalar side: i32 operands, memory views, the module. */
  readonly base: LowerContext;
  /** Operand `i` (an i64) as its pair of int32 lanes. */
  lanes(i: number): Pair;
  /** Operand `i` (an i64) as its pair of int32 words when it is a constant, else undefined. */
  constant(i: number): readonly [lo: number, hi: number] | undefined;
  /** The bits of operand `i` (an i64) known statically: u64 masks of known 0s and 1s. */
  known(i: number): KnownBits;
  /** `expr` evaluated once into a temporary, before the result is assigned. */
  once(expr: Expr): Expr;
}

export type PairLowered = { pair: Pair } | Lowered;
export type PairOp = (c: PairContext) => PairLowered;

export const int32 = (e: Expr): Expr => binary('|', e, num(0));
export const u32 = (e: Expr): Expr => binary('>>>', e, num(0));
export const signOf = (e: Expr): Expr => binary('>>', e, num(31));
export const mathCall = (name: string, args: Expr[]): Expr => call(member('Math', name), args);

/** The value of an int literal word, or undefined (negative literals are `-n` expressions). */
export function literalWord(e: Expr): number | undefined {
  if (e.type === 'Literal' && typeof e.value === 'number') return e.value;
  if (e.type === 'UnaryExpression' && e.operator === '-' && e.argument.type === 'Literal' && typeof e.argument.value === 'number') return -e.argument.value;
  return undefined;
}

/** `a + b` on words, dropping a literal 0 term (constants and known-zero lanes are literals). */
export function plus(a: Expr, b: Expr): Expr {
  if (literalWord(b) === 0) return a;
  if (literalWord(a) === 0) return b;
  return binary('+', a, b);
}

/** The high word left by a pair-valued runtime helper. */
export function highWord(c: PairContext): Expr {
  return index(c.base.module.rt('i64PairHigh'), 0);
}

/** A runtime helper returning the low word, the high word in `i64PairHigh[0]`. */
export function pairHelper(name: RuntimeName, args: (c: PairContext) => Expr[]): PairOp {
  return (c) => {
    const lo = c.once(call(c.base.module.rt(name), args(c)));
    return { pair: [lo, highWord(c)] };
  };
}

export type ShiftKind = 'shl' | 'shr_s' | 'shr_u' | 'rotl';

/** Inline shift or rotate of a pair by a constant count n (0..63). */
export function shiftByConstant(kind: ShiftKind, [lo, hi]: Pair, n: number): Pair {
  if (n === 0) return [lo, hi];
  if (kind === 'rotl') {
    const [a, b] = n >= 32 ? [hi, lo] : [lo, hi];
    const k = n & 31;
    if (k === 0) return [a, b];
    return [
      binary('|', binary('<<', a, num(k)), binary('>>>', b, num(32 - k))),
      binary('|', binary('<<', b, num(k)), binary('>>>', a, num(32 - k))),
    ];
  }
  if (n < 32) {
    const crossing = kind === 'shl' ? binary('>>>', lo, num(32 - n)) : binary('<<', hi, num(32 - n));
    if (kind === 'shl') return [binary('<<', lo, num(n)), binary('|', binary('<<', hi, num(n)), crossing)];
    return [binary('|', binary('>>>', lo, num(n)), crossing), kind === 'shr_s' ? binary('>>', hi, num(n)) : int32(binary('>>>', hi, num(n)))];
  }
  const m = n - 32;
  if (m === 0) return kind === 'shl' ? [num(0), lo] : [hi, kind === 'shr_s' ? signOf(hi) : num(0)];
  if (kind === 'shl') return [num(0), binary('<<', lo, num(m))];
  if (kind === 'shr_s') return [binary('>>', hi, num(m)), signOf(hi)];
  return [int32(binary('>>>', hi, num(m))), num(0)];
}
