/**
 * Exact text forms of constants and names, shared by the printer and the parser.
 * Floats print as the shortest decimal that reads back to the same bits; NaNs print their
 * sign and payload (`nan:0x400000`, `-nan:0x1`) so signalling NaNs survive a round trip.
 */

const scratch = new DataView(new ArrayBuffer(8));

export function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits >>> 0, true);
  return scratch.getFloat32(0, true);
}

export function f64FromBits(bits: bigint): number {
  scratch.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return scratch.getFloat64(0, true);
}

export function f32Bits(value: number): number {
  scratch.setFloat32(0, value, true);
  return scratch.getUint32(0, true);
}

export function f64Bits(value: number): bigint {
  scratch.setFloat64(0, value, true);
  return scratch.getBigUint64(0, true);
}

function finiteText(value: number, isExact: (text: string) => boolean): string {
  if (Object.is(value, -0)) return '-0';
  for (let precision = 1; precision < 17; precision++) {
    const text = String(Number(value.toPrecision(precision)));
    if (isExact(text)) return text;
  }
  return String(value);
}

export function formatF32(bits: number): string {
  bits >>>= 0;
  const sign = bits >>> 31 === 1 ? '-' : '';
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return mantissa === 0 ? `${sign}inf` : `${sign}nan:0x${mantissa.toString(16)}`;
  const value = f32FromBits(bits);
  return finiteText(value, (text) => Math.fround(Number(text)) === value);
}

export function formatF64(bits: bigint): string {
  bits = BigInt.asUintN(64, bits);
  const sign = bits >> 63n === 1n ? '-' : '';
  const exponent = (bits >> 52n) & 0x7ffn;
  const mantissa = bits & 0xfffffffffffffn;
  if (exponent === 0x7ffn) return mantissa === 0n ? `${sign}inf` : `${sign}nan:0x${mantissa.toString(16)}`;
  return finiteText(f64FromBits(bits), (text) => Number(text) === f64FromBits(bits));
}

const NAN_FORM = /^([+-]?)nan:0x([0-9a-fA-F]+)$/;
const INF_FORM = /^([+-]?)inf$/;
const DECIMAL_FORM = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Bits of an f32 literal, or null when the text is not one (or the payload is out of range). */
export function parseF32(text: string): number | null {
  const nan = NAN_FORM.exec(text);
  if (nan !== null) {
    const payload = Number.parseInt(nan[2]!, 16);
    if (payload === 0 || payload > 0x7fffff) return null;
    return ((nan[1] === '-' ? 0x80000000 : 0) | 0x7f800000 | payload) >>> 0;
  }
  const inf = INF_FORM.exec(text);
  if (inf !== null) return inf[1] === '-' ? 0xff800000 : 0x7f800000;
  if (!DECIMAL_FORM.test(text)) return null;
  return f32Bits(Math.fround(Number(text)));
}

export function parseF64(text: string): bigint | null {
  const nan = NAN_FORM.exec(text);
  if (nan !== null) {
    const payload = BigInt(`0x${nan[2]!}`);
    if (payload === 0n || payload > 0xfffffffffffffn) return null;
    return (nan[1] === '-' ? 1n << 63n : 0n) | (0x7ffn << 52n) | payload;
  }
  const inf = INF_FORM.exec(text);
  if (inf !== null) return inf[1] === '-' ? 0xfff0000000000000n : 0x7ff0000000000000n;
  if (!DECIMAL_FORM.test(text)) return null;
  return f64Bits(Number(text));
}

/** v128 bytes as four little-endian i32 lanes in hex: `i32x4 0x03020100 ...`. */
export function formatV128(bytes: Uint8Array): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const lanes: string[] = [];
  for (let lane = 0; lane < 4; lane++) lanes.push(`0x${view.getUint32(lane * 4, true).toString(16).padStart(8, '0')}`);
  return `i32x4 ${lanes.join(' ')}`;
}

export function v128FromLanes(lanes: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  lanes.forEach((lane, i) => view.setUint32(i * 4, lane >>> 0, true));
  return bytes;
}

const PLAIN_NAME = /^[A-Za-z0-9_.\-]+$/;

/** `$name`, or `$"..."` (JSON string) when the name has other characters. */
export function formatName(name: string): string {
  return PLAIN_NAME.test(name) ? `$${name}` : `$${JSON.stringify(name)}`;
}
