/**
 * SIMD128 opcodes (Wasm 2.0 fixed-width SIMD), except loads and stores (memory.ts).
 * Lane-indexed ops carry their lane as an immediate; `i8x16.shuffle` carries 16 lane
 * indices. All are pure.
 */
import type { IrType } from '../types.js';
import { op, type OpInfo } from './info.js';

type IntShape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2';
type FloatShape = 'f32x4' | 'f64x2';

const V = 'v128';
const LANES: Record<IntShape | FloatShape, number> = { i8x16: 16, i16x8: 8, i32x4: 4, i64x2: 2, f32x4: 4, f64x2: 2 };
const LANE_TYPE: Record<IntShape | FloatShape, IrType> = {
  i8x16: 'i32',
  i16x8: 'i32',
  i32x4: 'i32',
  i64x2: 'i64',
  f32x4: 'f32',
  f64x2: 'f64',
};

const unary = (name: string): OpInfo => op(name, 'plain', [V], [V]);
const binary = (name: string): OpInfo => op(name, 'plain', [V, V], [V]);
const test = (name: string): OpInfo => op(name, 'plain', [V], ['i32']);
const shift = (name: string): OpInfo => op(name, 'plain', [V, 'i32'], [V]);

function laneAccessOps(shape: IntShape | FloatShape): OpInfo[] {
  const laneType = LANE_TYPE[shape];
  const laneCount = LANES[shape];
  const extracts = shape === 'i8x16' || shape === 'i16x8' ? ['extract_lane_s', 'extract_lane_u'] : ['extract_lane'];
  return [
    op(`${shape}.splat`, 'plain', [laneType], [V]),
    ...extracts.map((name) => op(`${shape}.${name}`, 'lane', [V], [laneType], { laneCount })),
    op(`${shape}.replace_lane`, 'lane', [V, laneType], [V], { laneCount }),
  ];
}

function comparisonOps(shape: IntShape | FloatShape): OpInfo[] {
  let names: string[];
  if (shape === 'f32x4' || shape === 'f64x2') names = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
  else if (shape === 'i64x2') names = ['eq', 'ne', 'lt_s', 'gt_s', 'le_s', 'ge_s'];
  else names = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
  return names.map((name) => binary(`${shape}.${name}`));
}

/** abs, neg, all_true, bitmask, shifts, add, sub: common to every integer shape. */
function commonIntegerOps(shape: IntShape): OpInfo[] {
  return [
    unary(`${shape}.abs`),
    unary(`${shape}.neg`),
    test(`${shape}.all_true`),
    test(`${shape}.bitmask`),
    shift(`${shape}.shl`),
    shift(`${shape}.shr_s`),
    shift(`${shape}.shr_u`),
    binary(`${shape}.add`),
    binary(`${shape}.sub`),
  ];
}

/** Ops of i8x16 and i16x8 only: saturating arithmetic, min/max, rounding average. */
function narrowIntegerOps(shape: 'i8x16' | 'i16x8'): OpInfo[] {
  const names = ['add_sat_s', 'add_sat_u', 'sub_sat_s', 'sub_sat_u', 'min_s', 'min_u', 'max_s', 'max_u', 'avgr_u'];
  return names.map((name) => binary(`${shape}.${name}`));
}

function widening(shape: 'i16x8' | 'i32x4' | 'i64x2', from: IntShape): OpInfo[] {
  const ops: OpInfo[] = [];
  for (const half of ['low', 'high']) {
    for (const sign of ['s', 'u']) {
      ops.push(unary(`${shape}.extend_${half}_${from}_${sign}`));
      ops.push(binary(`${shape}.extmul_${half}_${from}_${sign}`));
    }
  }
  return ops;
}

function floatOps(shape: FloatShape): OpInfo[] {
  return [
    ...['ceil', 'floor', 'trunc', 'nearest', 'abs', 'neg', 'sqrt'].map((name) => unary(`${shape}.${name}`)),
    ...['add', 'sub', 'mul', 'div', 'min', 'max', 'pmin', 'pmax'].map((name) => binary(`${shape}.${name}`)),
  ];
}

export const SIMD_OPS: readonly OpInfo[] = [
  op('v128.const', 'v128const', [], [V]),
  op('i8x16.shuffle', 'shuffle', [V, V], [V]),
  binary('i8x16.swizzle'),
  ...(['i8x16', 'i16x8', 'i32x4', 'i64x2', 'f32x4', 'f64x2'] as const).flatMap((shape) => [
    ...laneAccessOps(shape),
    ...comparisonOps(shape),
  ]),
  unary('v128.not'),
  binary('v128.and'),
  binary('v128.andnot'),
  binary('v128.or'),
  binary('v128.xor'),
  op('v128.bitselect', 'plain', [V, V, V], [V]),
  test('v128.any_true'),
  ...(['i8x16', 'i16x8', 'i32x4', 'i64x2'] as const).flatMap(commonIntegerOps),
  unary('i8x16.popcnt'),
  binary('i8x16.narrow_i16x8_s'),
  binary('i8x16.narrow_i16x8_u'),
  ...narrowIntegerOps('i8x16'),
  ...narrowIntegerOps('i16x8'),
  unary('i16x8.extadd_pairwise_i8x16_s'),
  unary('i16x8.extadd_pairwise_i8x16_u'),
  binary('i16x8.q15mulr_sat_s'),
  binary('i16x8.narrow_i32x4_s'),
  binary('i16x8.narrow_i32x4_u'),
  binary('i16x8.mul'),
  ...widening('i16x8', 'i8x16'),
  unary('i32x4.extadd_pairwise_i16x8_s'),
  unary('i32x4.extadd_pairwise_i16x8_u'),
  binary('i32x4.mul'),
  ...['min_s', 'min_u', 'max_s', 'max_u'].map((name) => binary(`i32x4.${name}`)),
  binary('i32x4.dot_i16x8_s'),
  ...widening('i32x4', 'i16x8'),
  binary('i64x2.mul'),
  ...widening('i64x2', 'i32x4'),
  ...floatOps('f32x4'),
  ...floatOps('f64x2'),
  unary('i32x4.trunc_sat_f32x4_s'),
  unary('i32x4.trunc_sat_f32x4_u'),
  unary('f32x4.convert_i32x4_s'),
  unary('f32x4.convert_i32x4_u'),
  unary('i32x4.trunc_sat_f64x2_s_zero'),
  unary('i32x4.trunc_sat_f64x2_u_zero'),
  unary('f64x2.convert_low_i32x4_s'),
  unary('f64x2.convert_low_i32x4_u'),
  unary('f32x4.demote_f64x2_zero'),
  unary('f64x2.promote_low_f32x4'),
];
