/**
 * Every constant-folding rule against the IR interpreter: for each foldable opcode, a
 * function computes it on its parameters (floats passed and returned as bit patterns, so
 * NaN payloads survive the JS boundary) and runs on edge-case operands; the folded
 * constant must have the same bits, and the rule must refuse exactly when the operation
 * traps (or, for f64, an operand is NaN — see fold-rules.ts). When both sides are
 * different NaNs (arithmetic, not sign operations), the folded one must be a NaN Wasm
 * allows: canonical, or an operand's payload quietened.
 */
import { describe, expect, it } from 'vitest';
import { FunctionBuilder } from '../../ir/builder.js';
import type { IrModule } from '../../ir/module.js';
import { ALL_OPS, type OpInfo } from '../../ir/opcodes/index.js';
import { foldRule } from '../../ir/passes/fold-rules.js';
import type { ConstImm } from '../../ir/passes/ir-edit.js';
import { emptyEnv, type IrType } from '../../ir/types.js';
import { instantiateIr } from '../../ir/interpreter/index.js';
import { RuntimeError } from '../../runtime-support/errors.js';

type Scalar = 'i32' | 'i64' | 'f32' | 'f64';
/** Bits as the test function takes and returns them: i32 / f32 as numbers, i64 / f64 as BigInts. */
type Bits = number | bigint;

const OPERANDS: Record<Scalar, readonly Bits[]> = {
  i32: [0, 1, -1, 2, 7, -7, 31, 32, 33, 0x7fffffff, -0x80000000, 0x12345678],
  i64: [0n, 1n, -1n, 7n, -7n, 63n, 64n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdefn, 4294967296n],
  // 0, -0, 1, -1.5, 2.5, inf, -inf, nan, snan, -nan:0x1, min denormal, 2^31, 2^63, 2^32, 0.5, -2^31 - 128
  f32: [0, 0x80000000, 0x3f800000, 0xbfc00000, 0x40200000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001, 1, 0x4f000000, 0x5f000000, 0x4f800000, 0x3f000000, 0xcf000001].map((b) => b | 0),
  f64: [
    0n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff8000000000000n, 0x4004000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n,
    0x7ff8000000000000n, 0x7ff4000000000000n, 0xfff8000000000001n, 1n, 0x41e0000000000000n, 0x43e0000000000000n, 0x41f0000000000000n,
    0x3fe0000000000000n, 0xc1e0000000200000n, 0x3ff0000000000001n,
  ].map((b) => BigInt.asIntN(64, b)),
};

const CARRIER: Record<Scalar, 'i32' | 'i64'> = { i32: 'i32', i64: 'i64', f32: 'i32', f64: 'i64' };

function asScalar(type: unknown): Scalar | null {
  return type === 'i32' || type === 'i64' || type === 'f32' || type === 'f64' ? type : null;
}

function foldable(info: OpInfo): { args: Scalar[]; result: Scalar } | null {
  if (foldRule(info.name) === undefined || info.args === null || info.results?.length !== 1) return null;
  const args = info.args.map(asScalar);
  const result = asScalar(info.results[0]);
  if (result === null || args.some((arg) => arg === null) || args.length === 0) return null;
  return { args: args as Scalar[], result };
}

const OPS = ALL_OPS.flatMap((info) => {
  const shape = foldable(info);
  return shape === null ? [] : [{ name: info.name, ...shape }];
});

/** fnK(bits...) = bits(op(values...)), one function per foldable opcode. */
function buildModule(): IrModule {
  const env = emptyEnv();
  const module: IrModule = { env, functions: [], wasm: null };
  OPS.forEach((op, index) => {
    env.types.push({ params: op.args.map((arg) => CARRIER[arg]), results: [CARRIER[op.result]] });
    env.funcTypes.push(index);
  });
  OPS.forEach((op, index) => {
    const b = new FunctionBuilder(env, { funcIndex: index, typeIndex: index });
    const operands = b.entryParams().map((param, i) => {
      const type = op.args[i]!;
      return type === 'f32' ? b.value('f32.reinterpret_i32', [param]) : type === 'f64' ? b.value('f64.reinterpret_i64', [param]) : param;
    });
    const result = b.value(op.name, operands);
    const bits = op.result === 'f32' ? b.value('i32.reinterpret_f32', [result]) : op.result === 'f64' ? b.value('i64.reinterpret_f64', [result]) : result;
    b.return([bits]);
    module.functions.push(b.fn);
  });
  return module;
}

function toImm(type: Scalar, bits: Bits): ConstImm {
  switch (type) {
    case 'i32':
      return { kind: 'i32', value: bits as number };
    case 'i64':
      return { kind: 'i64', value: bits as bigint };
    case 'f32':
      return { kind: 'f32', bits: (bits as number) >>> 0 };
    case 'f64':
      return { kind: 'f64', bits: BigInt.asUintN(64, bits as bigint) };
  }
}

function fromImm(imm: ConstImm): Bits {
  switch (imm.kind) {
    case 'i32':
      return imm.value;
    case 'i64':
      return imm.value;
    case 'f32':
      return imm.bits | 0;
    case 'f64':
      return BigInt.asIntN(64, imm.bits);
  }
}

function isNaNBits(type: IrType, bits: Bits): boolean {
  if (type === 'f32') return ((bits as number) & 0x7fffffff) > 0x7f800000;
  if (type === 'f64') return (BigInt.asUintN(64, bits as bigint) & 0x7fffffffffffffffn) > 0x7ff0000000000000n;
  return false;
}

/** A NaN result Wasm allows: canonical (either sign), or an operand NaN with the quiet bit set. */
function allowedNaN(type: Scalar, result: Bits, operands: readonly Bits[], operandTypes: readonly Scalar[]): boolean {
  const quiet = type === 'f32' ? 0x00400000 : 0x0008000000000000n;
  const magnitude = type === 'f32' ? ((result as number) & 0x7fffffff) : BigInt.asUintN(64, result as bigint) & 0x7fffffffffffffffn;
  const canonical = type === 'f32' ? 0x7fc00000 : 0x7ff8000000000000n;
  if (magnitude === canonical) return true;
  return operands.some((operand, i) => operandTypes[i] === type && isNaNBits(type, operand) && (type === 'f32' ? (operand as number) | (quiet as number) : (operand as bigint) | (quiet as bigint)) === result);
}

/** Bit operations: their NaN results are exact, not merely of an allowed class. */
const SIGN_OPS = /^f(32|64)\.(abs|neg|copysign)$|reinterpret/;

function combinations(types: readonly Scalar[]): Bits[][] {
  return types.reduce<Bits[][]>((rows, type) => rows.flatMap((row) => OPERANDS[type].map((value) => [...row, value])), [[]]);
}

describe('constant folding rules', () => {
  it('covers the scalar numeric opcodes', () => {
    expect(OPS.length).toBeGreaterThan(120);
  });

  it('fold exactly what the interpreter computes', () => {
    const exports = instantiateIr(buildModule()).exports as Record<string, (...args: Bits[]) => Bits>;
    const mismatches: string[] = [];
    OPS.forEach((op, index) => {
      const rule = foldRule(op.name)!;
      for (const operands of combinations(op.args)) {
        let expected: Bits | 'trap';
        try {
          expected = exports[`fn${index}`]!(...operands);
        } catch (error) {
          if (!(error instanceof RuntimeError)) throw error;
          expected = 'trap';
        }
        const folded = rule(operands.map((bits, i) => toImm(op.args[i]!, bits)));
        const call = `${op.name}(${operands.join(', ')})`;
        if (folded === null) {
          const nanOperand = operands.some((bits, i) => isNaNBits(op.args[i]!, bits));
          if (expected !== 'trap' && !(nanOperand && (op.result === 'f64' || op.args.includes('f64')))) mismatches.push(`${call}: not folded, runs to ${expected}`);
          continue;
        }
        const actual = fromImm(folded);
        if (expected === 'trap') mismatches.push(`${call}: folded to ${actual}, but traps`);
        else if (actual === expected) continue;
        else if (SIGN_OPS.test(op.name) || !isNaNBits(op.result, expected) || !isNaNBits(op.result, actual)) {
          mismatches.push(`${call}: folded to ${actual}, runs to ${expected}`);
        } else if (!allowedNaN(op.result, actual, operands, op.args)) mismatches.push(`${call}: folded to a NaN Wasm does not allow: ${actual}`);
      }
    });
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
