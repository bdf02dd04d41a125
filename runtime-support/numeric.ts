/**
 * Exact Wasm numeric semantics on JS values, shared by the interpreter and generated code.
 *
 * Representations (the "raw" forms used everywhere in Heron's runtime):
 *   i32  a JS number holding a signed int32 (always normalised with `| 0`)
 *   i64  a signed BigInt in [-2^63, 2^63)
 *   f32  a JS number holding the u32 bit pattern as a signed int32. A JS double cannot carry
 *        an f32 signalling NaN (converting float -> double quietens it), so f32 values live as
 *        bits and are decoded only for arithmetic.
 *   f64  a JS number. Doubles keep NaN payloads through moves, typed arrays and calls, but
 *        not through plain JS arrays of doubles (V8 canonicalises NaNs stored there), so
 *        runtime code never keeps raw f64 values in plain arrays.
 *
 * Trapping helpers throw `RuntimeError` with the spec's message (ir/traps.ts).
 */
import { TRAP_MESSAGES, type TrapCode } from '../ir/traps.js';
import { RuntimeError } from './errors.js';

export function trap(code: TrapCode): never {
  throw new RuntimeError(TRAP_MESSAGES[code]);
}

const f32Scratch = new Float32Array(1);
const f32BitsScratch = new Int32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const f64HalvesScratch = new Int32Array(f64Scratch.buffer);
const f64BitsScratch = new BigInt64Array(f64Scratch.buffer);

const F32_QUIET = 0x00400000;
const F32_CANONICAL_NAN = 0x7fc00000;
const I64_MIN = -(2n ** 63n);
const TWO_POW_32 = 4294967296;
const TWO_POW_63 = 9223372036854775808;
const TWO_POW_64 = 18446744073709551616;

// ---- f32 bits <-> numbers --------------------------------------------------------------

/** The value of an f32 given as bits (a signalling NaN comes back quietened). */
export function f32Value(bits: number): number {
  f32BitsScratch[0] = bits;
  return f32Scratch[0]!;
}

/** The f32 bits of a number, rounded to nearest-even. */
export function f32FromNumber(value: number): number {
  f32Scratch[0] = value;
  return f32BitsScratch[0]!;
}

export function f32IsNaN(bits: number): boolean {
  return (bits & 0x7fffffff) > 0x7f800000;
}

/** The NaN an f32 binary operation returns when `result` is NaN: a quietened input NaN, else canonical. */
function f32NaNOf2(a: number, b: number): number {
  if (f32IsNaN(a)) return a | F32_QUIET;
  if (f32IsNaN(b)) return b | F32_QUIET;
  return F32_CANONICAL_NAN;
}

/** Rounds a double result of an exact-or-correctly-rounded f32 operation (double rounding is
 *  innocuous for + - * / sqrt since 53 >= 2*24 + 2). */
function f32Result2(result: number, a: number, b: number): number {
  return result === result ? f32FromNumber(result) : f32NaNOf2(a, b);
}

function f32Result1(result: number, a: number): number {
  if (result === result) return f32FromNumber(result);
  return f32IsNaN(a) ? a | F32_QUIET : F32_CANONICAL_NAN;
}

// ---- f64 bits ----------------------------------------------------------------------------

export function f64ToBits(value: number): bigint {
  f64Scratch[0] = value;
  return f64BitsScratch[0]!;
}

export function f64FromBits(bits: bigint): number {
  f64BitsScratch[0] = bits;
  return f64Scratch[0]!;
}

/** Sets or clears the sign bit without touching a NaN's payload (JS `-x` may not preserve it). */
function f64WithSign(value: number, negative: boolean | null): number {
  f64Scratch[0] = value;
  const high = f64HalvesScratch[1]!;
  f64HalvesScratch[1] = negative === null ? high ^ 0x80000000 : negative ? high | 0x80000000 : high & 0x7fffffff;
  return f64Scratch[0]!;
}

function f64SignBit(value: number): boolean {
  f64Scratch[0] = value;
  return f64HalvesScratch[1]! < 0;
}

// ---- rounding ----------------------------------------------------------------------------

/** Round to nearest, ties to even (Wasm `nearest`). */
export function roundNearestEven(x: number): number {
  if (x !== x) return x + x; // an arithmetic (quiet) NaN
  if (!Number.isFinite(x) || x === 0) return x;
  const truncated = Math.trunc(x);
  const fraction = x - truncated;
  if (fraction === 0.5 || fraction === -0.5) return truncated % 2 === 0 ? truncated : truncated + Math.sign(x);
  const rounded = Math.round(x);
  // Math.round(-0.4) is -0 already; keep the sign of x for results of zero.
  return rounded === 0 ? (x < 0 ? -0 : 0) : rounded;
}

// ---- f32 operations on bits --------------------------------------------------------------

export const f32Ops = {
  add: (a: number, b: number): number => f32Result2(f32Value(a) + f32Value(b), a, b),
  sub: (a: number, b: number): number => f32Result2(f32Value(a) - f32Value(b), a, b),
  mul: (a: number, b: number): number => f32Result2(f32Value(a) * f32Value(b), a, b),
  div: (a: number, b: number): number => f32Result2(f32Value(a) / f32Value(b), a, b),
  min(a: number, b: number): number {
    if (f32IsNaN(a) || f32IsNaN(b)) return f32NaNOf2(a, b);
    const x = f32Value(a);
    const y = f32Value(b);
    if (x < y) return a;
    if (y < x) return b;
    return a | b; // equal: only ±0 differ in bits, and -0 (sign bit set) is the minimum
  },
  max(a: number, b: number): number {
    if (f32IsNaN(a) || f32IsNaN(b)) return f32NaNOf2(a, b);
    const x = f32Value(a);
    const y = f32Value(b);
    if (x > y) return a;
    if (y > x) return b;
    return a & b;
  },
  copysign: (a: number, b: number): number => (a & 0x7fffffff) | (b & 0x80000000),
  abs: (a: number): number => a & 0x7fffffff,
  neg: (a: number): number => a ^ 0x80000000,
  sqrt: (a: number): number => f32Result1(Math.sqrt(f32Value(a)), a),
  ceil: (a: number): number => f32Result1(Math.ceil(f32Value(a)), a),
  floor: (a: number): number => f32Result1(Math.floor(f32Value(a)), a),
  trunc: (a: number): number => f32Result1(Math.trunc(f32Value(a)), a),
  nearest: (a: number): number => f32Result1(roundNearestEven(f32Value(a)), a),
  eq: (a: number, b: number): number => (f32Value(a) === f32Value(b) ? 1 : 0),
  ne: (a: number, b: number): number => (f32Value(a) !== f32Value(b) ? 1 : 0),
  lt: (a: number, b: number): number => (f32Value(a) < f32Value(b) ? 1 : 0),
  gt: (a: number, b: number): number => (f32Value(a) > f32Value(b) ? 1 : 0),
  le: (a: number, b: number): number => (f32Value(a) <= f32Value(b) ? 1 : 0),
  ge: (a: number, b: number): number => (f32Value(a) >= f32Value(b) ? 1 : 0),
};

// ---- f64 operations ------------------------------------------------------------------------

export const f64Ops = {
  add: (a: number, b: number): number => a + b,
  sub: (a: number, b: number): number => a - b,
  mul: (a: number, b: number): number => a * b,
  div: (a: number, b: number): number => a / b,
  min(a: number, b: number): number {
    if (a !== a || b !== b) return a + b; // an arithmetic NaN
    if (a === 0 && b === 0) return f64SignBit(a) ? a : b;
    return a < b ? a : b;
  },
  max(a: number, b: number): number {
    if (a !== a || b !== b) return a + b;
    if (a === 0 && b === 0) return f64SignBit(a) ? b : a;
    return a > b ? a : b;
  },
  copysign: (a: number, b: number): number => f64WithSign(a, f64SignBit(b)),
  abs: (a: number): number => f64WithSign(a, false),
  neg: (a: number): number => f64WithSign(a, null),
  sqrt: (a: number): number => Math.sqrt(a),
  // Math.ceil & co. return a NaN argument unchanged, signalling ones too; `a + a` quietens it.
  ceil: (a: number): number => (a === a ? Math.ceil(a) : a + a),
  floor: (a: number): number => (a === a ? Math.floor(a) : a + a),
  trunc: (a: number): number => (a === a ? Math.trunc(a) : a + a),
  nearest: roundNearestEven,
  eq: (a: number, b: number): number => (a === b ? 1 : 0),
  ne: (a: number, b: number): number => (a !== b ? 1 : 0),
  lt: (a: number, b: number): number => (a < b ? 1 : 0),
  gt: (a: number, b: number): number => (a > b ? 1 : 0),
  le: (a: number, b: number): number => (a <= b ? 1 : 0),
  ge: (a: number, b: number): number => (a >= b ? 1 : 0),
};

// ---- integers ------------------------------------------------------------------------------

export function i32Ctz(a: number): number {
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}

export function i32Popcnt(a: number): number {
  let v = a - ((a >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
}

export function i32DivS(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  if (a === -2147483648 && b === -1) trap('int_ovf');
  return (a / b) | 0;
}

export function i32DivU(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  return ((a >>> 0) / (b >>> 0)) | 0;
}

export function i32RemS(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  return a % b | 0;
}

export function i32RemU(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  return (a >>> 0) % (b >>> 0) | 0;
}

export function i32Rotl(a: number, b: number): number {
  return (a << (b & 31)) | (a >>> ((32 - b) & 31));
}

export function i32Rotr(a: number, b: number): number {
  return (a >>> (b & 31)) | (a << ((32 - b) & 31));
}

const u64 = (a: bigint): bigint => BigInt.asUintN(64, a);
const s64 = (a: bigint): bigint => BigInt.asIntN(64, a);

export function i64Clz(a: bigint): number {
  const high = Number(u64(a) >> 32n);
  return high !== 0 ? Math.clz32(high) : 32 + Math.clz32(Number(a & 0xffffffffn));
}

export function i64Ctz(a: bigint): number {
  const low = Number(a & 0xffffffffn) | 0;
  return low !== 0 ? i32Ctz(low) : 32 + i32Ctz(Number(u64(a) >> 32n) | 0);
}

export function i64Popcnt(a: bigint): number {
  return i32Popcnt(Number(a & 0xffffffffn) | 0) + i32Popcnt(Number(u64(a) >> 32n) | 0);
}

export function i64DivS(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  if (a === I64_MIN && b === -1n) trap('int_ovf');
  return a / b;
}

export function i64DivU(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  return s64(u64(a) / u64(b));
}

export function i64RemS(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  return a % b;
}

export function i64RemU(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  return s64(u64(a) % u64(b));
}

export function i64Rotl(a: bigint, b: bigint): bigint {
  const k = b & 63n;
  const u = u64(a);
  return s64((u << k) | (u >> (64n - k)));
}

export function i64Rotr(a: bigint, b: bigint): bigint {
  const k = b & 63n;
  const u = u64(a);
  return s64((u >> k) | (u << (64n - k)));
}

// ---- conversions -----------------------------------------------------------------------------

/** Float -> int truncation bounds: a value truncates in range iff lower < x < upper. */
const TRUNC_BOUNDS = {
  i32_s: [-2147483649, 2147483648],
  i32_u: [-1, TWO_POW_32],
  i64_u: [-1, TWO_POW_64],
} as const;

function checkTrunc(x: number, lower: number, upper: number): void {
  if (x !== x) trap('bad_conversion');
  if (!(x > lower && x < upper)) trap('int_ovf');
}

export function truncToI32S(x: number): number {
  checkTrunc(x, TRUNC_BOUNDS.i32_s[0], TRUNC_BOUNDS.i32_s[1]);
  return Math.trunc(x) | 0;
}

export function truncToI32U(x: number): number {
  checkTrunc(x, TRUNC_BOUNDS.i32_u[0], TRUNC_BOUNDS.i32_u[1]);
  return Math.trunc(x) | 0;
}

export function truncToI64S(x: number): bigint {
  if (x !== x) trap('bad_conversion');
  // -2^63 - 1 (the exclusive lower bound) is no double; -2^63 itself is valid.
  if (!(x >= -TWO_POW_63 && x < TWO_POW_63)) trap('int_ovf');
  return BigInt(Math.trunc(x));
}

export function truncToI64U(x: number): bigint {
  checkTrunc(x, TRUNC_BOUNDS.i64_u[0], TRUNC_BOUNDS.i64_u[1]);
  return s64(BigInt(Math.trunc(x)));
}

export function truncSatToI32S(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return Math.trunc(x) | 0;
}

export function truncSatToI32U(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return Math.trunc(x) | 0;
}

export function truncSatToI64S(x: number): bigint {
  if (x !== x) return 0n;
  if (x <= -TWO_POW_63) return I64_MIN;
  if (x >= TWO_POW_63) return 2n ** 63n - 1n;
  return BigInt(Math.trunc(x));
}

export function truncSatToI64U(x: number): bigint {
  if (x !== x || x <= 0) return 0n;
  if (x >= TWO_POW_64) return -1n;
  return s64(BigInt(Math.trunc(x)));
}

/**
 * An unsigned 64-bit integer as an f32, rounded once. Converting through a double would round
 * twice; folding the bits below the double's precision into a sticky bit makes the second
 * rounding (double -> f32) see exactly what a direct rounding would.
 */
function u64ToF32Bits(m: bigint): number {
  if (m < 2n ** 53n) return f32FromNumber(Number(m));
  let shift = 0n;
  let top = m;
  while (top >= 2n ** 53n) {
    top >>= 1n;
    shift++;
  }
  const sticky = (m & ((1n << shift) - 1n)) !== 0n ? 1n : 0n;
  return f32FromNumber(Number(top | sticky) * 2 ** Number(shift));
}

export function f32ConvertI64S(a: bigint): number {
  return a < 0n ? u64ToF32Bits(-a) ^ 0x80000000 : u64ToF32Bits(a);
}

export function f32ConvertI64U(a: bigint): number {
  return u64ToF32Bits(u64(a));
}

export function i64ReinterpretF64(a: number): bigint {
  return f64ToBits(a);
}

export function f64ReinterpretI64(a: bigint): number {
  return f64FromBits(a);
}
