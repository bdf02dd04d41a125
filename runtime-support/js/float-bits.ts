/**
 * Bit-exact float representation (see backend-js/README.md, "Values").
 *
 * An f32 value is a JS number holding exactly that f32 value. NaNs are the delicate part:
 * an f32 NaN with payload m is held as the double NaN with the same sign and mantissa
 * m << 29 — the mapping the hardware uses between f32 and f64 — including signalling
 * NaNs, which are built bit by bit because a float→double conversion would quiet them.
 * So loads, stores, reinterpretations and the sign operations (abs, neg, copysign) keep
 * every NaN payload, and arithmetic produces quiet NaNs as Wasm allows.
 *
 * f64 values are plain numbers; their NaN payloads survive moves, but `-x` and
 * `Math.abs(x)` are not guaranteed to preserve them, so the sign ops go through bits.
 */

const scratch = new ArrayBuffer(8);
const scratchF64 = new Float64Array(scratch);
const scratchF32 = new Float32Array(scratch);
const scratchU32 = new Uint32Array(scratch);
const scratchI64 = new BigInt64Array(scratch);
/** Index of the high word of the f64 in `scratchU32`. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function f64FromWords(hi: number, lo: number): number {
  scratchU32[HI] = hi;
  scratchU32[LO] = lo;
  return scratchF64[0]!;
}

export function f32FromBits(bits: number): number {
  if ((bits & 0x7f800000) !== 0x7f800000 || (bits & 0x7fffff) === 0) {
    scratchU32[0] = bits;
    return scratchF32[0]!;
  }
  const mantissa = bits & 0x7fffff;
  return f64FromWords((bits & 0x80000000) | 0x7ff00000 | (mantissa >>> 3), (mantissa << 29) >>> 0);
}

/** The f32 bit pattern (as an int32) of an f32 value. */
export function f32ToBits(value: number): number {
  if (value === value) {
    scratchF32[0] = value;
    return scratchU32[0]! | 0;
  }
  scratchF64[0] = value;
  const hi = scratchU32[HI]!;
  const mantissa = ((hi & 0xfffff) << 3) | (scratchU32[LO]! >>> 29);
  // A NaN never becomes infinity: a double NaN whose top 23 mantissa bits are zero cannot be
  // an f32 value (see above), but a quiet NaN is the safe answer if one shows up.
  return (hi & 0x80000000) | 0x7f800000 | (mantissa === 0 ? 0x400000 : mantissa);
}

export function f64FromBits(bits: bigint): number {
  scratchI64[0] = bits;
  return scratchF64[0]!;
}

export function f64ToBits(value: number): bigint {
  scratchF64[0] = value;
  return scratchI64[0]!;
}

/** f64 from its two 32-bit halves (constants in generated code avoid BigInt). */
export function f64FromWordsExact(hi: number, lo: number): number {
  return f64FromWords(hi >>> 0, lo >>> 0);
}

function f64SignBit(value: number): number {
  scratchF64[0] = value;
  return scratchU32[HI]! >>> 31;
}

function withSign(value: number, negative: boolean): number {
  scratchF64[0] = value;
  const hi = scratchU32[HI]!;
  scratchU32[HI] = negative ? hi | 0x80000000 : hi & 0x7fffffff;
  return scratchF64[0]!;
}

/** f32.abs and f64.abs (the f32 NaN encoding keeps its sign in the double's sign bit). */
export function fabs(value: number): number {
  return value === value ? Math.abs(value) : withSign(value, false);
}

export function fneg(value: number): number {
  return value === value ? -value : withSign(value, f64SignBit(value) === 0);
}

export function fcopysign(magnitude: number, sign: number): number {
  return withSign(magnitude, f64SignBit(sign) === 1);
}

/** f64.promote_f32: NaNs become the canonical quiet NaN (an arithmetic NaN, as Wasm requires). */
export function promoteF32(value: number): number {
  return value === value ? value : NaN;
}

/** f32.load: a signalling NaN must not pass through getFloat32's float→double conversion. */
export function loadF32(view: DataView, address: number): number {
  const value = view.getFloat32(address, true);
  return value === value ? value : f32FromBits(view.getUint32(address, true));
}

export function storeF32(view: DataView, address: number, value: number): void {
  if (value === value) view.setFloat32(address, value, true);
  else view.setUint32(address, f32ToBits(value), true);
}
