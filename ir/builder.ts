/**
 * Building IR functions: blocks, block parameters and instructions appended at an
 * insertion point (the end of the current block). Result values are typed from the
 * opcode table and the module environment, so callers only pass operands and immediates.
 * Misuse (unknown opcode, wrong immediate kind, appending after a terminator) throws
 * `IrBuildError` at once rather than producing IR the verifier would reject later.
 */
import type { RefType } from '../compiler/module.js';
import type { Block, BlockCall, Imm, Inst, IrFunction, MemArgImm, Value } from './function.js';
import { Effect, FORMAT_IMM, findOp } from './opcodes/index.js';
import { instShape, ShapeError, type ShapeContext } from './signature.js';
import type { TrapCode } from './traps.js';
import type { IrType, ModuleEnv } from './types.js';

export class IrBuildError extends Error {
  override name = 'IrBuildError';
}

const NO_IMM: Imm = { kind: 'none' };

export interface FunctionHeader {
  funcIndex: number;
  typeIndex: number;
  name?: string | null;
  srcOffset?: number;
}

/** Create an empty function (no blocks) with a fresh set of entity arrays. */
export function createFunction(header: FunctionHeader): IrFunction {
  return {
    funcIndex: header.funcIndex,
    typeIndex: header.typeIndex,
    name: header.name ?? null,
    values: [],
    insts: [],
    blocks: [],
    layout: [],
    srcOffset: header.srcOffset ?? -1,
  };
}

export class FunctionBuilder {
  readonly fn: IrFunction;
  readonly env: ModuleEnv;
  private readonly shapeContext: ShapeContext;
  private current: Block = -1;
  /** Wasm byte offset recorded on the instructions built next. */
  srcOffset = -1;

  /**
   * Starts a function whose entry block (block0) has one parameter per Wasm parameter;
   * `entryParams()` returns them.
   */
  constructor(env: ModuleEnv, header: FunctionHeader) {
    this.env = env;
    const type = env.types[header.typeIndex];
    if (type === undefined) throw new IrBuildError(`unknown type index ${header.typeIndex}`);
    this.fn = createFunction(header);
    this.shapeContext = { env, results: type.results };
    const entry = this.createBlock();
    for (const param of type.params) this.appendBlockParam(entry, param);
    this.switchToBlock(entry);
  }

  entryParams(): Value[] {
    return this.fn.blocks[this.fn.layout[0]!]!.params;
  }

  /** A new empty block, appended to the layout. */
  createBlock(): Block {
    const block = this.fn.blocks.length;
    this.fn.blocks.push({ params: [], insts: [] });
    this.fn.layout.push(block);
    return block;
  }

  appendBlockParam(block: Block, type: IrType, name: string | null = null): Value {
    const data = this.fn.blocks[block];
    if (data === undefined) throw new IrBuildError(`unknown block${block}`);
    const value = this.fn.values.length;
    this.fn.values.push({ type, isParam: true, owner: block, index: data.params.length, name });
    data.params.push(value);
    return value;
  }

  /** Later instructions are appended to the end of `block`. */
  switchToBlock(block: Block): void {
    if (this.fn.blocks[block] === undefined) throw new IrBuildError(`unknown block${block}`);
    this.current = block;
  }

  get currentBlock(): Block {
    return this.current;
  }

  /** True when the current block already ends with a terminator. */
  isFilled(): boolean {
    const insts = this.fn.blocks[this.current]!.insts;
    if (insts.length === 0) return false;
    const last = this.fn.insts[insts[insts.length - 1]!]!;
    return (findOp(last.opcode)!.effects & Effect.Terminator) !== 0;
  }

  setValueName(value: Value, name: string | null): void {
    this.fn.values[value]!.name = name;
  }

  /** Append any instruction; returns its id. Its results are `fn.insts[id].results`. */
  ins(opcode: string, args: readonly Value[], imm: Imm = NO_IMM, targets: readonly BlockCall[] = []): Inst {
    const info = findOp(opcode);
    if (info === undefined) throw new IrBuildError(`unknown opcode '${opcode}'`);
    if (FORMAT_IMM[info.format] !== imm.kind) {
      throw new IrBuildError(`${opcode} takes a '${FORMAT_IMM[info.format]}' immediate, got '${imm.kind}'`);
    }
    if (this.isFilled()) throw new IrBuildError(`block${this.current} already ends with a terminator; cannot append ${opcode}`);
    for (const arg of args) {
      if (this.fn.values[arg] === undefined) throw new IrBuildError(`${opcode}: unknown operand v${arg}`);
    }
    let results: IrType[];
    try {
      results = instShape(info, imm, args.map((arg) => this.fn.values[arg]!.type), this.shapeContext).results;
    } catch (error) {
      if (error instanceof ShapeError) throw new IrBuildError(`${opcode}: ${error.message}`);
      throw error;
    }
    const inst = this.fn.insts.length;
    const resultValues = results.map((type, index) => {
      const value = this.fn.values.length;
      this.fn.values.push({ type, isParam: false, owner: inst, index, name: null });
      return value;
    });
    this.fn.insts.push({
      opcode,
      args: [...args],
      results: resultValues,
      targets: targets.map((call) => ({ block: call.block, args: [...call.args] })),
      imm,
      block: this.current,
      srcOffset: this.srcOffset,
    });
    this.fn.blocks[this.current]!.insts.push(inst);
    return inst;
  }

  /** Append an instruction with exactly one result and return that value. */
  value(opcode: string, args: readonly Value[], imm: Imm = NO_IMM): Value {
    const inst = this.ins(opcode, args, imm);
    const results = this.fn.insts[inst]!.results;
    if (results.length !== 1) throw new IrBuildError(`${opcode} has ${results.length} results, not 1`);
    return results[0]!;
  }

  /** Append an instruction and return all its results (calls, exn payloads). */
  values(opcode: string, args: readonly Value[], imm: Imm = NO_IMM): Value[] {
    return this.fn.insts[this.ins(opcode, args, imm)]!.results;
  }

  i32Const(value: number): Value {
    return this.value('i32.const', [], { kind: 'i32', value: value | 0 });
  }

  i64Const(value: bigint): Value {
    return this.value('i64.const', [], { kind: 'i64', value: BigInt.asIntN(64, value) });
  }

  f32Const(bits: number): Value {
    return this.value('f32.const', [], { kind: 'f32', bits: bits >>> 0 });
  }

  f64Const(bits: bigint): Value {
    return this.value('f64.const', [], { kind: 'f64', bits: BigInt.asUintN(64, bits) });
  }

  v128Const(bytes: Uint8Array): Value {
    if (bytes.length !== 16) throw new IrBuildError(`v128.const needs 16 bytes, got ${bytes.length}`);
    return this.value('v128.const', [], { kind: 'v128', bytes: Uint8Array.from(bytes) });
  }

  refNull(type: RefType): Value {
    return this.value('ref.null', [], { kind: 'ref_type', type });
  }

  /** A load, store or atomic. `memarg` fields default to memory 0, offset 0, natural alignment, checked. */
  memory(opcode: string, args: readonly Value[], memarg: Partial<Omit<MemArgImm, 'kind'>> = {}): Inst {
    const info = findOp(opcode);
    if (info === undefined || info.format !== 'memarg') throw new IrBuildError(`'${opcode}' is not a memory access`);
    const imm: MemArgImm = {
      kind: 'memarg',
      memory: memarg.memory ?? 0,
      offset: memarg.offset ?? 0,
      align: memarg.align ?? Math.log2(info.accessBytes),
      inBounds: memarg.inBounds ?? false,
      lane: memarg.lane ?? 0,
    };
    return this.ins(opcode, args, imm);
  }

  call(func: number, args: readonly Value[]): Value[] {
    return this.values('call', args, { kind: 'func', func });
  }

  callIndirect(table: number, type: number, calleeIndex: Value, args: readonly Value[]): Value[] {
    return this.values('call_indirect', [calleeIndex, ...args], { kind: 'call_indirect', table, type });
  }

  jump(block: Block, args: readonly Value[] = []): Inst {
    return this.ins('jump', [], NO_IMM, [{ block, args: [...args] }]);
  }

  brif(condition: Value, then: BlockCall, otherwise: BlockCall): Inst {
    return this.ins('brif', [condition], NO_IMM, [then, otherwise]);
  }

  brTable(index: Value, table: readonly BlockCall[], fallback: BlockCall): Inst {
    return this.ins('br_table', [index], NO_IMM, [...table, fallback]);
  }

  return(values: readonly Value[]): Inst {
    return this.ins('return', values);
  }

  trap(code: TrapCode): Inst {
    return this.ins('trap', [], { kind: 'trap', code });
  }

  /** trapz (trap when `condition` is zero) or trapnz (when non-zero). */
  trapIf(opcode: 'trapz' | 'trapnz', condition: Value, code: TrapCode): Inst {
    return this.ins(opcode, [condition], { kind: 'trap', code });
  }

  /** A call whose exceptions go to `unwind` (params: exn, then its args). */
  tryCall(func: number, args: readonly Value[], normal: BlockCall, unwind: BlockCall): Inst {
    return this.ins('try_call', args, { kind: 'func', func }, [normal, unwind]);
  }
}
