/**
 * i32, f32 and f64 arithmetic, comparisons and the conversions between them.
 * i32 results are kept int32 (`|0`, Math.imul, `>>>0` only inside comparisons); every
 * f32 result is rounded with Math.fround; sign operations and reinterpretations go through
 * the bit-exact helpers (runtime-support/js/float-bits.ts).
 */
import type { BinaryOperator } from 'estree';
import { binary, bool, call, member, num, unary, type Expr } from './js-ast.js';
import type { LowerContext, Lowered, Lowering } from './lowering.js';

const ZERO = num(0);
const fround = (e: Expr): Expr => call(member('Math', 'fround'), [e]);
const int = (e: Expr): Lowered => ({ expr: binary('|', e, ZERO) });
const u32 = (e: Expr): Expr => binary('>>>', e, ZERO);
const cmp = (expr: Expr): Lowered => ({ expr, bool: true });

function i32Binary(op: BinaryOperator): Lowering {
  return (c) => ({ expr: binary(op, c.arg(0), c.arg(1)) });
}

function i32Compare(op: BinaryOperator, unsigned: boolean): Lowering {
  return (c) => cmp(unsigned ? binary(op, u32(c.arg(0)), u32(c.arg(1))) : binary(op, c.arg(0), c.arg(1)));
}

function helper(name: Parameters<LowerContext['module']['rt']>[0], ...extra: Expr[]): Lowering {
  return (c) => ({ expr: call(c.module.rt(name), [...c.inst.args.map((_, i) => c.arg(i)), ...extra]) });
}

/**
 * i32 division and remainder. A constant divisor that cannot trap is inlined (a helper call
 * in a hot loop may not be inlined by TurboFan once the function's inlining budget is spent):
 * a double division of two int32 (or uint32) values truncated with `|0` is the exact integer
 * quotient — the error of the rounded quotient stays below the gap 1/|d| to the next integer —
 * and `%` on exact integers is exact, with the dividend's sign as Wasm's rem_s wants.
 */
function divide(op: '/' | '%', unsigned: boolean, helperName: 'i32DivS' | 'i32DivU' | 'i32RemS' | 'i32RemU'): Lowering {
  return (c) => {
    const divisor = c.constantI32(1);
    // div_s by -1 traps on INT32_MIN; rem_s by -1 is 0 and safe.
    if (divisor === undefined || divisor === 0 || (divisor === -1 && op === '/' && !unsigned)) return helper(helperName)(c);
    return unsigned ? int(binary(op, u32(c.arg(0)), num(divisor >>> 0))) : int(binary(op, c.arg(0), num(divisor)));
  };
}

function floatBinary(op: BinaryOperator, f32: boolean): Lowering {
  return (c) => {
    const expr = binary(op, c.arg(0), c.arg(1));
    return { expr: f32 ? fround(expr) : expr };
  };
}

function mathUnary(fnName: string, f32: boolean): Lowering {
  return (c) => {
    const expr = call(member('Math', fnName), [c.arg(0)]);
    return { expr: f32 ? fround(expr) : expr };
  };
}

function floatCompare(op: BinaryOperator): Lowering {
  return (c) => cmp(binary(op, c.arg(0), c.arg(1)));
}

function rotate(left: boolean): Lowering {
  return (c) => {
    const [a, b] = [c.arg(0), c.arg(1)];
    const back = binary('-', num(32), b);
    const expr = left
      ? binary('|', binary('<<', a, b), binary('>>>', a, back))
      : binary('|', binary('>>>', a, b), binary('<<', a, back));
    return int(expr);
  };
}

function i32Ops(): [string, Lowering][] {
  return [
    ['i32.add', (c) => int(binary('+', c.arg(0), c.arg(1)))],
    ['i32.sub', (c) => int(binary('-', c.arg(0), c.arg(1)))],
    ['i32.mul', (c) => ({ expr: call(member('Math', 'imul'), [c.arg(0), c.arg(1)]) })],
    ['i32.div_s', divide('/', false, 'i32DivS')],
    ['i32.div_u', divide('/', true, 'i32DivU')],
    ['i32.rem_s', divide('%', false, 'i32RemS')],
    ['i32.rem_u', divide('%', true, 'i32RemU')],
    ['i32.and', i32Binary('&')],
    ['i32.or', i32Binary('|')],
    ['i32.xor', i32Binary('^')],
    ['i32.shl', i32Binary('<<')],
    ['i32.shr_s', i32Binary('>>')],
    ['i32.shr_u', (c) => int(binary('>>>', c.arg(0), c.arg(1)))],
    ['i32.rotl', rotate(true)],
    ['i32.rotr', rotate(false)],
    ['i32.clz', (c) => ({ expr: call(member('Math', 'clz32'), [c.arg(0)]) })],
    ['i32.ctz', helper('i32Ctz')],
    ['i32.popcnt', helper('i32Popcnt')],
    ['i32.eqz', (c) => cmp(unary('!', c.cond(0)))],
    ['i32.eq', i32Compare('===', false)],
    ['i32.ne', i32Compare('!==', false)],
    ['i32.lt_s', i32Compare('<', false)],
    ['i32.lt_u', i32Compare('<', true)],
    ['i32.gt_s', i32Compare('>', false)],
    ['i32.gt_u', i32Compare('>', true)],
    ['i32.le_s', i32Compare('<=', false)],
    ['i32.le_u', i32Compare('<=', true)],
    ['i32.ge_s', i32Compare('>=', false)],
    ['i32.ge_u', i32Compare('>=', true)],
    ['i32.extend8_s', (c) => ({ expr: binary('>>', binary('<<', c.arg(0), num(24)), num(24)) })],
    ['i32.extend16_s', (c) => ({ expr: binary('>>', binary('<<', c.arg(0), num(16)), num(16)) })],
  ];
}

function floatOps(type: 'f32' | 'f64'): [string, Lowering][] {
  const f32 = type === 'f32';
  return [
    [`${type}.add`, floatBinary('+', f32)],
    [`${type}.sub`, floatBinary('-', f32)],
    [`${type}.mul`, floatBinary('*', f32)],
    [`${type}.div`, floatBinary('/', f32)],
    [`${type}.min`, helper('fmin')],
    [`${type}.max`, helper('fmax')],
    [`${type}.copysign`, helper('fcopysign')],
    [`${type}.abs`, helper('fabs')],
    [`${type}.neg`, helper('fneg')],
    // ceil/floor/trunc of an f32 value are f32 values: no rounding needed.
    [`${type}.ceil`, helper('fceil')],
    [`${type}.floor`, helper('ffloor')],
    [`${type}.trunc`, helper('ftrunc')],
    [`${type}.nearest`, helper('fnearest')],
    [`${type}.sqrt`, mathUnary('sqrt', f32)],
    [`${type}.eq`, floatCompare('===')],
    [`${type}.ne`, floatCompare('!==')],
    [`${type}.lt`, floatCompare('<')],
    [`${type}.gt`, floatCompare('>')],
    [`${type}.le`, floatCompare('<=')],
    [`${type}.ge`, floatCompare('>=')],
  ];
}

function conversionOps(): [string, Lowering][] {
  const ops: [string, Lowering][] = [];
  for (const from of ['f32', 'f64']) {
    for (const sign of ['s', 'u'] as const) {
      const signed = bool(sign === 's');
      ops.push([`i32.trunc_${from}_${sign}`, helper('truncI32', signed)]);
      ops.push([`i32.trunc_sat_${from}_${sign}`, helper('truncSatI32', signed)]);
    }
  }
  ops.push(
    ['f32.convert_i32_s', (c) => ({ expr: fround(c.arg(0)) })],
    ['f32.convert_i32_u', (c) => ({ expr: fround(u32(c.arg(0))) })],
    ['f64.convert_i32_s', (c) => ({ expr: c.arg(0) })],
    ['f64.convert_i32_u', (c) => ({ expr: u32(c.arg(0)) })],
    ['f32.demote_f64', (c) => ({ expr: fround(c.arg(0)) })],
    ['f64.promote_f32', helper('promoteF32')],
    ['i32.reinterpret_f32', helper('f32ToBits')],
    ['f32.reinterpret_i32', helper('f32FromBits')],
  );
  return ops;
}

export const NUMERIC_LOWERINGS: ReadonlyMap<string, Lowering> = new Map([
  ...i32Ops(),
  ...floatOps('f32'),
  ...floatOps('f64'),
  ...conversionOps(),
]);
