/**
 * The shape of an opcode-table entry. The printer, parser, verifier and interpreter are
 * driven by these entries: a `format` fixes the immediate kind and the text syntax, the
 * `args`/`results` type specs fix the operand types, `effects` and `traps` tell passes
 * what may not be removed, reordered or merged.
 */
import type { ImmKind } from '../function.js';
import type { TrapCode } from '../traps.js';
import type { IrType } from '../types.js';

/**
 * Text syntax and immediate kind. `OP` is the opcode name, `a, b` value operands.
 *   plain            OP a, b                     (no immediates)
 *   i32const..f64const  OP literal
 *   v128const        OP i32x4 0x.. 0x.. 0x.. 0x..
 *   lane             OP LANE a, b
 *   shuffle          OP [l0 .. l15] a, b
 *   memarg           OP memN [offset=K] [align=B] [inbounds] [LANE] a, b
 *   memory           OP memN a..        memory_copy  OP memD memS a, b, c
 *   memory_init      OP memN dataK a, b, c       data  OP dataK
 *   global           OP gN a?          table  OP tableN a..    table_copy  OP tableD tableS a, b, c
 *   table_init       OP tableN elemK a, b, c     elem  OP elemK
 *   ref_null         OP funcref|externref         ref_func  OP fnN
 *   call             OP fnN(a, b)                call_indirect  OP tableN typeT idx(a, b)
 *   try_call         OP fnN(a, b), blockN(..), blockM(..)
 *   try_call_indirect OP tableN typeT idx(a, b), blockN(..), blockM(..)
 *   jump             OP blockN(a, b)     brif  OP c, blockN(..), blockM(..)
 *   br_table         OP i, [blockA(..), blockB(..)], blockDefault(..)
 *   return           OP a, b
 *   trap             OP CODE a?
 *   tag              OP tagN a, b
 *   br_on_tag        OP tagN e, blockN(..), blockM(..)
 */
export type Format =
  | 'plain'
  | 'i32const'
  | 'i64const'
  | 'f32const'
  | 'f64const'
  | 'v128const'
  | 'lane'
  | 'shuffle'
  | 'memarg'
  | 'memory'
  | 'memory_copy'
  | 'memory_init'
  | 'data'
  | 'global'
  | 'table'
  | 'table_copy'
  | 'table_init'
  | 'elem'
  | 'ref_null'
  | 'ref_func'
  | 'call'
  | 'call_indirect'
  | 'try_call'
  | 'try_call_indirect'
  | 'jump'
  | 'brif'
  | 'br_table'
  | 'return'
  | 'trap'
  | 'tag'
  | 'br_on_tag';

/** The immediate kind each format stores in `InstData.imm`. */
export const FORMAT_IMM: Record<Format, ImmKind> = {
  plain: 'none',
  i32const: 'i32',
  i64const: 'i64',
  f32const: 'f32',
  f64const: 'f64',
  v128const: 'v128',
  lane: 'lane',
  shuffle: 'shuffle',
  memarg: 'memarg',
  memory: 'memory',
  memory_copy: 'memory_copy',
  memory_init: 'memory_init',
  data: 'data',
  global: 'global',
  table: 'table',
  table_copy: 'table_copy',
  table_init: 'table_init',
  elem: 'elem',
  ref_null: 'ref_type',
  ref_func: 'func',
  call: 'func',
  call_indirect: 'call_indirect',
  try_call: 'func',
  try_call_indirect: 'call_indirect',
  jump: 'none',
  brif: 'none',
  br_table: 'none',
  return: 'none',
  trap: 'trap',
  tag: 'tag',
  br_on_tag: 'tag',
};

/**
 * An operand or result type in the table. Besides concrete types:
 *   T          any type; every T of one instruction is the same type (select)
 *   anyref     funcref or externref (ref.is_null)
 *   addr       address type (i32/i64) of the memory in the immediate (`memory`, or `dst` of memory.copy)
 *   addr_src   address type of memory.copy's source memory
 *   addr_min   i32 if either memory of memory.copy is 32-bit, else i64 (the length operand)
 *   tidx, tidx_src, tidx_min   the same for tables
 *   elem       element type of the table in the immediate
 *   global     the type of the global in the immediate
 */
export type TypeSpec =
  | IrType
  | 'T'
  | 'anyref'
  | 'addr'
  | 'addr_src'
  | 'addr_min'
  | 'tidx'
  | 'tidx_src'
  | 'tidx_min'
  | 'elem'
  | 'global';

/** Effect bits. 0 = pure: removable when unused, freely movable and mergeable. */
export const Effect = {
  /** May trap (see `traps`); must not be removed or hoisted past other effects. */
  Trap: 1,
  ReadMemory: 2,
  WriteMemory: 4,
  ReadGlobal: 8,
  WriteGlobal: 16,
  ReadTable: 32,
  WriteTable: 64,
  /** Runs arbitrary code: may do anything, including throwing. */
  Call: 128,
  /** May throw a Wasm exception (propagates to the caller unless it is a try_call). */
  Throw: 256,
  /** Changes control flow: must be the last instruction of its block. */
  Terminator: 512,
  /** Memory ordering point for threads (atomics, fence, wait/notify). */
  Atomic: 1024,
} as const;

export const ALL_EFFECTS =
  Effect.Trap |
  Effect.ReadMemory |
  Effect.WriteMemory |
  Effect.ReadGlobal |
  Effect.WriteGlobal |
  Effect.ReadTable |
  Effect.WriteTable |
  Effect.Call |
  Effect.Throw;

export interface OpInfo {
  readonly name: string;
  readonly format: Format;
  /** Operand types; null when they depend on a signature (calls, return, throw, tags). */
  readonly args: readonly TypeSpec[] | null;
  /** Result types; null when they depend on a signature. */
  readonly results: readonly TypeSpec[] | null;
  /** Bitwise OR of `Effect` bits. */
  readonly effects: number;
  /** Traps the operation itself may raise. Empty unless `effects` has `Effect.Trap`. */
  readonly traps: readonly TrapCode[];
  /** Bytes accessed by a memory op (natural alignment = this width), else 0. */
  readonly accessBytes: number;
  /** Number of lanes a lane immediate may address (lane ops, load/store lane), else 0. */
  readonly laneCount: number;
}

export interface OpOptions {
  effects?: number;
  traps?: readonly TrapCode[];
  accessBytes?: number;
  laneCount?: number;
}

export function op(
  name: string,
  format: Format,
  args: readonly TypeSpec[] | null,
  results: readonly TypeSpec[] | null,
  options: OpOptions = {},
): OpInfo {
  const traps = options.traps ?? [];
  const effects = (options.effects ?? 0) | (traps.length > 0 ? Effect.Trap : 0);
  return { name, format, args, results, effects, traps, accessBytes: options.accessBytes ?? 0, laneCount: options.laneCount ?? 0 };
}
