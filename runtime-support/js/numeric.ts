/**
 * Scalar numeric helpers of generated code that are too long to inline: trapping integer
 * division, bit counts, rounding, float→int truncation (trapping and saturating) and
 * correctly rounded int→f32 conversions. i32 values are int32 numbers; i64 values are
 * BigInts in [-2^63, 2^63) (i64.ts has the i64-only helpers).
 */
import { trap } from './traps.js';

export function i32DivS(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  if (a === -0x80000000 && b === -1) trap('int_ovf');
  return (a / b) | 0;
}

export function i32DivU(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  return ((a >>> 0) / (b >>> 0)) | 0;
}

export function i32RemS(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  return (a % b) | 0;
}

export function i32RemU(a: number, b: number): number {
  if (b === 0) trap('int_divz');
  return ((a >>> 0) % (b >>> 0)) | 0;
}

export function i32Ctz(a: number): number {
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}

export function i32Popcnt(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  return (Math.imul((a + (a >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) | 0;
}

/** ceil/floor/trunc: Math's versions return a signalling NaN unchanged; Wasm wants it quiet. */
export function fceil(value: number): number {
  return value === value ? Math.ceil(value) : NaN;
}

export function ffloor(value: number): number {
  return value === value ? Math.floor(value) : NaN;
}

export function ftrunc(value: number): number {
  return value === value ? Math.trunc(value) : NaN;
}

/** f32/f64.nearest: round half to even, keeping the sign of zero; NaNs come out quiet. */
export function fnearest(value: number): number {
  if (value !== value) return NaN;
  if (value === Infinity || value === -Infinity) return value;
  const rounded = Math.round(value);
  // Math.round rounds halves up; Wasm rounds them to even.
  const result = rounded - value === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
  return result === 0 ? (value < 0 || Object.is(value, -0) ? -0 : 0) : result;
}

/** fmin/fmax with Wasm's NaN rule (any NaN operand gives a quiet NaN) and -0 < +0. */
export function fmin(a: number, b: number): number {
  return a !== a || b !== b ? NaN : Math.min(a, b);
}

export function fmax(a: number, b: number): number {
  return a !== a || b !== b ? NaN : Math.max(a, b);
}

/** Trapping float→i32 truncation. `signed` picks the target range. */
export function truncI32(value: number, signed: boolean): number {
  if (value !== value) trap('bad_conversion');
  const truncated = Math.trunc(value);
  if (signed ? truncated < -2147483648 || truncated > 2147483647 : truncated < 0 || truncated > 4294967295) trap('int_ovf');
  return truncated | 0;
}

export function truncSatI32(value: number, signed: boolean): number {
  if (value !== value) return 0;
  if (signed) {
    if (value <= -2147483648) return -2147483648;
    if (value >= 2147483647) return 2147483647;
    return Math.trunc(value) | 0;
  }
  if (value <= 0) return 0;
  if (value >= 4294967295) return -1;
  return Math.trunc(value) | 0;
}

const TWO_63 = 9223372036854775808;
const TWO_64 = 18446744073709551616;

export function truncI64(value: number, signed: boolean): bigint {
  if (value !== value) trap('bad_conversion');
  const truncated = Math.trunc(value);
  if (signed ? truncated < -TWO_63 || truncated >= TWO_63 : truncated < 0 || truncated >= TWO_64) trap('int_ovf');
  return BigInt.asIntN(64, BigInt(truncated));
}

export function truncSatI64(value: number, signed: boolean): bigint {
  if (value !== value) return 0n;
  if (signed) {
    if (value < -TWO_63) return -0x8000000000000000n;
    if (value >= TWO_63) return 0x7fffffffffffffffn;
  } else {
    if (value <= 0) return 0n;
    if (value >= TWO_64) return -1n;
  }
  return BigInt.asIntN(64, BigInt(Math.trunc(value)));
}

/*
 * i64 → f32/f64 never call Number() on a BigInt of 2^32 or more: Hermes 0.12 gets that wrong
 * from 2^63 on (Number(2n ** 63n) === -(2 ** 63)). The value is split into 32-bit words
 * instead, each of which Number() converts exactly, and recombined with float arithmetic.
 */

const TWO_32 = 4294967296;

/**
 * The unsigned 64-bit integer hi * 2^32 + lo (words as uint32 numbers) as an f32, rounded
 * once. Its double is exact below 2^53 (hi < 2^21), so Math.fround rounds once. Above, the
 * double would round too, and rounding twice can be off by one ulp: but then the f32
 * rounding point (the guard bit, one below the 24 kept bits of a 54- to 64-bit value) is at
 * bit 29 or higher, so the bits of lo below 29 only matter as a sticky bit. They are
 * replaced by one bit at position 28, which leaves a value of at most 36 significant bits
 * (exact as a double) that rounds to the same f32.
 */
function u64WordsToF32(lo: number, hi: number): number {
  if (hi >= 0x200000) lo = ((lo & 0xe0000000) >>> 0) + ((lo & 0x1fffffff) !== 0 ? 0x10000000 : 0);
  return Math.fround(hi * TWO_32 + lo);
}

/** i64 → f32 with one rounding (see u64WordsToF32); `value` is in [-2^63, 2^63). */
export function i64ToF32(value: bigint, signed: boolean): number {
  const negative = signed && value < 0n;
  const magnitude = negative ? -value : value; // at most 2^63: its low 64 bits are exact
  const result = u64WordsToF32(Number(BigInt.asUintN(32, magnitude)), Number(BigInt.asUintN(32, magnitude >> 32n)));
  return negative ? -result : result;
}

/**
 * i64 → f64: hi * 2^32 (hi the signed or unsigned high word) and the unsigned low word are
 * both exact doubles, so their sum is the value rounded once.
 */
export function i64ToF64(value: bigint, signed: boolean): number {
  const high = value >> 32n;
  const hi = Number(signed ? BigInt.asIntN(32, high) : BigInt.asUintN(32, high));
  return hi * TWO_32 + Number(BigInt.asUintN(32, value));
}
