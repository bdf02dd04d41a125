import { describe, expect, it } from 'vitest';
import { BinaryReader, compileErrorAt, formatLocation, functionContext } from '../../compiler/binary-reader.js';
import { CompileError } from '../../runtime-support/errors.js';

function reader(bytes: number[]): BinaryReader {
  return new BinaryReader(new Uint8Array(bytes), 0, bytes.length);
}

/** Reads with `read` and checks the whole input was consumed. */
function readAll<T>(bytes: number[], read: (r: BinaryReader) => T): T {
  const r = reader(bytes);
  const value = read(r);
  expect(r.position).toBe(bytes.length);
  return value;
}

function failure(bytes: number[], read: (r: BinaryReader) => unknown): string {
  try {
    read(reader(bytes));
  } catch (error) {
    expect(error).toBeInstanceOf(CompileError);
    return (error as Error).message;
  }
  throw new Error('expected a CompileError');
}

const MAX_9 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const ZERO_9 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80];

describe('u32', () => {
  const u32 = (r: BinaryReader): number => r.u32();
  it('decodes boundaries', () => {
    expect(readAll([0x00], u32)).toBe(0);
    expect(readAll([0x7f], u32)).toBe(127);
    expect(readAll([0x80, 0x01], u32)).toBe(128);
    expect(readAll([0xe5, 0x8e, 0x26], u32)).toBe(624485);
    expect(readAll([0xff, 0xff, 0xff, 0xff, 0x0f], u32)).toBe(0xffffffff);
    expect(readAll([0x80, 0x80, 0x80, 0x80, 0x08], u32)).toBe(0x80000000);
  });
  it('accepts padded encodings up to five bytes', () => {
    expect(readAll([0x80, 0x00], u32)).toBe(0);
    expect(readAll([0x81, 0x80, 0x80, 0x80, 0x00], u32)).toBe(1);
  });
  it('rejects unused bits and overlong encodings', () => {
    expect(failure([0x80, 0x80, 0x80, 0x80, 0x10], u32)).toBe('@0x4: integer too large');
    expect(failure([0xff, 0xff, 0xff, 0xff, 0x4f], u32)).toBe('@0x4: integer too large');
    expect(failure([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], u32)).toBe('@0x5: integer representation too long');
  });
  it('rejects truncated input', () => {
    expect(failure([], u32)).toContain('unexpected end');
    expect(failure([0x80, 0x80], u32)).toBe('@0x2: unexpected end of section or function');
  });
  it('stops at the end of its range, not of the buffer', () => {
    const r = new BinaryReader(new Uint8Array([0x80, 0x01]), 0, 1);
    expect(() => r.u32()).toThrow('unexpected end');
  });
});

describe('s32 and s33', () => {
  const s32 = (r: BinaryReader): number => r.s32();
  const s33 = (r: BinaryReader): number => r.s33();
  it('decodes boundaries', () => {
    expect(readAll([0x00], s32)).toBe(0);
    expect(readAll([0x7f], s32)).toBe(-1);
    expect(readAll([0x3f], s32)).toBe(63);
    expect(readAll([0x40], s32)).toBe(-64);
    expect(readAll([0xc0, 0x00], s32)).toBe(64);
    expect(readAll([0xff, 0xff, 0xff, 0xff, 0x07], s32)).toBe(2147483647);
    expect(readAll([0x80, 0x80, 0x80, 0x80, 0x78], s32)).toBe(-2147483648);
    expect(readAll([0xff, 0xff, 0xff, 0xff, 0x7f], s32)).toBe(-1);
  });
  it('requires the unused bits to sign-extend', () => {
    expect(failure([0xff, 0xff, 0xff, 0xff, 0x0f], s32)).toBe('@0x4: integer too large');
    expect(failure([0x80, 0x80, 0x80, 0x80, 0x70], s32)).toBe('@0x4: integer too large');
    expect(failure([0x80, 0x80, 0x80, 0x80, 0x1f], s32)).toBe('@0x4: integer too large');
    expect(failure([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], s32)).toBe('@0x5: integer representation too long');
  });
  it('s33 covers every u32 type index', () => {
    expect(readAll([0xff, 0xff, 0xff, 0xff, 0x0f], s33)).toBe(0xffffffff);
    expect(readAll([0x80, 0x80, 0x80, 0x80, 0x70], s33)).toBe(-0x100000000);
    expect(failure([0x80, 0x80, 0x80, 0x80, 0x20], s33)).toBe('@0x4: integer too large');
  });
});

describe('s64 and u64', () => {
  const s64 = (r: BinaryReader): bigint => r.s64();
  const u64 = (r: BinaryReader): bigint => r.u64();
  it('decodes boundaries', () => {
    expect(readAll([0x7f], s64)).toBe(-1n);
    expect(readAll([...MAX_9, 0x00], s64)).toBe(2n ** 63n - 1n);
    expect(readAll([...ZERO_9, 0x7f], s64)).toBe(-(2n ** 63n));
    expect(readAll([...MAX_9, 0x01], u64)).toBe(2n ** 64n - 1n);
    expect(readAll([0x80, 0x01], u64)).toBe(128n);
  });
  it('checks the tenth byte', () => {
    expect(failure([...ZERO_9, 0x01], s64)).toBe('@0x9: integer too large');
    expect(failure([...MAX_9, 0x41], s64)).toBe('@0x9: integer too large');
    expect(failure([...ZERO_9, 0x80, 0x00], s64)).toBe('@0xa: integer representation too long');
    expect(failure([...MAX_9, 0x02], u64)).toBe('@0x9: integer too large');
  });
  it('u64AsNumber agrees with the exact decoding where a double is exact', () => {
    const bytes = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]; // 2^53
    expect(readAll(bytes, (r) => r.u64AsNumber())).toBe(2 ** 53);
    expect(failure([...MAX_9, 0x02], (r) => r.u64AsNumber())).toBe('@0x9: integer too large');
  });
});

describe('fixed-width values', () => {
  it('reads little-endian bit patterns', () => {
    expect(readAll([0x00, 0x00, 0x80, 0x3f], (r) => r.fixedU32())).toBe(0x3f800000);
    expect(readAll([1, 0, 0, 0, 0, 0, 0xf0, 0x7f], (r) => r.fixedU64())).toBe(0x7ff0000000000001n);
    expect(failure([0, 0, 0], (r) => r.fixedU32())).toContain('unexpected end');
  });
});

describe('names', () => {
  const name = (r: BinaryReader): string => r.name();
  it('decodes UTF-8 and keeps a byte order mark', () => {
    expect(readAll([3, 0x61, 0x62, 0x63], name)).toBe('abc');
    expect(readAll([4, 0xf0, 0x9f, 0x98, 0x80], name)).toBe('\u{1f600}');
    expect(readAll([3, 0xef, 0xbb, 0xbf], name)).toBe('\ufeff');
    expect(readAll([0], name)).toBe('');
  });
  it('rejects malformed UTF-8', () => {
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xe0, 0x80], [0xff]]) {
      expect(failure([bad.length, ...bad], name)).toBe('@0x1: malformed UTF-8 encoding');
    }
  });
  it('rejects a length beyond the range', () => {
    expect(failure([5, 0x61], name)).toBe('@0x0: length out of bounds');
  });
});

describe('locations', () => {
  it('formats offsets and function contexts', () => {
    expect(formatLocation(0x1a2)).toBe('@0x1a2');
    expect(formatLocation(0x1a2, functionContext(3, 'main'))).toBe('func 3 ($main) @0x1a2');
    expect(functionContext(4)).toBe('func 4');
    const error = compileErrorAt(16, 'type mismatch', 'func 0');
    expect(error).toBeInstanceOf(CompileError);
    expect(error.message).toBe('func 0 @0x10: type mismatch');
  });
  it('prefixes reader failures with the context', () => {
    const r = new BinaryReader(new Uint8Array([0x80]), 0, 1, 'func 7');
    expect(() => r.u32()).toThrow('func 7 @0x1: unexpected end');
  });
});
