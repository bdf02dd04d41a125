/**
 * Constants. They have no operands, so the function code generator folds them into every
 * use. f32/f64 constants are written as exact decimal literals; NaNs with a payload become
 * module-level constants built from their bits (a literal would lose the payload).
 */
import type { Lowering } from './lowering.js';
import { i64Const } from './ops-i64.js';
import { array, newExpr, num } from './js-ast.js';

const CONSTANTS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  [
    'i32.const',
    (c) => {
      if (c.inst.imm.kind !== 'i32') throw new Error('i32.const: expected an i32 immediate');
      return { expr: num(c.inst.imm.value | 0) };
    },
  ],
  [
    'i64.const',
    (c) => {
      if (c.inst.imm.kind !== 'i64') throw new Error('i64.const: expected an i64 immediate');
      return { expr: i64Const(BigInt.asIntN(64, c.inst.imm.value)) };
    },
  ],
  [
    'f32.const',
    (c) => {
      if (c.inst.imm.kind !== 'f32') throw new Error('f32.const: expected an f32 immediate');
      return { expr: c.module.f32Const(c.inst.imm.bits) };
    },
  ],
  [
    'f64.const',
    (c) => {
      if (c.inst.imm.kind !== 'f64') throw new Error('f64.const: expected an f64 immediate');
      return { expr: c.module.f64Const(c.inst.imm.bits) };
    },
  ],
  [
    'v128.const',
    (c) => {
      const imm = c.inst.imm;
      if (imm.kind !== 'v128') throw new Error('v128.const: expected a v128 immediate');
      const words = new Int32Array(imm.bytes.slice().buffer);
      // A fresh vector per evaluation: v128 values are never mutated, but sharing one
      // object between values would make identity observable to helpers that reuse inputs.
      return { expr: newExpr('Int32Array', [array([...words].map((word) => num(word)))]) };
    },
  ],
]);

/** The lowering of a constant opcode, or undefined for every other opcode. */
export function constantLowering(opcode: string): Lowering | undefined {
  return CONSTANTS.get(opcode);
}

