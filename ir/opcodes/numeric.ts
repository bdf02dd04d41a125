/**
 * Scalar numeric opcodes: constants, integer and float arithmetic, comparisons and
 * conversions, named exactly as in Wasm. Trapping ones (div/rem, float->int truncation)
 * trap inside the operation; their trap codes are listed so passes know they are not pure.
 */
import type { TrapCode } from '../traps.js';
import type { IrType } from '../types.js';
import { op, type OpInfo } from './info.js';

const DIV_TRAPS: readonly TrapCode[] = ['int_divz', 'int_ovf'];
const REM_TRAPS: readonly TrapCode[] = ['int_divz'];
const TRUNC_TRAPS: readonly TrapCode[] = ['bad_conversion', 'int_ovf'];

function integerOps(t: 'i32' | 'i64'): OpInfo[] {
  const ops: OpInfo[] = [op(`${t}.eqz`, 'plain', [t], ['i32'])];
  for (const cmp of ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u']) {
    ops.push(op(`${t}.${cmp}`, 'plain', [t, t], ['i32']));
  }
  for (const unary of ['clz', 'ctz', 'popcnt']) ops.push(op(`${t}.${unary}`, 'plain', [t], [t]));
  for (const binary of ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr']) {
    ops.push(op(`${t}.${binary}`, 'plain', [t, t], [t]));
  }
  ops.push(op(`${t}.div_s`, 'plain', [t, t], [t], { traps: DIV_TRAPS }));
  ops.push(op(`${t}.div_u`, 'plain', [t, t], [t], { traps: REM_TRAPS }));
  ops.push(op(`${t}.rem_s`, 'plain', [t, t], [t], { traps: REM_TRAPS }));
  ops.push(op(`${t}.rem_u`, 'plain', [t, t], [t], { traps: REM_TRAPS }));
  return ops;
}

function floatOps(t: 'f32' | 'f64'): OpInfo[] {
  const ops: OpInfo[] = [];
  for (const cmp of ['eq', 'ne', 'lt', 'gt', 'le', 'ge']) ops.push(op(`${t}.${cmp}`, 'plain', [t, t], ['i32']));
  for (const unary of ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt']) {
    ops.push(op(`${t}.${unary}`, 'plain', [t], [t]));
  }
  for (const binary of ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign']) {
    ops.push(op(`${t}.${binary}`, 'plain', [t, t], [t]));
  }
  return ops;
}

function conversion(name: string, from: IrType, to: IrType, traps: readonly TrapCode[] = []): OpInfo {
  return op(name, 'plain', [from], [to], { traps });
}

function conversionOps(): OpInfo[] {
  const ops: OpInfo[] = [conversion('i32.wrap_i64', 'i64', 'i32')];
  for (const to of ['i32', 'i64'] as const) {
    for (const from of ['f32', 'f64'] as const) {
      for (const sign of ['s', 'u']) {
        ops.push(conversion(`${to}.trunc_${from}_${sign}`, from, to, TRUNC_TRAPS));
        ops.push(conversion(`${to}.trunc_sat_${from}_${sign}`, from, to));
      }
    }
  }
  ops.push(conversion('i64.extend_i32_s', 'i32', 'i64'), conversion('i64.extend_i32_u', 'i32', 'i64'));
  for (const to of ['f32', 'f64'] as const) {
    for (const from of ['i32', 'i64'] as const) {
      for (const sign of ['s', 'u']) ops.push(conversion(`${to}.convert_${from}_${sign}`, from, to));
    }
  }
  ops.push(
    conversion('f32.demote_f64', 'f64', 'f32'),
    conversion('f64.promote_f32', 'f32', 'f64'),
    conversion('i32.reinterpret_f32', 'f32', 'i32'),
    conversion('i64.reinterpret_f64', 'f64', 'i64'),
    conversion('f32.reinterpret_i32', 'i32', 'f32'),
    conversion('f64.reinterpret_i64', 'i64', 'f64'),
    conversion('i32.extend8_s', 'i32', 'i32'),
    conversion('i32.extend16_s', 'i32', 'i32'),
    conversion('i64.extend8_s', 'i64', 'i64'),
    conversion('i64.extend16_s', 'i64', 'i64'),
    conversion('i64.extend32_s', 'i64', 'i64'),
  );
  return ops;
}

export const NUMERIC_OPS: readonly OpInfo[] = [
  op('i32.const', 'i32const', [], ['i32']),
  op('i64.const', 'i64const', [], ['i64']),
  op('f32.const', 'f32const', [], ['f32']),
  op('f64.const', 'f64const', [], ['f64']),
  ...integerOps('i32'),
  ...integerOps('i64'),
  ...floatOps('f32'),
  ...floatOps('f64'),
  ...conversionOps(),
];
