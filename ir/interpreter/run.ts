/**
 * The interpreter's dispatch loop: a `switch` over small integer opcodes read from the
 * function's pre-decoded `Int32Array` (emit.ts writes it). Operands are slots relative to fp
 * (N / O register files, stack.ts), immediates, pool indices or absolute code positions.
 *
 * The opcodes are a `const enum` declared here, next to the switch, so every case label is
 * an integer literal in the emitted JS: V8 then compiles the switch to a jump table (a label
 * that is a property load would turn it into a chain of comparisons).
 *
 * Operations without a dedicated opcode (SIMD, atomics, tables, bulk memory, exceptions,
 * f32 arithmetic, ...) run as the closures of the ops-*.ts factories (`CLOSURE`, `TERM`), so
 * there is one implementation of their semantics. Encodings (`d` result slot, `a b c`
 * operand slots, `k` immediate, `t` code position, `p` pool index, `moves` a move list):
 *
 *   constants  `CONSTS n (slot, f64 index)*n m (slot, bigint index)*m` at entry (emit-plan.ts).
 *   move list  `count, (dst, src) * count`: dst >= 0 copies N[src] to N[dst], dst < 0 copies
 *              O[src] to O[~dst]. Lists that are parallel copies are sequentialized already.
 *   i32 ops    `op d a b` / `op_I d a k` / unary `op d a`; compares produce 0 or 1.
 *   branches   `BR t moves`, `BRNZ c t`, `BRZ c t`, `BR_<cmp> a b t`, `BR_<cmp>_I a k t`
 *              (branch when the comparison holds), `BR_TABLE i n t*n` (the last is default).
 *   memory     `LOAD_* d a k offset`, `STORE_* a v k offset` on the function's memory 0: the
 *              address is (a + k) mod 2^32 (k folds an `i32.add`), then offset is added.
 *   calls      `CALL p base argMoves`: the callee's frame starts at fp + base; results are
 *              moved by the instruction returned to (`MOV_N` or `MOVES`).
 *   returns    `RETURN moves` (the moves put the results at fp + result offsets).
 */
import { RuntimeError } from '../../runtime-support/errors.js';
import type { Global } from '../../runtime-support/global.js';
import type { Memory } from '../../runtime-support/memory.js';
import { i64Rotl, i64Rotr } from '../../runtime-support/js/i64.js';
import { i32Ctz, i32DivS, i32DivU, i32Popcnt, i32RemS, i32RemU, truncI32 } from '../../runtime-support/js/numeric.js';
import { trap } from '../../runtime-support/js/traps.js';
import { f64Ops, i32Rotl, i32Rotr } from '../../runtime-support/numeric.js';
import type { CompiledBlock, FuncInstance, Op as OpClosure, Term } from './function-instance.js';
import { invokeHost, TAIL_CALL, tailCall } from './execute.js';
import { N, N as NUM, O, O as OBJ, STACK_SLOTS, stackExhausted } from './stack.js';

/** Slots between a caller's frame and its callee's: return position and caller fp / function. */
export const LINKAGE = 2;

export const enum Op {
  // moves and constants
  MOV_N,
  MOV_O,
  MOVES,
  CONSTS,
  CONST_N,
  CONST_F64,
  CONST_O,
  // i32, register operands
  I32_ADD,
  I32_SUB,
  I32_MUL,
  I32_AND,
  I32_OR,
  I32_XOR,
  I32_SHL,
  I32_SHR_S,
  I32_SHR_U,
  I32_ROTL,
  I32_ROTR,
  I32_DIV_S,
  I32_DIV_U,
  I32_REM_S,
  I32_REM_U,
  I32_EQ,
  I32_NE,
  I32_LT_S,
  I32_LT_U,
  I32_GT_S,
  I32_GT_U,
  I32_LE_S,
  I32_LE_U,
  I32_GE_S,
  I32_GE_U,
  // i32, immediate right operand
  I32_ADD_I,
  I32_MUL_I,
  I32_AND_I,
  I32_OR_I,
  I32_XOR_I,
  I32_SHL_I,
  I32_SHR_S_I,
  I32_SHR_U_I,
  I32_EQ_I,
  I32_NE_I,
  I32_LT_S_I,
  I32_LT_U_I,
  I32_GT_S_I,
  I32_GT_U_I,
  I32_LE_S_I,
  I32_LE_U_I,
  I32_GE_S_I,
  I32_GE_U_I,
  // i32 unary
  I32_EQZ,
  I32_CLZ,
  I32_CTZ,
  I32_POPCNT,
  I32_EXTEND8_S,
  I32_EXTEND16_S,
  SELECT_N,
  SELECT_O,
  // f64
  F64_ADD,
  F64_SUB,
  F64_MUL,
  F64_DIV,
  F64_MIN,
  F64_MAX,
  F64_COPYSIGN,
  F64_EQ,
  F64_NE,
  F64_LT,
  F64_GT,
  F64_LE,
  F64_GE,
  F64_NEG,
  F64_ABS,
  F64_SQRT,
  F64_CEIL,
  F64_FLOOR,
  F64_TRUNC,
  F64_NEAREST,
  F64_CONVERT_I32_S,
  F64_CONVERT_I32_U,
  I32_TRUNC_F64_S,
  I32_TRUNC_F64_U,
  // i64 (BigInt in O)
  I64_ADD,
  I64_SUB,
  I64_MUL,
  I64_AND,
  I64_OR,
  I64_XOR,
  I64_SHL,
  I64_SHR_S,
  I64_SHR_U,
  I64_ROTL,
  I64_ROTR,
  I64_EQ,
  I64_NE,
  I64_LT_S,
  I64_LT_U,
  I64_GT_S,
  I64_GT_U,
  I64_LE_S,
  I64_LE_U,
  I64_GE_S,
  I64_GE_U,
  I64_EQZ,
  I64_EXTEND_I32_S,
  I64_EXTEND_I32_U,
  I32_WRAP_I64,
  // memory 0 (memory32)
  LOAD_I32,
  LOAD_F64,
  LOAD_I64,
  LOAD_U8,
  LOAD_S8,
  LOAD_U16,
  LOAD_S16,
  STORE_I32,
  STORE_F64,
  STORE_I64,
  STORE_8,
  STORE_16,
  GLOBAL_GET_N,
  GLOBAL_SET_N,
  GLOBAL_GET_O,
  GLOBAL_SET_O,
  // control
  BR,
  BRNZ,
  BRZ,
  BR_EQ,
  BR_NE,
  BR_LT_S,
  BR_LT_U,
  BR_GT_S,
  BR_GT_U,
  BR_LE_S,
  BR_LE_U,
  BR_GE_S,
  BR_GE_U,
  BR_EQ_I,
  BR_NE_I,
  BR_LT_S_I,
  BR_LT_U_I,
  BR_GT_S_I,
  BR_GT_U_I,
  BR_LE_S_I,
  BR_LE_U_I,
  BR_GE_S_I,
  BR_GE_U_I,
  BR_TABLE,
  RETURN,
  CALL,
  CLOSURE,
  TERM,
}

/** One function compiled for one instance. */
export interface CompiledFunction {
  code: Int32Array;
  /** f64 constants (a typed array keeps NaN payloads). */
  f64: Float64Array;
  /** i64 constants. */
  bigs: bigint[];
  callees: FuncInstance[];
  globals: Global[];
  /** Memory 0 of the instance, or null. */
  memory: Memory | null;
  /** Fallback operations and terminators (ops-*.ts closures). */
  ops: OpClosure[];
  terms: Term[];
  /** Position of a `RETURN` without moves (fallback terminators that return). */
  returnPc: number;
  /** Slots the frame occupies. */
  frameSize: number;
  /** Slots used above fp, including argument / result areas of calls made from the frame. */
  extent: number;
}

/** Performs the move list at `pc`; returns the position after it. */
function moveList(code: Int32Array, pc: number, fp: number): number {
  const end = pc + 1 + 2 * code[pc]!;
  for (let i = pc + 1; i < end; i += 2) {
    const d = code[i]!;
    if (d >= 0) N[fp + d] = N[fp + code[i + 1]!]!;
    else O[fp + ~d] = O[fp + code[i + 1]!];
  }
  return end;
}

const u64 = (a: bigint): bigint => BigInt.asUintN(64, a);
const s64 = (a: bigint): bigint => BigInt.asIntN(64, a);

/** A block position reached from a fallback terminator. */
function blockPc(block: CompiledBlock): number {
  return block.pc;
}

/**
 * Runs `fn` with its frame at `entryFp` until it returns; results are at entryFp + result
 * offsets. Calls between interpreted functions stay in this loop: the callee's frame starts
 * LINKAGE slots above the caller's frame, and those two slots hold the return position and
 * the caller's fp (N) and the caller's CompiledFunction (O), so a call costs no JS frame and
 * recursion depth is bounded by the register stack, not the JS stack.
 */
export function run(fn: CompiledFunction, entryFp: number): void {
  if (entryFp + fn.extent > STACK_SLOTS) stackExhausted();
  const N = NUM;
  const O = OBJ;
  let fp = entryFp;
  let f = fn;
  let code = f.code;
  let mem = f.memory;
  let pc = 0;
  for (;;) {
    switch (code[pc]!) {
      case Op.MOV_N:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]!;
        pc += 3;
        break;
      case Op.MOV_O:
        O[fp + code[pc + 1]!] = O[fp + code[pc + 2]!];
        pc += 3;
        break;
      case Op.MOVES:
        pc = moveList(code, pc + 1, fp);
        break;
      case Op.CONSTS: {
        const numbers = pc + 2 + 2 * code[pc + 1]!;
        for (let i = pc + 2; i < numbers; i += 2) N[fp + code[i]!] = f.f64[code[i + 1]!]!;
        const end = numbers + 1 + 2 * code[numbers]!;
        for (let i = numbers + 1; i < end; i += 2) O[fp + code[i]!] = f.bigs[code[i + 1]!];
        pc = end;
        break;
      }
      case Op.CONST_N:
        N[fp + code[pc + 1]!] = code[pc + 2]!;
        pc += 3;
        break;
      case Op.CONST_F64:
        N[fp + code[pc + 1]!] = f.f64[code[pc + 2]!]!;
        pc += 3;
        break;
      case Op.CONST_O:
        O[fp + code[pc + 1]!] = f.bigs[code[pc + 2]!];
        pc += 3;
        break;

      // ---- i32, register operands
      case Op.I32_ADD:
        N[fp + code[pc + 1]!] = (N[fp + code[pc + 2]!]! + N[fp + code[pc + 3]!]!) | 0;
        pc += 4;
        break;
      case Op.I32_SUB:
        N[fp + code[pc + 1]!] = (N[fp + code[pc + 2]!]! - N[fp + code[pc + 3]!]!) | 0;
        pc += 4;
        break;
      case Op.I32_MUL:
        N[fp + code[pc + 1]!] = Math.imul(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.I32_AND:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! & N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.I32_OR:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! | N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.I32_XOR:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! ^ N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.I32_SHL:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! << N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.I32_SHR_S:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >> N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.I32_SHR_U:
        N[fp + code[pc + 1]!] = (N[fp + code[pc + 2]!]! >>> N[fp + code[pc + 3]!]!) | 0;
        pc += 4;
        break;
      case Op.I32_ROTL:
        N[fp + code[pc + 1]!] = i32Rotl(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.I32_ROTR:
        N[fp + code[pc + 1]!] = i32Rotr(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.I32_DIV_S:
        N[fp + code[pc + 1]!] = i32DivS(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.I32_DIV_U:
        N[fp + code[pc + 1]!] = i32DivU(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.I32_REM_S:
        N[fp + code[pc + 1]!] = i32RemS(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.I32_REM_U:
        N[fp + code[pc + 1]!] = i32RemU(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.I32_EQ:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!] === N[fp + code[pc + 3]!] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_NE:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!] !== N[fp + code[pc + 3]!] ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LT_S:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! < N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LT_U:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 < N[fp + code[pc + 3]!]! >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GT_S:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! > N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GT_U:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 > N[fp + code[pc + 3]!]! >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LE_S:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! <= N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LE_U:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 <= N[fp + code[pc + 3]!]! >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GE_S:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >= N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GE_U:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 >= N[fp + code[pc + 3]!]! >>> 0 ? 1 : 0;
        pc += 4;
        break;

      // ---- i32, immediate right operand
      case Op.I32_ADD_I:
        N[fp + code[pc + 1]!] = (N[fp + code[pc + 2]!]! + code[pc + 3]!) | 0;
        pc += 4;
        break;
      case Op.I32_MUL_I:
        N[fp + code[pc + 1]!] = Math.imul(N[fp + code[pc + 2]!]!, code[pc + 3]!);
        pc += 4;
        break;
      case Op.I32_AND_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! & code[pc + 3]!;
        pc += 4;
        break;
      case Op.I32_OR_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! | code[pc + 3]!;
        pc += 4;
        break;
      case Op.I32_XOR_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! ^ code[pc + 3]!;
        pc += 4;
        break;
      case Op.I32_SHL_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! << code[pc + 3]!;
        pc += 4;
        break;
      case Op.I32_SHR_S_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >> code[pc + 3]!;
        pc += 4;
        break;
      case Op.I32_SHR_U_I:
        N[fp + code[pc + 1]!] = (N[fp + code[pc + 2]!]! >>> code[pc + 3]!) | 0;
        pc += 4;
        break;
      case Op.I32_EQ_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!] === code[pc + 3]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_NE_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!] !== code[pc + 3]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LT_S_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! < code[pc + 3]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LT_U_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 < code[pc + 3]! >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GT_S_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! > code[pc + 3]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GT_U_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 > code[pc + 3]! >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LE_S_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! <= code[pc + 3]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_LE_U_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 <= code[pc + 3]! >>> 0 ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GE_S_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >= code[pc + 3]! ? 1 : 0;
        pc += 4;
        break;
      case Op.I32_GE_U_I:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0 >= code[pc + 3]! >>> 0 ? 1 : 0;
        pc += 4;
        break;

      // ---- i32 unary, select
      case Op.I32_EQZ:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!] === 0 ? 1 : 0;
        pc += 3;
        break;
      case Op.I32_CLZ:
        N[fp + code[pc + 1]!] = Math.clz32(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.I32_CTZ:
        N[fp + code[pc + 1]!] = i32Ctz(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.I32_POPCNT:
        N[fp + code[pc + 1]!] = i32Popcnt(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.I32_EXTEND8_S:
        N[fp + code[pc + 1]!] = (N[fp + code[pc + 2]!]! << 24) >> 24;
        pc += 3;
        break;
      case Op.I32_EXTEND16_S:
        N[fp + code[pc + 1]!] = (N[fp + code[pc + 2]!]! << 16) >> 16;
        pc += 3;
        break;
      case Op.SELECT_N:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 4]!] !== 0 ? N[fp + code[pc + 2]!]! : N[fp + code[pc + 3]!]!;
        pc += 5;
        break;
      case Op.SELECT_O:
        O[fp + code[pc + 1]!] = N[fp + code[pc + 4]!] !== 0 ? O[fp + code[pc + 2]!] : O[fp + code[pc + 3]!];
        pc += 5;
        break;

      // ---- f64
      case Op.F64_ADD:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! + N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.F64_SUB:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! - N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.F64_MUL:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! * N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.F64_DIV:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! / N[fp + code[pc + 3]!]!;
        pc += 4;
        break;
      case Op.F64_MIN:
        N[fp + code[pc + 1]!] = f64Ops.min(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.F64_MAX:
        N[fp + code[pc + 1]!] = f64Ops.max(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.F64_COPYSIGN:
        N[fp + code[pc + 1]!] = f64Ops.copysign(N[fp + code[pc + 2]!]!, N[fp + code[pc + 3]!]!);
        pc += 4;
        break;
      case Op.F64_EQ:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!] === N[fp + code[pc + 3]!] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64_NE:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!] !== N[fp + code[pc + 3]!] ? 1 : 0;
        pc += 4;
        break;
      case Op.F64_LT:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! < N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.F64_GT:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! > N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.F64_LE:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! <= N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.F64_GE:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >= N[fp + code[pc + 3]!]! ? 1 : 0;
        pc += 4;
        break;
      case Op.F64_NEG:
        N[fp + code[pc + 1]!] = f64Ops.neg(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.F64_ABS:
        N[fp + code[pc + 1]!] = f64Ops.abs(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.F64_SQRT:
        N[fp + code[pc + 1]!] = Math.sqrt(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.F64_CEIL:
        N[fp + code[pc + 1]!] = f64Ops.ceil(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.F64_FLOOR:
        N[fp + code[pc + 1]!] = f64Ops.floor(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.F64_TRUNC:
        N[fp + code[pc + 1]!] = f64Ops.trunc(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.F64_NEAREST:
        N[fp + code[pc + 1]!] = f64Ops.nearest(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.F64_CONVERT_I32_S:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]!;
        pc += 3;
        break;
      case Op.F64_CONVERT_I32_U:
        N[fp + code[pc + 1]!] = N[fp + code[pc + 2]!]! >>> 0;
        pc += 3;
        break;
      case Op.I32_TRUNC_F64_S:
        N[fp + code[pc + 1]!] = truncI32(N[fp + code[pc + 2]!]!, true);
        pc += 3;
        break;
      case Op.I32_TRUNC_F64_U:
        N[fp + code[pc + 1]!] = truncI32(N[fp + code[pc + 2]!]!, false);
        pc += 3;
        break;

      // ---- i64: BigInts in O, always in [-2^63, 2^63)
      case Op.I64_ADD:
        O[fp + code[pc + 1]!] = s64((O[fp + code[pc + 2]!] as bigint) + (O[fp + code[pc + 3]!] as bigint));
        pc += 4;
        break;
      case Op.I64_SUB:
        O[fp + code[pc + 1]!] = s64((O[fp + code[pc + 2]!] as bigint) - (O[fp + code[pc + 3]!] as bigint));
        pc += 4;
        break;
      case Op.I64_MUL:
        O[fp + code[pc + 1]!] = s64((O[fp + code[pc + 2]!] as bigint) * (O[fp + code[pc + 3]!] as bigint));
        pc += 4;
        break;
      case Op.I64_AND:
        O[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) & (O[fp + code[pc + 3]!] as bigint);
        pc += 4;
        break;
      case Op.I64_OR:
        O[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) | (O[fp + code[pc + 3]!] as bigint);
        pc += 4;
        break;
      case Op.I64_XOR:
        O[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) ^ (O[fp + code[pc + 3]!] as bigint);
        pc += 4;
        break;
      case Op.I64_SHL:
        O[fp + code[pc + 1]!] = s64((O[fp + code[pc + 2]!] as bigint) << ((O[fp + code[pc + 3]!] as bigint) & 63n));
        pc += 4;
        break;
      case Op.I64_SHR_S:
        O[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) >> ((O[fp + code[pc + 3]!] as bigint) & 63n);
        pc += 4;
        break;
      case Op.I64_SHR_U:
        O[fp + code[pc + 1]!] = s64(u64(O[fp + code[pc + 2]!] as bigint) >> ((O[fp + code[pc + 3]!] as bigint) & 63n));
        pc += 4;
        break;
      case Op.I64_ROTL:
        O[fp + code[pc + 1]!] = i64Rotl(O[fp + code[pc + 2]!] as bigint, O[fp + code[pc + 3]!] as bigint);
        pc += 4;
        break;
      case Op.I64_ROTR:
        O[fp + code[pc + 1]!] = i64Rotr(O[fp + code[pc + 2]!] as bigint, O[fp + code[pc + 3]!] as bigint);
        pc += 4;
        break;
      case Op.I64_EQ:
        N[fp + code[pc + 1]!] = O[fp + code[pc + 2]!] === O[fp + code[pc + 3]!] ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_NE:
        N[fp + code[pc + 1]!] = O[fp + code[pc + 2]!] !== O[fp + code[pc + 3]!] ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_LT_S:
        N[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) < (O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_LT_U:
        N[fp + code[pc + 1]!] = u64(O[fp + code[pc + 2]!] as bigint) < u64(O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_GT_S:
        N[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) > (O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_GT_U:
        N[fp + code[pc + 1]!] = u64(O[fp + code[pc + 2]!] as bigint) > u64(O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_LE_S:
        N[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) <= (O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_LE_U:
        N[fp + code[pc + 1]!] = u64(O[fp + code[pc + 2]!] as bigint) <= u64(O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_GE_S:
        N[fp + code[pc + 1]!] = (O[fp + code[pc + 2]!] as bigint) >= (O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_GE_U:
        N[fp + code[pc + 1]!] = u64(O[fp + code[pc + 2]!] as bigint) >= u64(O[fp + code[pc + 3]!] as bigint) ? 1 : 0;
        pc += 4;
        break;
      case Op.I64_EQZ:
        N[fp + code[pc + 1]!] = O[fp + code[pc + 2]!] === 0n ? 1 : 0;
        pc += 3;
        break;
      case Op.I64_EXTEND_I32_S:
        O[fp + code[pc + 1]!] = BigInt(N[fp + code[pc + 2]!]!);
        pc += 3;
        break;
      case Op.I64_EXTEND_I32_U:
        O[fp + code[pc + 1]!] = BigInt(N[fp + code[pc + 2]!]! >>> 0);
        pc += 3;
        break;
      case Op.I32_WRAP_I64:
        N[fp + code[pc + 1]!] = Number(BigInt.asIntN(32, O[fp + code[pc + 2]!] as bigint));
        pc += 3;
        break;

      // ---- memory 0: `ea + width <= byteLength` or trap
      case Op.LOAD_I32: {
        const ea = ((N[fp + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 4) trap('heap_oob');
        N[fp + code[pc + 1]!] = mem!.view.getInt32(ea, true);
        pc += 5;
        break;
      }
      case Op.LOAD_F64: {
        const ea = ((N[fp + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 8) trap('heap_oob');
        N[fp + code[pc + 1]!] = mem!.view.getFloat64(ea, true);
        pc += 5;
        break;
      }
      case Op.LOAD_I64: {
        const ea = ((N[fp + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 8) trap('heap_oob');
        O[fp + code[pc + 1]!] = mem!.view.getBigInt64(ea, true);
        pc += 5;
        break;
      }
      case Op.LOAD_U8: {
        const ea = ((N[fp + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea >= mem!.byteLength) trap('heap_oob');
        N[fp + code[pc + 1]!] = mem!.bytes[ea]!;
        pc += 5;
        break;
      }
      case Op.LOAD_S8: {
        const ea = ((N[fp + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea >= mem!.byteLength) trap('heap_oob');
        N[fp + code[pc + 1]!] = (mem!.bytes[ea]! << 24) >> 24;
        pc += 5;
        break;
      }
      case Op.LOAD_U16: {
        const ea = ((N[fp + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 2) trap('heap_oob');
        N[fp + code[pc + 1]!] = mem!.view.getUint16(ea, true);
        pc += 5;
        break;
      }
      case Op.LOAD_S16: {
        const ea = ((N[fp + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 2) trap('heap_oob');
        N[fp + code[pc + 1]!] = mem!.view.getInt16(ea, true);
        pc += 5;
        break;
      }
      case Op.STORE_I32: {
        const ea = ((N[fp + code[pc + 1]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 4) trap('heap_oob');
        mem!.view.setInt32(ea, N[fp + code[pc + 2]!]!, true);
        pc += 5;
        break;
      }
      case Op.STORE_F64: {
        const ea = ((N[fp + code[pc + 1]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 8) trap('heap_oob');
        mem!.view.setFloat64(ea, N[fp + code[pc + 2]!]!, true);
        pc += 5;
        break;
      }
      case Op.STORE_I64: {
        const ea = ((N[fp + code[pc + 1]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 8) trap('heap_oob');
        mem!.view.setBigInt64(ea, O[fp + code[pc + 2]!] as bigint, true);
        pc += 5;
        break;
      }
      case Op.STORE_8: {
        const ea = ((N[fp + code[pc + 1]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea >= mem!.byteLength) trap('heap_oob');
        mem!.bytes[ea] = N[fp + code[pc + 2]!]!;
        pc += 5;
        break;
      }
      case Op.STORE_16: {
        const ea = ((N[fp + code[pc + 1]!]! + code[pc + 3]!) >>> 0) + code[pc + 4]!;
        if (ea > mem!.byteLength - 2) trap('heap_oob');
        mem!.view.setInt16(ea, N[fp + code[pc + 2]!]!, true);
        pc += 5;
        break;
      }
      case Op.GLOBAL_GET_N:
        N[fp + code[pc + 1]!] = f.globals[code[pc + 2]!]!.v as number;
        pc += 3;
        break;
      case Op.GLOBAL_SET_N:
        f.globals[code[pc + 1]!]!.v = N[fp + code[pc + 2]!]!;
        pc += 3;
        break;
      case Op.GLOBAL_GET_O:
        O[fp + code[pc + 1]!] = f.globals[code[pc + 2]!]!.v;
        pc += 3;
        break;
      case Op.GLOBAL_SET_O:
        f.globals[code[pc + 1]!]!.v = O[fp + code[pc + 2]!];
        pc += 3;
        break;

      // ---- control
      case Op.BR: {
        const target = code[pc + 1]!;
        const end = pc + 3 + 2 * code[pc + 2]!;
        for (let i = pc + 3; i < end; i += 2) {
          const d = code[i]!;
          if (d >= 0) N[fp + d] = N[fp + code[i + 1]!]!;
          else O[fp + ~d] = O[fp + code[i + 1]!];
        }
        pc = target;
        break;
      }
      case Op.BRNZ:
        pc = N[fp + code[pc + 1]!] !== 0 ? code[pc + 2]! : pc + 3;
        break;
      case Op.BRZ:
        pc = N[fp + code[pc + 1]!] === 0 ? code[pc + 2]! : pc + 3;
        break;
      case Op.BR_EQ:
        pc = N[fp + code[pc + 1]!] === N[fp + code[pc + 2]!] ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_NE:
        pc = N[fp + code[pc + 1]!] !== N[fp + code[pc + 2]!] ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LT_S:
        pc = N[fp + code[pc + 1]!]! < N[fp + code[pc + 2]!]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LT_U:
        pc = N[fp + code[pc + 1]!]! >>> 0 < N[fp + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GT_S:
        pc = N[fp + code[pc + 1]!]! > N[fp + code[pc + 2]!]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GT_U:
        pc = N[fp + code[pc + 1]!]! >>> 0 > N[fp + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LE_S:
        pc = N[fp + code[pc + 1]!]! <= N[fp + code[pc + 2]!]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LE_U:
        pc = N[fp + code[pc + 1]!]! >>> 0 <= N[fp + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GE_S:
        pc = N[fp + code[pc + 1]!]! >= N[fp + code[pc + 2]!]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GE_U:
        pc = N[fp + code[pc + 1]!]! >>> 0 >= N[fp + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_EQ_I:
        pc = N[fp + code[pc + 1]!] === code[pc + 2]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_NE_I:
        pc = N[fp + code[pc + 1]!] !== code[pc + 2]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LT_S_I:
        pc = N[fp + code[pc + 1]!]! < code[pc + 2]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LT_U_I:
        pc = N[fp + code[pc + 1]!]! >>> 0 < code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GT_S_I:
        pc = N[fp + code[pc + 1]!]! > code[pc + 2]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GT_U_I:
        pc = N[fp + code[pc + 1]!]! >>> 0 > code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LE_S_I:
        pc = N[fp + code[pc + 1]!]! <= code[pc + 2]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_LE_U_I:
        pc = N[fp + code[pc + 1]!]! >>> 0 <= code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GE_S_I:
        pc = N[fp + code[pc + 1]!]! >= code[pc + 2]! ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_GE_U_I:
        pc = N[fp + code[pc + 1]!]! >>> 0 >= code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4;
        break;
      case Op.BR_TABLE: {
        const i = N[fp + code[pc + 1]!]! >>> 0;
        const last = code[pc + 2]! - 1;
        pc = code[pc + 3 + (i < last ? i : last)]!;
        break;
      }
      case Op.RETURN:
        if (code[pc + 1] !== 0) moveList(code, pc + 1, fp);
        if (fp === entryFp) return;
        pc = N[fp - 2]! | 0;
        f = O[fp - 1] as CompiledFunction;
        fp = N[fp - 1]! | 0;
        code = f.code;
        mem = f.memory;
        break;
      case Op.CALL: {
        const callee = f.callees[code[pc + 1]!]!;
        const calleeFp = fp + code[pc + 2]!;
        pc = moveList(code, pc + 3, fp);
        const body = callee.body;
        if (body === null) {
          invokeHost(callee, calleeFp);
          break;
        }
        const next = body.compiled ?? body.compile();
        if (calleeFp + next.extent > STACK_SLOTS) stackExhausted();
        N[calleeFp - 2] = pc;
        N[calleeFp - 1] = fp;
        O[calleeFp - 1] = f;
        f = next;
        code = f.code;
        mem = f.memory;
        fp = calleeFp;
        pc = 0;
        break;
      }
      case Op.CLOSURE:
        f.ops[code[pc + 1]!]!(fp);
        pc += 2;
        break;
      case Op.TERM: {
        const next = f.terms[code[pc + 1]!]!(fp);
        if (next === null) {
          pc = f.returnPc;
          break;
        }
        if (next !== TAIL_CALL) {
          pc = blockPc(next);
          break;
        }
        // A tail call: continue in the callee with this frame (arguments are in place).
        const callee = tailCall.callee!;
        tailCall.callee = null;
        const body = callee.body;
        if (body === null) {
          invokeHost(callee, fp);
          pc = f.returnPc;
          break;
        }
        f = body.compiled ?? body.compile();
        if (fp + f.extent > STACK_SLOTS) stackExhausted();
        code = f.code;
        mem = f.memory;
        pc = 0;
        break;
      }
      default:
        throw new RuntimeError(`interpreter: bad opcode ${code[pc]} at ${pc}`);
    }
  }
}
