/**
 * What operation factories see while compiling one instruction (`OpContext`) and the run-time
 * objects of the instance the code belongs to (`InstanceContext`). Operation closures
 * capture these objects once, so execution needs no lookups by index.
 */
import type { Memory } from '../../runtime-support/memory.js';
import type { Table } from '../../runtime-support/table.js';
import type { Global } from '../../runtime-support/global.js';
import type { Tag } from '../../runtime-support/exception.js';
import type { InstData, IrFunction } from '../function.js';
import type { IrModule } from '../module.js';
import type { IrType } from '../types.js';
import type { CompiledBlock, FuncInstance, Op, Term } from './function-instance.js';
import type { PackedLayout } from './layout.js';
import type { MoveFn } from './moves.js';

export interface InstanceContext {
  readonly module: IrModule;
  readonly funcs: FuncInstance[];
  readonly memories: Memory[];
  readonly tables: Table[];
  readonly globals: Global[];
  readonly tags: Tag[];
  /** Element segments' references; a dropped segment is empty. */
  readonly elements: unknown[][];
  /** Data segments' bytes; a dropped segment is empty. */
  readonly data: Uint8Array[];
}

/** A value passed implicitly to the first parameters of a successor (call results, exn, payload). */
export interface ImplicitSource {
  /** Slot relative to fp (at or above the frame for values produced by a call or a catch). */
  src: number;
  type: IrType;
}

export interface Edge {
  block: CompiledBlock;
  /** Parallel copy of the edge's values into the target's parameters, or null. */
  move: MoveFn | null;
}

export interface OpContext {
  readonly fn: IrFunction;
  readonly inst: InstData;
  readonly instance: InstanceContext;
  /** Slots of the current frame; call areas start here. */
  readonly frameSize: number;
  /** Result types of the function (return, tail calls). */
  readonly results: PackedLayout;
  /** Slot of operand i / result i. */
  arg(i: number): number;
  result(i: number): number;
  argType(i: number): IrType;
  resultType(i: number): IrType;
  /** Declares that the instruction uses `slots` slots above the frame (call areas). */
  reserveAbove(slots: number): void;
  /** Successor edge `index`; `implicit` values feed the target's first parameters. */
  edge(index: number, implicit?: readonly ImplicitSource[]): Edge;
}

export type OpFactory = (ctx: OpContext) => Op;
export type TermFactory = (ctx: OpContext) => Term;

export class InterpreterCompileError extends Error {
  override name = 'InterpreterCompileError';
}
