import { describe, expect, it } from 'vitest';
import { WASM_2_0_FEATURES } from '../../compiler/features.js';
import { OperatorReader, readToMatchingEnd, type OperatorReaderOptions } from '../../compiler/operators.js';
import { CompileError } from '../../runtime-support/errors.js';
import { s32, s64, u32, type Bytes } from './wasm-builder.js';

function readerOf(code: Bytes, options?: OperatorReaderOptions): OperatorReader {
  return new OperatorReader(new Uint8Array(code), 0, code.length, options);
}

/** Reads one instruction and checks it used every byte. */
function readOne(code: Bytes, options?: OperatorReaderOptions): OperatorReader {
  const reader = readerOf(code, options);
  reader.read();
  expect(reader.done).toBe(true);
  return reader;
}

function failure(code: Bytes, options?: OperatorReaderOptions): string {
  const reader = readerOf(code, options);
  try {
    while (!reader.done) reader.read();
  } catch (error) {
    expect(error).toBeInstanceOf(CompileError);
    return (error as Error).message;
  }
  throw new Error('expected a CompileError');
}

describe('OperatorReader', () => {
  it('reads numeric constants', () => {
    expect(readOne([0x41, ...s32(-2147483648)]).i32).toBe(-2147483648);
    expect(readOne([0x42, ...s64(-(2n ** 63n))]).i64).toBe(-(2n ** 63n));
    expect(readOne([0x42, ...s64(2n ** 63n - 1n)]).i64).toBe(2n ** 63n - 1n);
    expect(readOne([0x43, 0x01, 0x00, 0xc0, 0x7f]).f32Bits).toBe(0x7fc00001);
    expect(readOne([0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0xff]).f64Bits).toBe(0xfff8000000000000n);
  });

  it('reads block types', () => {
    expect(readOne([0x02, 0x40]).blockType).toBeNull();
    expect(readOne([0x03, 0x7b]).blockType).toBe('v128');
    expect(readOne([0x04, 0x6f]).blockType).toBe('externref');
    expect(readOne([0x06, ...u32(300)]).blockType).toBe(300);
    expect(failure([0x02, 0x50])).toBe('@0x1: malformed block type');
  });

  it('reads br_table, call_indirect and typed select', () => {
    const brTable = readOne([0x0e, 3, 0, 1, ...u32(200), 4]);
    expect(brTable.targets).toEqual([0, 1, 200]);
    expect(brTable.defaultTarget).toBe(4);
    const callIndirect = readOne([0x11, 5, 2]);
    expect([callIndirect.index, callIndirect.index2]).toEqual([5, 2]);
    expect(readOne([0x1c, 2, 0x7f, 0x70]).selectTypes).toEqual(['i32', 'funcref']);
    expect(failure([0x1c, 1, 0x40])).toBe('@0x2: malformed value type');
    expect(failure([0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0])).toContain('unexpected end');
  });

  it('reads memargs, with an explicit memory index and 64-bit offsets', () => {
    const plain = readOne([0x28, 2, ...u32(16)]);
    expect(plain.memarg).toEqual({ align: 2, offset: 16, memory: 0 });
    const multi = readOne([0x36, 0x40 | 2, 3, 8]);
    expect(multi.memarg).toEqual({ align: 2, offset: 8, memory: 3 });
    const offset64 = [0x28, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]; // offset 2^35
    expect(readOne(offset64).memarg.offset).toBe(2 ** 35);
    expect(readOne(offset64, { memoryIndex64: [true] }).memarg.offset).toBe(2 ** 35);
    expect(failure(offset64, { memoryIndex64: [false] })).toBe('@0x7: integer representation too long');
    const lane = readOne([0xfd, 0x56, 0x02, 0x04, 3]); // v128.load32_lane
    expect([lane.memarg.offset, lane.lane]).toEqual([4, 3]);
  });

  it('reads memory and table instructions', () => {
    expect(readOne([0x40, 0x01]).index).toBe(1); // memory.grow of memory 1 (multi-memory)
    const copy = readOne([0xfc, 0x0a, 0x02, 0x01]);
    expect([copy.index, copy.index2]).toEqual([2, 1]);
    const init = readOne([0xfc, 0x08, 0x07, 0x00]);
    expect([init.index, init.index2]).toEqual([7, 0]);
    const tableInit = readOne([0xfc, 0x0c, 0x03, 0x01]);
    expect([tableInit.index, tableInit.index2]).toEqual([3, 1]);
    expect(readOne([0xfc, 0x11, 0x04]).index).toBe(4);
    // A memory index is a u32 with multi-memory, a reserved zero byte in Wasm 2.0.
    expect(readOne([0x3f, 0x80, 0x00]).index).toBe(0);
    const wasm2 = { features: WASM_2_0_FEATURES };
    expect(failure([0x3f, 0x80, 0x00], wasm2)).toMatch(/^@0x1: zero byte expected: .*multi-memory/);
    expect(failure([0x40, 0x01], wasm2)).toMatch(/^@0x1: zero byte expected: .*multi-memory/);
    expect(readOne([0xfc, 0x0a, 0x00, 0x00], wasm2).index2).toBe(0);
    expect(failure([0xfc, 0x09, 0x00], { hasDataCount: false })).toBe('@0x0: data count section required');
  });

  it('reads SIMD immediates', () => {
    const bytes = Array.from({ length: 16 }, (_, i) => i * 3);
    const constant = readOne([0xfd, 0x0c, ...bytes]);
    expect(constant.op).toBe(0xfd000c);
    expect([...constant.bytes16]).toEqual(bytes);
    const kept = constant.bytes16;
    const shuffle = readOne([0xfd, 0x0d, ...bytes.map((b) => b % 32)]);
    expect(shuffle.bytes16).not.toBe(kept);
    expect(readOne([0xfd, 0x15, 15]).lane).toBe(15);
    // A sub-opcode may be a padded LEB128.
    expect(readOne([0xfd, 0x8e, 0x80, 0x00]).op).toBe(0xfd000e); // i8x16.swizzle
  });

  it('reads references, exceptions and atomics', () => {
    expect(readOne([0xd0, 0x6f]).refType).toBe('externref');
    expect(failure([0xd0, 0x7f])).toBe('@0x1: malformed reference type');
    expect(readOne([0xd2, 9]).index).toBe(9);
    expect(readOne([0x08, 2]).index).toBe(2);
    expect(readOne([0x18, 1]).index).toBe(1);
    expect(readOne([0xfe, 0x03, 0x00]).op).toBe(0xfe0003);
    expect(failure([0xfe, 0x03, 0x01])).toBe('@0x2: zero byte expected');
    const cmpxchg = readOne([0xfe, 0x4e, 2, 0]);
    expect(cmpxchg.op).toBe(0xfe004e);
    expect(cmpxchg.memarg.align).toBe(2);
  });

  it('reports illegal opcodes at their offset, with the context', () => {
    expect(failure([0x01, 0x01, 0xfd, 0x9a, 0x01], { context: 'func 2 ($f)' })).toBe('func 2 ($f) @0x2: illegal opcode 0xfd 0x9a');
    expect(failure([0xff])).toBe('@0x0: illegal opcode 0xff');
    expect(failure([0xfc, 0x12])).toBe('@0x0: illegal opcode 0xfc 0x12');
  });

  it('gives each instruction its exact offset', () => {
    const code = [0x41, ...s32(123456), 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x1a, 0x0b];
    const reader = readerOf(code);
    const seen: [number, number][] = [];
    while (!reader.done) seen.push([reader.read(), reader.offset]);
    expect(seen).toEqual([[0x41, 0], [0xfd000c, 4], [0x1a, 22], [0x0b, 23]]);
  });

  it('finds the end of a nested sequence', () => {
    // block (try (delegate 0)) end end, then a trailing nop
    const code = [0x02, 0x40, 0x06, 0x40, 0x18, 0x00, 0x0b, 0x0b, 0x01];
    const reader = readerOf(code);
    readToMatchingEnd(reader);
    expect(reader.position).toBe(8);
    expect(() => readToMatchingEnd(readerOf([0x02, 0x40, 0x0b]))).toThrow('@0x3: unexpected end of section or function');
  });
});
