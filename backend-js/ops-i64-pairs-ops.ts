/**
 * Lowerings of i64 instructions on (lo, hi) int32 pairs (see ops-i64-pairs.ts for the
 * representation and the measured figures). Each lowering returns the result pair as two
 * expressions (evaluated lo first, then hi) or, for i32 results and stores, an ordinary
 * lowering. Operand lanes are always identifiers or literals, so using one twice is free;
 * anything else that is needed twice goes through `once`. Ops not in this table (float
 * conversions, atomics, memory64 addresses…) run on the BigInt lowerings with boxed
 * operands (correct, and rare in hot code).
 */
import type { MemArgImm } from '../ir/function.js';
import { binary, bool, call, conditional, exprStmt, index, logical, member, num, type Expr } from './js-ast.js';
import type { LowerContext, Lowered } from './lowering.js';
import type { RuntimeName } from './module-context.js';
import { addressOperand } from './ops-memory.js';

export type Pair = readonly [lo: Expr, hi: Expr];

export interface PairContext {
  /** The scalar side: i32 operands, memory views, the module. */
  readonly base: LowerContext;
  /** Operand `i` (an i64) as its pair of int32 lanes. */
  lanes(i: number): Pair;
  /** Operand `i` (an i64) as its pair of int32 words when it is a constant, else undefined. */
  constant(i: number): readonly [lo: number, hi: number] | undefined;
  /** `expr` evaluated once into a temporary, before the result is assigned. */
  once(expr: Expr): Expr;
}

export type PairLowered = { pair: Pair } | Lowered;
export type PairOp = (c: PairContext) => PairLowered;

const int32 = (e: Expr): Expr => binary('|', e, num(0));
const u32 = (e: Expr): Expr => binary('>>>', e, num(0));
const signOf = (e: Expr): Expr => binary('>>', e, num(31));
const carry = (sum: Expr, operand: Expr): Expr => conditional(binary('<', u32(sum), u32(operand)), num(1), num(0));

/** The high word left by a pair-valued runtime helper. */
function highWord(c: PairContext): Expr {
  return index(c.base.module.rt('i64PairHigh'), 0);
}

/** A runtime helper returning the low word, the high word in `i64PairHigh[0]`. */
function pairHelper(name: RuntimeName, args: (c: PairContext) => Expr[]): PairOp {
  return (c) => {
    const lo = c.once(call(c.base.module.rt(name), args(c)));
    return { pair: [lo, highWord(c)] };
  };
}

const bothLanes = (c: PairContext): Expr[] => [...c.lanes(0), ...c.lanes(1)];
const lanesAndCount = (c: PairContext): Expr[] => [...c.lanes(0), c.lanes(1)[0]];

/** A constant shift/rotate count (its low 6 bits), or undefined. */
function constantCount(c: PairContext): number | undefined {
  const count = c.constant(1);
  return count === undefined ? undefined : count[0] & 63;
}

type ShiftKind = 'shl' | 'shr_s' | 'shr_u' | 'rotl';

/** Inline shift or rotate of a pair by a constant count n (0..63). */
function shiftByConstant(kind: ShiftKind, [lo, hi]: Pair, n: number): Pair {
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

/**
 * Inline shift by a variable count n = count & 63 (rotates use the helpers). JS shifts take
 * their count mod 32, so `x << n` is right on both sides of 32; the word crossing over is
 * shifted in two steps (`(lo >>> 1) >>> (31 - n)`) so that n = 0 moves nothing across.
 */
function shiftByVariable(kind: Exclude<ShiftKind, 'rotl'>, c: PairContext): Pair {
  const [lo, hi] = c.lanes(0);
  const n = c.once(binary('&', c.lanes(1)[0], num(63)));
  const wide = binary('&', n, num(32));
  const rest = binary('-', num(31), n);
  if (kind === 'shl') {
    const hiSmall = binary('|', binary('<<', hi, n), binary('>>>', binary('>>>', lo, num(1)), rest));
    return [conditional(wide, num(0), binary('<<', lo, n)), conditional(wide, binary('<<', lo, n), hiSmall)];
  }
  const crossing = binary('|', binary('>>>', lo, n), binary('<<', binary('<<', hi, num(1)), rest));
  if (kind === 'shr_s') return [conditional(wide, binary('>>', hi, n), crossing), conditional(wide, signOf(hi), binary('>>', hi, n))];
  return [conditional(wide, int32(binary('>>>', hi, n)), crossing), conditional(wide, num(0), int32(binary('>>>', hi, n)))];
}

const VARIABLE_ROTATES = { rotl: pairHelper('i64PairRotl', lanesAndCount), rotr: pairHelper('i64PairRotr', lanesAndCount) };

function shift(kind: ShiftKind | 'rotr'): PairOp {
  return (c) => {
    const n = constantCount(c);
    if (n === undefined) return kind === 'rotl' || kind === 'rotr' ? VARIABLE_ROTATES[kind](c) : { pair: shiftByVariable(kind, c) };
    return kind === 'rotr' ? { pair: shiftByConstant('rotl', c.lanes(0), (64 - n) & 63) } : { pair: shiftByConstant(kind, c.lanes(0), n) };
  };
}

/** The value of an int literal word, or undefined (negative literals are `-n` expressions). */
function literalWord(e: Expr): number | undefined {
  if (e.type === 'Literal' && typeof e.value === 'number') return e.value;
  if (e.type === 'UnaryExpression' && e.operator === '-' && e.argument.type === 'Literal' && typeof e.argument.value === 'number') return -e.argument.value;
  return undefined;
}

/**
 * One word of a bitwise op, simplified when an operand is a constant identity or absorbing
 * word (C code masks i64 halves with 0xffffffff constantly: `x & -1`, `x & 0`, `x | 0`).
 */
function bitwiseWord(op: '&' | '|' | '^', a: Expr, b: Expr): Expr {
  for (const [constant, other] of [[literalWord(b), a], [literalWord(a), b]] as const) {
    if (constant === 0) return op === '&' ? num(0) : other;
    if (constant === -1 && op === '&') return other;
  }
  return binary(op, a, b);
}

function bitwise(op: '&' | '|' | '^'): PairOp {
  return (c) => {
    const [al, ah] = c.lanes(0);
    const [bl, bh] = c.lanes(1);
    return { pair: [bitwiseWord(op, al, bl), bitwiseWord(op, ah, bh)] };
  };
}

const add: PairOp = (c) => {
  const [al, ah] = c.lanes(0);
  const [bl, bh] = c.lanes(1);
  const lo = c.once(int32(binary('+', al, bl)));
  return { pair: [lo, int32(binary('+', binary('+', ah, bh), carry(lo, al)))] };
};

const sub: PairOp = (c) => {
  const [al, ah] = c.lanes(0);
  const [bl, bh] = c.lanes(1);
  const borrow = conditional(binary('<', u32(al), u32(bl)), num(1), num(0));
  return { pair: [int32(binary('-', al, bl)), int32(binary('-', binary('-', ah, bh), borrow))] };
};

/**
 * i64.mul inline (a helper call would not be inlined in the big functions hot loops live in:
 * TurboFan's cumulative inlining budget runs out). lo = imul(al, bl); hi = the high half of
 * the u32×u32 product of the low words, by 16-bit limbs (each partial product exact below
 * 2^32, their sum below 2^35), plus imul(al, bh) + imul(ah, bl), all reduced by `| 0`.
 */
const mul: PairOp = (c) => {
  const [al, ah] = c.lanes(0);
  const [bl, bh] = c.lanes(1);
  const limb = (word: Expr, high: boolean): Expr => {
    const value = literalWord(word);
    if (value !== undefined) return num(high ? value >>> 16 : value & 0xffff);
    return c.once(high ? binary('>>>', word, num(16)) : binary('&', word, num(0xffff)));
  };
  const [a0, a1, b0, b1] = [limb(al, false), limb(al, true), limb(bl, false), limb(bl, true)];
  const p01 = c.once(binary('*', a0, b1));
  const p10 = c.once(binary('*', a1, b0));
  const middle = c.once(
    binary('+', binary('+', binary('>>>', binary('*', a0, b0), num(16)), binary('&', p01, num(0xffff))), binary('&', p10, num(0xffff))),
  );
  let high = binary('+', binary('+', binary('+', binary('*', a1, b1), binary('>>>', p01, num(16))), binary('>>>', p10, num(16))), binary('>>>', middle, num(16)));
  for (const [x, y] of [[al, bh], [ah, bl]] as const) {
    if (literalWord(x) !== 0 && literalWord(y) !== 0) high = binary('+', high, call(member('Math', 'imul'), [x, y]));
  }
  return { pair: [call(member('Math', 'imul'), [al, bl]), int32(high)] };
};

const cmp = (expr: Expr): Lowered => ({ expr, bool: true });

/** Signed or unsigned ordering `op` ('<', '<=', '>', '>='): decided by the high words unless equal. */
function order(op: '<' | '<=' | '>' | '>=', isUnsigned: boolean): PairOp {
  const strict = op === '<' || op === '<=' ? '<' : '>';
  return (c) => {
    const [al, ah] = c.lanes(0);
    const [bl, bh] = c.lanes(1);
    const high = isUnsigned ? binary(strict, u32(ah), u32(bh)) : binary(strict, ah, bh);
    return cmp(logical('||', high, logical('&&', binary('===', ah, bh), binary(op, u32(al), u32(bl)))));
  };
}

function equality(negate: boolean): PairOp {
  return (c) => {
    const [al, ah] = c.lanes(0);
    const [bl, bh] = c.lanes(1);
    return negate
      ? cmp(logical('||', binary('!==', al, bl), binary('!==', ah, bh)))
      : cmp(logical('&&', binary('===', al, bl), binary('===', ah, bh)));
  };
}

/** A result in the low word with a zero high word (clz, ctz, popcnt). */
function countBits(helper: RuntimeName): PairOp {
  return (c) => ({ pair: [call(c.base.module.rt(helper), [...c.lanes(0)]), num(0)] });
}

/** Sign extension from the low `bits` (< 32) of the low word. */
function signExtend(bits: number): PairOp {
  return (c) => {
    const [lo] = c.lanes(0);
    const low = c.once(bits === 32 ? lo : binary('>>', binary('<<', lo, num(32 - bits)), num(32 - bits)));
    return { pair: [low, signOf(low)] };
  };
}

function memarg(c: PairContext): MemArgImm {
  const imm = c.base.inst.imm;
  if (imm.kind !== 'memarg') throw new Error(`${c.base.inst.opcode}: expected a memarg immediate`);
  return imm;
}

/** The effective address, evaluated once (both words' accesses use it). */
function address(c: PairContext): Expr {
  const { memory, offset } = memarg(c);
  const base = addressOperand(c.base, memory, 0);
  return c.once(offset === 0 ? base : binary('+', base, num(offset)));
}

function access(c: PairContext, method: string, args: Expr[]): Expr {
  return call(member(c.base.view(memarg(c).memory), method), args);
}

const LE = bool(true);
const plus4 = (addr: Expr): Expr => binary('+', addr, num(4));

/**
 * i64.load as two int32 reads: the high word (the last four bytes) first, so an access past
 * the end throws before anything else happens, as one 8-byte access would.
 */
const load64: PairOp = (c) => {
  const addr = address(c);
  const hi = c.once(access(c, 'getInt32', [plus4(addr), LE]));
  return { pair: [access(c, 'getInt32', [addr, LE]), hi] };
};

function loadNarrow(method: string, signed: boolean, littleEndian: boolean): PairOp {
  return (c) => {
    const addr = address(c);
    const lo = c.once(access(c, method, littleEndian ? [addr, LE] : [addr]));
    return { pair: [lo, signed ? signOf(lo) : num(0)] };
  };
}

/** i64.store: the high word first, so a store past the end writes nothing. */
const store64: PairOp = (c) => {
  const addr = address(c);
  const [lo, hi] = c.lanes(1);
  return {
    stmts: [exprStmt(access(c, 'setInt32', [plus4(addr), hi, LE])), exprStmt(access(c, 'setInt32', [addr, lo, LE]))],
  };
};

function storeNarrow(method: string, littleEndian: boolean): PairOp {
  return (c) => {
    const addr = address(c);
    const [lo] = c.lanes(1);
    return { expr: access(c, method, littleEndian ? [addr, lo, LE] : [addr, lo]) };
  };
}

export const PAIR_OPS: ReadonlyMap<string, PairOp> = new Map<string, PairOp>([
  ['i64.add', add],
  ['i64.sub', sub],
  ['i64.mul', mul],
  ['i64.div_s', pairHelper('i64PairDivS', bothLanes)],
  ['i64.div_u', pairHelper('i64PairDivU', bothLanes)],
  ['i64.rem_s', pairHelper('i64PairRemS', bothLanes)],
  ['i64.rem_u', pairHelper('i64PairRemU', bothLanes)],
  ['i64.and', bitwise('&')],
  ['i64.or', bitwise('|')],
  ['i64.xor', bitwise('^')],
  ['i64.shl', shift('shl')],
  ['i64.shr_s', shift('shr_s')],
  ['i64.shr_u', shift('shr_u')],
  ['i64.rotl', shift('rotl')],
  ['i64.rotr', shift('rotr')],
  ['i64.clz', countBits('i64PairClz')],
  ['i64.ctz', countBits('i64PairCtz')],
  ['i64.popcnt', countBits('i64PairPopcnt')],
  ['i64.eqz', (c) => cmp(binary('===', binary('|', ...c.lanes(0)), num(0)))],
  ['i64.eq', equality(false)],
  ['i64.ne', equality(true)],
  ['i64.lt_s', order('<', false)],
  ['i64.lt_u', order('<', true)],
  ['i64.gt_s', order('>', false)],
  ['i64.gt_u', order('>', true)],
  ['i64.le_s', order('<=', false)],
  ['i64.le_u', order('<=', true)],
  ['i64.ge_s', order('>=', false)],
  ['i64.ge_u', order('>=', true)],
  ['i64.extend8_s', signExtend(8)],
  ['i64.extend16_s', signExtend(16)],
  ['i64.extend32_s', signExtend(32)],
  ['i32.wrap_i64', (c) => ({ expr: c.lanes(0)[0] })],
  [
    'i64.extend_i32_s',
    (c) => {
      const lo = c.once(c.base.arg(0));
      return { pair: [lo, signOf(lo)] };
    },
  ],
  ['i64.extend_i32_u', (c) => ({ pair: [c.base.arg(0), num(0)] })],
  ['i64.load', load64],
  ['i64.load8_s', loadNarrow('getInt8', true, false)],
  ['i64.load8_u', loadNarrow('getUint8', false, false)],
  ['i64.load16_s', loadNarrow('getInt16', true, true)],
  ['i64.load16_u', loadNarrow('getUint16', false, true)],
  ['i64.load32_s', loadNarrow('getInt32', true, true)],
  ['i64.load32_u', loadNarrow('getInt32', false, true)],
  ['i64.store', store64],
  ['i64.store8', storeNarrow('setInt8', false)],
  ['i64.store16', storeNarrow('setInt16', true)],
  ['i64.store32', storeNarrow('setInt32', true)],
]);

/** `select` of two i64 values: lane by lane on one evaluation of the condition. */
export const SELECT_PAIR: PairOp = (c) => {
  const condition = c.once(c.base.cond(2));
  const [al, ah] = c.lanes(0);
  const [bl, bh] = c.lanes(1);
  return { pair: [conditional(condition, al, bl), conditional(condition, ah, bh)] };
};
