/**
 * Compiles one IR function (for one instance): slot layout, then bytecode (emit.ts). What has
 * no dedicated bytecode compiles to a closure here (factories keyed by opcode name, from the
 * ops-*.ts tables), through the `OpContext` those factories expect.
 */
import type { Block, InstData, IrFunction } from '../function.js';
import { Effect, opInfo } from '../opcodes/index.js';
import type { IrType } from '../types.js';
import { InterpreterCompileError, type Edge, type ImplicitSource, type InstanceContext, type OpContext, type OpFactory, type TermFactory } from './context.js';
import type { CompiledBlock, CompiledFunction, Op, Term } from './function-instance.js';
import { FunctionEmitter, type FallbackCompiler } from './emit.js';
import { signatureLayout, type FrameLayout, type PackedLayout } from './layout.js';
import { compileMoves, type Move } from './moves.js';
import { CONTROL_OPS, TERMINATORS } from './ops-control.js';
import { CALL_OPS, CALL_TERMINATORS } from './ops-calls.js';
import { MEMORY_OPS } from './ops-memory.js';
import { NUMERIC_OPS } from './ops-numeric.js';
import { SIMD_OPS } from './ops-simd.js';
import { ATOMIC_OPS } from './ops-atomic.js';
import { TABLE_OPS } from './ops-table.js';

const OP_FACTORIES = new Map<string, OpFactory>(
  [NUMERIC_OPS, MEMORY_OPS, ATOMIC_OPS, SIMD_OPS, CONTROL_OPS, CALL_OPS, TABLE_OPS].flatMap((table) => Object.entries(table)),
);
const TERM_FACTORIES = new Map<string, TermFactory>([...Object.entries(TERMINATORS), ...Object.entries(CALL_TERMINATORS)]);

/** Whether the interpreter implements an opcode (tests check the whole opcode table). */
export function interpreterSupports(opcode: string): boolean {
  return OP_FACTORIES.has(opcode) || TERM_FACTORIES.has(opcode);
}

class FunctionContext implements OpContext {
  inst!: InstData;
  extent: number;

  constructor(
    readonly fn: IrFunction,
    readonly instance: InstanceContext,
    private readonly frame: FrameLayout,
    readonly results: PackedLayout,
    private readonly blocks: Map<Block, CompiledBlock>,
  ) {
    this.extent = frame.size + 1;
  }

  get frameSize(): number {
    return this.frame.size;
  }

  arg(i: number): number {
    return this.frame.slots[this.inst.args[i]!]!;
  }

  result(i: number): number {
    return this.frame.slots[this.inst.results[i]!]!;
  }

  argType(i: number): IrType {
    return this.fn.values[this.inst.args[i]!]!.type;
  }

  resultType(i: number): IrType {
    return this.fn.values[this.inst.results[i]!]!.type;
  }

  reserveAbove(slots: number): void {
    this.extent = Math.max(this.extent, this.frame.size + slots);
  }

  edge(index: number, implicit: readonly ImplicitSource[] = []): Edge {
    const call = this.inst.targets[index];
    if (call === undefined) throw new InterpreterCompileError(`${this.inst.opcode} has no successor ${index}`);
    const block = this.blocks.get(call.block);
    if (block === undefined) throw new InterpreterCompileError(`edge to block${call.block}, which is not in the layout`);
    const params = this.fn.blocks[call.block]!.params;
    const moves: Move[] = [];
    implicit.forEach((source, i) => moves.push({ src: source.src, dst: this.frame.slots[params[i]!]!, type: source.type }));
    call.args.forEach((arg, i) => {
      const param = params[implicit.length + i]!;
      moves.push({ src: this.frame.slots[arg]!, dst: this.frame.slots[param]!, type: this.fn.values[param]!.type });
    });
    return { block, move: compileMoves(moves) };
  }
}

export function compileFunction(fn: IrFunction, instance: InstanceContext): CompiledFunction {
  const type = instance.module.env.types[fn.typeIndex];
  if (type === undefined) throw new InterpreterCompileError(`fn${fn.funcIndex}: unknown type ${fn.typeIndex}`);
  const signature = signatureLayout(type);
  const emitter = new FunctionEmitter({ fn, instance, signature });
  const blocks = new Map<Block, CompiledBlock>();
  for (const block of fn.layout) blocks.set(block, { pc: -1 });
  const ctx = new FunctionContext(fn, instance, emitter.frame, signature.results, blocks);
  const where = (inst: InstData): string => `fn${fn.funcIndex} block${inst.block} ${inst.opcode}`;
  const fallback: FallbackCompiler = {
    op(inst): Op {
      const factory = OP_FACTORIES.get(inst.opcode);
      if (factory === undefined || (opInfo(inst.opcode).effects & Effect.Terminator) !== 0) {
        throw new InterpreterCompileError(`interpreter: unsupported instruction (${where(inst)})`);
      }
      ctx.inst = inst;
      return factory(ctx);
    },
    term(inst): Term {
      const factory = TERM_FACTORIES.get(inst.opcode);
      if (factory === undefined) throw new InterpreterCompileError(`interpreter: unsupported terminator (${where(inst)})`);
      ctx.inst = inst;
      return factory(ctx);
    },
    reserveAbove(slots) {
      ctx.reserveAbove(slots);
    },
    get extent() {
      return ctx.extent;
    },
  };
  return emitter.emit(blocks, fallback);
}
