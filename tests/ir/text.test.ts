import { describe, expect, it } from 'vitest';
import { formatF32, formatF64, parseF32, parseF64 } from '../../ir/literals.js';
import { IrParseError, parseIrModule } from '../../ir/parser.js';
import { printModule } from '../../ir/printer.js';

const PREAMBLE = 'type0 = (i32) -> (i32)\n';

function parseError(body: string): IrParseError {
  try {
    parseIrModule(`${PREAMBLE}function fn0: type0 {\n${body}}\n`);
  } catch (error) {
    if (error instanceof IrParseError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

describe('float literals', () => {
  it('print the shortest exact decimal and keep NaN payloads', () => {
    const f32Cases: [number, string][] = [
      [0x3dcccccd, '0.1'],
      [0x80000000, '-0'],
      [0x7f800000, 'inf'],
      [0xff800000, '-inf'],
      [0x7fc00000, 'nan:0x400000'],
      [0xffa00001, '-nan:0x200001'],
      [0x00000001, '1e-45'],
      [0x7f7fffff, '3.4028235e+38'],
    ];
    for (const [bits, text] of f32Cases) {
      expect(formatF32(bits)).toBe(text);
      expect(parseF32(text)).toBe(bits);
    }
    const f64Cases: [bigint, string][] = [
      [0x3fb999999999999an, '0.1'],
      [0x8000000000000000n, '-0'],
      [0x7ff8000000000001n, 'nan:0x8000000000001'],
      [0xfff0000000000000n, '-inf'],
      [1n, '5e-324'],
    ];
    for (const [bits, text] of f64Cases) {
      expect(formatF64(bits)).toBe(text);
      expect(parseF64(text)).toBe(bits);
    }
    expect(parseF32('nan:0x800000')).toBeNull();
    expect(parseF64('1.2.3')).toBeNull();
  });
});

describe('parser', () => {
  it('round-trips a module with declarations, names and offsets exactly', () => {
    const text = [
      'type0 = (i32, i64) -> (i32)',
      'type1 = () -> ()',
      'fn0: type1',
      'mem0: i64 min=0 max=65536',
      'g0: mut f32',
      '',
      'function fn1 $"odd name": type0 { ; @0x1f',
      'block0(v0: i32, v1: i64): ; v1=$count',
      '    v9: i32 = i64.eqz v1 ; @0x22 $zero',
      '    trapnz int_divz v9',
      '    v3: i32 = i32.load16_u mem0 offset=4294967296 align=1 inbounds v1',
      '    brif v3, block4(v3), block2',
      'block2:',
      '    trap unreachable',
      'block4(v5: i32):',
      '    return v5',
      '}',
      '',
    ].join('\n');
    const module = parseIrModule(text);
    expect(printModule(module)).toBe(text);
    const fn = module.functions[0]!;
    expect(fn.name).toBe('odd name');
    expect(fn.values.length).toBe(10); // ids kept: v2, v4, v6..v8 are holes
    expect(fn.values[1]!.name).toBe('count');
    expect(fn.insts[0]!.srcOffset).toBe(0x22);
  });

  it('ignores full-line comments but rejects free text in trailing comments', () => {
    const ok = parseIrModule(`${PREAMBLE}; a note\nfunction fn0: type0 {\n; another\nblock0(v0: i32):\n    return v0\n}\n`);
    expect(ok.functions.length).toBe(1);
    expect(parseError('block0(v0: i32):\n    return v0 ; returns it\n').message).toMatch(/^4:\d+: trailing comments hold only/);
  });

  it('reports errors with line and column', () => {
    const cases: [string, RegExp][] = [
      ['block0(v0: i32):\n    v1: i32 = i32.frob v0\n    return v1\n', /^4:15: unknown opcode 'i32.frob'/],
      ['block0(v0: i32):\n    return v7\n', /^4:12: v7 is used but never defined/],
      ['block0(v0: i32):\n    jump block3\n', /^4:10: block3 is used but never defined/],
      ['block0(v0: i32):\n    v0: i32 = i32.const 1\n    return v0\n', /^4:5: v0 is defined twice/],
      ['block0(v0: i32):\n    v1: i32 = i32.const 4294967296\n    return v1\n', /^4:25: 4294967296 does not fit in i32/],
      ['block0(v0: i32):\n    v1: f32 = f32.const nan:0x0\n    return v0\n', /^4:25: expected a float literal/],
      ['block0(v0: i32):\n    trap oops\n', /^4:10: unknown trap code 'oops'/],
      ['block0(v0: i32):\n    v1: i32 = i32.add v0 v0\n    return v1\n', /^4:26: expected ','/],
      ['    return v0\n', /^3:5: expected a block header/],
      ['block0(v0: i32):\n    v1: i32 = i32x4.extract_lane 4 v0\n    return v1\n', /^4:34: a lane index 4 is out of range/],
      ['block0(v0: i32):\n    v1: i32 = i32.load mem0 align=3 v0\n    return v1\n', /^4:29: align=3 is not a power of two/],
    ];
    for (const [body, pattern] of cases) expect(parseError(body).message).toMatch(pattern);
    expect(() => parseIrModule('type1 = () -> ()\n')).toThrow(/^1:1: expected type0 next/);
    expect(() => parseIrModule('type0 = () -> ()\nfn1: type0\n')).toThrow(/fn0 is not declared/);
    expect(() => parseIrModule(`${PREAMBLE}function fn0: type0 {\nblock0(v0: i32):\n    return v0\n`)).toThrow(/missing '}'/);
    expect(() => parseIrModule('type0 = (i32) -> (i32) @\n')).toThrow(/^1:24: unexpected character '@'/);
  });
});

describe('printer colors', () => {
  it('only add ANSI escapes around the same text', async () => {
    const { sampleFunction } = await import('./samples.js');
    const { findOp } = await import('../../ir/opcodes/index.js');
    const module = sampleFunction(findOp('try_call')!);
    const colored = printModule(module, { color: true });
    expect(colored).toContain('\x1b[');
    expect(colored.replace(/\x1b\[[0-9;]*m/g, '')).toBe(printModule(module));
  });
});
