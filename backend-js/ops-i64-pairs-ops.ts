/**
 * Lowerings of i64 instructions on (lo, hi) int32 pairs (see ops-i64-pairs.ts for the
 * representation and the measured figures). Each lowering returns the result pair as two
 * expressions (evaluated lo first, then hi) or, for i32 results and stores, an ordinary
 * lowering (i32 and f64 results, stores). Operand lanes are always identifiers or literals,
 * so using one twice is free; anything else that is needed twice goes through `once`.
 * Division lives in ops-i64-pairs-div.ts. Ops not in this table (f32 conversions,
 * truncations, atomics, memory64 addresses…) run on the BigInt lowerings with boxed operands
 * (correct, and rare in hot code).
 */
import { binary, bool, call, conditional, exprStmt, logical, member, num, unary, type Expr } from './js-ast.js';
import type { Lowered } from './lowering.js';
import { effectiveAddress, memarg } from './ops-memory.js';
import { DIVISION_OPS } from './ops-i64-pairs-div.js';
import {
  int32,
  literalWord,
  mathCall,
  plus,
  shiftByConstant,
  signOf,
  u32,
  type Pair,
  type PairContext,
  type PairOp,
  type ShiftKind,
} from './ops-i64-pairs-words.js';

export type { Pair, PairContext, PairOp } from './ops-i64-pairs-words.js';

/**
 * 1 when `a < b` as u32s, else 0, without a branch: `+(a < b)` compiles to a flag-to-int
 * conversion, whereas `a < b ? 1 : 0` is a branch, mispredicted half the time on hash-like
 * data (3x slower on a carry chain over random words).
 */
const lessU32 = (a: Expr, b: Expr): Expr => unary('+', binary('<', u32(a), u32(b)));
const carry = (sum: Expr, operand: Expr): Expr => lessU32(sum, operand);

/** A constant shift/rotate count (its low 6 bits), or undefined. */
function constantCount(c: PairContext): number | undefined {
  const count = c.constant(1);
  return count === undefined ? undefined : count[0] & 63;
}

/**
 * The shift count `count & 63` of operand 1 for a variable shift, and what is known of its
 * bit 5 (whether the shift crosses a word): the low bits of a count like `x & 31` are known.
 */
function variableCount(c: PairContext, negate: boolean): { n: Expr; wide: boolean | undefined } {
  const known = c.known(1);
  const [count] = c.lanes(1);
  const below64 = !negate && (known.zeros & 0xffffffc0n) === 0xffffffc0n;
  const n = below64 ? count : c.once(binary('&', negate ? unary('-', count) : count, num(63)));
  const wide = negate ? undefined : (known.zeros & 32n) !== 0n ? false : (known.ones & 32n) !== 0n ? true : undefined;
  return { n, wide };
}

/** `ifWide` or `ifNarrow` by the count's bit 5, decided statically when it is known. */
function byWidth(n: Expr, wide: boolean | undefined, ifWide: Expr, ifNarrow: Expr): Expr {
  return wide === undefined ? conditional(binary('&', n, num(32)), ifWide, ifNarrow) : wide ? ifWide : ifNarrow;
}

/**
 * Inline shift or rotate by a variable count n = count & 63. JS shifts take their count mod
 * 32, so `x << n` is right on both sides of 32; the word crossing over is shifted in two steps
 * (`(lo >>> 1) >>> (31 - n)`) so that n = 0 moves nothing across. A rotate right by n is a
 * rotate left by -n & 63.
 */
function shiftByVariable(kind: ShiftKind | 'rotr', c: PairContext): Pair {
  const [lo, hi] = c.lanes(0);
  const { n, wide } = variableCount(c, kind === 'rotr');
  const rest = binary('-', num(31), n);
  const choose = (ifWide: Expr, ifNarrow: Expr): Expr => byWidth(n, wide, ifWide, ifNarrow);
  if (kind === 'rotl' || kind === 'rotr') {
    const a = c.once(choose(hi, lo));
    const b = c.once(choose(lo, hi));
    const rotated = (x: Expr, y: Expr): Expr => binary('|', binary('<<', x, n), binary('>>>', binary('>>>', y, num(1)), rest));
    return [rotated(a, b), rotated(b, a)];
  }
  if (kind === 'shl') {
    const hiSmall = binary('|', binary('<<', hi, n), binary('>>>', binary('>>>', lo, num(1)), rest));
    return [choose(num(0), binary('<<', lo, n)), choose(binary('<<', lo, n), hiSmall)];
  }
  const crossing = binary('|', binary('>>>', lo, n), binary('<<', binary('<<', hi, num(1)), rest));
  if (kind === 'shr_s') return [choose(binary('>>', hi, n), crossing), choose(signOf(hi), binary('>>', hi, n))];
  return [choose(int32(binary('>>>', hi, n)), crossing), choose(num(0), int32(binary('>>>', hi, n)))];
}

function shift(kind: ShiftKind | 'rotr'): PairOp {
  return (c) => {
    const n = constantCount(c);
    if (n === undefined) return { pair: shiftByVariable(kind, c) };
    return kind === 'rotr' ? { pair: shiftByConstant('rotl', c.lanes(0), (64 - n) & 63) } : { pair: shiftByConstant(kind, c.lanes(0), n) };
  };
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
  return { pair: [lo, int32(plus(plus(ah, bh), carry(lo, al)))] };
};

const sub: PairOp = (c) => {
  const [al, ah] = c.lanes(0);
  const [bl, bh] = c.lanes(1);
  const borrow = lessU32(al, bl);
  const high = literalWord(bh) === 0 ? ah : binary('-', ah, bh);
  return { pair: [int32(binary('-', al, bl)), int32(binary('-', high, borrow))] };
};

/**
 * The high word of the u32 × u32 product of two words, by 16-bit limbs: each partial product
 * is exact below 2^32 and the sums stay below 2^35 (below 2^32 when a factor has a zero upper
 * limb, as small constants do: then one partial product and one shift suffice).
 */
function productHigh(c: PairContext, al: Expr, bl: Expr): Expr {
  if (literalWord(al) === 0 || literalWord(bl) === 0) return num(0);
  const limb = (word: Expr, high: boolean): Expr => {
    const value = literalWord(word);
    if (value !== undefined) return num(high ? value >>> 16 : value & 0xffff);
    return c.once(high ? binary('>>>', word, num(16)) : binary('&', word, num(0xffff)));
  };
  const [a0, a1, b0, b1] = [limb(al, false), limb(al, true), limb(bl, false), limb(bl, true)];
  const aNarrow = literalWord(a1) === 0;
  const bNarrow = literalWord(b1) === 0;
  if (aNarrow && bNarrow) return num(0);
  if (aNarrow || bNarrow) {
    const [wide, narrow, wideLow] = aNarrow ? [b1, a0, b0] : [a1, b0, a0];
    return binary('>>>', binary('+', binary('*', wide, narrow), binary('>>>', binary('*', wideLow, narrow), num(16))), num(16));
  }
  const p01 = c.once(binary('*', a0, b1));
  const p10 = c.once(binary('*', a1, b0));
  const middle = c.once(
    binary('+', binary('+', binary('>>>', binary('*', a0, b0), num(16)), binary('&', p01, num(0xffff))), binary('&', p10, num(0xffff))),
  );
  return binary('+', binary('+', binary('+', binary('*', a1, b1), binary('>>>', p01, num(16))), binary('>>>', p10, num(16))), binary('>>>', middle, num(16)));
}

/**
 * i64.mul inline (a helper call would not be inlined in the big functions hot loops live in:
 * TurboFan's cumulative inlining budget runs out). lo = imul(al, bl); hi = the high half of
 * the u32×u32 product of the low words plus imul(al, bh) + imul(ah, bl), reduced by `| 0`;
 * terms with a literal 0 word (constants, known-zero high words) are left out.
 */
const mul: PairOp = (c) => {
  const [al, ah] = c.lanes(0);
  const [bl, bh] = c.lanes(1);
  let high = productHigh(c, al, bl);
  for (const [x, y] of [[al, bh], [ah, bl]] as const) {
    if (literalWord(x) !== 0 && literalWord(y) !== 0) high = plus(high, mathCall('imul', [x, y]));
  }
  const low = literalWord(al) === 0 || literalWord(bl) === 0 ? num(0) : mathCall('imul', [al, bl]);
  return { pair: [low, literalWord(high) === 0 ? high : int32(high)] };
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

/**
 * Bit counts inline on the words (helper calls stop being inlined in big functions), the
 * result in the low word. ctz of a word is `32 - clz32(~x & (x - 1))`: the mask of the
 * trailing zeros, which is all ones (ctz 32) for x = 0.
 */
const clz: PairOp = (c) => {
  const [lo, hi] = c.lanes(0);
  return { pair: [conditional(hi, mathCall('clz32', [hi]), binary('+', mathCall('clz32', [lo]), num(32))), num(0)] };
};

const ctz: PairOp = (c) => {
  const [lo, hi] = c.lanes(0);
  const zerosMaskClz = (word: Expr): Expr => mathCall('clz32', [binary('&', unary('~', word), binary('-', word, num(1)))]);
  return { pair: [conditional(lo, binary('-', num(32), zerosMaskClz(lo)), binary('-', num(64), zerosMaskClz(hi))), num(0)] };
};

/**
 * popcnt by the SWAR bit trick: 2- and 4-bit field sums of each word, the two words' nibble
 * counts (each at most 4) added into one word, then byte sums gathered by a multiply.
 */
const popcnt: PairOp = (c) => {
  const nibbleCounts = (word: Expr): Expr => {
    const pairs = c.once(binary('-', word, binary('&', binary('>>>', word, num(1)), num(0x55555555))));
    return binary('+', binary('&', pairs, num(0x33333333)), binary('&', binary('>>>', pairs, num(2)), num(0x33333333)));
  };
  const [lo, hi] = c.lanes(0);
  const nibbles = c.once(int32(binary('+', nibbleCounts(lo), nibbleCounts(hi))));
  const bytes = binary('+', binary('&', nibbles, num(0x0f0f0f0f)), binary('&', binary('>>>', nibbles, num(4)), num(0x0f0f0f0f)));
  return { pair: [binary('>>>', mathCall('imul', [bytes, num(0x01010101)]), num(24)), num(0)] };
};

/** Sign extension from the low `bits` (< 32) of the low word. */
function signExtend(bits: number): PairOp {
  return (c) => {
    const [lo] = c.lanes(0);
    const low = c.once(bits === 32 ? lo : binary('>>', binary('<<', lo, num(32 - bits)), num(32 - bits)));
    return { pair: [low, signOf(low)] };
  };
}

/** The effective address, evaluated once (both words' accesses use it). */
function address(c: PairContext): Expr {
  return c.once(effectiveAddress(c.base));
}

function access(c: PairContext, method: string, args: Expr[]): Expr {
  return call(member(c.base.view(memarg(c.base).memory), method), args);
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

/**
 * f64.convert_i64_s/u on the words: the high word (signed or unsigned) times 2^32 and the
 * unsigned low word are exact doubles, so their sum is the value rounded once, as
 * runtime-support/js/numeric.ts's i64ToF64 does from a BigInt.
 */
function toF64(signed: boolean): PairOp {
  return (c) => {
    const [lo, hi] = c.lanes(0);
    return { expr: plus(binary('*', signed ? hi : u32(hi), num(2 ** 32)), u32(lo)) };
  };
}

export const PAIR_OPS: ReadonlyMap<string, PairOp> = new Map<string, PairOp>([
  ['i64.add', add],
  ['i64.sub', sub],
  ['i64.mul', mul],
  ...DIVISION_OPS,
  ['i64.and', bitwise('&')],
  ['i64.or', bitwise('|')],
  ['i64.xor', bitwise('^')],
  ['i64.shl', shift('shl')],
  ['i64.shr_s', shift('shr_s')],
  ['i64.shr_u', shift('shr_u')],
  ['i64.rotl', shift('rotl')],
  ['i64.rotr', shift('rotr')],
  ['i64.clz', clz],
  ['i64.ctz', ctz],
  ['i64.popcnt', popcnt],
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
  ['f64.convert_i64_s', toF64(true)],
  ['f64.convert_i64_u', toF64(false)],
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
