/**
 * The opcode table: internal consistency, and a cross-check of every name and number
 * against WABT's disassembler (an independent implementation of the binary format).
 */
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { OPCODE_INFO, opcodeName, type ImmediateKind, type OpcodeInfo } from '../../compiler/opcodes.js';
import { decodeModule } from '../../compiler/decoder.js';
import { bodyReader } from '../../compiler/operators.js';
import { body, moduleBytes, section, u32, vec, type Bytes } from './wasm-builder.js';

/** The smallest well-formed immediate bytes for each kind (all indices 0). */
const SAMPLE_IMMEDIATE: Record<ImmediateKind, Bytes> = {
  none: [],
  block_type: [0x40],
  label: [0],
  br_table: [0, 0],
  func: [0],
  call_indirect: [0, 0],
  local: [0],
  global: [0],
  table: [0],
  memarg: [0, 0],
  memory: [0],
  i32: [0],
  i64: [0],
  f32: [0, 0, 0, 0],
  f64: [0, 0, 0, 0, 0, 0, 0, 0],
  select_types: [1, 0x7f],
  ref_type: [0x70],
  tag: [0],
  memory_init: [0, 0],
  data: [0],
  memory_copy: [0, 0],
  table_init: [0, 0],
  elem: [0],
  table_copy: [0, 0],
  v128: new Array<number>(16).fill(0),
  shuffle: new Array<number>(16).fill(0),
  lane: [0],
  memarg_lane: [0, 0, 0],
  zero_byte: [0],
};

function opcodeBytes(op: number): Bytes {
  return op > 0xff ? [Math.floor(op / 0x10000), ...u32(op % 0x10000)] : [op];
}

/** A function body exercising `info` (structured opcodes get the blocks they need), and
 *  the mnemonics a disassembler prints for it. */
function sampleBody(info: OpcodeInfo): { code: Bytes; mnemonics: string[] } {
  const instr = [...opcodeBytes(info.op), ...SAMPLE_IMMEDIATE[info.immediate]];
  switch (info.name) {
    case 'block':
    case 'loop':
    case 'if':
    case 'try':
      return { code: [...instr, 0x0b, 0x0b], mnemonics: [info.name, 'end'] };
    case 'else':
      // A disassembler omits an empty else arm, so give it a nop.
      return { code: [0x04, 0x40, 0x05, 0x01, 0x0b, 0x0b], mnemonics: ['if', 'else', 'nop', 'end'] };
    case 'catch':
    case 'catch_all':
      return { code: [0x06, 0x40, ...instr, 0x0b, 0x0b], mnemonics: ['try', info.name, 'end'] };
    case 'delegate':
      return { code: [0x06, 0x40, ...instr, 0x0b], mnemonics: ['try', 'delegate'] };
    case 'end':
      return { code: [0x0b], mnemonics: [] };
    default:
      return { code: [...instr, 0x0b], mnemonics: [info.name] };
  }
}

/** One function per opcode, plus one of every entity an immediate can name. */
function allOpcodesModule(infos: OpcodeInfo[]): Uint8Array {
  return moduleBytes(
    section(1, vec([[0x60, 0x00, 0x00]])),
    section(3, vec(infos.map(() => [0x00]))),
    section(4, vec([[0x70, 0x00, 0x01]])),
    section(5, vec([[0x00, 0x01]])),
    section(13, vec([[0x00, 0x00]])),
    section(6, vec([[0x7f, 0x01, 0x41, 0x00, 0x0b]])),
    section(9, vec([[0x01, 0x00, 0x00]])),
    section(12, u32(1)),
    section(10, vec(infos.map((info) => body([], sampleBody(info).code)))),
    section(11, vec([[0x01, 0x00]])),
  );
}

describe('opcode table', () => {
  const infos = [...OPCODE_INFO.values()];

  it('has unique numbers and names (except the two selects)', () => {
    expect(new Set(infos.map((info) => info.op)).size).toBe(infos.length);
    const names = infos.map((info) => info.name).filter((name) => name !== 'select');
    expect(new Set(names).size).toBe(names.length);
    expect(infos.filter((info) => info.name === 'select').map((info) => info.op)).toEqual([0x1b, 0x1c]);
  });

  it('has the expected number of opcodes per space', () => {
    const count = (prefix: number | null): number =>
      infos.filter((info) => (prefix === null ? info.op <= 0xff : Math.floor(info.op / 0x10000) === prefix)).length;
    expect(count(0xfd)).toBe(236); // the final SIMD128 instruction set
    expect(count(0xfc)).toBe(18);
    expect(count(0xfe)).toBe(67);
    expect(count(null)).toBe(191);
  });

  it('leaves the SIMD reserved opcodes unassigned', () => {
    for (const sub of [0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb, 0xc2, 0xc5, 0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4, 0xe2, 0xee]) {
      expect(OPCODE_INFO.has(0xfd0000 + sub), `0xfd 0x${sub.toString(16)}`).toBe(false);
    }
  });

  it('gives memory instructions an access size and nothing else one', () => {
    for (const info of infos) {
      const isMemory = info.immediate === 'memarg' || info.immediate === 'memarg_lane';
      expect(info.accessSize !== undefined, info.name).toBe(isMemory);
    }
    expect(OPCODE_INFO.get(0xfe0049)?.accessSize).toBe(8); // i64.atomic.rmw.cmpxchg
    expect(OPCODE_INFO.get(0xfd0057)?.accessSize).toBe(8); // v128.load64_lane
  });

  it('names unknown opcodes in hex', () => {
    expect(opcodeName(0x6a)).toBe('i32.add');
    expect(opcodeName(0xfd009a)).toBe('0xfd 0x9a');
    expect(opcodeName(0x27)).toBe('0x27');
  });

  it('matches WABT for every opcode and decodes each at the right offset', async () => {
    const module = allOpcodesModule(infos);
    const wabt = await wabtInit();
    const features = { exceptions: true, threads: true, simd: true, tail_call: true, multi_memory: true };
    const text = wabt
      .readWasm(module, { readDebugNames: false, check: false, ...features })
      .toText({ foldExprs: false, inlineExport: false });
    const functionTexts = text.split('(func ').slice(1);
    expect(functionTexts.length).toBe(infos.length);

    const decoded = decodeModule(module);
    const mismatches: string[] = [];
    infos.forEach((info, i) => {
      const printed = functionTexts[i]!
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/)[0]!.replace(/\)+$/, ''))
        .filter((token) => token !== '' && !token.startsWith('('));
      const expected = sampleBody(info).mnemonics;
      if (printed.join(' ') !== expected.join(' ')) mismatches.push(`${info.name}: wabt prints ${printed.join(' ')}`);

      // Our reader sees the opcode at the right offset with every immediate consumed.
      const entry = decoded.bodies[i]!;
      const reader = bodyReader(decoded, entry);
      const seen: number[] = [];
      const offsets: number[] = [];
      while (!reader.done) {
        seen.push(reader.read());
        offsets.push(reader.offset);
      }
      const code = sampleBody(info).code;
      const at = code.findIndex((_, k) => opcodeBytes(info.op).every((byte, j) => code[k + j] === byte));
      if (!seen.includes(info.op)) mismatches.push(`${info.name}: reader saw ${seen.map(opcodeName).join(' ')}`);
      else if (offsets[seen.indexOf(info.op)] !== entry.codeStart + at) mismatches.push(`${info.name}: wrong offset`);
    });
    expect(mismatches).toEqual([]);
  });
});
