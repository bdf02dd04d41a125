/**
 * Streaming reader of instruction sequences (function bodies and constant expressions).
 *
 * One reader object is reused for every instruction: `read()` decodes the next
 * instruction and fills the immediate fields that its opcode uses; the other fields keep
 * stale values. No allocation happens per instruction except for `br_table` targets,
 * `select` types and `v128.const`/`i8x16.shuffle` bytes (fresh arrays each time, so a
 * caller may keep them).
 *
 * Opcode numbering (`op`): a one-byte opcode is its byte (0x6a = i32.add). A prefixed
 * opcode is `(prefix << 16) | sub`, where sub is the LEB128 u32 after the prefix byte:
 * 0xfc0000 | 8 = memory.init, 0xfd0000 | 12 = v128.const, 0xfe0000 | 0x10 = i32.atomic.load.
 * compiler/opcodes.ts names every opcode and gives its immediate kind.
 *
 * Malformed encodings throw `CompileError` naming the byte offset.
 */
import type { RefType, ValType } from './module.js';

/** A block type: null for the empty type, a value type for one result, or a type index. */
export type BlockType = null | ValType | number;

export interface MemArg {
  /** log2 of the alignment. */
  align: number;
  /** u32 (memory32) or u64 (memory64) offset. */
  offset: number;
  /** Memory index (multi-memory: bit 6 of the align flags says an index follows). */
  memory: number;
}

export declare class OperatorReader {
  constructor(bytes: Uint8Array, start: number, end: number);
  /** Byte offset of the next instruction to read. */
  position: number;
  /** True when the range is exhausted. */
  get done(): boolean;
  /** Decode the next instruction; returns its opcode (also in `op`). */
  read(): number;

  /** The opcode just read. */
  op: number;
  /** Byte offset of the instruction just read (its first opcode byte). */
  offset: number;

  /** block/loop/if/try. */
  blockType: BlockType;
  /** The first index immediate: label (br, br_if, rethrow, delegate), function (call,
   *  return_call, ref.func), type (call_indirect, return_call_indirect), local, global,
   *  table (table.get/set/size/grow/fill, table.copy's destination), memory (memory.size/grow/fill,
   *  memory.copy's destination), element segment (table.init, elem.drop), data segment
   *  (memory.init, data.drop), tag (throw, catch). */
  index: number;
  /** The second index immediate: the table of call_indirect / return_call_indirect and of
   *  table.init, the source table of table.copy, the memory of memory.init, the source memory
   *  of memory.copy. */
  index2: number;
  /** br_table: the label targets, without the default. */
  targets: number[];
  /** br_table: the default label. */
  defaultTarget: number;
  /** Loads, stores, load/store lane, atomics. */
  memarg: MemArg;
  /** SIMD extract/replace lane and load/store lane. */
  lane: number;
  /** i32.const (signed). */
  i32: number;
  /** i64.const (signed). */
  i64: bigint;
  /** f32.const: the u32 bit pattern. */
  f32Bits: number;
  /** f64.const: the u64 bit pattern. */
  f64Bits: bigint;
  /** v128.const (16 bytes) and i8x16.shuffle (16 lane indices). */
  bytes16: Uint8Array;
  /** Typed select (0x1c): its value types (the binary format allows a vector). */
  selectTypes: ValType[];
  /** ref.null. */
  refType: RefType;
}
