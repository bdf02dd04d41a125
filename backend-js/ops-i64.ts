/**
 * i64 as BigInt (values in [-2^63, 2^63), normalised with BigInt.asIntN after every
 * operation that can leave that range). Kept apart from the other lowerings so that the
 * planned i64 → int32-pair legalization replaces this file (and runtime-support/js/i64.ts).
 */
import type { BinaryOperator } from 'estree';
import { bigintLit, binary, bool, call, member, num, type Expr } from './js-ast.js';
import type { LowerContext, Lowered, Lowering } from './lowering.js';

type RuntimeName = Parameters<LowerContext['module']['rt']>[0];

export const wrap64 = (e: Expr): Expr => call(member('BigInt', 'asIntN'), [num(64), e]);
export const unsigned64 = (e: Expr): Expr => call(member('BigInt', 'asUintN'), [num(64), e]);
/** An i64 (BigInt) as a JS number: exact below 2^53, far out of any bounds above. */
export const i64ToIndex = (e: Expr): Expr => call('Number', [unsigned64(e)]);
const toBigInt = (e: Expr): Expr => call('BigInt', [e]);
const cmp = (expr: Expr): Lowered => ({ expr, bool: true });

function wrapped(op: BinaryOperator): Lowering {
  return (c) => ({ expr: wrap64(binary(op, c.arg(0), c.arg(1))) });
}

function plain(op: BinaryOperator): Lowering {
  return (c) => ({ expr: binary(op, c.arg(0), c.arg(1)) });
}

function compare(op: BinaryOperator, isUnsigned: boolean): Lowering {
  return (c) =>
    cmp(isUnsigned ? binary(op, unsigned64(c.arg(0)), unsigned64(c.arg(1))) : binary(op, c.arg(0), c.arg(1)));
}

function helper(name: RuntimeName, ...extra: Expr[]): Lowering {
  return (c) => ({ expr: call(c.module.rt(name), [...c.inst.args.map((_, i) => c.arg(i)), ...extra]) });
}

const shiftCount = (c: LowerContext): Expr => binary('&', c.arg(1), bigintLit(63n));

function signExtend(bits: number): Lowering {
  return (c) => ({ expr: call(member('BigInt', 'asIntN'), [num(bits), c.arg(0)]) });
}

function integerOps(): [string, Lowering][] {
  return [
    ['i64.add', wrapped('+')],
    ['i64.sub', wrapped('-')],
    ['i64.mul', wrapped('*')],
    ['i64.div_s', helper('i64DivS')],
    ['i64.div_u', helper('i64DivU')],
    ['i64.rem_s', helper('i64RemS')],
    ['i64.rem_u', helper('i64RemU')],
    ['i64.and', plain('&')],
    ['i64.or', plain('|')],
    ['i64.xor', plain('^')],
    ['i64.shl', (c) => ({ expr: wrap64(binary('<<', c.arg(0), shiftCount(c))) })],
    ['i64.shr_s', (c) => ({ expr: binary('>>', c.arg(0), shiftCount(c)) })],
    ['i64.shr_u', (c) => ({ expr: wrap64(binary('>>', unsigned64(c.arg(0)), shiftCount(c))) })],
    ['i64.rotl', helper('i64Rotl')],
    ['i64.rotr', helper('i64Rotr')],
    ['i64.clz', helper('i64Clz')],
    ['i64.ctz', helper('i64Ctz')],
    ['i64.popcnt', helper('i64Popcnt')],
    ['i64.eqz', (c) => cmp(binary('===', c.arg(0), bigintLit(0n)))],
    ['i64.eq', compare('===', false)],
    ['i64.ne', compare('!==', false)],
    ['i64.lt_s', compare('<', false)],
    ['i64.lt_u', compare('<', true)],
    ['i64.gt_s', compare('>', false)],
    ['i64.gt_u', compare('>', true)],
    ['i64.le_s', compare('<=', false)],
    ['i64.le_u', compare('<=', true)],
    ['i64.ge_s', compare('>=', false)],
    ['i64.ge_u', compare('>=', true)],
    ['i64.extend8_s', signExtend(8)],
    ['i64.extend16_s', signExtend(16)],
    ['i64.extend32_s', signExtend(32)],
  ];
}

function conversionOps(): [string, Lowering][] {
  const ops: [string, Lowering][] = [
    ['i32.wrap_i64', helper('i64Wrap')],
    ['i64.extend_i32_s', (c) => ({ expr: toBigInt(c.arg(0)) })],
    ['i64.extend_i32_u', (c) => ({ expr: toBigInt(binary('>>>', c.arg(0), num(0))) })],
    ['i64.reinterpret_f64', helper('f64ToBits')],
    ['f64.reinterpret_i64', helper('f64FromBits')],
  ];
  for (const sign of ['s', 'u'] as const) {
    const signed = bool(sign === 's');
    for (const from of ['f32', 'f64']) {
      ops.push([`i64.trunc_${from}_${sign}`, helper('truncI64', signed)]);
      ops.push([`i64.trunc_sat_${from}_${sign}`, helper('truncSatI64', signed)]);
    }
    ops.push([`f32.convert_i64_${sign}`, helper('i64ToF32', signed)]);
    ops.push([`f64.convert_i64_${sign}`, helper('i64ToF64', signed)]);
  }
  return ops;
}

export const I64_LOWERINGS: ReadonlyMap<string, Lowering> = new Map([...integerOps(), ...conversionOps()]);

/** i64 constants: BigInt literals. */
export function i64Const(value: bigint): Expr {
  return bigintLit(value);
}

