/**
 * Numeric semantics of the interpreter (and the constant folder) that the JS back end's
 * runtime does not have: the interpreter's registers hold f32 values as their bit patterns
 * (an int32), so the f32 operations here work on bits; f64Ops and the i32 rotations complete
 * the opcode tables. Everything representation-neutral (integer division, truncations,
 * i64 -> f32, f64 bits, rounding) is the JS back end's runtime, which callers import directly
 * (js/numeric.ts, js/i64.ts, js/float-bits.ts). Raw values at the boundaries are the forms
 * of raw-call.ts (f32 there is a NaN-preserving number: js/float-bits.ts f32FromBits /
 * f32ToBits convert).
 */
import { fabs, fcopysign, fneg } from './js/float-bits.js';
import { fceil, ffloor, fmax, fmin, fnearest, ftrunc, i64ToF32 } from './js/numeric.js';

const f32Scratch = new Float32Array(1);
const f32BitsScratch = new Int32Array(f32Scratch.buffer);

const F32_QUIET = 0x00400000;
const F32_CANONICAL_NAN = 0x7fc00000;

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
  nearest: (a: number): number => f32Result1(fnearest(f32Value(a)), a),
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
  min: fmin,
  max: fmax,
  copysign: fcopysign,
  abs: fabs,
  neg: fneg,
  sqrt: (a: number): number => Math.sqrt(a),
  ceil: fceil,
  floor: ffloor,
  trunc: ftrunc,
  nearest: fnearest,
  eq: (a: number, b: number): number => (a === b ? 1 : 0),
  ne: (a: number, b: number): number => (a !== b ? 1 : 0),
  lt: (a: number, b: number): number => (a < b ? 1 : 0),
  gt: (a: number, b: number): number => (a > b ? 1 : 0),
  le: (a: number, b: number): number => (a <= b ? 1 : 0),
  ge: (a: number, b: number): number => (a >= b ? 1 : 0),
};

// ---- integers ------------------------------------------------------------------------------

export function i32Rotl(a: number, b: number): number {
  return (a << (b & 31)) | (a >>> ((32 - b) & 31));
}

export function i32Rotr(a: number, b: number): number {
  return (a >>> (b & 31)) | (a << ((32 - b) & 31));
}

// ---- conversions to f32 bits -------------------------------------------------------------

/** i64 -> f32 rounded once, as bits. */
export const f32ConvertI64S = (a: bigint): number => f32FromNumber(i64ToF32(a, true));
export const f32ConvertI64U = (a: bigint): number => f32FromNumber(i64ToF32(a, false));
