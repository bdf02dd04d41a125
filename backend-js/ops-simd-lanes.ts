/**
 * SIMD lane plumbing: splat, extract_lane, replace_lane, shuffle, swizzle and the bitwise
 * ops (not/and/or/xor/andnot, bitselect, any_true). Ops that only move lanes keep their
 * operands' float form (a bitselect by a comparison mask is a per-lane select), so f32/f64
 * lanes pass through without reinterpretation.
 */
import type { LaneForm, OperandForm, SimdContext, SimdLowered, SimdOp } from './ops-simd-forms.js';
import { meet } from './ops-simd-forms.js';
import { binary, call, conditional, exprStmt, index, member, num, unary, type Expr } from './js-ast.js';

const bits = (op: '&' | '|' | '^' | '<<' | '>>' | '>>>', a: Expr, b: Expr): Expr => binary(op, a, b);
const i32Lanes = (lanes: Expr[]): SimdLowered => ({ form: 'i32', lanes });

export function laneImmediate(c: SimdContext): number {
  if (c.inst.imm.kind !== 'lane') throw new Error(`${c.inst.opcode}: expected a lane immediate`);
  return c.inst.imm.lane;
}

/** The low and high words of an i64 scalar operand (read once). */
export function i64Words(c: SimdContext, i: number): [Expr, Expr] {
  const value = c.once(c.base.arg(i));
  return [c.once(call(c.module.rt('i64LowWord'), [value])), c.once(call(c.module.rt('i64HighWord'), [value]))];
}

function splatOps(): [string, SimdOp][] {
  const repeat = (c: SimdContext, word: Expr, form: LaneForm, count: number): SimdLowered => {
    const once = c.once(word);
    return { form, lanes: Array.from({ length: count }, () => once) };
  };
  return [
    ['i8x16.splat', { lower: (c) => repeat(c, call(member('Math', 'imul'), [bits('&', c.base.arg(0), num(0xff)), num(0x01010101)]), 'i32', 4) }],
    ['i16x8.splat', { lower: (c) => repeat(c, bits('|', binary('*', bits('&', c.base.arg(0), num(0xffff)), num(0x10001)), num(0)), 'i32', 4) }],
    ['i32x4.splat', { lower: (c) => repeat(c, c.base.arg(0), 'i32', 4) }],
    ['f32x4.splat', { result: 'f32', lower: (c) => repeat(c, c.base.arg(0), 'f32', 4) }],
    ['f64x2.splat', { result: 'f64', lower: (c) => repeat(c, c.base.arg(0), 'f64', 2) }],
    [
      'i64x2.splat',
      {
        lower: (c) => {
          const [low, high] = i64Words(c, 0);
          return i32Lanes([low, high, low, high]);
        },
      },
    ],
  ];
}

/** Lane `lane` of `width` bits of a v128 in i32 form: word and bit position. */
function narrowLane(c: SimdContext, width: 8 | 16, lane: number): { words: Expr[]; word: number; shift: number } {
  const perWord = 32 / width;
  return { words: c.lanes(0, 'i32'), word: Math.floor(lane / perWord), shift: (lane % perWord) * width };
}

function extractOps(): [string, SimdOp][] {
  const narrow = (width: 8 | 16, signed: boolean): SimdOp => ({
    lower: (c) => {
      const { words, word, shift } = narrowLane(c, width, laneImmediate(c));
      const w = words[word]!;
      if (signed) return { expr: bits('>>', bits('<<', w, num(32 - width - shift)), num(32 - width)) };
      return { expr: bits('&', bits('>>>', w, num(shift)), num(2 ** width - 1)) };
    },
  });
  return [
    ['i8x16.extract_lane_s', narrow(8, true)],
    ['i8x16.extract_lane_u', narrow(8, false)],
    ['i16x8.extract_lane_s', narrow(16, true)],
    ['i16x8.extract_lane_u', narrow(16, false)],
    ['i32x4.extract_lane', { lower: (c) => ({ expr: c.lanes(0, 'i32')[laneImmediate(c)]! }) }],
    ['f32x4.extract_lane', { lower: (c) => ({ expr: c.lanes(0, 'f32')[laneImmediate(c)]! }) }],
    ['f64x2.extract_lane', { lower: (c) => ({ expr: c.lanes(0, 'f64')[laneImmediate(c)]! }) }],
    [
      'i64x2.extract_lane',
      {
        lower: (c) => {
          const words = c.lanes(0, 'i32');
          const lane = laneImmediate(c);
          return { expr: call(c.module.rt('i64FromWords'), [words[2 * lane]!, words[2 * lane + 1]!]) };
        },
      },
    ],
  ];
}

/** A float-lane op keeps its float form when the operand has it (or is a constant), else i32. */
const keepsFloat = (float: LaneForm) => (form: (i: number) => OperandForm): LaneForm => {
  const f = form(0);
  return f === undefined || f === float ? float : 'i32';
};

function replaceOps(): [string, SimdOp][] {
  const narrow = (width: 8 | 16): SimdOp => ({
    lower: (c) => {
      const { words, word, shift } = narrowLane(c, width, laneImmediate(c));
      const mask = 2 ** width - 1;
      const cleared = bits('&', words[word]!, num(~(mask << shift)));
      const inserted = bits('<<', bits('&', c.base.arg(1), num(mask)), num(shift));
      return i32Lanes(words.map((w, k) => (k === word ? bits('|', cleared, inserted) : w)));
    },
  });
  const float = (form: 'f32' | 'f64'): SimdOp => ({
    result: keepsFloat(form),
    lower: (c) => {
      const lane = laneImmediate(c);
      if (c.resultForm === form) return { form, lanes: c.lanes(0, form).map((x, k) => (k === lane ? c.base.arg(1) : x)) };
      const words = c.lanes(0, 'i32');
      if (form === 'f32') return i32Lanes(words.map((w, k) => (k === lane ? call(c.module.rt('f32ToBits'), [c.base.arg(1)]) : w)));
      const value = c.once(c.base.arg(1));
      const replaced = [call(c.module.rt('f64LowWord'), [value]), call(c.module.rt('f64HighWord'), [value])];
      return i32Lanes(words.map((w, k) => (k >> 1 === lane ? replaced[k & 1]! : w)));
    },
  });
  return [
    ['i8x16.replace_lane', narrow(8)],
    ['i16x8.replace_lane', narrow(16)],
    ['i32x4.replace_lane', { lower: (c) => i32Lanes(c.lanes(0, 'i32').map((w, k) => (k === laneImmediate(c) ? c.base.arg(1) : w))) }],
    [
      'i64x2.replace_lane',
      {
        lower: (c) => {
          const lane = laneImmediate(c);
          const words = c.lanes(0, 'i32');
          const replaced = i64Words(c, 1);
          return i32Lanes(words.map((w, k) => (k >> 1 === lane ? replaced[k & 1]! : w)));
        },
      },
    ],
    ['f32x4.replace_lane', float('f32')],
    ['f64x2.replace_lane', float('f64')],
  ];
}

/** 16 byte indices → word (or f64 lane) indices when every group is a whole aligned word. */
function wholeLanes(lanes: Uint8Array, bytesPerLane: 4 | 8): number[] | null {
  const out: number[] = [];
  for (let group = 0; group < 16; group += bytesPerLane) {
    const first = lanes[group]!;
    if (first % bytesPerLane !== 0) return null;
    for (let i = 1; i < bytesPerLane; i++) if (lanes[group + i] !== first + i) return null;
    out.push(first / bytesPerLane);
  }
  return out;
}

function shuffleLanes(c: SimdContext): Uint8Array {
  if (c.inst.imm.kind !== 'shuffle') throw new Error('i8x16.shuffle: expected lane indices');
  return c.inst.imm.lanes;
}

const SHUFFLE: SimdOp = {
  result: (form, _mask, inst) => {
    const common = meet(form(0), form(1)) ?? 'i32';
    if (inst.imm.kind !== 'shuffle' || common === 'i32') return 'i32';
    return wholeLanes(inst.imm.lanes, common === 'f64' ? 8 : 4) === null ? 'i32' : common;
  },
  lower: (c) => {
    const lanes = shuffleLanes(c);
    const form = c.resultForm;
    const picks = wholeLanes(lanes, form === 'f64' ? 8 : 4);
    if (picks !== null) {
      const all = [...c.lanes(0, form), ...c.lanes(1, form)];
      return { form, lanes: picks.map((pick) => all[pick]!) };
    }
    const words = form === 'f64' ? wholeLanes(lanes, 4) : null;
    if (words !== null) {
      const all = [...c.lanes(0, 'i32'), ...c.lanes(1, 'i32')];
      return i32Lanes(words.map((pick) => all[pick]!));
    }
    const table = c.module.constant(`shuffle:${lanes.join(',')}`, () =>
      ({ type: 'NewExpression', callee: { type: 'Identifier', name: 'Uint8Array' }, arguments: [{ type: 'ArrayExpression', elements: [...lanes].map((lane) => num(lane)) }] }) as Expr,
    );
    c.emit(exprStmt(call(c.module.rt('simdShuffleBytes'), [table, ...c.lanes(0, 'i32'), ...c.lanes(1, 'i32')])));
    return i32Lanes([0, 1, 2, 3].map((k) => index(c.module.rt('simdResult'), k)));
  },
};

/** bitselect(a, b, m): a where m's bits are set. A comparison mask selects whole lanes. */
const BITSELECT: SimdOp = {
  result: (form, maskWidth) => {
    const data = meet(form(0), form(1));
    const width = maskWidth(2);
    if ((data === 'f32' && width >= 32 && width % 32 === 0) || (data === 'f64' && width === 64)) return data;
    return 'i32';
  },
  lower: (c) => {
    const form = c.resultForm;
    const mask = c.lanes(2, 'i32');
    const a = c.lanes(0, form);
    const b = c.lanes(1, form);
    if (form === 'i32' && c.maskWidth(2) < 32) {
      // ((a ^ b) & m) ^ b reads each operand lane once.
      return i32Lanes(a.map((x, k) => bits('^', bits('&', bits('^', x, b[k]!), mask[k]!), b[k]!)));
    }
    const step = form === 'f64' ? 2 : 1;
    return { form, lanes: a.map((x, k) => conditional(mask[k * step]!, x, b[k]!)) };
  },
};

function bitwise(op: (a: Expr, b: Expr) => Expr): SimdOp {
  return {
    lower: (c) => {
      const b = c.lanes(1, 'i32');
      return i32Lanes(c.lanes(0, 'i32').map((a, k) => op(a, b[k]!)));
    },
  };
}

export const SIMD_LANE_OPS: readonly [string, SimdOp][] = [
  ...splatOps(),
  ...extractOps(),
  ...replaceOps(),
  ['i8x16.shuffle', SHUFFLE],
  [
    'i8x16.swizzle',
    {
      lower: (c) => {
        c.emit(exprStmt(call(c.helper('i8x16.swizzle'), [...c.lanes(0, 'i32'), ...c.lanes(1, 'i32')])));
        return i32Lanes([0, 1, 2, 3].map((k) => index(c.module.rt('simdResult'), k)));
      },
    },
  ],
  ['v128.not', { lower: (c) => i32Lanes(c.lanes(0, 'i32').map((a) => unary('~', a))) }],
  ['v128.and', bitwise((a, b) => bits('&', a, b))],
  ['v128.or', bitwise((a, b) => bits('|', a, b))],
  ['v128.xor', bitwise((a, b) => bits('^', a, b))],
  ['v128.andnot', bitwise((a, b) => bits('&', a, unary('~', b)))],
  ['v128.bitselect', BITSELECT],
  [
    'v128.any_true',
    {
      lower: (c) => {
        const [w0, w1, w2, w3] = c.lanes(0, 'i32') as [Expr, Expr, Expr, Expr];
        return { expr: binary('!==', bits('|', bits('|', bits('|', w0, w1), w2), w3), num(0)), bool: true };
      },
    },
  ],
];
