/**
 * IR verifier: checks that a function is well-formed SSA that the interpreter and back
 * ends may trust. It never throws on malformed input (bad ids included); it collects every
 * problem with its location. `verifyOrThrow` turns a non-empty list into an IrVerifyError.
 *
 * Unreachable blocks are allowed (the translator may leave dead code behind): they are
 * checked for types and structure, but values they use need only be defined somewhere,
 * since dominance means nothing there.
 */
import type { Block, Inst, InstData, IrFunction, Value } from './function.js';
import type { IrModule } from './module.js';
import { computeCfg, DominatorTree } from './cfg.js';
import { Effect, FORMAT_IMM, findOp, type OpInfo } from './opcodes/index.js';
import { formatInst } from './printer.js';
import { expectedTargetCount, implicitTargetParams, instShape, ShapeError, type ShapeContext } from './signature.js';
import { isTrapCode } from './traps.js';
import type { IrType, ModuleEnv } from './types.js';

export interface VerifierError {
  funcIndex: number;
  /** The block of the problem, or null for function-level problems. */
  block: Block | null;
  /** The instruction of the problem, or null. */
  inst: Inst | null;
  message: string;
}

export class IrVerifyError extends Error {
  override name = 'IrVerifyError';
  constructor(readonly errors: readonly VerifierError[], text: string) {
    super(text);
  }
}

/** `fn3 block2 [v5: i32 = i32.add v1, v2]: message` */
export function formatVerifierError(fn: IrFunction | null, error: VerifierError): string {
  let where = `fn${error.funcIndex}`;
  if (error.block !== null) where += ` block${error.block}`;
  if (error.inst !== null) {
    let text = `inst${error.inst}`;
    try {
      if (fn !== null) text = formatInst(fn, error.inst);
    } catch {
      // Too malformed to print; the id still locates it.
    }
    where += ` [${text}]`;
  }
  return `${where}: ${error.message}`;
}

const typeList = (types: readonly IrType[]): string => `(${types.join(', ')})`;

class FunctionVerifier {
  readonly errors: VerifierError[] = [];
  private readonly blockOf: Int32Array;
  private readonly positionOf: Int32Array;
  private readonly inLayout: Uint8Array;
  private dominators!: DominatorTree;
  private readonly shapeContext: ShapeContext;

  constructor(
    private readonly fn: IrFunction,
    private readonly env: ModuleEnv,
  ) {
    this.blockOf = new Int32Array(fn.insts.length).fill(-1);
    this.positionOf = new Int32Array(fn.insts.length).fill(-1);
    this.inLayout = new Uint8Array(fn.blocks.length);
    const type = env.types[fn.typeIndex];
    this.shapeContext = { env, results: type?.results ?? [] };
  }

  private error(block: Block | null, inst: Inst | null, message: string): void {
    this.errors.push({ funcIndex: this.fn.funcIndex, block, inst, message });
  }

  run(): VerifierError[] {
    if (!this.checkHeader() || !this.checkLayout()) return this.errors;
    this.dominators = new DominatorTree(computeCfg(this.fn));
    for (const block of this.fn.layout) {
      this.checkBlockParams(block);
      for (const inst of this.fn.blocks[block]!.insts) this.checkInst(block, inst);
    }
    return this.inProgramOrder();
  }

  /** Errors sorted by block layout position then instruction position (stable). */
  private inProgramOrder(): VerifierError[] {
    const blockRank = new Map(this.fn.layout.map((block, i) => [block, i] as const));
    const rank = (error: VerifierError): [number, number] => [
      error.block === null ? -1 : (blockRank.get(error.block) ?? -1),
      error.inst === null ? -1 : (this.positionOf[error.inst] ?? -1),
    ];
    return this.errors
      .map((error, order) => ({ error, order, rank: rank(error) }))
      .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.order - b.order)
      .map((entry) => entry.error);
  }

  private checkHeader(): boolean {
    const { fn, env } = this;
    const type = env.types[fn.typeIndex];
    if (type === undefined) {
      this.error(null, null, `unknown type${fn.typeIndex}`);
      return false;
    }
    const declared = env.funcTypes[fn.funcIndex];
    if (declared !== undefined && declared !== fn.typeIndex) {
      this.error(null, null, `function has type${fn.typeIndex} but the module declares type${declared}`);
    }
    if (fn.layout.length === 0) {
      this.error(null, null, 'function has no blocks');
      return false;
    }
    const entry = fn.blocks[fn.layout[0]!];
    if (entry !== undefined) {
      const params = entry.params.map((value) => fn.values[value]?.type ?? '?');
      if (params.join() !== type.params.join()) {
        this.error(fn.layout[0]!, null, `entry block params ${typeList(params as IrType[])} differ from the signature's ${typeList(type.params)}`);
      }
    }
    return true;
  }

  /** Layout, block membership and instruction placement; false if too broken to go on. */
  private checkLayout(): boolean {
    const { fn } = this;
    let ok = true;
    for (const block of fn.layout) {
      if (fn.blocks[block] === undefined) {
        this.error(null, null, `layout names unknown block${block}`);
        ok = false;
      } else if (this.inLayout[block] === 1) {
        this.error(block, null, 'block appears twice in the layout');
        ok = false;
      } else this.inLayout[block] = 1;
    }
    if (!ok) return false;
    for (const block of fn.layout) {
      const insts = fn.blocks[block]!.insts;
      if (insts.length === 0) {
        this.error(block, null, 'block is empty (it needs a terminator)');
        ok = false;
      }
      insts.forEach((inst, position) => {
        const data = fn.insts[inst];
        if (data === undefined) {
          this.error(block, null, `block lists unknown inst${inst}`);
          ok = false;
          return;
        }
        if (this.blockOf[inst] !== -1) {
          this.error(block, inst, `instruction is also listed in block${this.blockOf[inst]}`);
          ok = false;
          return;
        }
        this.blockOf[inst] = block;
        this.positionOf[inst] = position;
        if (data.block !== block) this.error(block, inst, `instruction records block${data.block} as its block`);
        const info = findOp(data.opcode);
        if (info === undefined) return; // reported by checkInst
        const isTerminator = (info.effects & Effect.Terminator) !== 0;
        if (isTerminator && position !== insts.length - 1) this.error(block, inst, 'terminator is not the last instruction of its block');
        if (!isTerminator && position === insts.length - 1) this.error(block, inst, 'block does not end with a terminator');
      });
    }
    return ok;
  }

  private checkBlockParams(block: Block): void {
    this.fn.blocks[block]!.params.forEach((value, index) => {
      const data = this.fn.values[value];
      if (data === undefined || !data.isParam || data.owner !== block || data.index !== index) {
        this.error(block, null, `parameter ${index} (v${value}) is not recorded as this block's parameter ${index}`);
      }
    });
  }

  /** Is `value` usable at position `position` of `block`? Reports otherwise. */
  private checkUse(block: Block, inst: Inst, value: Value, position: number): IrType | null {
    const data = this.fn.values[value];
    if (data === undefined || data.owner === -1) {
      this.error(block, inst, `v${value} is not defined`);
      return null;
    }
    let defBlock: Block;
    let defPosition: number;
    if (data.isParam) {
      defBlock = data.owner;
      defPosition = -1;
      if (this.inLayout[defBlock] !== 1 || this.fn.blocks[defBlock]?.params[data.index] !== value) {
        this.error(block, inst, `v${value} is a parameter of block${defBlock}, which is not in the layout`);
        return null;
      }
    } else {
      defBlock = this.blockOf[data.owner] ?? -1;
      defPosition = this.positionOf[data.owner] ?? -1;
      if (defBlock === -1 || this.fn.insts[data.owner]?.results[data.index] !== value) {
        this.error(block, inst, `v${value} is defined by an instruction that is not in the layout`);
        return null;
      }
    }
    const sameBlockLater = defBlock === block && defPosition >= position;
    if (sameBlockLater) {
      this.error(block, inst, `v${value} is used before its definition`);
    } else if (this.dominators.isReachable(block) && defBlock !== block && !this.dominators.dominates(defBlock, block)) {
      this.error(block, inst, `v${value} (defined in block${defBlock}) does not dominate this use`);
    }
    return data.type;
  }

  private checkInst(block: Block, inst: Inst): void {
    const data = this.fn.insts[inst]!;
    const info = findOp(data.opcode);
    if (info === undefined) {
      this.error(block, inst, `unknown opcode '${data.opcode}'`);
      return;
    }
    const position = this.positionOf[inst]!;
    const argTypes = data.args.map((value) => this.checkUse(block, inst, value, position));
    for (const call of data.targets) call.args.forEach((value) => this.checkUse(block, inst, value, position));
    data.results.forEach((value, index) => {
      const def = this.fn.values[value];
      if (def === undefined || def.isParam || def.owner !== inst || def.index !== index) {
        this.error(block, inst, `result ${index} (v${value}) is not recorded as this instruction's result ${index}`);
      }
    });
    if (FORMAT_IMM[info.format] !== data.imm.kind) {
      this.error(block, inst, `${info.name} needs a '${FORMAT_IMM[info.format]}' immediate, has '${data.imm.kind}'`);
      return;
    }
    if (argTypes.includes(null)) return;
    this.checkTypes(block, inst, info, argTypes as IrType[]);
    this.checkImmediates(block, inst, info, data);
    this.checkTargets(block, inst, info, data);
  }

  private checkTypes(block: Block, inst: Inst, info: OpInfo, argTypes: IrType[]): void {
    const data = this.fn.insts[inst]!;
    let shape;
    try {
      shape = instShape(info, data.imm, argTypes, this.shapeContext);
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      this.error(block, inst, error.message);
      return;
    }
    if (shape.args.length !== argTypes.length) {
      this.error(block, inst, `expects ${shape.args.length} operands ${typeList(shape.args)}, has ${argTypes.length}`);
    } else {
      shape.args.forEach((type, i) => {
        if (argTypes[i] !== type) this.error(block, inst, `operand ${i} (v${data.args[i]}) has type ${argTypes[i]}, expected ${type}`);
      });
    }
    const resultTypes = data.results.map((value) => this.fn.values[value]?.type);
    if (resultTypes.join() !== shape.results.join()) {
      this.error(block, inst, `results are ${typeList(resultTypes as IrType[])}, expected ${typeList(shape.results)}`);
    }
  }

  private checkImmediates(block: Block, inst: Inst, info: OpInfo, data: InstData): void {
    const imm = data.imm;
    const fail = (message: string): void => this.error(block, inst, message);
    switch (imm.kind) {
      case 'lane':
        if (!(imm.lane >= 0 && imm.lane < info.laneCount)) fail(`lane ${imm.lane} out of range 0..${info.laneCount - 1}`);
        break;
      case 'shuffle':
        if (imm.lanes.length !== 16 || imm.lanes.some((lane) => lane > 31)) fail('shuffle needs 16 lane indices below 32');
        break;
      case 'v128':
        if (imm.bytes.length !== 16) fail('v128.const needs 16 bytes');
        break;
      case 'memarg': {
        const memory = this.env.memories[imm.memory];
        const natural = Math.log2(info.accessBytes);
        const atomic = (info.effects & Effect.Atomic) !== 0;
        if (atomic ? imm.align !== natural : !(imm.align >= 0 && imm.align <= natural)) {
          fail(`alignment ${2 ** imm.align} ${atomic ? 'must equal' : 'exceeds'} the natural alignment ${info.accessBytes}`);
        }
        if (memory !== undefined && !memory.limits.index64 && imm.offset > 0xffffffff) fail(`offset ${imm.offset} exceeds u32 on a 32-bit memory`);
        if (!(Number.isSafeInteger(imm.offset) && imm.offset >= 0)) fail(`offset ${imm.offset} is not a non-negative integer`);
        if (info.laneCount > 0 && !(imm.lane >= 0 && imm.lane < info.laneCount)) fail(`lane ${imm.lane} out of range 0..${info.laneCount - 1}`);
        break;
      }
      case 'memory_init':
      case 'data':
        if (!(imm.data >= 0 && imm.data < this.env.dataCount)) fail(`unknown data segment ${imm.data}`);
        break;
      case 'table_init':
      case 'elem': {
        const elemType = this.env.elemTypes[imm.elem];
        if (elemType === undefined) fail(`unknown element segment ${imm.elem}`);
        else if (imm.kind === 'table_init') {
          const table = this.env.tables[imm.table];
          if (table !== undefined && table.element !== elemType) fail(`element segment holds ${elemType}, table holds ${table.element}`);
        }
        break;
      }
      case 'func':
        if (this.env.funcTypes[imm.func] === undefined) fail(`unknown function fn${imm.func}`);
        break;
      case 'trap':
        if (!isTrapCode(imm.code)) fail(`unknown trap code '${imm.code}'`);
        break;
      case 'global':
        if (info.name === 'global.set' && this.env.globals[imm.global]?.mutable === false) fail(`global g${imm.global} is immutable`);
        break;
      default:
        break;
    }
  }

  private checkTargets(block: Block, inst: Inst, info: OpInfo, data: InstData): void {
    const expected = expectedTargetCount(info);
    if (expected === null ? data.targets.length === 0 : data.targets.length !== expected) {
      this.error(block, inst, `${info.name} needs ${expected ?? 'at least 1'} targets, has ${data.targets.length}`);
      return;
    }
    data.targets.forEach((call, index) => {
      const target = this.fn.blocks[call.block];
      if (target === undefined || this.inLayout[call.block] !== 1) {
        this.error(block, inst, `target block${call.block} is not in the layout`);
        return;
      }
      if (call.block === this.fn.layout[0]) this.error(block, inst, 'the entry block cannot be a branch target');
      let implicit: IrType[];
      try {
        implicit = implicitTargetParams(data, index, this.env);
      } catch (error) {
        if (!(error instanceof ShapeError)) throw error;
        return; // the same lookup failed in checkTypes and was reported there
      }
      const passed = [...implicit, ...call.args.map((value) => this.fn.values[value]?.type)];
      const params = target.params.map((value) => this.fn.values[value]?.type);
      if (passed.join() !== params.join()) {
        const what = implicit.length > 0 ? ` (${typeList(implicit)} implicit, then the edge args)` : '';
        this.error(block, inst, `edge to block${call.block} passes ${typeList(passed as IrType[])}${what}, block takes ${typeList(params as IrType[])}`);
      }
    });
  }
}

export function verifyFunction(fn: IrFunction, env: ModuleEnv): VerifierError[] {
  return new FunctionVerifier(fn, env).run();
}

export function verifyModule(module: IrModule): VerifierError[] {
  return module.functions.flatMap((fn) => verifyFunction(fn, module.env));
}

/** Verify a module, or one function against an environment; throw IrVerifyError listing every problem. */
export function verifyOrThrow(subject: IrModule | IrFunction, env?: ModuleEnv): void {
  const functions = 'functions' in subject ? subject.functions : [subject];
  const environment = 'functions' in subject ? subject.env : env;
  if (environment === undefined) throw new TypeError('verifyOrThrow(fn, env): a function needs its module environment');
  const messages: string[] = [];
  const errors: VerifierError[] = [];
  for (const fn of functions) {
    for (const error of verifyFunction(fn, environment)) {
      errors.push(error);
      messages.push(formatVerifierError(fn, error));
    }
  }
  if (errors.length > 0) throw new IrVerifyError(errors, `IR verification failed:\n${messages.join('\n')}`);
}
