/**
 * Compile-time evaluation of scalar numeric opcodes on constant operands, bit-exactly.
 *
 * The arithmetic is the runtime's own (the JS runtime in runtime-support/js/ and the
 * interpreter's f32-on-bits operations in runtime-support/numeric.ts), so a folded result is
 * what the operation would compute when run. Operands
 * and results are constant immediates: i32 as a signed number, i64 as a signed BigInt, f32
 * and f64 as bit patterns.
 *
 * A rule returns null when it must not fold:
 *  - the operation would trap (division by zero, overflow, invalid truncation): the trap
 *    has to happen at run time, in order with the function's other effects;
 *  - an f64 operation with a NaN operand: an f64 travels through a JS number, which need
 *    not keep a NaN's payload bits, so Wasm's payload propagation rules could not be met.
 *    f64 abs/neg/copysign and reinterpretations work on the bits and always fold; f32
 *    operations work on bits (f32Ops) and follow Wasm's NaN rules, so they fold too.
 * An f64 operation with non-NaN operands that produces NaN yields the canonical NaN.
 */
import { RuntimeError } from '../../runtime-support/errors.js';
import { f64FromBits, f64ToBits } from '../../runtime-support/js/float-bits.js';
import { i64Clz, i64Ctz, i64DivS, i64DivU, i64Popcnt, i64RemS, i64RemU, i64Rotl, i64Rotr } from '../../runtime-support/js/i64.js';
import { i32Ctz, i32DivS, i32DivU, i32Popcnt, i32RemS, i32RemU, truncI32, truncI64, truncSatI32, truncSatI64 } from '../../runtime-support/js/numeric.js';
import { f32ConvertI64S, f32ConvertI64U, f32FromNumber, f32IsNaN, f32Ops, f32Value, f64Ops, i32Rotl, i32Rotr } from '../../runtime-support/numeric.js';
import type { ConstImm } from './ir-edit.js';

export type FoldRule = (args: readonly ConstImm[]) => ConstImm | null;

const F64_SIGN = 1n << 63n;
const F64_CANONICAL_NAN = 0x7ff8000000000000n;

const i32 = (value: number): ConstImm => ({ kind: 'i32', value: value | 0 });
const i64 = (value: bigint): ConstImm => ({ kind: 'i64', value: BigInt.asIntN(64, value) });
const f32 = (bits: number): ConstImm => ({ kind: 'f32', bits: bits >>> 0 });
const f64Bits = (bits: bigint): ConstImm => ({ kind: 'f64', bits: BigInt.asUintN(64, bits) });
const f64 = (value: number): ConstImm => f64Bits(value === value ? f64ToBits(value) : F64_CANONICAL_NAN);
const bool = (condition: boolean): ConstImm => i32(condition ? 1 : 0);

/** Operand readers: each rule knows its operand types from the opcode. */
const asI32 = (imm: ConstImm): number => (imm as { value: number }).value;
const asI64 = (imm: ConstImm): bigint => (imm as { value: bigint }).value;
const asF32Bits = (imm: ConstImm): number => (imm as { bits: number }).bits | 0;
const asF64Bits = (imm: ConstImm): bigint => (imm as { bits: bigint }).bits;
const u64 = (value: bigint): bigint => BigInt.asUintN(64, value);

/** An f64 operand as a number, or null for a NaN (see the header). */
function f64Operand(imm: ConstImm): number | null {
  const value = f64FromBits(asF64Bits(imm));
  return value === value ? value : null;
}

/** Wraps an evaluation that may trap: a trap means "do not fold". */
function unlessTrap(evaluate: () => ConstImm): ConstImm | null {
  try {
    return evaluate();
  } catch (error) {
    if (error instanceof RuntimeError) return null;
    throw error;
  }
}

const rules = new Map<string, FoldRule>();

function intRules(): void {
  const i32Binary: Record<string, (a: number, b: number) => number> = {
    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: Math.imul,
    and: (a, b) => a & b,
    or: (a, b) => a | b,
    xor: (a, b) => a ^ b,
    shl: (a, b) => a << b,
    shr_s: (a, b) => a >> b,
    shr_u: (a, b) => a >>> b,
    rotl: i32Rotl,
    rotr: i32Rotr,
    div_s: i32DivS,
    div_u: i32DivU,
    rem_s: i32RemS,
    rem_u: i32RemU,
  };
  for (const [name, f] of Object.entries(i32Binary)) {
    rules.set(`i32.${name}`, ([a, b]) => unlessTrap(() => i32(f(asI32(a!), asI32(b!)))));
  }
  const i32Compare: Record<string, (a: number, b: number) => boolean> = {
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    lt_s: (a, b) => a < b,
    lt_u: (a, b) => a >>> 0 < b >>> 0,
    gt_s: (a, b) => a > b,
    gt_u: (a, b) => a >>> 0 > b >>> 0,
    le_s: (a, b) => a <= b,
    le_u: (a, b) => a >>> 0 <= b >>> 0,
    ge_s: (a, b) => a >= b,
    ge_u: (a, b) => a >>> 0 >= b >>> 0,
  };
  for (const [name, f] of Object.entries(i32Compare)) rules.set(`i32.${name}`, ([a, b]) => bool(f(asI32(a!), asI32(b!))));
  const i32Unary: Record<string, (a: number) => number> = {
    eqz: (a) => (a === 0 ? 1 : 0),
    clz: Math.clz32,
    ctz: i32Ctz,
    popcnt: i32Popcnt,
    extend8_s: (a) => (a << 24) >> 24,
    extend16_s: (a) => (a << 16) >> 16,
  };
  for (const [name, f] of Object.entries(i32Unary)) rules.set(`i32.${name}`, ([a]) => i32(f(asI32(a!))));

  const i64Binary: Record<string, (a: bigint, b: bigint) => bigint> = {
    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: (a, b) => a * b,
    and: (a, b) => a & b,
    or: (a, b) => a | b,
    xor: (a, b) => a ^ b,
    shl: (a, b) => a << (b & 63n),
    shr_s: (a, b) => a >> (b & 63n),
    shr_u: (a, b) => u64(a) >> (b & 63n),
    rotl: i64Rotl,
    rotr: i64Rotr,
    div_s: i64DivS,
    div_u: i64DivU,
    rem_s: i64RemS,
    rem_u: i64RemU,
  };
  for (const [name, f] of Object.entries(i64Binary)) {
    rules.set(`i64.${name}`, ([a, b]) => unlessTrap(() => i64(f(asI64(a!), asI64(b!)))));
  }
  const i64Compare: Record<string, (a: bigint, b: bigint) => boolean> = {
    eq: (a, b) => a === b,
    ne: (a, b) => a !== b,
    lt_s: (a, b) => a < b,
    lt_u: (a, b) => u64(a) < u64(b),
    gt_s: (a, b) => a > b,
    gt_u: (a, b) => u64(a) > u64(b),
    le_s: (a, b) => a <= b,
    le_u: (a, b) => u64(a) <= u64(b),
    ge_s: (a, b) => a >= b,
    ge_u: (a, b) => u64(a) >= u64(b),
  };
  for (const [name, f] of Object.entries(i64Compare)) rules.set(`i64.${name}`, ([a, b]) => bool(f(asI64(a!), asI64(b!))));
  const i64Unary: Record<string, (a: bigint) => bigint> = {
    clz: i64Clz,
    ctz: i64Ctz,
    popcnt: i64Popcnt,
    extend8_s: (a) => BigInt.asIntN(8, a),
    extend16_s: (a) => BigInt.asIntN(16, a),
    extend32_s: (a) => BigInt.asIntN(32, a),
  };
  for (const [name, f] of Object.entries(i64Unary)) rules.set(`i64.${name}`, ([a]) => i64(f(asI64(a!))));
  rules.set('i64.eqz', ([a]) => bool(asI64(a!) === 0n));
}

const FLOAT_UNARY = ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'] as const;
const FLOAT_ARITH = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'] as const;
const FLOAT_COMPARE = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const;

function floatRules(): void {
  for (const name of FLOAT_UNARY) rules.set(`f32.${name}`, ([a]) => f32(f32Ops[name](asF32Bits(a!))));
  for (const name of FLOAT_ARITH) rules.set(`f32.${name}`, ([a, b]) => f32(f32Ops[name](asF32Bits(a!), asF32Bits(b!))));
  for (const name of FLOAT_COMPARE) rules.set(`f32.${name}`, ([a, b]) => i32(f32Ops[name](asF32Bits(a!), asF32Bits(b!))));

  // Sign operations act on the bits, whatever the payload.
  rules.set('f64.abs', ([a]) => f64Bits(asF64Bits(a!) & ~F64_SIGN));
  rules.set('f64.neg', ([a]) => f64Bits(asF64Bits(a!) ^ F64_SIGN));
  rules.set('f64.copysign', ([a, b]) => f64Bits((asF64Bits(a!) & ~F64_SIGN) | (asF64Bits(b!) & F64_SIGN)));
  for (const name of FLOAT_UNARY) {
    if (name === 'abs' || name === 'neg') continue;
    rules.set(`f64.${name}`, ([a]) => {
      const x = f64Operand(a!);
      return x === null ? null : f64(f64Ops[name](x));
    });
  }
  for (const name of FLOAT_ARITH) {
    if (name === 'copysign') continue;
    rules.set(`f64.${name}`, ([a, b]) => {
      const x = f64Operand(a!);
      const y = f64Operand(b!);
      return x === null || y === null ? null : f64(f64Ops[name](x, y));
    });
  }
  // Comparisons with NaN are false (ne: true) whatever the payload.
  for (const name of FLOAT_COMPARE) {
    rules.set(`f64.${name}`, ([a, b]) => i32(f64Ops[name](f64FromBits(asF64Bits(a!)), f64FromBits(asF64Bits(b!)))));
  }
}

function conversionRules(): void {
  rules.set('i32.wrap_i64', ([a]) => i32(Number(BigInt.asIntN(32, asI64(a!)))));
  rules.set('i64.extend_i32_s', ([a]) => i64(BigInt(asI32(a!))));
  rules.set('i64.extend_i32_u', ([a]) => i64(BigInt(asI32(a!) >>> 0)));

  // float -> int: NaN operands give a trap (no fold) or 0 (saturating), never a payload question.
  const f32In = (imm: ConstImm): number => f32Value(asF32Bits(imm));
  const f64In = (imm: ConstImm): number => f64FromBits(asF64Bits(imm));
  for (const [from, read] of [
    ['f32', f32In],
    ['f64', f64In],
  ] as const) {
    for (const signed of [true, false]) {
      const sign = signed ? 's' : 'u';
      rules.set(`i32.trunc_${from}_${sign}`, ([a]) => unlessTrap(() => i32(truncI32(read(a!), signed))));
      rules.set(`i64.trunc_${from}_${sign}`, ([a]) => unlessTrap(() => i64(truncI64(read(a!), signed))));
      rules.set(`i32.trunc_sat_${from}_${sign}`, ([a]) => i32(truncSatI32(read(a!), signed)));
      rules.set(`i64.trunc_sat_${from}_${sign}`, ([a]) => i64(truncSatI64(read(a!), signed)));
    }
  }

  rules.set('f32.convert_i32_s', ([a]) => f32(f32FromNumber(asI32(a!))));
  rules.set('f32.convert_i32_u', ([a]) => f32(f32FromNumber(asI32(a!) >>> 0)));
  rules.set('f32.convert_i64_s', ([a]) => f32(f32ConvertI64S(asI64(a!))));
  rules.set('f32.convert_i64_u', ([a]) => f32(f32ConvertI64U(asI64(a!))));
  rules.set('f64.convert_i32_s', ([a]) => f64(asI32(a!)));
  rules.set('f64.convert_i32_u', ([a]) => f64(asI32(a!) >>> 0));
  // Number(bigint) rounds to nearest, ties to even: one correct rounding.
  rules.set('f64.convert_i64_s', ([a]) => f64(Number(asI64(a!))));
  rules.set('f64.convert_i64_u', ([a]) => f64(Number(u64(asI64(a!)))));

  rules.set('f32.demote_f64', ([a]) => {
    const x = f64Operand(a!);
    return x === null ? null : f32(f32FromNumber(x));
  });
  rules.set('f64.promote_f32', ([a]) => (f32IsNaN(asF32Bits(a!)) ? null : f64(f32Value(asF32Bits(a!)))));

  rules.set('i32.reinterpret_f32', ([a]) => i32(asF32Bits(a!)));
  rules.set('f32.reinterpret_i32', ([a]) => f32(asI32(a!)));
  rules.set('i64.reinterpret_f64', ([a]) => i64(asF64Bits(a!)));
  rules.set('f64.reinterpret_i64', ([a]) => f64Bits(asI64(a!)));
}

intRules();
floatRules();
conversionRules();

/** The fold rule of a scalar numeric opcode, or undefined when it has none. */
export function foldRule(opcode: string): FoldRule | undefined {
  return rules.get(opcode);
}
