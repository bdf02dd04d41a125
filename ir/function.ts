/**
 * IR entities. Everything is plain data addressed by dense integer ids: a `Value`, `Inst`
 * or `Block` is an index into the function's `values`, `insts` or `blocks` array. Nothing
 * points at another object, so functions are cheap to clone, compare and serialize, and
 * passes keep side tables as arrays indexed by id.
 *
 * Instructions removed by a pass stay in `insts` (ids are never reused) but are detached:
 * their `block` is -1 and no block lists them. Same for blocks absent from `layout`.
 */
import type { RefType } from '../compiler/module.js';
import type { TrapCode } from './traps.js';
import type { IrType } from './types.js';

export type Value = number;
export type Inst = number;
export type Block = number;

export interface ValueData {
  type: IrType;
  /** True for a block parameter, false for an instruction result. */
  isParam: boolean;
  /** The defining block (parameters) or instruction (results). */
  owner: number;
  /** Position among the owner's parameters or results. */
  index: number;
  /** Source-level name (a Wasm local's name), or null. Printed as `$name` comments. */
  name: string | null;
}

/** A branch edge: the target block and the values passed to its parameters. */
export interface BlockCall {
  block: Block;
  args: Value[];
}

/** Memory access immediates of loads, stores, SIMD lane accesses and atomics. */
export interface MemArgImm {
  kind: 'memarg';
  memory: number;
  /** Static offset added to the address (u64 under memory64; exact up to 2^53). */
  offset: number;
  /** log2 of the alignment hint. */
  align: number;
  /** True when a pass proved the access in bounds: no heap_oob check is needed. */
  inBounds: boolean;
  /** Lane index for v128.loadN_lane / storeN_lane, else 0. */
  lane: number;
}

/** Immediate operands, by shape. Which shape an opcode uses is its `format` (opcodes/info.ts). */
export type Imm =
  | { kind: 'none' }
  | { kind: 'i32'; value: number } // i32.const: the signed value
  | { kind: 'i64'; value: bigint } // i64.const: the signed value
  | { kind: 'f32'; bits: number } // f32.const: u32 bit pattern (exact NaN payloads)
  | { kind: 'f64'; bits: bigint } // f64.const: u64 bit pattern
  | { kind: 'v128'; bytes: Uint8Array } // v128.const: 16 bytes, memory order
  | { kind: 'lane'; lane: number }
  | { kind: 'shuffle'; lanes: Uint8Array } // 16 indices into the 32 bytes of both operands
  | MemArgImm
  | { kind: 'memory'; memory: number }
  | { kind: 'memory_copy'; dst: number; src: number }
  | { kind: 'memory_init'; memory: number; data: number }
  | { kind: 'data'; data: number }
  | { kind: 'global'; global: number }
  | { kind: 'table'; table: number }
  | { kind: 'table_copy'; dst: number; src: number }
  | { kind: 'table_init'; table: number; elem: number }
  | { kind: 'elem'; elem: number }
  | { kind: 'ref_type'; type: RefType }
  | { kind: 'func'; func: number } // ref.func, call, return_call, try_call: Wasm function index
  | { kind: 'call_indirect'; table: number; type: number }
  | { kind: 'trap'; code: TrapCode }
  | { kind: 'tag'; tag: number };

export type ImmKind = Imm['kind'];

export interface InstData {
  /** Opcode name, a key of the opcode table (opcodes/index.ts). */
  opcode: string;
  args: Value[];
  results: Value[];
  /** Successor edges of terminators; empty for other instructions. */
  targets: BlockCall[];
  imm: Imm;
  /** The block holding this instruction, or -1 when detached. */
  block: Block;
  /** Byte offset of the originating Wasm instruction, or -1. Printed as `@0x..`. */
  srcOffset: number;
}

export interface BlockData {
  params: Value[];
  /** Instructions in order; the last one is the terminator. */
  insts: Inst[];
}

export interface IrFunction {
  /** Index in the Wasm function index space. */
  funcIndex: number;
  /** Wasm type index of the function's signature. */
  typeIndex: number;
  /** From the name section or an export, or null. */
  name: string | null;
  values: ValueData[];
  insts: InstData[];
  blocks: BlockData[];
  /** Block order; `layout[0]` is the entry block, whose parameters are the function's. */
  layout: Block[];
  /** Byte offset of the Wasm function body, or -1. */
  srcOffset: number;
}

export function entryBlock(fn: IrFunction): Block {
  if (fn.layout.length === 0) throw new Error(`function fn${fn.funcIndex} has no blocks`);
  return fn.layout[0]!;
}

export function terminatorOf(fn: IrFunction, block: Block): Inst | null {
  const insts = fn.blocks[block]!.insts;
  return insts.length === 0 ? null : insts[insts.length - 1]!;
}

export function valueType(fn: IrFunction, value: Value): IrType {
  return fn.values[value]!.type;
}

/** Blocks a block's terminator may transfer control to, in target order (may repeat). */
export function successors(fn: IrFunction, block: Block): Block[] {
  const term = terminatorOf(fn, block);
  return term === null ? [] : fn.insts[term]!.targets.map((call) => call.block);
}
