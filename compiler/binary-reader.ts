/**
 * Byte-level reading of the WebAssembly binary format: LEB128 integers, floats, names.
 *
 * LEB128 decoding follows the spec's rules exactly (as its reference interpreter does):
 * an N-bit integer takes at most ceil(N/7) bytes ("integer representation too long"), and
 * the unused bits of the last byte must be zero for unsigned integers and copies of the
 * sign bit for signed ones ("integer too large").
 *
 * Every failure throws `CompileError` with a message of the form
 * `[context ]@0x1a2: <rule>`, where the offset is the byte at fault and the optional
 * context names the function or entity being read, e.g. `func 3 ($main) @0x1a2: ...`.
 */
import { CompileError } from '../runtime-support/errors.js';

/** The location prefix of an error message: `@0x1a2` or `func 3 ($name) @0x1a2`. */
export function formatLocation(offset: number, context?: string): string {
  const at = `@0x${offset.toString(16)}`;
  return context ? `${context} ${at}` : at;
}

/** The context naming a function in messages: `func 3` or `func 3 ($name)`. */
export function functionContext(funcIndex: number, name?: string | null): string {
  return name ? `func ${funcIndex} ($${name})` : `func ${funcIndex}`;
}

/** A `CompileError` whose message starts with the location of the fault. */
export function compileErrorAt(offset: number, message: string, context?: string): Error {
  return new CompileError(`${formatLocation(offset, context)}: ${message}`);
}

/** Strict UTF-8: overlong forms, surrogates and code points above U+10FFFF are errors; a BOM is kept. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const MSG_UNEXPECTED_END = 'unexpected end of section or function';
export const MSG_LENGTH_OUT_OF_BOUNDS = 'length out of bounds';
export const MSG_TOO_LONG = 'integer representation too long';
export const MSG_TOO_LARGE = 'integer too large';

/**
 * A cursor over `bytes[position, end)`. Reading past `end` fails, so a reader bounded to
 * a section or a function body can never run into the next one.
 */
export class BinaryReader {
  /** Byte offset of the next byte to read. */
  position: number;
  /** Names the function or entity being read in error messages (see `functionContext`). */
  context: string | undefined;
  private view: DataView | null = null;

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    /** Exclusive end of the readable range. */
    public end: number,
    context?: string,
  ) {
    this.position = start;
    this.context = context;
  }

  get atEnd(): boolean {
    return this.position >= this.end;
  }

  get remaining(): number {
    return this.end - this.position;
  }

  /** Throws a `CompileError` located at `offset` (default: the current position). */
  fail(message: string, offset: number = this.position): never {
    throw compileErrorAt(offset, message, this.context);
  }

  u8(): number {
    if (this.position >= this.end) this.fail(MSG_UNEXPECTED_END);
    return this.bytes[this.position++]!;
  }

  /** The next byte without consuming it, or -1 at the end. */
  peekByte(): number {
    return this.position < this.end ? this.bytes[this.position]! : -1;
  }

  /** Advances over `length` bytes, which must lie within the range. */
  skip(length: number): void {
    if (length > this.end - this.position) this.fail(MSG_UNEXPECTED_END);
    this.position += length;
  }

  /** A length prefix (u32) that must fit in the rest of the range. */
  length(): number {
    const at = this.position;
    const n = this.u32();
    if (n > this.end - this.position) this.fail(MSG_LENGTH_OUT_OF_BOUNDS, at);
    return n;
  }

  u32(): number {
    // Fast path: most indices and counts fit in one byte.
    if (this.position < this.end) {
      const first = this.bytes[this.position]!;
      if (first < 0x80) {
        this.position++;
        return first;
      }
    }
    return this.unsignedLeb(32);
  }

  /** An unsigned LEB128 of up to 64 bits, as a number (precision lost beyond 2^53). */
  u64AsNumber(): number {
    return this.unsignedLeb(64);
  }

  u64(): bigint {
    return this.unsignedLebBig(64);
  }

  s32(): number {
    if (this.position < this.end) {
      const first = this.bytes[this.position]!;
      if (first < 0x80) {
        this.position++;
        return first < 0x40 ? first : first - 0x80;
      }
    }
    return this.signedLeb(32);
  }

  /** Block types: a signed 33-bit integer (type indices are its non-negative values). */
  s33(): number {
    return this.signedLeb(33);
  }

  s64(): bigint {
    return this.signedLebBig(64);
  }

  /** Raw little-endian u32 (f32 bit patterns). */
  fixedU32(): number {
    if (this.end - this.position < 4) this.fail(MSG_UNEXPECTED_END);
    const value = this.dataView().getUint32(this.position, true);
    this.position += 4;
    return value;
  }

  /** Raw little-endian u64 (f64 bit patterns). */
  fixedU64(): bigint {
    if (this.end - this.position < 8) this.fail(MSG_UNEXPECTED_END);
    const value = this.dataView().getBigUint64(this.position, true);
    this.position += 8;
    return value;
  }

  /** A copy of the next `length` bytes. */
  copyBytes(length: number): Uint8Array {
    const at = this.position;
    this.skip(length);
    return this.bytes.slice(at, at + length);
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const length = this.length();
    const at = this.position;
    this.position += length;
    try {
      return utf8.decode(this.bytes.subarray(at, at + length));
    } catch {
      return this.fail('malformed UTF-8 encoding', at);
    }
  }

  private dataView(): DataView {
    this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.view;
  }

  /**
   * Unsigned LEB128 of `bits` bits as a number. Arithmetic uses multiplication rather
   * than shifts so that bit 31 and above do not wrap to negative values.
   */
  private unsignedLeb(bits: number): number {
    let result = 0;
    let scale = 1;
    for (let remainingBits = bits; ; remainingBits -= 7) {
      if (remainingBits <= 0) this.fail(MSG_TOO_LONG);
      const at = this.position;
      const byte = this.u8();
      if (remainingBits < 7 && (byte & 0x7f) >= 1 << remainingBits) this.fail(MSG_TOO_LARGE, at);
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  private unsignedLebBig(bits: number): bigint {
    let result = 0n;
    let shift = 0n;
    for (let remainingBits = bits; ; remainingBits -= 7) {
      if (remainingBits <= 0) this.fail(MSG_TOO_LONG);
      const at = this.position;
      const byte = this.u8();
      if (remainingBits < 7 && (byte & 0x7f) >= 1 << remainingBits) this.fail(MSG_TOO_LARGE, at);
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  /** Signed LEB128 of up to 33 bits: the value fits a double exactly. */
  private signedLeb(bits: number): number {
    let result = 0;
    let scale = 1;
    for (let remainingBits = bits; ; remainingBits -= 7) {
      if (remainingBits <= 0) this.fail(MSG_TOO_LONG);
      const at = this.position;
      const byte = this.u8();
      this.checkSignedLastByte(byte, remainingBits, at);
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return (byte & 0x40) === 0 ? result : result - scale;
    }
  }

  private signedLebBig(bits: number): bigint {
    let result = 0n;
    let shift = 0n;
    for (let remainingBits = bits; ; remainingBits -= 7) {
      if (remainingBits <= 0) this.fail(MSG_TOO_LONG);
      const at = this.position;
      const byte = this.u8();
      this.checkSignedLastByte(byte, remainingBits, at);
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return BigInt.asIntN(64, (byte & 0x40) === 0 ? result : result - (1n << shift));
    }
  }

  /** In the byte holding the top `remainingBits` bits, the unused bits must all equal the sign bit. */
  private checkSignedLastByte(byte: number, remainingBits: number, at: number): void {
    if (remainingBits >= 7) return;
    const mask = (-1 << (remainingBits - 1)) & 0x7f;
    const unused = byte & mask;
    if (unused !== 0 && unused !== mask) this.fail(MSG_TOO_LARGE, at);
  }
}
