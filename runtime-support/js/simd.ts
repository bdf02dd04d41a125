/**
 * SIMD128 support for generated code (backend-js/ops-simd*.ts). Compiled functions keep a
 * v128 value in 4 int32 locals (or 4 f32 / 2 f64 number locals, see the back end's README);
 * the box form, used where a v128 leaves those locals (calls, globals, exceptions), is an
 * Int32Array(4) of the little-endian words, never mutated once made.
 *
 * The common operations are inlined by the back end. The rest — narrow lanes, saturating
 * arithmetic, widening, byte shuffles, i64 lanes beyond add/sub — are the entries of
 * `simdOps`: each takes the operand words as arguments (a0..a3, then b0..b3, then any
 * scalar), computes over typed lane views of a scratch buffer, and either leaves its v128
 * result in `simdResult` (read back at once by the caller) or returns a number. Lane
 * wrapping and saturation come from the typed arrays and explicit clamps.
 *
 * Assumes a little-endian host (as typed-array views of Wasm memory do everywhere).
 */

/** Scratch: operand A at bytes 0..15, B at 16..31, the result at 32..47. */
const simdBuffer = new ArrayBuffer(48);
const simdU8 = new Uint8Array(simdBuffer);
const simdI8 = new Int8Array(simdBuffer);
const simdU16 = new Uint16Array(simdBuffer);
const simdI16 = new Int16Array(simdBuffer);
const simdU32 = new Uint32Array(simdBuffer);
const simdI32 = new Int32Array(simdBuffer);
const simdI64 = new BigInt64Array(simdBuffer);
const simdU64 = new BigUint64Array(simdBuffer);
const simdF64 = new Float64Array(simdBuffer);

/** The v128 result of the last `simdOps` entry (words 0..3). */
export const simdResult = new Int32Array(simdBuffer, 32, 4);

function simdSetA(a0: number, a1: number, a2: number, a3: number): void {
  simdI32[0] = a0;
  simdI32[1] = a1;
  simdI32[2] = a2;
  simdI32[3] = a3;
}

function simdSetAB(a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, b2: number, b3: number): void {
  simdSetA(a0, a1, a2, a3);
  simdI32[4] = b0;
  simdI32[5] = b1;
  simdI32[6] = b2;
  simdI32[7] = b3;
}

/** The box form of a v128 from its words. */
export function v128FromWords(w0: number, w1: number, w2: number, w3: number): Int32Array {
  const box = new Int32Array(4);
  box[0] = w0;
  box[1] = w1;
  box[2] = w2;
  box[3] = w3;
  return box;
}

/** Low / high int32 word of an f64 lane's bits (NaN payloads kept: typed arrays don't canonicalize). */
export function f64LowWord(value: number): number {
  simdF64[0] = value;
  return simdI32[0]!;
}

export function f64HighWord(value: number): number {
  simdF64[0] = value;
  return simdI32[1]!;
}

/** An i64 lane (BigInt) from its words, and back. */
export function i64FromWords(low: number, high: number): bigint {
  simdI32[0] = low;
  simdI32[1] = high;
  return simdI64[0]!;
}

export function i64LowWord(value: bigint): number {
  simdI64[0] = value;
  return simdI32[0]!;
}

export function i64HighWord(value: bigint): number {
  simdI64[0] = value;
  return simdI32[1]!;
}

type LaneArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
type BinaryHelper = (a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, b2: number, b3: number) => void;
type UnaryHelper = (a0: number, a1: number, a2: number, a3: number) => void;
type ShiftHelper = (a0: number, a1: number, a2: number, a3: number, count: number) => void;
type TestHelper = (a0: number, a1: number, a2: number, a3: number) => number;

/** A lane view: operand A at lanes [0, n), B at [n, 2n), the result at [2n, 3n). */
interface SimdShape {
  signed: LaneArray;
  unsigned: LaneArray;
  count: number;
  bits: number;
}

const SIMD_SHAPES: Record<'i8x16' | 'i16x8' | 'i32x4', SimdShape> = {
  i8x16: { signed: simdI8, unsigned: simdU8, count: 16, bits: 8 },
  i16x8: { signed: simdI16, unsigned: simdU16, count: 8, bits: 16 },
  i32x4: { signed: simdI32, unsigned: simdU32, count: 4, bits: 32 },
};

const simdClamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

function simdLanes2(shape: SimdShape, signed: boolean, f: (a: number, b: number) => number): BinaryHelper {
  const view = signed ? shape.signed : shape.unsigned;
  const n = shape.count;
  return (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    for (let i = 0; i < n; i++) view[2 * n + i] = f(view[i]!, view[n + i]!);
  };
}

function simdLanes1(shape: SimdShape, signed: boolean, f: (a: number) => number): UnaryHelper {
  const view = signed ? shape.signed : shape.unsigned;
  const n = shape.count;
  return (a0, a1, a2, a3) => {
    simdSetA(a0, a1, a2, a3);
    for (let i = 0; i < n; i++) view[2 * n + i] = f(view[i]!);
  };
}

function simdCompare(shape: SimdShape, signed: boolean, f: (a: number, b: number) => boolean): BinaryHelper {
  const view = signed ? shape.signed : shape.unsigned;
  const out = shape.signed;
  const n = shape.count;
  return (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    for (let i = 0; i < n; i++) out[2 * n + i] = f(view[i]!, view[n + i]!) ? -1 : 0;
  };
}

function simdShift(shape: SimdShape, f: (a: number, count: number) => number, signed: boolean): ShiftHelper {
  const view = signed ? shape.signed : shape.unsigned;
  const n = shape.count;
  const mask = shape.bits - 1;
  return (a0, a1, a2, a3, count) => {
    simdSetA(a0, a1, a2, a3);
    const k = count & mask;
    for (let i = 0; i < n; i++) view[2 * n + i] = f(view[i]!, k);
  };
}

function simdNarrowIntegerOps(name: 'i8x16' | 'i16x8'): Record<string, BinaryHelper | UnaryHelper | ShiftHelper | TestHelper> {
  const shape = SIMD_SHAPES[name];
  const { bits, count } = shape;
  const sMin = -(2 ** (bits - 1));
  const sMax = 2 ** (bits - 1) - 1;
  const uMax = 2 ** bits - 1;
  const allTrue: TestHelper = (a0, a1, a2, a3) => {
    simdSetA(a0, a1, a2, a3);
    for (let i = 0; i < count; i++) if (shape.unsigned[i] === 0) return 0;
    return 1;
  };
  const bitmask: TestHelper = (a0, a1, a2, a3) => {
    simdSetA(a0, a1, a2, a3);
    let mask = 0;
    for (let i = 0; i < count; i++) if (shape.signed[i]! < 0) mask |= 1 << i;
    return mask;
  };
  const ops: Record<string, BinaryHelper | UnaryHelper | ShiftHelper | TestHelper> = {
    add: simdLanes2(shape, true, (a, b) => a + b),
    sub: simdLanes2(shape, true, (a, b) => a - b),
    neg: simdLanes1(shape, true, (a) => -a),
    abs: simdLanes1(shape, true, (a) => Math.abs(a)),
    eq: simdCompare(shape, true, (a, b) => a === b),
    ne: simdCompare(shape, true, (a, b) => a !== b),
    lt_s: simdCompare(shape, true, (a, b) => a < b),
    lt_u: simdCompare(shape, false, (a, b) => a < b),
    gt_s: simdCompare(shape, true, (a, b) => a > b),
    gt_u: simdCompare(shape, false, (a, b) => a > b),
    le_s: simdCompare(shape, true, (a, b) => a <= b),
    le_u: simdCompare(shape, false, (a, b) => a <= b),
    ge_s: simdCompare(shape, true, (a, b) => a >= b),
    ge_u: simdCompare(shape, false, (a, b) => a >= b),
    min_s: simdLanes2(shape, true, Math.min),
    min_u: simdLanes2(shape, false, Math.min),
    max_s: simdLanes2(shape, true, Math.max),
    max_u: simdLanes2(shape, false, Math.max),
    add_sat_s: simdLanes2(shape, true, (a, b) => simdClamp(a + b, sMin, sMax)),
    add_sat_u: simdLanes2(shape, false, (a, b) => simdClamp(a + b, 0, uMax)),
    sub_sat_s: simdLanes2(shape, true, (a, b) => simdClamp(a - b, sMin, sMax)),
    sub_sat_u: simdLanes2(shape, false, (a, b) => simdClamp(a - b, 0, uMax)),
    avgr_u: simdLanes2(shape, false, (a, b) => (a + b + 1) >>> 1),
    shl: simdShift(shape, (a, k) => a << k, true),
    shr_s: simdShift(shape, (a, k) => a >> k, true),
    shr_u: simdShift(shape, (a, k) => a >>> k, false),
    all_true: allTrue,
    bitmask: bitmask,
  };
  if (name === 'i16x8') {
    ops.mul = simdLanes2(shape, true, (a, b) => Math.imul(a, b));
    ops.q15mulr_sat_s = simdLanes2(shape, true, (a, b) => simdClamp((a * b + 0x4000) >> 15, -32768, 32767));
  }
  return Object.fromEntries(Object.entries(ops).map(([op, fn]) => [`${name}.${op}`, fn]));
}

/** Widening: result lane i from source lane i (+ half the source lanes for `high`). */
function simdWiden(from: SimdShape, to: SimdShape, signed: boolean, high: boolean, multiply: boolean): BinaryHelper {
  const source = signed ? from.signed : from.unsigned;
  const n = from.count;
  const m = to.count;
  const offset = high ? m : 0;
  return (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    for (let i = 0; i < m; i++) {
      const a = source[i + offset]!;
      // Products of two 16-bit lanes fit a double exactly; the i32 view wraps them.
      to.signed[2 * m + i] = multiply ? a * source[n + i + offset]! : a;
    }
  };
}

function simdWidenTo64(signed: boolean, high: boolean, multiply: boolean): BinaryHelper {
  const source = signed ? simdI32 : simdU32;
  const offset = high ? 2 : 0;
  return (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    const x0 = BigInt(source[offset]!);
    const x1 = BigInt(source[offset + 1]!);
    simdI64[4] = multiply ? x0 * BigInt(source[4 + offset]!) : x0;
    simdI64[5] = multiply ? x1 * BigInt(source[5 + offset]!) : x1;
  };
}

function simdNarrow(from: SimdShape, to: SimdShape, signed: boolean): BinaryHelper {
  const half = from.count;
  const lo = signed ? -(2 ** (to.bits - 1)) : 0;
  const hi = signed ? 2 ** (to.bits - 1) - 1 : 2 ** to.bits - 1;
  const out = signed ? to.signed : to.unsigned;
  return (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    for (let i = 0; i < 2 * half; i++) out[2 * to.count + i] = simdClamp(from.signed[i]!, lo, hi);
  };
}

function simdExtaddPairwise(from: SimdShape, to: SimdShape, signed: boolean): UnaryHelper {
  const source = signed ? from.signed : from.unsigned;
  const m = to.count;
  return (a0, a1, a2, a3) => {
    simdSetA(a0, a1, a2, a3);
    for (let i = 0; i < m; i++) to.signed[2 * m + i] = source[2 * i]! + source[2 * i + 1]!;
  };
}

function simdI64Lanes(f: (a: bigint, b: bigint) => bigint): BinaryHelper {
  return (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    simdI64[4] = f(simdI64[0]!, simdI64[2]!);
    simdI64[5] = f(simdI64[1]!, simdI64[3]!);
  };
}

function simdI64Shift(f: (a: bigint, k: bigint) => bigint, unsigned: boolean): ShiftHelper {
  const view = unsigned ? simdU64 : simdI64;
  return (a0, a1, a2, a3, count) => {
    simdSetA(a0, a1, a2, a3);
    const k = BigInt(count & 63);
    view[4] = f(view[0]!, k);
    view[5] = f(view[1]!, k);
  };
}

function simdPopcnt8(x: number): number {
  let count = 0;
  for (let v = x; v !== 0; v &= v - 1) count++;
  return count;
}

function simdWideningOps(): Record<string, BinaryHelper> {
  const ops: Record<string, BinaryHelper> = {};
  const pairs = [
    ['i8x16', 'i16x8'],
    ['i16x8', 'i32x4'],
  ] as const;
  for (const half of ['low', 'high'] as const) {
    for (const sign of ['s', 'u'] as const) {
      const signed = sign === 's';
      const high = half === 'high';
      for (const [from, to] of pairs) {
        ops[`${to}.extend_${half}_${from}_${sign}`] = simdWiden(SIMD_SHAPES[from], SIMD_SHAPES[to], signed, high, false);
        ops[`${to}.extmul_${half}_${from}_${sign}`] = simdWiden(SIMD_SHAPES[from], SIMD_SHAPES[to], signed, high, true);
      }
      ops[`i64x2.extend_${half}_i32x4_${sign}`] = simdWidenTo64(signed, high, false);
      ops[`i64x2.extmul_${half}_i32x4_${sign}`] = simdWidenTo64(signed, high, true);
    }
  }
  return ops;
}

const SIMD_I8 = SIMD_SHAPES.i8x16;
const SIMD_I16 = SIMD_SHAPES.i16x8;
const SIMD_I32 = SIMD_SHAPES.i32x4;

/** The out-of-line SIMD operations, by Wasm instruction name. */
export const simdOps: Readonly<Record<string, BinaryHelper | UnaryHelper | ShiftHelper | TestHelper>> = {
  ...simdNarrowIntegerOps('i8x16'),
  ...simdNarrowIntegerOps('i16x8'),
  ...simdWideningOps(),
  'i8x16.popcnt': simdLanes1(SIMD_I8, false, simdPopcnt8),
  'i8x16.swizzle': (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    for (let i = 0; i < 16; i++) {
      const k = simdU8[16 + i]!;
      simdU8[32 + i] = k < 16 ? simdU8[k]! : 0;
    }
  },
  'i8x16.narrow_i16x8_s': simdNarrow(SIMD_I16, SIMD_I8, true),
  'i8x16.narrow_i16x8_u': simdNarrow(SIMD_I16, SIMD_I8, false),
  'i16x8.narrow_i32x4_s': simdNarrow(SIMD_I32, SIMD_I16, true),
  'i16x8.narrow_i32x4_u': simdNarrow(SIMD_I32, SIMD_I16, false),
  'i16x8.extadd_pairwise_i8x16_s': simdExtaddPairwise(SIMD_I8, SIMD_I16, true),
  'i16x8.extadd_pairwise_i8x16_u': simdExtaddPairwise(SIMD_I8, SIMD_I16, false),
  'i32x4.extadd_pairwise_i16x8_s': simdExtaddPairwise(SIMD_I16, SIMD_I32, true),
  'i32x4.extadd_pairwise_i16x8_u': simdExtaddPairwise(SIMD_I16, SIMD_I32, false),
  'i32x4.dot_i16x8_s': (a0, a1, a2, a3, b0, b1, b2, b3) => {
    simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
    for (let i = 0; i < 4; i++) simdI32[8 + i] = simdI16[2 * i]! * simdI16[8 + 2 * i]! + simdI16[2 * i + 1]! * simdI16[8 + 2 * i + 1]!;
  },
  'i64x2.mul': simdI64Lanes((a, b) => a * b),
  'i64x2.abs': simdI64Lanes((a) => (a < 0n ? -a : a)),
  'i64x2.lt_s': simdI64Lanes((a, b) => (a < b ? -1n : 0n)),
  'i64x2.gt_s': simdI64Lanes((a, b) => (a > b ? -1n : 0n)),
  'i64x2.le_s': simdI64Lanes((a, b) => (a <= b ? -1n : 0n)),
  'i64x2.ge_s': simdI64Lanes((a, b) => (a >= b ? -1n : 0n)),
  'i64x2.shl': simdI64Shift((a, k) => a << k, false),
  'i64x2.shr_s': simdI64Shift((a, k) => a >> k, false),
  'i64x2.shr_u': simdI64Shift((a, k) => a >> k, true),
};

/** i8x16.shuffle with lanes that are not whole 32-bit words: `lanes` index the 32 bytes of a, b. */
export function simdShuffleBytes(lanes: Uint8Array, a0: number, a1: number, a2: number, a3: number, b0: number, b1: number, b2: number, b3: number): void {
  simdSetAB(a0, a1, a2, a3, b0, b1, b2, b3);
  for (let i = 0; i < 16; i++) simdU8[32 + i] = simdU8[lanes[i]!]!;
}

/** Extending loads (v128.load8x8_s ... load32x2_u): 8 bytes at `address`, widened. */
export function simdLoadExtend(view: DataView, address: number, bits: 8 | 16 | 32, signed: boolean): void {
  // Bounds first, so a trap leaves nothing half-done.
  view.getFloat64(address, true);
  for (let i = 0; i < 64 / bits; i++) {
    const at = address + (i * bits) / 8;
    if (bits === 8) simdI16[16 + i] = signed ? view.getInt8(at) : view.getUint8(at);
    else if (bits === 16) simdI32[8 + i] = signed ? view.getInt16(at, true) : view.getUint16(at, true);
    else simdI64[4 + i] = BigInt(signed ? view.getInt32(at, true) : view.getUint32(at, true));
  }
}
