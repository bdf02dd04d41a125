/**
 * SIMD128 operations (loads and stores are in ops-memory.ts). Operands are copied into the
 * scratch vectors A, B, C (v128.ts); each table entry computes R from them through typed
 * lane views, so lane wrapping comes from the typed arrays. f32 lanes are handled as bits
 * with the scalar f32 operations (exact NaN payloads); f64 lanes through a Float64Array view.
 */
import { truncSatI32 } from '../../runtime-support/js/numeric.js';
import { f32FromNumber, f32Ops, f32Value, f64Ops } from '../../runtime-support/numeric.js';
import type { OpContext, OpFactory } from './context.js';
import type { Op } from './function-instance.js';
import { N, O } from './stack.js';
import { A, B, C, R, type Vec } from './v128.js';

type Compute = () => void;
type IntShape = 'i8x16' | 'i16x8' | 'i32x4';

interface LaneViews {
  count: number;
  bits: number;
  s: (v: Vec) => Int8Array | Int16Array | Int32Array;
  u: (v: Vec) => Uint8Array | Uint16Array | Uint32Array;
}

const SHAPES: Record<IntShape, LaneViews> = {
  i8x16: { count: 16, bits: 8, s: (v) => v.i8, u: (v) => v.u8 },
  i16x8: { count: 8, bits: 16, s: (v) => v.i16, u: (v) => v.u16 },
  i32x4: { count: 4, bits: 32, s: (v) => v.i32, u: (v) => v.u32 },
};

const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Lane-wise binary op over number lanes; `signed` picks the views the lanes are read from. */
function lanes2(shape: IntShape, signed: boolean, f: (a: number, b: number) => number): Compute {
  const { count } = SHAPES[shape];
  const view = signed ? SHAPES[shape].s : SHAPES[shape].u;
  const a = view(A);
  const b = view(B);
  const r = view(R);
  return () => {
    for (let i = 0; i < count; i++) r[i] = f(a[i]!, b[i]!);
  };
}

function lanes1(shape: IntShape, signed: boolean, f: (a: number) => number): Compute {
  const { count } = SHAPES[shape];
  const view = signed ? SHAPES[shape].s : SHAPES[shape].u;
  const a = view(A);
  const r = view(R);
  return () => {
    for (let i = 0; i < count; i++) r[i] = f(a[i]!);
  };
}

function compare(shape: IntShape, signed: boolean, f: (a: number, b: number) => boolean): Compute {
  const { count } = SHAPES[shape];
  const view = signed ? SHAPES[shape].s : SHAPES[shape].u;
  const a = view(A);
  const b = view(B);
  const r = SHAPES[shape].s(R);
  return () => {
    for (let i = 0; i < count; i++) r[i] = f(a[i]!, b[i]!) ? -1 : 0;
  };
}

function i64Lanes2(f: (a: bigint, b: bigint) => bigint): Compute {
  return () => {
    for (let i = 0; i < 2; i++) R.i64[i] = f(A.i64[i]!, B.i64[i]!);
  };
}

function i64Compare(f: (a: bigint, b: bigint) => boolean): Compute {
  return () => {
    for (let i = 0; i < 2; i++) R.i64[i] = f(A.i64[i]!, B.i64[i]!) ? -1n : 0n;
  };
}

function f32Lanes(f: (...lanes: number[]) => number, arity: 1 | 2): Compute {
  return arity === 1
    ? () => {
        for (let i = 0; i < 4; i++) R.i32[i] = f(A.i32[i]!);
      }
    : () => {
        for (let i = 0; i < 4; i++) R.i32[i] = f(A.i32[i]!, B.i32[i]!);
      };
}

function f64Lanes(f: (...lanes: number[]) => number, arity: 1 | 2): Compute {
  return arity === 1
    ? () => {
        for (let i = 0; i < 2; i++) R.f64[i] = f(A.f64[i]!);
      }
    : () => {
        for (let i = 0; i < 2; i++) R.f64[i] = f(A.f64[i]!, B.f64[i]!);
      };
}

/** Widening: result lane i from source lane (i + offset), through `f`. */
function widen(from: IntShape, to: IntShape, signed: boolean, high: boolean, f: (a: number, b: number) => number, binary: boolean): Compute {
  const count = SHAPES[to].count;
  const source = signed ? SHAPES[from].s : SHAPES[from].u;
  const a = source(A);
  const b = source(B);
  const r = SHAPES[to].s(R);
  const offset = high ? count : 0;
  return () => {
    for (let i = 0; i < count; i++) r[i] = f(a[i + offset]!, binary ? b[i + offset]! : 0);
  };
}

function widenTo64(signed: boolean, high: boolean, binary: boolean): Compute {
  const offset = high ? 2 : 0;
  return () => {
    for (let i = 0; i < 2; i++) {
      const x = BigInt(signed ? A.i32[i + offset]! : A.u32[i + offset]!);
      const y = binary ? BigInt(signed ? B.i32[i + offset]! : B.u32[i + offset]!) : 1n;
      R.i64[i] = x * y;
    }
  };
}

function narrow(from: 'i16x8' | 'i32x4', to: 'i8x16' | 'i16x8', signed: boolean): Compute {
  const half = SHAPES[from].count;
  const lo = signed ? -(2 ** (SHAPES[to].bits - 1)) : 0;
  const hi = signed ? 2 ** (SHAPES[to].bits - 1) - 1 : 2 ** SHAPES[to].bits - 1;
  const a = SHAPES[from].s(A);
  const b = SHAPES[from].s(B);
  const r = signed ? SHAPES[to].s(R) : SHAPES[to].u(R);
  return () => {
    for (let i = 0; i < half; i++) {
      r[i] = clamp(a[i]!, lo, hi);
      r[i + half] = clamp(b[i]!, lo, hi);
    }
  };
}

function extaddPairwise(from: IntShape, to: IntShape, signed: boolean): Compute {
  const count = SHAPES[to].count;
  const a = (signed ? SHAPES[from].s : SHAPES[from].u)(A);
  const r = SHAPES[to].s(R);
  return () => {
    for (let i = 0; i < count; i++) r[i] = a[2 * i]! + a[2 * i + 1]!;
  };
}

function popcnt8(x: number): number {
  let count = 0;
  for (let v = x; v !== 0; v &= v - 1) count++;
  return count;
}

function integerOps(shape: IntShape): Record<string, Compute> {
  const { bits } = SHAPES[shape];
  const sMin = -(2 ** (bits - 1));
  const sMax = 2 ** (bits - 1) - 1;
  const uMax = 2 ** bits - 1;
  const ops: Record<string, Compute> = {
    add: lanes2(shape, true, (a, b) => a + b),
    sub: lanes2(shape, true, (a, b) => a - b),
    neg: lanes1(shape, true, (a) => -a),
    abs: lanes1(shape, true, (a) => Math.abs(a)),
    eq: compare(shape, true, (a, b) => a === b),
    ne: compare(shape, true, (a, b) => a !== b),
    lt_s: compare(shape, true, (a, b) => a < b),
    lt_u: compare(shape, false, (a, b) => a < b),
    gt_s: compare(shape, true, (a, b) => a > b),
    gt_u: compare(shape, false, (a, b) => a > b),
    le_s: compare(shape, true, (a, b) => a <= b),
    le_u: compare(shape, false, (a, b) => a <= b),
    ge_s: compare(shape, true, (a, b) => a >= b),
    ge_u: compare(shape, false, (a, b) => a >= b),
    min_s: lanes2(shape, true, Math.min),
    min_u: lanes2(shape, false, Math.min),
    max_s: lanes2(shape, true, Math.max),
    max_u: lanes2(shape, false, Math.max),
  };
  if (shape !== 'i32x4') {
    Object.assign(ops, {
      add_sat_s: lanes2(shape, true, (a, b) => clamp(a + b, sMin, sMax)),
      add_sat_u: lanes2(shape, false, (a, b) => clamp(a + b, 0, uMax)),
      sub_sat_s: lanes2(shape, true, (a, b) => clamp(a - b, sMin, sMax)),
      sub_sat_u: lanes2(shape, false, (a, b) => clamp(a - b, 0, uMax)),
      avgr_u: lanes2(shape, false, (a, b) => (a + b + 1) >>> 1),
    });
  }
  if (shape !== 'i8x16') Object.assign(ops, { mul: lanes2(shape, true, shape === 'i32x4' ? Math.imul : (a, b) => a * b) });
  return Object.fromEntries(Object.entries(ops).map(([name, fn]) => [`${shape}.${name}`, fn]));
}

const ALL_ONES = -1;

function floatCompare32(f: (a: number, b: number) => number): Compute {
  return () => {
    for (let i = 0; i < 4; i++) R.i32[i] = f(A.i32[i]!, B.i32[i]!) ? ALL_ONES : 0;
  };
}

function floatCompare64(f: (a: number, b: number) => number): Compute {
  return () => {
    for (let i = 0; i < 2; i++) R.i64[i] = f(A.f64[i]!, B.f64[i]!) ? -1n : 0n;
  };
}

const FLOAT_UNARY = ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'] as const;
const FLOAT_BINARY = ['add', 'sub', 'mul', 'div', 'min', 'max'] as const;
const FLOAT_COMPARE = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const;

function floatOps(): Record<string, Compute> {
  const ops: Record<string, Compute> = {};
  for (const name of FLOAT_UNARY) {
    ops[`f32x4.${name}`] = f32Lanes(f32Ops[name], 1);
    ops[`f64x2.${name}`] = f64Lanes(f64Ops[name], 1);
  }
  for (const name of FLOAT_BINARY) {
    ops[`f32x4.${name}`] = f32Lanes(f32Ops[name], 2);
    ops[`f64x2.${name}`] = f64Lanes(f64Ops[name], 2);
  }
  for (const name of FLOAT_COMPARE) {
    ops[`f32x4.${name}`] = floatCompare32(f32Ops[name]);
    ops[`f64x2.${name}`] = floatCompare64(f64Ops[name]);
  }
  // pmin / pmax: b < a ? b : a (a < b ? b : a), comparing values but returning bits.
  ops['f32x4.pmin'] = f32Lanes((a, b) => (f32Value(b) < f32Value(a) ? b : a), 2);
  ops['f32x4.pmax'] = f32Lanes((a, b) => (f32Value(a) < f32Value(b) ? b : a), 2);
  ops['f64x2.pmin'] = f64Lanes((a, b) => (b < a ? b : a), 2);
  ops['f64x2.pmax'] = f64Lanes((a, b) => (a < b ? b : a), 2);
  return ops;
}

const CONVERSIONS: Record<string, Compute> = {
  'i32x4.trunc_sat_f32x4_s': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = truncSatI32(f32Value(A.i32[i]!), true);
  },
  'i32x4.trunc_sat_f32x4_u': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = truncSatI32(f32Value(A.i32[i]!), false);
  },
  'f32x4.convert_i32x4_s': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = f32FromNumber(A.i32[i]!);
  },
  'f32x4.convert_i32x4_u': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = f32FromNumber(A.u32[i]!);
  },
  'i32x4.trunc_sat_f64x2_s_zero': () => {
    R.i32[0] = truncSatI32(A.f64[0]!, true);
    R.i32[1] = truncSatI32(A.f64[1]!, true);
    R.i32[2] = 0;
    R.i32[3] = 0;
  },
  'i32x4.trunc_sat_f64x2_u_zero': () => {
    R.i32[0] = truncSatI32(A.f64[0]!, false);
    R.i32[1] = truncSatI32(A.f64[1]!, false);
    R.i32[2] = 0;
    R.i32[3] = 0;
  },
  'f64x2.convert_low_i32x4_s': () => {
    R.f64[0] = A.i32[0]!;
    R.f64[1] = A.i32[1]!;
  },
  'f64x2.convert_low_i32x4_u': () => {
    R.f64[0] = A.u32[0]!;
    R.f64[1] = A.u32[1]!;
  },
  'f32x4.demote_f64x2_zero': () => {
    for (let i = 0; i < 2; i++) {
      const x = A.f64[i]!;
      R.i32[i] = x === x ? f32FromNumber(x) : f32FromNumber(x) | 0x00400000;
    }
    R.i32[2] = 0;
    R.i32[3] = 0;
  },
  'f64x2.promote_low_f32x4': () => {
    for (let i = 0; i < 2; i++) {
      const x = f32Value(A.i32[i]!);
      R.f64[i] = x === x ? x : x + x;
    }
  },
};

const MISC: Record<string, Compute> = {
  'v128.not': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = ~A.i32[i]!;
  },
  'v128.and': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = A.i32[i]! & B.i32[i]!;
  },
  'v128.andnot': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = A.i32[i]! & ~B.i32[i]!;
  },
  'v128.or': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = A.i32[i]! | B.i32[i]!;
  },
  'v128.xor': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = A.i32[i]! ^ B.i32[i]!;
  },
  'v128.bitselect': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = (A.i32[i]! & C.i32[i]!) | (B.i32[i]! & ~C.i32[i]!);
  },
  'i8x16.swizzle': () => {
    for (let i = 0; i < 16; i++) {
      const k = B.u8[i]!;
      R.u8[i] = k < 16 ? A.u8[k]! : 0;
    }
  },
  'i8x16.popcnt': lanes1('i8x16', false, popcnt8),
  'i8x16.narrow_i16x8_s': narrow('i16x8', 'i8x16', true),
  'i8x16.narrow_i16x8_u': narrow('i16x8', 'i8x16', false),
  'i16x8.narrow_i32x4_s': narrow('i32x4', 'i16x8', true),
  'i16x8.narrow_i32x4_u': narrow('i32x4', 'i16x8', false),
  'i16x8.extadd_pairwise_i8x16_s': extaddPairwise('i8x16', 'i16x8', true),
  'i16x8.extadd_pairwise_i8x16_u': extaddPairwise('i8x16', 'i16x8', false),
  'i32x4.extadd_pairwise_i16x8_s': extaddPairwise('i16x8', 'i32x4', true),
  'i32x4.extadd_pairwise_i16x8_u': extaddPairwise('i16x8', 'i32x4', false),
  'i16x8.q15mulr_sat_s': lanes2('i16x8', true, (a, b) => clamp((a * b + 0x4000) >> 15, -32768, 32767)),
  'i32x4.dot_i16x8_s': () => {
    for (let i = 0; i < 4; i++) R.i32[i] = A.i16[2 * i]! * B.i16[2 * i]! + A.i16[2 * i + 1]! * B.i16[2 * i + 1]!;
  },
  'i64x2.add': i64Lanes2((a, b) => a + b),
  'i64x2.sub': i64Lanes2((a, b) => a - b),
  'i64x2.mul': i64Lanes2((a, b) => a * b),
  'i64x2.neg': () => {
    for (let i = 0; i < 2; i++) R.i64[i] = -A.i64[i]!;
  },
  'i64x2.abs': () => {
    for (let i = 0; i < 2; i++) R.i64[i] = A.i64[i]! < 0n ? -A.i64[i]! : A.i64[i]!;
  },
  'i64x2.eq': i64Compare((a, b) => a === b),
  'i64x2.ne': i64Compare((a, b) => a !== b),
  'i64x2.lt_s': i64Compare((a, b) => a < b),
  'i64x2.gt_s': i64Compare((a, b) => a > b),
  'i64x2.le_s': i64Compare((a, b) => a <= b),
  'i64x2.ge_s': i64Compare((a, b) => a >= b),
};

function wideningOps(): Record<string, Compute> {
  const ops: Record<string, Compute> = {};
  const pairs: [IntShape, IntShape][] = [
    ['i8x16', 'i16x8'],
    ['i16x8', 'i32x4'],
  ];
  for (const [from, to] of pairs) {
    for (const half of ['low', 'high'] as const) {
      for (const sign of ['s', 'u'] as const) {
        const signed = sign === 's';
        const high = half === 'high';
        ops[`${to}.extend_${half}_${from}_${sign}`] = widen(from, to, signed, high, (a) => a, false);
        ops[`${to}.extmul_${half}_${from}_${sign}`] = widen(from, to, signed, high, to === 'i32x4' ? Math.imul : (a, b) => a * b, true);
      }
    }
  }
  for (const half of ['low', 'high'] as const) {
    for (const sign of ['s', 'u'] as const) {
      ops[`i64x2.extend_${half}_i32x4_${sign}`] = widenTo64(sign === 's', half === 'high', false);
      ops[`i64x2.extmul_${half}_i32x4_${sign}`] = widenTo64(sign === 's', half === 'high', true);
    }
  }
  return ops;
}

const COMPUTE: Record<string, Compute> = {
  ...integerOps('i8x16'),
  ...integerOps('i16x8'),
  ...integerOps('i32x4'),
  ...floatOps(),
  ...CONVERSIONS,
  ...MISC,
  ...wideningOps(),
};

// ---- tests (v128 -> i32) and shifts (v128, i32 -> v128) ------------------------------------

type Test = () => number;

function allTrue(shape: IntShape | 'i64x2'): Test {
  if (shape === 'i64x2') return () => (A.i64[0] !== 0n && A.i64[1] !== 0n ? 1 : 0);
  const { count } = SHAPES[shape];
  const a = SHAPES[shape].u(A);
  return () => {
    for (let i = 0; i < count; i++) if (a[i] === 0) return 0;
    return 1;
  };
}

function bitmask(shape: IntShape | 'i64x2'): Test {
  if (shape === 'i64x2') return () => (A.i64[0]! < 0n ? 1 : 0) | (A.i64[1]! < 0n ? 2 : 0);
  const { count } = SHAPES[shape];
  const a = SHAPES[shape].s(A);
  return () => {
    let mask = 0;
    for (let i = 0; i < count; i++) if (a[i]! < 0) mask |= 1 << i;
    return mask;
  };
}

const TESTS: Record<string, Test> = {
  'v128.any_true': () => (A.i32[0] !== 0 || A.i32[1] !== 0 || A.i32[2] !== 0 || A.i32[3] !== 0 ? 1 : 0),
};
for (const shape of ['i8x16', 'i16x8', 'i32x4', 'i64x2'] as const) {
  TESTS[`${shape}.all_true`] = allTrue(shape);
  TESTS[`${shape}.bitmask`] = bitmask(shape);
}

type Shift = (count: number) => void;

function shifts(shape: IntShape): Record<string, Shift> {
  const { count, bits } = SHAPES[shape];
  const s = SHAPES[shape].s;
  const u = SHAPES[shape].u;
  return {
    [`${shape}.shl`]: (k) => {
      const n = k & (bits - 1);
      for (let i = 0; i < count; i++) s(R)[i] = s(A)[i]! << n;
    },
    [`${shape}.shr_s`]: (k) => {
      const n = k & (bits - 1);
      for (let i = 0; i < count; i++) s(R)[i] = s(A)[i]! >> n;
    },
    [`${shape}.shr_u`]: (k) => {
      const n = k & (bits - 1);
      for (let i = 0; i < count; i++) u(R)[i] = u(A)[i]! >>> n;
    },
  };
}

const SHIFTS: Record<string, Shift> = {
  ...shifts('i8x16'),
  ...shifts('i16x8'),
  ...shifts('i32x4'),
  'i64x2.shl': (k) => {
    const n = BigInt(k & 63);
    for (let i = 0; i < 2; i++) R.i64[i] = A.i64[i]! << n;
  },
  'i64x2.shr_s': (k) => {
    const n = BigInt(k & 63);
    for (let i = 0; i < 2; i++) R.i64[i] = A.i64[i]! >> n;
  },
  'i64x2.shr_u': (k) => {
    const n = BigInt(k & 63);
    for (let i = 0; i < 2; i++) R.u64[i] = A.u64[i]! >> n;
  },
};

// ---- lanes: splat, extract, replace, shuffle, const -------------------------------------

type LaneShape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

/** Writes a scalar register (raw form) into lane i of R. */
function laneWriter(shape: LaneShape): (fp: number, slot: number, lane: number) => void {
  switch (shape) {
    case 'i8x16':
      return (fp, slot, lane) => {
        R.i8[lane] = N[fp + slot]!;
      };
    case 'i16x8':
      return (fp, slot, lane) => {
        R.i16[lane] = N[fp + slot]!;
      };
    case 'i32x4':
    case 'f32x4':
      return (fp, slot, lane) => {
        R.i32[lane] = N[fp + slot]!;
      };
    case 'i64x2':
      return (fp, slot, lane) => {
        R.i64[lane] = O[fp + slot] as bigint;
      };
    case 'f64x2':
      return (fp, slot, lane) => {
        R.f64[lane] = N[fp + slot]!;
      };
  }
}

const LANE_COUNTS: Record<LaneShape, number> = { i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2 };

function splat(shape: LaneShape): OpFactory {
  const write = laneWriter(shape);
  const count = LANE_COUNTS[shape];
  return (ctx) => {
    const a = ctx.arg(0);
    const d = ctx.result(0);
    return (fp) => {
      for (let i = 0; i < count; i++) write(fp, a, i);
      R.store(fp + d);
    };
  };
}

function laneImm(ctx: OpContext): number {
  if (ctx.inst.imm.kind !== 'lane') throw new Error(`${ctx.inst.opcode} without a lane immediate`);
  return ctx.inst.imm.lane;
}

function extractLane(shape: LaneShape, unsigned: boolean): OpFactory {
  return (ctx) => {
    const lane = laneImm(ctx);
    const a = ctx.arg(0);
    const d = ctx.result(0);
    switch (shape) {
      case 'i64x2':
        return (fp) => {
          A.load(fp + a);
          O[fp + d] = A.i64[lane]!;
        };
      case 'f64x2':
        return (fp) => {
          A.load(fp + a);
          N[fp + d] = A.f64[lane]!;
        };
      default: {
        const view = shape === 'i8x16' ? (unsigned ? A.u8 : A.i8) : shape === 'i16x8' ? (unsigned ? A.u16 : A.i16) : A.i32;
        return (fp) => {
          A.load(fp + a);
          N[fp + d] = view[lane]!;
        };
      }
    }
  };
}

function replaceLane(shape: LaneShape): OpFactory {
  const write = laneWriter(shape);
  return (ctx) => {
    const lane = laneImm(ctx);
    const v = ctx.arg(0);
    const x = ctx.arg(1);
    const d = ctx.result(0);
    return (fp) => {
      R.load(fp + v);
      write(fp, x, lane);
      R.store(fp + d);
    };
  };
}

function shuffle(ctx: OpContext): Op {
  if (ctx.inst.imm.kind !== 'shuffle') throw new Error('i8x16.shuffle without lanes');
  const lanes = Uint8Array.from(ctx.inst.imm.lanes);
  const a = ctx.arg(0);
  const b = ctx.arg(1);
  const d = ctx.result(0);
  return (fp) => {
    A.load(fp + a);
    B.load(fp + b);
    for (let i = 0; i < 16; i++) {
      const k = lanes[i]!;
      R.u8[i] = k < 16 ? A.u8[k]! : B.u8[k - 16]!;
    }
    R.store(fp + d);
  };
}

function v128Const(ctx: OpContext): Op {
  if (ctx.inst.imm.kind !== 'v128') throw new Error('v128.const without bytes');
  const lanes = new Int32Array(Uint8Array.from(ctx.inst.imm.bytes).buffer);
  const d = ctx.result(0);
  return (fp) => {
    for (let i = 0; i < 4; i++) N[fp + d + i] = lanes[i]!;
  };
}

// ---- closure shapes -------------------------------------------------------------------------

function computeOp(compute: Compute): OpFactory {
  return (ctx) => {
    const d = ctx.result(0);
    const arity = ctx.inst.args.length;
    const a = ctx.arg(0);
    if (arity === 1) {
      return (fp) => {
        A.load(fp + a);
        compute();
        R.store(fp + d);
      };
    }
    const b = ctx.arg(1);
    if (arity === 2) {
      return (fp) => {
        A.load(fp + a);
        B.load(fp + b);
        compute();
        R.store(fp + d);
      };
    }
    const c = ctx.arg(2);
    return (fp) => {
      A.load(fp + a);
      B.load(fp + b);
      C.load(fp + c);
      compute();
      R.store(fp + d);
    };
  };
}

function testOp(test: Test): OpFactory {
  return (ctx) => {
    const a = ctx.arg(0);
    const d = ctx.result(0);
    return (fp) => {
      A.load(fp + a);
      N[fp + d] = test();
    };
  };
}

function shiftOp(shift: Shift): OpFactory {
  return (ctx) => {
    const a = ctx.arg(0);
    const k = ctx.arg(1);
    const d = ctx.result(0);
    return (fp) => {
      A.load(fp + a);
      shift(N[fp + k]!);
      R.store(fp + d);
    };
  };
}

function buildSimdOps(): Record<string, OpFactory> {
  const ops: Record<string, OpFactory> = { 'v128.const': v128Const, 'i8x16.shuffle': shuffle };
  for (const [name, compute] of Object.entries(COMPUTE)) ops[name] = computeOp(compute);
  for (const [name, test] of Object.entries(TESTS)) ops[name] = testOp(test);
  for (const [name, shift] of Object.entries(SHIFTS)) ops[name] = shiftOp(shift);
  for (const shape of Object.keys(LANE_COUNTS) as LaneShape[]) {
    ops[`${shape}.splat`] = splat(shape);
    ops[`${shape}.replace_lane`] = replaceLane(shape);
    if (shape === 'i8x16' || shape === 'i16x8') {
      ops[`${shape}.extract_lane_s`] = extractLane(shape, false);
      ops[`${shape}.extract_lane_u`] = extractLane(shape, true);
    } else {
      ops[`${shape}.extract_lane`] = extractLane(shape, false);
    }
  }
  return ops;
}

export const SIMD_OPS: Record<string, OpFactory> = buildSimdOps();
