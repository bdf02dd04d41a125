/**
 * The interface between the function code generator and the per-family instruction
 * lowerings (ops-*.ts). A lowering turns one IR instruction into a JS expression (or, for
 * a few, statements); operands come in already built, folded where possible.
 */
import type { InstData } from '../ir/function.js';
import type { IrType } from '../ir/types.js';
import type { Expr, Stmt } from './js-ast.js';
import type { ModuleContext } from './module-context.js';

export interface LowerContext {
  readonly inst: InstData;
  readonly module: ModuleContext;
  /** Operand `i` in its JS representation (i32 as an int32 number, never a boolean). */
  arg(i: number): Expr;
  /** Operand `i` as a JS condition (an i32 operand: nonzero = true). */
  cond(i: number): Expr;
  argType(i: number): IrType;
  /** The function-local DataView of a memory (reloaded after anything that may grow it). */
  view(memory: number): Expr;
  /** The f32 result may be a quieted NaN: no use observes NaN bits (f32-nan-bits.ts). */
  resultMayQuietNan(): boolean;
  /** Operand `i` is an f32 that Wasm defines as quiet whenever it is a NaN (f32-nan-bits.ts). */
  argIsArithmeticNan(i: number): boolean;
  /** The value of operand `i` when an `i32.const` defines it, else undefined. */
  constantI32(i: number): number | undefined;
}

/** An expression; `bool` marks an i32 result computed as a JS boolean (comparisons). */
export interface LoweredExpr {
  expr: Expr;
  bool?: boolean;
}

export type Lowered = LoweredExpr | { stmts: Stmt[] };

export type Lowering = (c: LowerContext) => Lowered;

export type LoweringTable = ReadonlyMap<string, Lowering>;
