/**
 * How each decoded Wasm opcode becomes IR, as a dense table indexed by opcode slot: the
 * translator's inner loop does one array lookup and one switch per instruction.
 *
 * Apart from control flow, locals and calls (which the translator handles one by one),
 * every Wasm instruction has an IR opcode of the same name whose operands are popped from
 * the operand stack in order and whose results are pushed; only the immediate differs,
 * which `kind` says how to build.
 */
import { OPCODE_INFO, PREFIX_ATOMIC, PREFIX_MISC, PREFIX_SIMD, type ImmediateKind } from './opcodes.js';
import { findOp, type OpInfo } from '../ir/opcodes/index.js';
import { isIrType, type IrType } from '../ir/types.js';

/** How the translator handles an opcode. */
export const OpKind = {
  /** Control flow, locals, calls, drop: handled by name in the translator. */
  Control: 0,
  /** No immediate: pop `argCount` operands. */
  Plain: 1,
  Memarg: 2,
  Lane: 3,
  Shuffle: 4,
  I32Const: 5,
  I64Const: 6,
  F32Const: 7,
  F64Const: 8,
  V128Const: 9,
  Global: 10,
  Table: 11,
  Memory: 12,
  MemoryInit: 13,
  Data: 14,
  MemoryCopy: 15,
  TableInit: 16,
  Elem: 17,
  TableCopy: 18,
  RefNull: 19,
  RefFunc: 20,
} as const;
export type OpKind = (typeof OpKind)[keyof typeof OpKind];

export interface OpTranslation {
  kind: OpKind;
  /** The IR opcode (null for Control). */
  ir: OpInfo | null;
  /** Operands popped from the Wasm stack. */
  argCount: number;
  /**
   * Result types when the opcode alone fixes them, so the translator can append the
   * instruction without resolving its signature; null when they depend on immediates or
   * the module (globals, tables, memory.size/grow) or on the operands (`select`).
   */
  results: readonly IrType[] | null;
}

/** Wasm opcodes the translator handles itself (structure, locals, calls). */
const CONTROL_NAMES = new Set([
  'unreachable', 'nop', 'block', 'loop', 'if', 'else', 'try', 'catch', 'throw', 'rethrow', 'end',
  'br', 'br_if', 'br_table', 'return', 'call', 'call_indirect', 'return_call', 'return_call_indirect',
  'delegate', 'catch_all', 'drop', 'local.get', 'local.set', 'local.tee',
]);

const KIND_OF_IMMEDIATE: Partial<Record<ImmediateKind, OpKind>> = {
  none: OpKind.Plain,
  select_types: OpKind.Plain,
  zero_byte: OpKind.Plain,
  memarg: OpKind.Memarg,
  memarg_lane: OpKind.Memarg,
  lane: OpKind.Lane,
  shuffle: OpKind.Shuffle,
  i32: OpKind.I32Const,
  i64: OpKind.I64Const,
  f32: OpKind.F32Const,
  f64: OpKind.F64Const,
  v128: OpKind.V128Const,
  global: OpKind.Global,
  table: OpKind.Table,
  memory: OpKind.Memory,
  memory_init: OpKind.MemoryInit,
  data: OpKind.Data,
  memory_copy: OpKind.MemoryCopy,
  table_init: OpKind.TableInit,
  elem: OpKind.Elem,
  table_copy: OpKind.TableCopy,
  ref_type: OpKind.RefNull,
  func: OpKind.RefFunc,
};

const SLOTS_PER_PREFIX = 256;
const PREFIX_BASE: Record<number, number> = {
  [PREFIX_MISC]: 1 * SLOTS_PER_PREFIX,
  [PREFIX_SIMD]: 2 * SLOTS_PER_PREFIX,
  [PREFIX_ATOMIC]: 3 * SLOTS_PER_PREFIX,
};

/** Table slot of an opcode number (see compiler/operators.ts for the numbering), or -1. */
export function opcodeSlot(op: number): number {
  if (op < 0x100) return op;
  const sub = op & 0xffff;
  const base = PREFIX_BASE[op >>> 16];
  return base === undefined || sub >= SLOTS_PER_PREFIX ? -1 : base + sub;
}

function buildTable(): (OpTranslation | undefined)[] {
  const table = new Array<OpTranslation | undefined>(4 * SLOTS_PER_PREFIX).fill(undefined);
  for (const info of OPCODE_INFO.values()) {
    const slot = opcodeSlot(info.op);
    if (slot < 0) throw new Error(`translator: opcode ${info.name} has no table slot`);
    if (CONTROL_NAMES.has(info.name)) {
      table[slot] = { kind: OpKind.Control, ir: null, argCount: 0, results: null };
      continue;
    }
    const ir = findOp(info.name);
    const kind = KIND_OF_IMMEDIATE[info.immediate];
    if (ir === undefined || kind === undefined || ir.args === null) {
      throw new Error(`translator: no IR translation for Wasm opcode ${info.name}`);
    }
    const specs = ir.results;
    const results = specs !== null && specs.every((spec) => isIrType(spec)) ? (specs as readonly IrType[]) : null;
    table[slot] = { kind, ir, argCount: ir.args.length, results };
  }
  return table;
}

/** Indexed by `opcodeSlot`. Built at load time: a decoder opcode without IR fails loudly. */
export const OP_TRANSLATIONS: readonly (OpTranslation | undefined)[] = buildTable();
