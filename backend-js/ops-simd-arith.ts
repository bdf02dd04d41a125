/**
 * SIMD arithmetic, comparisons and conversions. Inline: i32x4 and f32x4/f64x2 (the float
 * ops work on float-form lanes: `Math.fround(a + b)` per f32 lane, plain doubles for f64),
 * plus i64x2 add/sub/neg/eq/ne on word pairs. The narrow-lane and rarer ops call the
 * runtime's `simdOps` entries (runtime-support/js/simd.ts).
 */
import type { BinaryOperator } from 'estree';
import type { RuntimeName } from './module-context.js';
import type { LaneForm, SimdContext, SimdLowered, SimdOp } from './ops-simd-forms.js';
import { binary, bool, call, conditional, index, logical, member, num, exprStmt, type Expr } from './js-ast.js';

const ZERO = num(0);
const MINUS_ONE = num(-1);
const int = (e: Expr): Expr => binary('|', e, ZERO);
const u32 = (e: Expr): Expr => binary('>>>', e, ZERO);
const fround = (e: Expr): Expr => call(member('Math', 'fround'), [e]);
const mask = (condition: Expr): Expr => conditional(condition, MINUS_ONE, ZERO);
const i32Lanes = (lanes: Expr[]): SimdLowered => ({ form: 'i32', lanes });

function resultWords(c: SimdContext): SimdLowered {
  return i32Lanes([0, 1, 2, 3].map((k) => index(c.module.rt('simdResult'), k)));
}

/** An out-of-line op with a v128 result: v128 operands as words, then scalar operands. */
function outOfLine(name: string, vectors: number, scalars = 0): SimdOp {
  return {
    lower: (c) => {
      const args: Expr[] = [];
      for (let i = 0; i < vectors; i++) args.push(...c.lanes(i, 'i32'));
      for (let i = 0; i < scalars; i++) args.push(c.base.arg(vectors + i));
      c.emit(exprStmt(call(c.helper(name), args)));
      return resultWords(c);
    },
  };
}

/** An out-of-line test (all_true / bitmask) returning an i32. */
function outOfLineTest(name: string): SimdOp {
  return { lower: (c) => ({ expr: call(c.helper(name), c.lanes(0, 'i32')) }) };
}

function i32Binary(f: (a: Expr, b: Expr) => Expr): SimdOp {
  return {
    lower: (c) => {
      const b = c.lanes(1, 'i32');
      return i32Lanes(c.lanes(0, 'i32').map((a, k) => f(a, b[k]!)));
    },
  };
}

function i32Compare(op: BinaryOperator, unsigned: boolean): SimdOp {
  return { maskWidth: 32, ...i32Binary((a, b) => mask(unsigned ? binary(op, u32(a), u32(b)) : binary(op, a, b))) };
}

function i32Shift(op: '<<' | '>>' | '>>>'): SimdOp {
  return {
    lower: (c) => {
      // JS shift counts are taken mod 32, as Wasm's are for 32-bit lanes.
      const count = c.once(c.base.arg(1));
      return i32Lanes(c.lanes(0, 'i32').map((a) => int(binary(op, a, count))));
    },
  };
}

const INT_COMPARES: [string, BinaryOperator, boolean][] = [
  ['eq', '===', false],
  ['ne', '!==', false],
  ['lt_s', '<', false],
  ['lt_u', '<', true],
  ['gt_s', '>', false],
  ['gt_u', '>', true],
  ['le_s', '<=', false],
  ['le_u', '<=', true],
  ['ge_s', '>=', false],
  ['ge_u', '>=', true],
];

function i32x4Ops(): [string, SimdOp][] {
  const select = (op: BinaryOperator, unsigned: boolean): SimdOp =>
    i32Binary((a, b) => conditional(unsigned ? binary(op, u32(a), u32(b)) : binary(op, a, b), a, b));
  return [
    ['i32x4.add', i32Binary((a, b) => int(binary('+', a, b)))],
    ['i32x4.sub', i32Binary((a, b) => int(binary('-', a, b)))],
    ['i32x4.mul', i32Binary((a, b) => call(member('Math', 'imul'), [a, b]))],
    ['i32x4.min_s', select('<', false)],
    ['i32x4.min_u', select('<', true)],
    ['i32x4.max_s', select('>', false)],
    ['i32x4.max_u', select('>', true)],
    ['i32x4.neg', { lower: (c) => i32Lanes(c.lanes(0, 'i32').map((a) => int(binary('-', ZERO, a)))) }],
    ['i32x4.abs', { lower: (c) => i32Lanes(c.lanes(0, 'i32').map((a) => int(call(member('Math', 'abs'), [a])))) }],
    ...INT_COMPARES.map(([name, op, unsigned]): [string, SimdOp] => [`i32x4.${name}`, i32Compare(op, unsigned)]),
    ['i32x4.shl', i32Shift('<<')],
    ['i32x4.shr_s', i32Shift('>>')],
    ['i32x4.shr_u', i32Shift('>>>')],
    [
      'i32x4.all_true',
      { lower: (c) => ({ expr: c.lanes(0, 'i32').map((a) => binary('!==', a, ZERO)).reduce((x, y) => logical('&&', x, y)), bool: true }) },
    ],
    [
      'i32x4.bitmask',
      { lower: (c) => ({ expr: c.lanes(0, 'i32').map((a, k) => binary('<<', binary('>>>', a, num(31)), num(k))).reduce((x, y) => binary('|', x, y)) }) },
    ],
    ['i32x4.dot_i16x8_s', outOfLine('i32x4.dot_i16x8_s', 2)],
  ];
}

/** i64 lanes as (low, high) word pairs. */
function i64x2Ops(): [string, SimdOp][] {
  const pairs = (c: SimdContext, i: number): [Expr, Expr][] => {
    const w = c.lanes(i, 'i32');
    return [
      [w[0]!, w[1]!],
      [w[2]!, w[3]!],
    ];
  };
  const carry = (condition: Expr): Expr => conditional(condition, num(1), ZERO);
  const addSub = (add: boolean): SimdOp => ({
    lower: (c) => {
      const b = pairs(c, 1);
      return i32Lanes(
        pairs(c, 0).flatMap(([al, ah], j) => {
          const [bl, bh] = b[j]!;
          const overflow = add ? binary('>', binary('+', u32(al), u32(bl)), num(0xffffffff)) : binary('<', u32(al), u32(bl));
          const high = binary(add ? '+' : '-', binary(add ? '+' : '-', ah, bh), carry(overflow));
          return [int(binary(add ? '+' : '-', al, bl)), int(high)];
        }),
      );
    },
  });
  const equality = (equal: boolean): SimdOp => ({
    maskWidth: 64,
    lower: (c) => {
      const b = pairs(c, 1);
      return i32Lanes(
        pairs(c, 0).flatMap(([al, ah], j) => {
          const [bl, bh] = b[j]!;
          const same = logical('&&', binary('===', al, bl), binary('===', ah, bh));
          const m = c.once(equal ? mask(same) : conditional(same, ZERO, MINUS_ONE));
          return [m, m];
        }),
      );
    },
  });
  const ops: [string, SimdOp][] = [
    ['i64x2.add', addSub(true)],
    ['i64x2.sub', addSub(false)],
    [
      'i64x2.neg',
      {
        lower: (c) =>
          i32Lanes(pairs(c, 0).flatMap(([low, high]) => [int(binary('-', ZERO, low)), int(binary('-', binary('-', ZERO, high), carry(binary('!==', low, ZERO))))])),
      },
    ],
    ['i64x2.eq', equality(true)],
    ['i64x2.ne', equality(false)],
    [
      'i64x2.all_true',
      { lower: (c) => ({ expr: logical('&&', ...(pairs(c, 0).map(([l, h]) => binary('!==', binary('|', l, h), ZERO)) as [Expr, Expr])), bool: true }) },
    ],
    [
      'i64x2.bitmask',
      {
        lower: (c) => {
          const [[, h0], [, h1]] = pairs(c, 0);
          return { expr: binary('|', binary('>>>', h0!, num(31)), binary('<<', binary('>>>', h1!, num(31)), num(1))) };
        },
      },
    ],
    ['i64x2.mul', outOfLine('i64x2.mul', 2)],
    ['i64x2.abs', outOfLine('i64x2.abs', 1)],
  ];
  for (const name of ['lt_s', 'gt_s', 'le_s', 'ge_s']) ops.push([`i64x2.${name}`, { maskWidth: 64, ...outOfLine(`i64x2.${name}`, 2) }]);
  for (const name of ['shl', 'shr_s', 'shr_u']) ops.push([`i64x2.${name}`, outOfLine(`i64x2.${name}`, 1, 1)]);
  return ops;
}

/** i8x16 / i16x8 ops and the widening/narrowing family: out of line. */
function narrowLaneOps(): [string, SimdOp][] {
  const ops: [string, SimdOp][] = [];
  for (const shape of ['i8x16', 'i16x8']) {
    const binaryNames = ['add', 'sub', 'min_s', 'min_u', 'max_s', 'max_u', 'add_sat_s', 'add_sat_u', 'sub_sat_s', 'sub_sat_u', 'avgr_u'];
    if (shape === 'i16x8') binaryNames.push('mul', 'q15mulr_sat_s');
    for (const name of binaryNames) ops.push([`${shape}.${name}`, outOfLine(`${shape}.${name}`, 2)]);
    for (const [name] of INT_COMPARES) ops.push([`${shape}.${name}`, { maskWidth: shape === 'i8x16' ? 8 : 16, ...outOfLine(`${shape}.${name}`, 2) }]);
    for (const name of ['neg', 'abs']) ops.push([`${shape}.${name}`, outOfLine(`${shape}.${name}`, 1)]);
    for (const name of ['shl', 'shr_s', 'shr_u']) ops.push([`${shape}.${name}`, outOfLine(`${shape}.${name}`, 1, 1)]);
    for (const name of ['all_true', 'bitmask']) ops.push([`${shape}.${name}`, outOfLineTest(`${shape}.${name}`)]);
  }
  const unary = [
    'i8x16.popcnt',
    'i16x8.extadd_pairwise_i8x16_s',
    'i16x8.extadd_pairwise_i8x16_u',
    'i32x4.extadd_pairwise_i16x8_s',
    'i32x4.extadd_pairwise_i16x8_u',
  ];
  for (const name of unary) ops.push([name, outOfLine(name, 1)]);
  for (const name of ['i8x16.narrow_i16x8_s', 'i8x16.narrow_i16x8_u', 'i16x8.narrow_i32x4_s', 'i16x8.narrow_i32x4_u']) ops.push([name, outOfLine(name, 2)]);
  const widening: [string, string][] = [
    ['i16x8', 'i8x16'],
    ['i32x4', 'i16x8'],
    ['i64x2', 'i32x4'],
  ];
  for (const [to, from] of widening) {
    for (const half of ['low', 'high']) {
      for (const sign of ['s', 'u']) {
        // extend takes one operand; the helper ignores the second operand's words.
        ops.push([`${to}.extend_${half}_${from}_${sign}`, outOfLine(`${to}.extend_${half}_${from}_${sign}`, 1)]);
        ops.push([`${to}.extmul_${half}_${from}_${sign}`, outOfLine(`${to}.extmul_${half}_${from}_${sign}`, 2)]);
      }
    }
  }
  return ops;
}

function floatOps(shape: 'f32x4' | 'f64x2'): [string, SimdOp][] {
  const form: LaneForm = shape === 'f32x4' ? 'f32' : 'f64';
  const round = form === 'f32' ? fround : (e: Expr): Expr => e;
  const lanes = (lanesOf: (c: SimdContext) => Expr[]): SimdOp['lower'] => (c) => ({ form, lanes: lanesOf(c) });
  const floatBinary = (f: (a: Expr, b: Expr) => Expr): SimdOp => ({
    result: form,
    lower: lanes((c) => {
      const b = c.lanes(1, form);
      return c.lanes(0, form).map((a, k) => f(a, b[k]!));
    }),
  });
  const floatUnary = (f: (a: Expr) => Expr): SimdOp => ({ result: form, lower: lanes((c) => c.lanes(0, form).map(f)) });
  const helper = (name: RuntimeName) => (c: SimdContext, ...args: Expr[]): Expr => call(c.module.rt(name), args);
  const runtimeUnary = (name: RuntimeName): SimdOp => ({ result: form, lower: (c) => ({ form, lanes: c.lanes(0, form).map((a) => helper(name)(c, a)) }) });
  const runtimeBinary = (name: RuntimeName): SimdOp => ({
    result: form,
    lower: (c) => {
      const b = c.lanes(1, form);
      return { form, lanes: c.lanes(0, form).map((a, k) => helper(name)(c, a, b[k]!)) };
    },
  });
  const compare = (op: BinaryOperator): SimdOp => ({
    maskWidth: form === 'f32' ? 32 : 64,
    lower: (c) => {
      const b = c.lanes(1, form);
      const masks = c.lanes(0, form).map((a, k) => mask(binary(op, a, b[k]!)));
      if (form === 'f32') return i32Lanes(masks);
      return i32Lanes(masks.flatMap((m) => {
        const once = c.once(m);
        return [once, once];
      }));
    },
  });
  // abs/neg flip or clear sign bits: on the bits in i32 form, bit-exactly in a float form.
  const signOp = (name: 'fabs' | 'fneg', onHighWord: (w: Expr) => Expr): SimdOp => ({
    result: (f) => (f(0) === undefined || f(0) === form ? form : 'i32'),
    lower: (c) => {
      if (c.resultForm === form) return { form, lanes: c.lanes(0, form).map((a) => helper(name)(c, a)) };
      const step = form === 'f32' ? 1 : 2;
      return i32Lanes(c.lanes(0, 'i32').map((w, k) => (k % step === step - 1 ? onHighWord(w) : w)));
    },
  });
  return [
    [`${shape}.add`, floatBinary((a, b) => round(binary('+', a, b)))],
    [`${shape}.sub`, floatBinary((a, b) => round(binary('-', a, b)))],
    [`${shape}.mul`, floatBinary((a, b) => round(binary('*', a, b)))],
    [`${shape}.div`, floatBinary((a, b) => round(binary('/', a, b)))],
    [`${shape}.sqrt`, floatUnary((a) => round(call(member('Math', 'sqrt'), [a])))],
    [`${shape}.min`, runtimeBinary('fmin')],
    [`${shape}.max`, runtimeBinary('fmax')],
    // pmin/pmax pick an operand lane as is (NaN payloads included).
    [`${shape}.pmin`, floatBinary((a, b) => conditional(binary('<', b, a), b, a))],
    [`${shape}.pmax`, floatBinary((a, b) => conditional(binary('<', a, b), b, a))],
    [`${shape}.ceil`, runtimeUnary('fceil')],
    [`${shape}.floor`, runtimeUnary('ffloor')],
    [`${shape}.trunc`, runtimeUnary('ftrunc')],
    [`${shape}.nearest`, runtimeUnary('fnearest')],
    [`${shape}.abs`, signOp('fabs', (w) => binary('&', w, num(0x7fffffff)))],
    [`${shape}.neg`, signOp('fneg', (w) => binary('^', w, num(-0x80000000)))],
    [`${shape}.eq`, compare('===')],
    [`${shape}.ne`, compare('!==')],
    [`${shape}.lt`, compare('<')],
    [`${shape}.gt`, compare('>')],
    [`${shape}.le`, compare('<=')],
    [`${shape}.ge`, compare('>=')],
  ];
}

function conversionOps(): [string, SimdOp][] {
  const truncSat = (from: LaneForm, signed: boolean): SimdOp => ({
    lower: (c) => {
      const lanes = c.lanes(0, from).map((x) => call(c.module.rt('truncSatI32'), [x, bool(signed)]));
      return i32Lanes(from === 'f32' ? lanes : [...lanes, ZERO, ZERO]);
    },
  });
  return [
    ['i32x4.trunc_sat_f32x4_s', truncSat('f32', true)],
    ['i32x4.trunc_sat_f32x4_u', truncSat('f32', false)],
    ['i32x4.trunc_sat_f64x2_s_zero', truncSat('f64', true)],
    ['i32x4.trunc_sat_f64x2_u_zero', truncSat('f64', false)],
    ['f32x4.convert_i32x4_s', { result: 'f32', lower: (c) => ({ form: 'f32', lanes: c.lanes(0, 'i32').map((a) => fround(a)) }) }],
    ['f32x4.convert_i32x4_u', { result: 'f32', lower: (c) => ({ form: 'f32', lanes: c.lanes(0, 'i32').map((a) => fround(u32(a))) }) }],
    ['f64x2.convert_low_i32x4_s', { result: 'f64', lower: (c) => ({ form: 'f64', lanes: c.lanes(0, 'i32').slice(0, 2) }) }],
    ['f64x2.convert_low_i32x4_u', { result: 'f64', lower: (c) => ({ form: 'f64', lanes: c.lanes(0, 'i32').slice(0, 2).map(u32) }) }],
    [
      'f32x4.demote_f64x2_zero',
      { result: 'f32', lower: (c) => ({ form: 'f32', lanes: [...c.lanes(0, 'f64').map((x) => fround(x)), ZERO, ZERO] }) },
    ],
    [
      'f64x2.promote_low_f32x4',
      { result: 'f64', lower: (c) => ({ form: 'f64', lanes: c.lanes(0, 'f32').slice(0, 2).map((x) => call(c.module.rt('promoteF32'), [x])) }) },
    ],
  ];
}

export const SIMD_ARITH_OPS: readonly [string, SimdOp][] = [
  ...i32x4Ops(),
  ...i64x2Ops(),
  ...narrowLaneOps(),
  ...floatOps('f32x4'),
  ...floatOps('f64x2'),
  ...conversionOps(),
];
