/**
 * SIMD loads and stores through the function-local DataView (ops-memory.ts explains the
 * trap model: an out-of-bounds access throws RangeError). A multi-word access touches its
 * last word first, so a store that traps has written nothing.
 */
import { binary, bool, call, exprStmt, index, member, num, type Expr } from './js-ast.js';
import type { SimdContext, SimdLowered, SimdOp } from './ops-simd-forms.js';
import { effectiveAddress, memarg } from './ops-memory.js';

const LE = bool(true);
const i32Lanes = (lanes: Expr[]): SimdLowered => ({ form: 'i32', lanes });

/** The effective address (operand 0 plus the static offset), evaluated once. */
function address(c: SimdContext): Expr {
  return c.once(effectiveAddress(c.base));
}

const plus = (at: Expr, bytes: number): Expr => (bytes === 0 ? at : binary('+', at, num(bytes)));

function access(c: SimdContext, method: string, at: Expr, bytes: number, ...rest: Expr[]): Expr {
  const needsEndian = !method.endsWith('8');
  return call(member(c.base.view(memarg(c.base).memory), method), [plus(at, bytes), ...rest, ...(needsEndian ? [LE] : [])]);
}

/** Reads an i64 lane's words, high word first (its bounds check covers the low word). */
function loadWords64(c: SimdContext, at: Expr): [Expr, Expr] {
  const high = c.once(access(c, 'getInt32', at, 4));
  return [c.once(access(c, 'getInt32', at, 0)), high];
}

function splat(bits: 8 | 16 | 32 | 64): SimdOp {
  return {
    lower: (c) => {
      const at = address(c);
      if (bits === 64) {
        const [low, high] = loadWords64(c, at);
        return i32Lanes([low, high, low, high]);
      }
      let word: Expr;
      if (bits === 8) word = call(member('Math', 'imul'), [access(c, 'getUint8', at, 0), num(0x01010101)]);
      else if (bits === 16) word = binary('|', binary('*', access(c, 'getUint16', at, 0), num(0x10001)), num(0));
      else word = access(c, 'getInt32', at, 0);
      const once = c.once(word);
      return i32Lanes([once, once, once, once]);
    },
  };
}

function loadLane(bits: 8 | 16 | 32 | 64): SimdOp {
  return {
    lower: (c) => {
      const at = address(c);
      const lane = memarg(c.base).lane;
      const words = c.lanes(1, 'i32');
      if (bits === 64) {
        const [low, high] = loadWords64(c, at);
        return i32Lanes(words.map((w, k) => (k === 2 * lane ? low : k === 2 * lane + 1 ? high : w)));
      }
      if (bits === 32) {
        const value = access(c, 'getInt32', at, 0);
        return i32Lanes(words.map((w, k) => (k === lane ? value : w)));
      }
      const perWord = 32 / bits;
      const word = Math.floor(lane / perWord);
      const shift = (lane % perWord) * bits;
      const value = access(c, bits === 8 ? 'getUint8' : 'getUint16', at, 0);
      const cleared = binary('&', words[word]!, num(~((2 ** bits - 1) << shift)));
      return i32Lanes(words.map((w, k) => (k === word ? binary('|', cleared, binary('<<', value, num(shift))) : w)));
    },
  };
}

function storeLane(bits: 8 | 16 | 32 | 64): SimdOp {
  return {
    lower: (c) => {
      const at = address(c);
      const lane = memarg(c.base).lane;
      const words = c.lanes(1, 'i32');
      if (bits === 64) {
        return { stmts: [exprStmt(access(c, 'setInt32', at, 4, words[2 * lane + 1]!)), exprStmt(access(c, 'setInt32', at, 0, words[2 * lane]!))] };
      }
      if (bits === 32) return { stmts: [exprStmt(access(c, 'setInt32', at, 0, words[lane]!))] };
      const perWord = 32 / bits;
      const shift = (lane % perWord) * bits;
      // DataView setters keep the low 8/16 bits.
      const value = binary('>>>', words[Math.floor(lane / perWord)]!, num(shift));
      return { stmts: [exprStmt(access(c, bits === 8 ? 'setUint8' : 'setUint16', at, 0, value))] };
    },
  };
}

function loadExtend(bits: 8 | 16 | 32, signed: boolean): SimdOp {
  return {
    lower: (c) => {
      const at = address(c);
      c.emit(exprStmt(call(c.module.rt('simdLoadExtend'), [c.base.view(memarg(c.base).memory), at, num(bits), bool(signed)])));
      return i32Lanes([0, 1, 2, 3].map((k) => index(c.module.rt('simdResult'), k)));
    },
  };
}

export const SIMD_MEMORY_OPS: readonly [string, SimdOp][] = [
  [
    'v128.load',
    {
      lower: (c) => {
        const at = address(c);
        // The last word first: its bounds check covers the whole access.
        const last = c.once(access(c, 'getInt32', at, 12));
        return i32Lanes([access(c, 'getInt32', at, 0), access(c, 'getInt32', at, 4), access(c, 'getInt32', at, 8), last]);
      },
    },
  ],
  [
    'v128.store',
    {
      lower: (c) => {
        const at = address(c);
        const words = c.lanes(1, 'i32');
        const order = [3, 0, 1, 2];
        return { stmts: order.map((k) => exprStmt(access(c, 'setInt32', at, 4 * k, words[k]!))) };
      },
    },
  ],
  ['v128.load8x8_s', loadExtend(8, true)],
  ['v128.load8x8_u', loadExtend(8, false)],
  ['v128.load16x4_s', loadExtend(16, true)],
  ['v128.load16x4_u', loadExtend(16, false)],
  ['v128.load32x2_s', loadExtend(32, true)],
  ['v128.load32x2_u', loadExtend(32, false)],
  ['v128.load8_splat', splat(8)],
  ['v128.load16_splat', splat(16)],
  ['v128.load32_splat', splat(32)],
  ['v128.load64_splat', splat(64)],
  ['v128.load32_zero', { lower: (c) => i32Lanes([access(c, 'getInt32', address(c), 0), num(0), num(0), num(0)]) }],
  [
    'v128.load64_zero',
    {
      lower: (c) => {
        const [low, high] = loadWords64(c, address(c));
        return i32Lanes([low, high, num(0), num(0)]);
      },
    },
  ],
  ['v128.load8_lane', loadLane(8)],
  ['v128.load16_lane', loadLane(16)],
  ['v128.load32_lane', loadLane(32)],
  ['v128.load64_lane', loadLane(64)],
  ['v128.store8_lane', storeLane(8)],
  ['v128.store16_lane', storeLane(16)],
  ['v128.store32_lane', storeLane(32)],
  ['v128.store64_lane', storeLane(64)],
];
