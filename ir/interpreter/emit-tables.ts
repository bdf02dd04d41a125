/**
 * Which IR opcodes have a dedicated bytecode (run.ts), by operand shape. Anything not listed
 * here runs as an ops-*.ts closure. The i32 comparisons also know their negation (branch
 * when false) and their mirror (operands swapped), so a constant on either side and either
 * branch sense fuse into one compare-and-branch.
 */
import { Op } from './run.js';

export interface I32Compare {
  set: Op;
  setImm: Op;
  branch: Op;
  branchImm: Op;
  /** The comparison that holds exactly when this one does not. */
  negated: string;
  /** The comparison with the operands swapped. */
  mirrored: string;
}

function compare(set: Op, setImm: Op, branch: Op, branchImm: Op, negated: string, mirrored: string): I32Compare {
  return { set, setImm, branch, branchImm, negated, mirrored };
}

export const I32_COMPARES: Readonly<Record<string, I32Compare>> = {
  'i32.eq': compare(Op.I32_EQ, Op.I32_EQ_I, Op.BR_EQ, Op.BR_EQ_I, 'i32.ne', 'i32.eq'),
  'i32.ne': compare(Op.I32_NE, Op.I32_NE_I, Op.BR_NE, Op.BR_NE_I, 'i32.eq', 'i32.ne'),
  'i32.lt_s': compare(Op.I32_LT_S, Op.I32_LT_S_I, Op.BR_LT_S, Op.BR_LT_S_I, 'i32.ge_s', 'i32.gt_s'),
  'i32.lt_u': compare(Op.I32_LT_U, Op.I32_LT_U_I, Op.BR_LT_U, Op.BR_LT_U_I, 'i32.ge_u', 'i32.gt_u'),
  'i32.gt_s': compare(Op.I32_GT_S, Op.I32_GT_S_I, Op.BR_GT_S, Op.BR_GT_S_I, 'i32.le_s', 'i32.lt_s'),
  'i32.gt_u': compare(Op.I32_GT_U, Op.I32_GT_U_I, Op.BR_GT_U, Op.BR_GT_U_I, 'i32.le_u', 'i32.lt_u'),
  'i32.le_s': compare(Op.I32_LE_S, Op.I32_LE_S_I, Op.BR_LE_S, Op.BR_LE_S_I, 'i32.gt_s', 'i32.ge_s'),
  'i32.le_u': compare(Op.I32_LE_U, Op.I32_LE_U_I, Op.BR_LE_U, Op.BR_LE_U_I, 'i32.gt_u', 'i32.ge_u'),
  'i32.ge_s': compare(Op.I32_GE_S, Op.I32_GE_S_I, Op.BR_GE_S, Op.BR_GE_S_I, 'i32.lt_s', 'i32.le_s'),
  'i32.ge_u': compare(Op.I32_GE_U, Op.I32_GE_U_I, Op.BR_GE_U, Op.BR_GE_U_I, 'i32.lt_u', 'i32.le_u'),
};

export interface I32Arith {
  op: Op;
  /** The form with an immediate right operand, if any. */
  imm: Op | null;
  /** Whether a constant left operand may become the immediate. */
  commutative: boolean;
}

function arith(op: Op, imm: Op | null, commutative: boolean): I32Arith {
  return { op, imm, commutative };
}

/** i32 binary operations other than comparisons (`i32.sub x, K` becomes an add of -K). */
export const I32_ARITH: Readonly<Record<string, I32Arith>> = {
  'i32.add': arith(Op.I32_ADD, Op.I32_ADD_I, true),
  'i32.sub': arith(Op.I32_SUB, null, false),
  'i32.mul': arith(Op.I32_MUL, Op.I32_MUL_I, true),
  'i32.and': arith(Op.I32_AND, Op.I32_AND_I, true),
  'i32.or': arith(Op.I32_OR, Op.I32_OR_I, true),
  'i32.xor': arith(Op.I32_XOR, Op.I32_XOR_I, true),
  'i32.shl': arith(Op.I32_SHL, Op.I32_SHL_I, false),
  'i32.shr_s': arith(Op.I32_SHR_S, Op.I32_SHR_S_I, false),
  'i32.shr_u': arith(Op.I32_SHR_U, Op.I32_SHR_U_I, false),
  'i32.rotl': arith(Op.I32_ROTL, null, false),
  'i32.rotr': arith(Op.I32_ROTR, null, false),
  'i32.div_s': arith(Op.I32_DIV_S, null, false),
  'i32.div_u': arith(Op.I32_DIV_U, null, false),
  'i32.rem_s': arith(Op.I32_REM_S, null, false),
  'i32.rem_u': arith(Op.I32_REM_U, null, false),
};

/** `op d a b` with register operands of any file (f64 on N, i64 on O, i64 compares into N). */
export const BINARY: Readonly<Record<string, Op>> = {
  'f64.add': Op.F64_ADD,
  'f64.sub': Op.F64_SUB,
  'f64.mul': Op.F64_MUL,
  'f64.div': Op.F64_DIV,
  'f64.min': Op.F64_MIN,
  'f64.max': Op.F64_MAX,
  'f64.copysign': Op.F64_COPYSIGN,
  'f64.eq': Op.F64_EQ,
  'f64.ne': Op.F64_NE,
  'f64.lt': Op.F64_LT,
  'f64.gt': Op.F64_GT,
  'f64.le': Op.F64_LE,
  'f64.ge': Op.F64_GE,
  'i64.add': Op.I64_ADD,
  'i64.sub': Op.I64_SUB,
  'i64.mul': Op.I64_MUL,
  'i64.and': Op.I64_AND,
  'i64.or': Op.I64_OR,
  'i64.xor': Op.I64_XOR,
  'i64.shl': Op.I64_SHL,
  'i64.shr_s': Op.I64_SHR_S,
  'i64.shr_u': Op.I64_SHR_U,
  'i64.rotl': Op.I64_ROTL,
  'i64.rotr': Op.I64_ROTR,
  'i64.eq': Op.I64_EQ,
  'i64.ne': Op.I64_NE,
  'i64.lt_s': Op.I64_LT_S,
  'i64.lt_u': Op.I64_LT_U,
  'i64.gt_s': Op.I64_GT_S,
  'i64.gt_u': Op.I64_GT_U,
  'i64.le_s': Op.I64_LE_S,
  'i64.le_u': Op.I64_LE_U,
  'i64.ge_s': Op.I64_GE_S,
  'i64.ge_u': Op.I64_GE_U,
};

/** `op d a`. */
export const UNARY: Readonly<Record<string, Op>> = {
  'i32.eqz': Op.I32_EQZ,
  'i32.clz': Op.I32_CLZ,
  'i32.ctz': Op.I32_CTZ,
  'i32.popcnt': Op.I32_POPCNT,
  'i32.extend8_s': Op.I32_EXTEND8_S,
  'i32.extend16_s': Op.I32_EXTEND16_S,
  'f64.neg': Op.F64_NEG,
  'f64.abs': Op.F64_ABS,
  'f64.sqrt': Op.F64_SQRT,
  'f64.ceil': Op.F64_CEIL,
  'f64.floor': Op.F64_FLOOR,
  'f64.trunc': Op.F64_TRUNC,
  'f64.nearest': Op.F64_NEAREST,
  'f64.convert_i32_s': Op.F64_CONVERT_I32_S,
  'f64.convert_i32_u': Op.F64_CONVERT_I32_U,
  'i32.trunc_f64_s': Op.I32_TRUNC_F64_S,
  'i32.trunc_f64_u': Op.I32_TRUNC_F64_U,
  'i64.eqz': Op.I64_EQZ,
  'i64.extend_i32_s': Op.I64_EXTEND_I32_S,
  'i64.extend_i32_u': Op.I64_EXTEND_I32_U,
  'i32.wrap_i64': Op.I32_WRAP_I64,
};

/** Scalar accesses to memory 0 (memory32 only). */
export const LOADS: Readonly<Record<string, Op>> = {
  'i32.load': Op.LOAD_I32,
  'f32.load': Op.LOAD_I32, // f32 registers hold bits
  'f64.load': Op.LOAD_F64,
  'i64.load': Op.LOAD_I64,
  'i32.load8_u': Op.LOAD_U8,
  'i32.load8_s': Op.LOAD_S8,
  'i32.load16_u': Op.LOAD_U16,
  'i32.load16_s': Op.LOAD_S16,
};

export const STORES: Readonly<Record<string, Op>> = {
  'i32.store': Op.STORE_I32,
  'f32.store': Op.STORE_I32,
  'f64.store': Op.STORE_F64,
  'i64.store': Op.STORE_I64,
  'i32.store8': Op.STORE_8,
  'i32.store16': Op.STORE_16,
};
