/**
 * Every instruction opcode Heron decodes: Wasm 2.0 core (MVP, sign extension, saturating
 * truncation, multi-value, bulk memory, reference types, SIMD128) plus the proposals
 * tail-call, extended-const, multi-memory, memory64, legacy exception handling
 * (try/catch/delegate) and threads (0xFE atomics).
 *
 * Opcode numbering follows compiler/operators.ts: a one-byte opcode is its byte; a prefixed
 * opcode is `(prefix << 16) | sub` where `sub` is the LEB128 u32 after the prefix byte.
 *
 * The table is built from runs of consecutive opcodes, in the order the spec's binary
 * format appendix lists them, so each run can be checked against the spec at a glance.
 */

/** What follows an opcode in the binary format. */
export type ImmediateKind =
  | 'none'
  /** block, loop, if, try: a block type (s33). */
  | 'block_type'
  /** br, br_if, rethrow, delegate: a label index. */
  | 'label'
  | 'br_table'
  /** call, return_call, ref.func: a function index. */
  | 'func'
  /** call_indirect, return_call_indirect: type index, then table index. */
  | 'call_indirect'
  | 'local'
  | 'global'
  /** table.get/set/size/grow/fill: a table index. */
  | 'table'
  /** Loads, stores and atomics: alignment flags (bit 6: a memory index follows), offset. */
  | 'memarg'
  /** memory.size/grow/fill: a memory index (a reserved zero byte in Wasm 2.0). */
  | 'memory'
  | 'i32'
  | 'i64'
  | 'f32'
  | 'f64'
  /** select with a vector of value types (0x1c). */
  | 'select_types'
  /** ref.null: a reference type. */
  | 'ref_type'
  /** throw, catch: a tag index. */
  | 'tag'
  /** memory.init: data index, then memory index. */
  | 'memory_init'
  /** data.drop: a data index. */
  | 'data'
  /** memory.copy: destination memory, then source memory. */
  | 'memory_copy'
  /** table.init: element index, then table index. */
  | 'table_init'
  /** elem.drop: an element index. */
  | 'elem'
  /** table.copy: destination table, then source table. */
  | 'table_copy'
  /** v128.const: 16 bytes. */
  | 'v128'
  /** i8x16.shuffle: 16 lane indices. */
  | 'shuffle'
  /** extract_lane / replace_lane: one lane index byte. */
  | 'lane'
  /** v128.loadN_lane / v128.storeN_lane: memarg, then a lane index byte. */
  | 'memarg_lane'
  /** atomic.fence: a reserved zero byte. */
  | 'zero_byte';

export interface OpcodeInfo {
  /** Numeric opcode as described above. */
  op: number;
  /** Text-format name, e.g. 'i32.add', 'v128.load8_lane', 'i64.atomic.rmw16.cmpxchg_u'. */
  name: string;
  immediate: ImmediateKind;
  /** Memory instructions: bytes accessed, whose log2 is the natural (maximum) alignment. */
  accessSize?: number;
}

export const PREFIX_MISC = 0xfc;
export const PREFIX_SIMD = 0xfd;
export const PREFIX_ATOMIC = 0xfe;

/** The numeric opcode of a prefixed instruction. */
export function prefixedOpcode(prefix: number, sub: number): number {
  return prefix * 0x10000 + sub;
}

/** Opcodes that shape control flow or need special treatment while reading bodies. */
export const Opcode = {
  unreachable: 0x00,
  nop: 0x01,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  try: 0x06,
  catch: 0x07,
  throw: 0x08,
  rethrow: 0x09,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  br_table: 0x0e,
  return: 0x0f,
  call: 0x10,
  call_indirect: 0x11,
  return_call: 0x12,
  return_call_indirect: 0x13,
  delegate: 0x18,
  catch_all: 0x19,
  drop: 0x1a,
  select: 0x1b,
  select_typed: 0x1c,
  local_get: 0x20,
  local_set: 0x21,
  local_tee: 0x22,
  global_get: 0x23,
  global_set: 0x24,
  i32_const: 0x41,
  i64_const: 0x42,
  f32_const: 0x43,
  f64_const: 0x44,
  ref_null: 0xd0,
  ref_is_null: 0xd1,
  ref_func: 0xd2,
  memory_init: prefixedOpcode(PREFIX_MISC, 8),
  data_drop: prefixedOpcode(PREFIX_MISC, 9),
} as const;

/** One run of consecutive opcodes sharing an immediate kind (and access size). */
interface OpcodeRun {
  prefix: number | null;
  first: number;
  immediate: ImmediateKind;
  /** Names in opcode order; `null` marks a reserved (unassigned) opcode in the run. */
  names: (string | null)[];
  /** Access size of every memory instruction in the run, parallel to `names`. */
  accessSizes?: number[];
}

const LOADS = [
  'i32.load', 'i64.load', 'f32.load', 'f64.load',
  'i32.load8_s', 'i32.load8_u', 'i32.load16_s', 'i32.load16_u',
  'i64.load8_s', 'i64.load8_u', 'i64.load16_s', 'i64.load16_u', 'i64.load32_s', 'i64.load32_u',
  'i32.store', 'i64.store', 'f32.store', 'f64.store',
  'i32.store8', 'i32.store16', 'i64.store8', 'i64.store16', 'i64.store32',
];
const LOAD_SIZES = [4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4, 4, 8, 4, 8, 1, 2, 1, 2, 4];

const INT_COMPARE = ['eqz', 'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const FLOAT_COMPARE = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
const INT_ARITH = [
  'clz', 'ctz', 'popcnt', 'add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u',
  'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr',
];
const FLOAT_ARITH = [
  'abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt',
  'add', 'sub', 'mul', 'div', 'min', 'max', 'copysign',
];
const CONVERSIONS = [
  'i32.wrap_i64', 'i32.trunc_f32_s', 'i32.trunc_f32_u', 'i32.trunc_f64_s', 'i32.trunc_f64_u',
  'i64.extend_i32_s', 'i64.extend_i32_u', 'i64.trunc_f32_s', 'i64.trunc_f32_u', 'i64.trunc_f64_s', 'i64.trunc_f64_u',
  'f32.convert_i32_s', 'f32.convert_i32_u', 'f32.convert_i64_s', 'f32.convert_i64_u', 'f32.demote_f64',
  'f64.convert_i32_s', 'f64.convert_i32_u', 'f64.convert_i64_s', 'f64.convert_i64_u', 'f64.promote_f32',
  'i32.reinterpret_f32', 'i64.reinterpret_f64', 'f32.reinterpret_i32', 'f64.reinterpret_i64',
  'i32.extend8_s', 'i32.extend16_s', 'i64.extend8_s', 'i64.extend16_s', 'i64.extend32_s',
];

const prefixWith = (shape: string, ops: string[]): string[] => ops.map((op) => `${shape}.${op}`);

const SIMD_INT_COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];

/** 0xFD 0x5e..0xff: SIMD arithmetic and conversions, with the spec's reserved gaps. */
const SIMD_ARITH: (string | null)[] = [
  /* 0x5e */ 'f32x4.demote_f64x2_zero', 'f64x2.promote_low_f32x4',
  /* 0x60 */ 'i8x16.abs', 'i8x16.neg', 'i8x16.popcnt', 'i8x16.all_true', 'i8x16.bitmask',
  'i8x16.narrow_i16x8_s', 'i8x16.narrow_i16x8_u', 'f32x4.ceil', 'f32x4.floor', 'f32x4.trunc', 'f32x4.nearest',
  'i8x16.shl', 'i8x16.shr_s', 'i8x16.shr_u', 'i8x16.add', 'i8x16.add_sat_s',
  /* 0x70 */ 'i8x16.add_sat_u', 'i8x16.sub', 'i8x16.sub_sat_s', 'i8x16.sub_sat_u', 'f64x2.ceil', 'f64x2.floor',
  'i8x16.min_s', 'i8x16.min_u', 'i8x16.max_s', 'i8x16.max_u', 'f64x2.trunc', 'i8x16.avgr_u',
  'i16x8.extadd_pairwise_i8x16_s', 'i16x8.extadd_pairwise_i8x16_u',
  'i32x4.extadd_pairwise_i16x8_s', 'i32x4.extadd_pairwise_i16x8_u',
  /* 0x80 */ 'i16x8.abs', 'i16x8.neg', 'i16x8.q15mulr_sat_s', 'i16x8.all_true', 'i16x8.bitmask',
  'i16x8.narrow_i32x4_s', 'i16x8.narrow_i32x4_u',
  'i16x8.extend_low_i8x16_s', 'i16x8.extend_high_i8x16_s', 'i16x8.extend_low_i8x16_u', 'i16x8.extend_high_i8x16_u',
  'i16x8.shl', 'i16x8.shr_s', 'i16x8.shr_u', 'i16x8.add', 'i16x8.add_sat_s',
  /* 0x90 */ 'i16x8.add_sat_u', 'i16x8.sub', 'i16x8.sub_sat_s', 'i16x8.sub_sat_u', 'f64x2.nearest', 'i16x8.mul',
  'i16x8.min_s', 'i16x8.min_u', 'i16x8.max_s', 'i16x8.max_u', null, 'i16x8.avgr_u',
  'i16x8.extmul_low_i8x16_s', 'i16x8.extmul_high_i8x16_s', 'i16x8.extmul_low_i8x16_u', 'i16x8.extmul_high_i8x16_u',
  /* 0xa0 */ 'i32x4.abs', 'i32x4.neg', null, 'i32x4.all_true', 'i32x4.bitmask', null, null,
  'i32x4.extend_low_i16x8_s', 'i32x4.extend_high_i16x8_s', 'i32x4.extend_low_i16x8_u', 'i32x4.extend_high_i16x8_u',
  'i32x4.shl', 'i32x4.shr_s', 'i32x4.shr_u', 'i32x4.add', null,
  /* 0xb0 */ null, 'i32x4.sub', null, null, null, 'i32x4.mul',
  'i32x4.min_s', 'i32x4.min_u', 'i32x4.max_s', 'i32x4.max_u', 'i32x4.dot_i16x8_s', null,
  'i32x4.extmul_low_i16x8_s', 'i32x4.extmul_high_i16x8_s', 'i32x4.extmul_low_i16x8_u', 'i32x4.extmul_high_i16x8_u',
  /* 0xc0 */ 'i64x2.abs', 'i64x2.neg', null, 'i64x2.all_true', 'i64x2.bitmask', null, null,
  'i64x2.extend_low_i32x4_s', 'i64x2.extend_high_i32x4_s', 'i64x2.extend_low_i32x4_u', 'i64x2.extend_high_i32x4_u',
  'i64x2.shl', 'i64x2.shr_s', 'i64x2.shr_u', 'i64x2.add', null,
  /* 0xd0 */ null, 'i64x2.sub', null, null, null, 'i64x2.mul',
  'i64x2.eq', 'i64x2.ne', 'i64x2.lt_s', 'i64x2.gt_s', 'i64x2.le_s', 'i64x2.ge_s',
  'i64x2.extmul_low_i32x4_s', 'i64x2.extmul_high_i32x4_s', 'i64x2.extmul_low_i32x4_u', 'i64x2.extmul_high_i32x4_u',
  /* 0xe0 */ 'f32x4.abs', 'f32x4.neg', null, 'f32x4.sqrt', 'f32x4.add', 'f32x4.sub', 'f32x4.mul', 'f32x4.div',
  'f32x4.min', 'f32x4.max', 'f32x4.pmin', 'f32x4.pmax',
  /* 0xec */ 'f64x2.abs', 'f64x2.neg', null, 'f64x2.sqrt', 'f64x2.add', 'f64x2.sub', 'f64x2.mul', 'f64x2.div',
  'f64x2.min', 'f64x2.max', 'f64x2.pmin', 'f64x2.pmax',
  /* 0xf8 */ 'i32x4.trunc_sat_f32x4_s', 'i32x4.trunc_sat_f32x4_u', 'f32x4.convert_i32x4_s', 'f32x4.convert_i32x4_u',
  'i32x4.trunc_sat_f64x2_s_zero', 'i32x4.trunc_sat_f64x2_u_zero', 'f64x2.convert_low_i32x4_s', 'f64x2.convert_low_i32x4_u',
];

/** 0xFE 0x1e..0x4e: atomic read-modify-write, seven widths per operation. */
function atomicRmwNames(): string[] {
  const names: string[] = [];
  for (const op of ['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg']) {
    names.push(
      `i32.atomic.rmw.${op}`, `i64.atomic.rmw.${op}`,
      `i32.atomic.rmw8.${op}_u`, `i32.atomic.rmw16.${op}_u`,
      `i64.atomic.rmw8.${op}_u`, `i64.atomic.rmw16.${op}_u`, `i64.atomic.rmw32.${op}_u`,
    );
  }
  return names;
}
const ATOMIC_RMW_SIZES = Array.from({ length: 7 }, () => [4, 8, 1, 2, 1, 2, 4]).flat();

const RUNS: OpcodeRun[] = [
  // Control.
  { prefix: null, first: 0x00, immediate: 'none', names: ['unreachable', 'nop'] },
  { prefix: null, first: 0x02, immediate: 'block_type', names: ['block', 'loop', 'if'] },
  { prefix: null, first: 0x05, immediate: 'none', names: ['else'] },
  { prefix: null, first: 0x06, immediate: 'block_type', names: ['try'] },
  { prefix: null, first: 0x07, immediate: 'tag', names: ['catch', 'throw'] },
  { prefix: null, first: 0x09, immediate: 'label', names: ['rethrow'] },
  { prefix: null, first: 0x0b, immediate: 'none', names: ['end'] },
  { prefix: null, first: 0x0c, immediate: 'label', names: ['br', 'br_if'] },
  { prefix: null, first: 0x0e, immediate: 'br_table', names: ['br_table'] },
  { prefix: null, first: 0x0f, immediate: 'none', names: ['return'] },
  { prefix: null, first: 0x10, immediate: 'func', names: ['call'] },
  { prefix: null, first: 0x11, immediate: 'call_indirect', names: ['call_indirect'] },
  { prefix: null, first: 0x12, immediate: 'func', names: ['return_call'] },
  { prefix: null, first: 0x13, immediate: 'call_indirect', names: ['return_call_indirect'] },
  { prefix: null, first: 0x18, immediate: 'label', names: ['delegate'] },
  { prefix: null, first: 0x19, immediate: 'none', names: ['catch_all'] },
  // Parametric.
  { prefix: null, first: 0x1a, immediate: 'none', names: ['drop', 'select'] },
  { prefix: null, first: 0x1c, immediate: 'select_types', names: ['select'] },
  // Variables and tables.
  { prefix: null, first: 0x20, immediate: 'local', names: ['local.get', 'local.set', 'local.tee'] },
  { prefix: null, first: 0x23, immediate: 'global', names: ['global.get', 'global.set'] },
  { prefix: null, first: 0x25, immediate: 'table', names: ['table.get', 'table.set'] },
  // Memory.
  { prefix: null, first: 0x28, immediate: 'memarg', names: LOADS, accessSizes: LOAD_SIZES },
  { prefix: null, first: 0x3f, immediate: 'memory', names: ['memory.size', 'memory.grow'] },
  // Numeric.
  { prefix: null, first: 0x41, immediate: 'i32', names: ['i32.const'] },
  { prefix: null, first: 0x42, immediate: 'i64', names: ['i64.const'] },
  { prefix: null, first: 0x43, immediate: 'f32', names: ['f32.const'] },
  { prefix: null, first: 0x44, immediate: 'f64', names: ['f64.const'] },
  { prefix: null, first: 0x45, immediate: 'none', names: prefixWith('i32', INT_COMPARE) },
  { prefix: null, first: 0x50, immediate: 'none', names: prefixWith('i64', INT_COMPARE) },
  { prefix: null, first: 0x5b, immediate: 'none', names: prefixWith('f32', FLOAT_COMPARE) },
  { prefix: null, first: 0x61, immediate: 'none', names: prefixWith('f64', FLOAT_COMPARE) },
  { prefix: null, first: 0x67, immediate: 'none', names: prefixWith('i32', INT_ARITH) },
  { prefix: null, first: 0x79, immediate: 'none', names: prefixWith('i64', INT_ARITH) },
  { prefix: null, first: 0x8b, immediate: 'none', names: prefixWith('f32', FLOAT_ARITH) },
  { prefix: null, first: 0x99, immediate: 'none', names: prefixWith('f64', FLOAT_ARITH) },
  { prefix: null, first: 0xa7, immediate: 'none', names: CONVERSIONS },
  // Reference.
  { prefix: null, first: 0xd0, immediate: 'ref_type', names: ['ref.null'] },
  { prefix: null, first: 0xd1, immediate: 'none', names: ['ref.is_null'] },
  { prefix: null, first: 0xd2, immediate: 'func', names: ['ref.func'] },
  // 0xFC: saturating truncation, bulk memory, tables.
  {
    prefix: PREFIX_MISC, first: 0, immediate: 'none',
    names: prefixWith('i32', ['trunc_sat_f32_s', 'trunc_sat_f32_u', 'trunc_sat_f64_s', 'trunc_sat_f64_u'])
      .concat(prefixWith('i64', ['trunc_sat_f32_s', 'trunc_sat_f32_u', 'trunc_sat_f64_s', 'trunc_sat_f64_u'])),
  },
  { prefix: PREFIX_MISC, first: 8, immediate: 'memory_init', names: ['memory.init'] },
  { prefix: PREFIX_MISC, first: 9, immediate: 'data', names: ['data.drop'] },
  { prefix: PREFIX_MISC, first: 10, immediate: 'memory_copy', names: ['memory.copy'] },
  { prefix: PREFIX_MISC, first: 11, immediate: 'memory', names: ['memory.fill'] },
  { prefix: PREFIX_MISC, first: 12, immediate: 'table_init', names: ['table.init'] },
  { prefix: PREFIX_MISC, first: 13, immediate: 'elem', names: ['elem.drop'] },
  { prefix: PREFIX_MISC, first: 14, immediate: 'table_copy', names: ['table.copy'] },
  { prefix: PREFIX_MISC, first: 15, immediate: 'table', names: ['table.grow', 'table.size', 'table.fill'] },
  // 0xFD: SIMD128.
  {
    prefix: PREFIX_SIMD, first: 0x00, immediate: 'memarg',
    names: [
      'v128.load', 'v128.load8x8_s', 'v128.load8x8_u', 'v128.load16x4_s', 'v128.load16x4_u',
      'v128.load32x2_s', 'v128.load32x2_u', 'v128.load8_splat', 'v128.load16_splat', 'v128.load32_splat',
      'v128.load64_splat', 'v128.store',
    ],
    accessSizes: [16, 8, 8, 8, 8, 8, 8, 1, 2, 4, 8, 16],
  },
  { prefix: PREFIX_SIMD, first: 0x0c, immediate: 'v128', names: ['v128.const'] },
  { prefix: PREFIX_SIMD, first: 0x0d, immediate: 'shuffle', names: ['i8x16.shuffle'] },
  {
    prefix: PREFIX_SIMD, first: 0x0e, immediate: 'none',
    names: ['i8x16.swizzle', ...['i8x16', 'i16x8', 'i32x4', 'i64x2', 'f32x4', 'f64x2'].map((s) => `${s}.splat`)],
  },
  {
    prefix: PREFIX_SIMD, first: 0x15, immediate: 'lane',
    names: [
      'i8x16.extract_lane_s', 'i8x16.extract_lane_u', 'i8x16.replace_lane',
      'i16x8.extract_lane_s', 'i16x8.extract_lane_u', 'i16x8.replace_lane',
      'i32x4.extract_lane', 'i32x4.replace_lane', 'i64x2.extract_lane', 'i64x2.replace_lane',
      'f32x4.extract_lane', 'f32x4.replace_lane', 'f64x2.extract_lane', 'f64x2.replace_lane',
    ],
  },
  { prefix: PREFIX_SIMD, first: 0x23, immediate: 'none', names: prefixWith('i8x16', SIMD_INT_COMPARE) },
  { prefix: PREFIX_SIMD, first: 0x2d, immediate: 'none', names: prefixWith('i16x8', SIMD_INT_COMPARE) },
  { prefix: PREFIX_SIMD, first: 0x37, immediate: 'none', names: prefixWith('i32x4', SIMD_INT_COMPARE) },
  { prefix: PREFIX_SIMD, first: 0x41, immediate: 'none', names: prefixWith('f32x4', FLOAT_COMPARE) },
  { prefix: PREFIX_SIMD, first: 0x47, immediate: 'none', names: prefixWith('f64x2', FLOAT_COMPARE) },
  {
    prefix: PREFIX_SIMD, first: 0x4d, immediate: 'none',
    names: ['v128.not', 'v128.and', 'v128.andnot', 'v128.or', 'v128.xor', 'v128.bitselect', 'v128.any_true'],
  },
  {
    prefix: PREFIX_SIMD, first: 0x54, immediate: 'memarg_lane',
    names: [
      'v128.load8_lane', 'v128.load16_lane', 'v128.load32_lane', 'v128.load64_lane',
      'v128.store8_lane', 'v128.store16_lane', 'v128.store32_lane', 'v128.store64_lane',
    ],
    accessSizes: [1, 2, 4, 8, 1, 2, 4, 8],
  },
  {
    prefix: PREFIX_SIMD, first: 0x5c, immediate: 'memarg',
    names: ['v128.load32_zero', 'v128.load64_zero'], accessSizes: [4, 8],
  },
  { prefix: PREFIX_SIMD, first: 0x5e, immediate: 'none', names: SIMD_ARITH },
  // 0xFE: threads.
  {
    prefix: PREFIX_ATOMIC, first: 0x00, immediate: 'memarg',
    names: ['memory.atomic.notify', 'memory.atomic.wait32', 'memory.atomic.wait64'], accessSizes: [4, 4, 8],
  },
  { prefix: PREFIX_ATOMIC, first: 0x03, immediate: 'zero_byte', names: ['atomic.fence'] },
  {
    prefix: PREFIX_ATOMIC, first: 0x10, immediate: 'memarg',
    names: [
      'i32.atomic.load', 'i64.atomic.load', 'i32.atomic.load8_u', 'i32.atomic.load16_u',
      'i64.atomic.load8_u', 'i64.atomic.load16_u', 'i64.atomic.load32_u',
      'i32.atomic.store', 'i64.atomic.store', 'i32.atomic.store8', 'i32.atomic.store16',
      'i64.atomic.store8', 'i64.atomic.store16', 'i64.atomic.store32',
    ],
    accessSizes: [4, 8, 1, 2, 1, 2, 4, 4, 8, 1, 2, 1, 2, 4],
  },
  { prefix: PREFIX_ATOMIC, first: 0x1e, immediate: 'memarg', names: atomicRmwNames(), accessSizes: ATOMIC_RMW_SIZES },
];

function buildTable(): Map<number, OpcodeInfo> {
  const table = new Map<number, OpcodeInfo>();
  for (const run of RUNS) {
    run.names.forEach((name, i) => {
      if (name === null) return;
      const sub = run.first + i;
      const op = run.prefix === null ? sub : prefixedOpcode(run.prefix, sub);
      if (table.has(op)) throw new Error(`opcode table: 0x${op.toString(16)} defined twice`);
      const info: OpcodeInfo = { op, name, immediate: run.immediate };
      const size = run.accessSizes?.[i];
      if (size !== undefined) info.accessSize = size;
      table.set(op, info);
    });
  }
  return table;
}

/** Every known opcode, keyed by numeric opcode. */
export const OPCODE_INFO: ReadonlyMap<number, OpcodeInfo> = buildTable();

/** The text name of an opcode, or a hex rendering such as '0xfd 0x9a' for an unknown one. */
export function opcodeName(op: number): string {
  const info = OPCODE_INFO.get(op);
  if (info) return info.name;
  if (op > 0xff) return `0x${Math.floor(op / 0x10000).toString(16)} 0x${(op % 0x10000).toString(16)}`;
  return `0x${op.toString(16)}`;
}
