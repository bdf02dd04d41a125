/**
 * The operand types of every instruction whose typing is a fixed signature: numeric and
 * SIMD operators, loads, stores and atomics. The validator looks an opcode up here once
 * and pops/pushes the listed types; everything else (control, variables, tables, bulk
 * memory, references) is typed by hand in validate-function.ts.
 *
 * Names, immediate kinds and access sizes come from the decoder's opcode table
 * (compiler/opcodes.ts); this file only adds the types, by opcode ranges in spec order.
 */
import * as opcodes from './opcodes.js';
import { F32, F64, I32, I64, NO_TYPES, V128, singleType } from './validate-types.js';

// Module-local copies: test runners and tsx compile imported bindings to getter calls,
// and `signatureOf` runs once per instruction.
const { OPCODE_INFO, PREFIX_ATOMIC, PREFIX_MISC, PREFIX_SIMD, prefixedOpcode } = opcodes;

/** Pop `params`, push `results`. */
export const SIMPLE = 0;
/** Memory access: check the memarg, pop `params`, pop the address, push `results`. */
export const MEMORY = 1;
/** extract_lane / replace_lane: check the lane index, then as SIMPLE. */
export const LANE = 2;
/** Typed by hand in the validator's switch. */
export const SPECIAL = 3;

export interface OpSignature {
  readonly kind: typeof SIMPLE | typeof MEMORY | typeof LANE | typeof SPECIAL;
  /** Operands in push order; for MEMORY, those after the address. */
  readonly params: Uint8Array;
  readonly results: Uint8Array;
  /** MEMORY: log2 of the access size, the largest (for atomics, the only) valid alignment. */
  readonly naturalAlign: number;
  /** MEMORY: a threads-proposal atomic, whose alignment must equal the natural one. */
  readonly atomic: boolean;
  /** LANE and lane loads/stores: the number of lanes; lane indices must be below it. */
  readonly lanes: number;
}

interface Typing {
  params: Uint8Array;
  results: Uint8Array;
}

const TYPINGS = new Map<number, Typing>();

function seq(types: readonly number[]): Uint8Array {
  return types.length === 0 ? NO_TYPES : types.length === 1 ? singleType(types[0]!) : Uint8Array.from(types);
}

function typeRange(
  prefix: number | null,
  first: number,
  last: number,
  params: readonly number[],
  results: readonly number[],
): void {
  const typing: Typing = { params: seq(params), results: seq(results) };
  for (let sub = first; sub <= last; sub++) {
    TYPINGS.set(prefix === null ? sub : prefixedOpcode(prefix, sub), typing);
  }
}

/** One opcode per entry of `types`: a family whose members differ in one value type. */
function typeEach(
  prefix: number | null,
  first: number,
  types: readonly number[],
  shape: (type: number) => [readonly number[], readonly number[]],
): void {
  types.forEach((type, i) => {
    const [params, results] = shape(type);
    typeRange(prefix, first + i, first + i, params, results);
  });
}

const unary = (t: number): [number[], number[]] => [[t], [t]];
const binary = (t: number): [number[], number[]] => [[t, t], [t]];
const load = (t: number): [number[], number[]] => [[], [t]];
const store = (t: number): [number[], number[]] => [[t], []];

// ---- One-byte opcodes ----
const plain = null;
// Loads and stores: the operands after the address.
typeEach(plain, 0x28, [I32, I64, F32, F64, I32, I32, I32, I32, I64, I64, I64, I64, I64, I64], load);
typeEach(plain, 0x36, [I32, I64, F32, F64, I32, I32, I64, I64, I64], store);
typeEach(plain, 0x41, [I32, I64, F32, F64], load); // constants: [] -> [t]
typeRange(plain, 0x45, 0x45, [I32], [I32]); // i32.eqz
typeRange(plain, 0x46, 0x4f, [I32, I32], [I32]);
typeRange(plain, 0x50, 0x50, [I64], [I32]); // i64.eqz
typeRange(plain, 0x51, 0x5a, [I64, I64], [I32]);
typeRange(plain, 0x5b, 0x60, [F32, F32], [I32]);
typeRange(plain, 0x61, 0x66, [F64, F64], [I32]);
typeRange(plain, 0x67, 0x69, [I32], [I32]);
typeRange(plain, 0x6a, 0x78, [I32, I32], [I32]);
typeRange(plain, 0x79, 0x7b, [I64], [I64]);
typeRange(plain, 0x7c, 0x8a, [I64, I64], [I64]);
typeRange(plain, 0x8b, 0x91, [F32], [F32]);
typeRange(plain, 0x92, 0x98, [F32, F32], [F32]);
typeRange(plain, 0x99, 0x9f, [F64], [F64]);
typeRange(plain, 0xa0, 0xa6, [F64, F64], [F64]);
// Conversions 0xa7..0xbf: [source, result] per opcode, in spec order.
const CONVERSIONS: readonly [number, number][] = [
  [I64, I32], [F32, I32], [F32, I32], [F64, I32], [F64, I32],
  [I32, I64], [I32, I64], [F32, I64], [F32, I64], [F64, I64], [F64, I64],
  [I32, F32], [I32, F32], [I64, F32], [I64, F32], [F64, F32],
  [I32, F64], [I32, F64], [I64, F64], [I64, F64], [F32, F64],
  [F32, I32], [F64, I64], [I32, F32], [I64, F64],
];
CONVERSIONS.forEach(([from, to], i) => typeRange(plain, 0xa7 + i, 0xa7 + i, [from], [to]));
typeRange(plain, 0xc0, 0xc1, [I32], [I32]); // i32.extend8_s, extend16_s
typeRange(plain, 0xc2, 0xc4, [I64], [I64]); // i64.extend8_s .. extend32_s

// ---- 0xFC: saturating truncation (bulk memory and tables are typed by hand) ----
typeRange(PREFIX_MISC, 0, 1, [F32], [I32]);
typeRange(PREFIX_MISC, 2, 3, [F64], [I32]);
typeRange(PREFIX_MISC, 4, 5, [F32], [I64]);
typeRange(PREFIX_MISC, 6, 7, [F64], [I64]);

// ---- 0xFD: SIMD ----
const SIMD = PREFIX_SIMD;
typeRange(SIMD, 0x00, 0x0a, [], [V128]); // v128.load and the extending/splatting loads
typeRange(SIMD, 0x0b, 0x0b, [V128], []); // v128.store
typeRange(SIMD, 0x0c, 0x0c, [], [V128]); // v128.const
typeRange(SIMD, 0x0e, 0x0e, [V128, V128], [V128]); // i8x16.swizzle
typeEach(SIMD, 0x0f, [I32, I32, I32, I64, F32, F64], (t) => [[t], [V128]]); // splats
// extract_lane / replace_lane, by lane type: i8x16 (_s, _u, replace), i16x8 (same), then pairs.
typeEach(SIMD, 0x15, [I32, I32], (t) => [[V128], [t]]);
typeRange(SIMD, 0x17, 0x17, [V128, I32], [V128]);
typeEach(SIMD, 0x18, [I32, I32], (t) => [[V128], [t]]);
typeRange(SIMD, 0x1a, 0x1a, [V128, I32], [V128]);
[I32, I64, F32, F64].forEach((t, i) => {
  typeRange(SIMD, 0x1b + 2 * i, 0x1b + 2 * i, [V128], [t]);
  typeRange(SIMD, 0x1c + 2 * i, 0x1c + 2 * i, [V128, t], [V128]);
});
typeRange(SIMD, 0x23, 0x4c, [V128, V128], [V128]); // comparisons
typeRange(SIMD, 0x4d, 0x4d, [V128], [V128]); // v128.not
typeRange(SIMD, 0x4e, 0x51, [V128, V128], [V128]); // and, andnot, or, xor
typeRange(SIMD, 0x52, 0x52, [V128, V128, V128], [V128]); // bitselect
typeRange(SIMD, 0x54, 0x57, [V128], [V128]); // loadN_lane: [address v128] -> v128
typeRange(SIMD, 0x58, 0x5b, [V128], []); // storeN_lane
typeRange(SIMD, 0x5c, 0x5d, [], [V128]); // load32_zero, load64_zero
// Arithmetic 0x5e..0xff: one letter per opcode (u unary, b binary, p v128 -> i32, s shift,
// '.' reserved), sixteen per row.
const SIMD_ARITH_SHAPES =
  /* 0x50 */ '..............uu' +
  /* 0x60 */ 'uuuppbbuuuusssbb' +
  /* 0x70 */ 'bbbbuubbbbubuuuu' +
  /* 0x80 */ 'uubppbbuuuusssbb' +
  /* 0x90 */ 'bbbbubbbbb.bbbbb' +
  /* 0xa0 */ 'uu.pp..uuuusssb.' +
  /* 0xb0 */ '.b...bbbbbb.bbbb' +
  /* 0xc0 */ 'uu.pp..uuuusssb.' +
  /* 0xd0 */ '.b...bbbbbbbbbbb' +
  /* 0xe0 */ 'uu.ubbbbbbbbuu.u' +
  /* 0xf0 */ 'bbbbbbbbuuuuuuuu';
typeRange(SIMD, 0x53, 0x53, [V128], [I32]); // v128.any_true
for (let sub = 0x5e; sub <= 0xff; sub++) {
  switch (SIMD_ARITH_SHAPES[sub - 0x50]) {
    case 'u': typeRange(SIMD, sub, sub, [V128], [V128]); break;
    case 'b': typeRange(SIMD, sub, sub, [V128, V128], [V128]); break;
    case 'p': typeRange(SIMD, sub, sub, [V128], [I32]); break;
    case 's': typeRange(SIMD, sub, sub, [V128, I32], [V128]); break;
  }
}

// ---- 0xFE: threads ----
const ATOMIC = PREFIX_ATOMIC;
typeRange(ATOMIC, 0x00, 0x00, [I32], [I32]); // memory.atomic.notify: [address count] -> woken
typeRange(ATOMIC, 0x01, 0x01, [I32, I64], [I32]); // wait32: [address expected timeout] -> result
typeRange(ATOMIC, 0x02, 0x02, [I64, I64], [I32]); // wait64
typeRange(ATOMIC, 0x03, 0x03, [], []); // atomic.fence
const ATOMIC_WIDTHS = [I32, I64, I32, I32, I64, I64, I64];
typeEach(ATOMIC, 0x10, ATOMIC_WIDTHS, load);
typeEach(ATOMIC, 0x17, ATOMIC_WIDTHS, store);
for (let group = 0; group < 6; group++) typeEach(ATOMIC, 0x1e + 7 * group, ATOMIC_WIDTHS, unary); // rmw
typeEach(ATOMIC, 0x1e + 7 * 6, ATOMIC_WIDTHS, binary); // cmpxchg: [address expected replacement]

/** Lane counts of extract_lane/replace_lane 0x15..0x22. */
const LANE_COUNTS = [16, 16, 16, 8, 8, 8, 4, 4, 2, 2, 4, 4, 2, 2];

function buildSignature(op: number): OpSignature {
  const info = OPCODE_INFO.get(op)!;
  const typing = TYPINGS.get(op);
  const memoryAccess = info.immediate === 'memarg' || info.immediate === 'memarg_lane';
  const isLane = info.immediate === 'lane';
  if (typing === undefined) {
    if (memoryAccess || isLane) throw new Error(`validator: no operand types for ${info.name}`);
    return { kind: SPECIAL, params: NO_TYPES, results: NO_TYPES, naturalAlign: 0, atomic: false, lanes: 0 };
  }
  const size = info.accessSize ?? 0;
  if (memoryAccess && size === 0) throw new Error(`validator: no access size for ${info.name}`);
  return {
    kind: memoryAccess ? MEMORY : isLane ? LANE : SIMPLE,
    params: typing.params,
    results: typing.results,
    naturalAlign: memoryAccess ? Math.log2(size) : 0,
    atomic: memoryAccess && op >= prefixedOpcode(ATOMIC, 0),
    lanes: isLane ? LANE_COUNTS[(op & 0xffff) - 0x15]! : info.immediate === 'memarg_lane' ? 16 / size : 0,
  };
}

// Dense per-prefix tables: the lookup runs once per instruction.
const PLAIN_SIGNATURES: (OpSignature | undefined)[] = [];
const MISC_SIGNATURES: (OpSignature | undefined)[] = [];
const SIMD_SIGNATURES: (OpSignature | undefined)[] = [];
const ATOMIC_SIGNATURES: (OpSignature | undefined)[] = [];
for (const op of OPCODE_INFO.keys()) {
  const signature = buildSignature(op);
  if (op < 0x100) PLAIN_SIGNATURES[op] = signature;
  else if (op >>> 16 === PREFIX_MISC) MISC_SIGNATURES[op & 0xffff] = signature;
  else if (op >>> 16 === PREFIX_SIMD) SIMD_SIGNATURES[op & 0xffff] = signature;
  else if (op >>> 16 === PREFIX_ATOMIC) ATOMIC_SIGNATURES[op & 0xffff] = signature;
}
for (const op of TYPINGS.keys()) {
  if (!OPCODE_INFO.has(op)) throw new Error(`validator: operand types for unknown opcode 0x${op.toString(16)}`);
}

/** The signature of an opcode, or undefined for one the opcode table does not know. */
export function signatureOf(op: number): OpSignature | undefined {
  if (op < 0x100) return PLAIN_SIGNATURES[op];
  if (op >= 0x1000000) return undefined;
  const sub = op & 0xffff;
  switch (op >>> 16) {
    case PREFIX_MISC: return MISC_SIGNATURES[sub];
    case PREFIX_SIMD: return SIMD_SIGNATURES[sub];
    case PREFIX_ATOMIC: return ATOMIC_SIGNATURES[sub];
    default: return undefined;
  }
}
