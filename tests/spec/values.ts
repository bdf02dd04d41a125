/**
 * The suite's values as bit patterns: arguments become little-endian constant bytes for
 * the wrapper modules, expected results become (mask, pattern) pairs that the wrapper
 * checks bit-exactly inside Wasm, and actual results read back from wrapper memory are
 * formatted for failure messages.
 */
import type { SpecValue } from './loader.js';
import { isWasmValType, type WasmValType } from './wasm-encoder.js';

export class SpecValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecValueError';
  }
}

export type NumericType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

export function isNumericType(type: WasmValType): type is NumericType {
  return type !== 'funcref' && type !== 'externref';
}

export function valueType(value: SpecValue): WasmValType {
  if (!isWasmValType(value.type)) throw new SpecValueError(`unsupported value type "${value.type}"`);
  return value.type;
}

export const BYTE_WIDTH: Record<NumericType, number> = { i32: 4, f32: 4, i64: 8, f64: 8, v128: 16 };

type LaneType = 'i8' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64';
const LANE_WIDTH: Record<LaneType, number> = { i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };

function laneType(value: SpecValue): LaneType {
  const lane = value.lane_type;
  if (lane === undefined || !Object.hasOwn(LANE_WIDTH, lane)) {
    throw new SpecValueError(`v128 value with unsupported lane_type "${String(lane)}"`);
  }
  return lane as LaneType;
}

const NAN_CANONICAL = 'nan:canonical';
const NAN_ARITHMETIC = 'nan:arithmetic';

function writeUnsigned(target: Uint8Array, offset: number, width: number, value: bigint): void {
  let rest = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) {
    target[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function parseInteger(text: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new SpecValueError(`not a decimal bit pattern: "${text}"`);
  return BigInt(text);
}

/** What one lane (or a whole scalar) must look like: `(actual & mask) == pattern`. */
interface LaneExpectation {
  mask: bigint;
  pattern: bigint;
}

/** NaN classes by bit masks: canonical = quiet bit only in the payload (sign free);
 *  arithmetic = quiet bit set, rest of the payload free. */
function laneExpectation(text: string, floatWidth: 4 | 8 | undefined, width: number): LaneExpectation {
  const allOnes = (1n << BigInt(width * 8)) - 1n;
  if (text === NAN_CANONICAL || text === NAN_ARITHMETIC) {
    if (floatWidth === undefined) throw new SpecValueError(`${text} for a non-float lane`);
    const exponentAndQuiet = floatWidth === 4 ? 0x7fc00000n : 0x7ff8000000000000n;
    const allButSign = floatWidth === 4 ? 0x7fffffffn : 0x7fffffffffffffffn;
    return text === NAN_CANONICAL
      ? { mask: allButSign, pattern: exponentAndQuiet }
      : { mask: exponentAndQuiet, pattern: exponentAndQuiet };
  }
  return { mask: allOnes, pattern: BigInt.asUintN(width * 8, parseInteger(text)) };
}

/** Expected result bits: the wrapper tests `(actual & mask) == pattern` on these bytes. */
export interface NumericExpectation {
  type: NumericType;
  mask: Uint8Array;
  pattern: Uint8Array;
  /** True when the mask is all ones, so the wrapper can skip the `and`. */
  exact: boolean;
}

function scalarFloatWidth(type: NumericType): 4 | 8 | undefined {
  return type === 'f32' ? 4 : type === 'f64' ? 8 : undefined;
}

function laneFloatWidth(lane: LaneType): 4 | 8 | undefined {
  return lane === 'f32' ? 4 : lane === 'f64' ? 8 : undefined;
}

/** Splits a value into lanes: scalars are one lane of their own type. */
function lanesOf(value: SpecValue, type: NumericType): { texts: string[]; width: number; floatWidth: 4 | 8 | undefined } {
  const raw = value.value;
  if (type !== 'v128') {
    if (typeof raw !== 'string') throw new SpecValueError(`${type} value must be a string, got ${JSON.stringify(raw)}`);
    return { texts: [raw], width: BYTE_WIDTH[type], floatWidth: scalarFloatWidth(type) };
  }
  const lane = laneType(value);
  const width = LANE_WIDTH[lane];
  if (!Array.isArray(raw) || raw.length !== 16 / width) {
    throw new SpecValueError(`v128 ${lane} value needs ${16 / width} lanes, got ${JSON.stringify(raw)}`);
  }
  return { texts: raw, width, floatWidth: laneFloatWidth(lane) };
}

export function numericExpectation(value: SpecValue, type: NumericType): NumericExpectation {
  const { texts, width, floatWidth } = lanesOf(value, type);
  const mask = new Uint8Array(BYTE_WIDTH[type]);
  const pattern = new Uint8Array(BYTE_WIDTH[type]);
  texts.forEach((text, lane) => {
    const expected = laneExpectation(text, floatWidth, width);
    writeUnsigned(mask, lane * width, width, expected.mask);
    writeUnsigned(pattern, lane * width, width, expected.pattern);
  });
  return { type, mask, pattern, exact: mask.every((byte) => byte === 0xff) };
}

/** The little-endian bytes of a numeric argument (NaN classes are not allowed here). */
export function numericArgumentBytes(value: SpecValue, type: NumericType): Uint8Array {
  const { texts, width } = lanesOf(value, type);
  const bytes = new Uint8Array(BYTE_WIDTH[type]);
  texts.forEach((text, lane) => writeUnsigned(bytes, lane * width, width, parseInteger(text)));
  return bytes;
}

/** Little-endian bytes as the signed integer an i32.const / i64.const immediate takes. */
export function bytesToSigned(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return BigInt.asIntN(bytes.length * 8, value);
}

function bytesToUnsigned(bytes: Uint8Array, offset: number, width: number): bigint {
  let value = 0n;
  for (let i = width - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return value;
}

function describeFloatBits(bits: bigint, width: 4 | 8): string {
  const view = new DataView(new ArrayBuffer(8));
  if (width === 4) view.setUint32(0, Number(bits), true);
  else view.setBigUint64(0, bits, true);
  const number = width === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true);
  const hex = `0x${bits.toString(16).padStart(width * 2, '0')}`;
  return Number.isNaN(number) ? `nan(${hex})` : `${Object.is(number, -0) ? '-0' : String(number)} (${hex})`;
}

function describeLane(bits: bigint, width: number, floatWidth: 4 | 8 | undefined): string {
  return floatWidth !== undefined ? describeFloatBits(bits, floatWidth) : bits.toString();
}

/** Formats actual result bytes in the shape of the expected value (lane type for v128). */
export function describeActual(bytes: Uint8Array, expected: SpecValue, type: NumericType): string {
  if (type !== 'v128') {
    return describeLane(bytesToUnsigned(bytes, 0, bytes.length), bytes.length, scalarFloatWidth(type));
  }
  const lane = expected.lane_type !== undefined && Object.hasOwn(LANE_WIDTH, expected.lane_type) ? laneType(expected) : 'i32';
  const width = LANE_WIDTH[lane];
  const lanes: string[] = [];
  for (let offset = 0; offset < 16; offset += width) {
    lanes.push(describeLane(bytesToUnsigned(bytes, offset, width), width, laneFloatWidth(lane)));
  }
  return `${lane}x${16 / width} [${lanes.join(' ')}]`;
}

/** Formats an expected value from the JSON (decoding float bit patterns). */
export function describeExpected(value: SpecValue): string {
  const type = valueType(value);
  if (!isNumericType(type)) return `${type} ${value.value === undefined ? '(any)' : String(value.value)}`;
  const { texts, width, floatWidth } = lanesOf(value, type);
  const lanes = texts.map((text) =>
    text.startsWith('nan:') ? text : describeLane(BigInt.asUintN(width * 8, parseInteger(text)), width, floatWidth),
  );
  return type === 'v128' ? `${value.lane_type ?? ''}x${16 / width} [${lanes.join(' ')}]` : lanes[0]!;
}

/**
 * Host references: the suite names externref values by numbers; each number maps to one
 * unique JS object for the whole run, so identity comparisons are exact.
 */
export class HostRefs {
  private readonly objects = new Map<string, object>();

  get(id: string): object {
    let object = this.objects.get(id);
    if (object === undefined) {
      object = Object.freeze({ hostRef: id });
      this.objects.set(id, object);
    }
    return object;
  }

  /** The JS value of a reference argument. */
  argument(value: SpecValue): unknown {
    const raw = value.value;
    if (raw === 'null') return null;
    if (value.type === 'externref' && typeof raw === 'string') return this.get(raw);
    throw new SpecValueError(`cannot pass ${value.type} value ${JSON.stringify(raw)} as an argument`);
  }

  /** Checks a reference result; returns a mismatch description, or undefined when it matches. */
  mismatch(actual: unknown, expected: SpecValue): string | undefined {
    const raw = expected.value;
    if (raw === undefined) return undefined;
    if (raw === 'null') return actual === null ? undefined : `expected null ${expected.type}, got ${describeRef(actual)}`;
    if (expected.type === 'externref' && typeof raw === 'string') {
      return actual === this.get(raw) ? undefined : `expected host ref ${raw}, got ${describeRef(actual)}`;
    }
    // A non-null funcref expectation only says "some function".
    if (expected.type === 'funcref') {
      return actual !== null && actual !== undefined ? undefined : `expected a function, got ${describeRef(actual)}`;
    }
    throw new SpecValueError(`cannot check ${expected.type} value ${JSON.stringify(raw)}`);
  }
}

function describeRef(actual: unknown): string {
  if (actual === null) return 'null';
  if (typeof actual === 'object' && 'hostRef' in actual) {
    return `host ref ${String((actual as { hostRef: unknown }).hostRef)}`;
  }
  return typeof actual === 'function' ? 'a function' : `${typeof actual} ${String(actual)}`;
}
