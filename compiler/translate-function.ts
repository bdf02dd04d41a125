/**
 * Translation of one Wasm function body into an IR function, in a single streaming pass
 * over its instructions.
 *
 * - Locals become SSA values through SsaBuilder (Braun et al., on the fly).
 * - The Wasm operand stack is simulated with IR values. Values that cross a block
 *   boundary become block parameters: a block/if/try's results are the parameters of its
 *   merge block, a loop's params those of its header. Values live across a structured
 *   region without crossing an edge (the operands below a block, an if's params) need
 *   none: they dominate the region.
 * - Code after an unconditional transfer (br, return, unreachable, throw, ...) up to the
 *   next else/catch/end of the enclosing frame is skipped. Blocks are created lazily, so
 *   a merge nobody branches to is never emitted.
 * - Legacy exception handling: inside a try, calls are `try_call`s whose unwind edge goes
 *   to the try's handler block, `throw` builds the exception with `exn.new` and jumps
 *   there. The handler dispatches with `br_on_tag` per catch clause; a catch_all takes
 *   the rest, otherwise the exception propagates (`rethrow`, or a jump to the enclosing
 *   try's handler). `try ... delegate L` bodies unwind straight to L's target.
 */
import type { FuncType, FunctionBody, Module, ValType } from './module.js';
import { bodyReader, type OperatorReader } from './operators.js';
import { Opcode } from './opcodes.js';
import { OP_TRANSLATIONS, OpKind, opcodeSlot, type OpTranslation } from './translate-ops.js';
import { SsaBuilder, TranslateError, type SsaScratch } from './ssa-builder.js';
import {
  blockSignature,
  FrameKind,
  newFrame,
  scanDelegates,
  UNWIND_TO_CALLER,
  type ControlFrame,
} from './translate-frames.js';
import { FunctionBuilder } from '../ir/builder.js';
import type { Block, BlockCall, Imm, Inst, IrFunction, Value } from '../ir/function.js';
import { funcTypeOf, tagParams } from '../ir/signature.js';
import type { IrType, ModuleEnv } from '../ir/types.js';

const NO_IMM: Imm = { kind: 'none' };
const TRAP_UNREACHABLE: Imm = { kind: 'trap', code: 'unreachable' };

export interface FunctionSource {
  module: Module;
  env: ModuleEnv;
  body: FunctionBody;
  /** Display name (name section or export), or null. */
  name: string | null;
  scratch: SsaScratch;
}

/** Types of a body's locals: its parameters, then the declared locals. */
function localTypesOf(module: Module, body: FunctionBody): ValType[] {
  const types = [...module.types[body.typeIndex]!.params];
  for (const group of body.locals) {
    for (let i = 0; i < group.count; i++) types.push(group.type);
  }
  return types;
}

export class FunctionTranslator {
  private readonly module: Module;
  private readonly env: ModuleEnv;
  private readonly body: FunctionBody;
  private readonly reader: OperatorReader;
  private readonly builder: FunctionBuilder;
  private readonly ssa: SsaBuilder;
  private readonly fn: IrFunction;
  /** The simulated Wasm operand stack. */
  private readonly stack: Value[] = [];
  private readonly frames: ControlFrame[] = [];
  /** False while skipping unreachable code (there is no open block). */
  private open = true;
  /** Nesting depth of blocks inside the unreachable code being skipped. */
  private skipDepth = 0;
  /** try offset -> delegate label, scanned at the first `try`. */
  private delegates: Map<number, number> | null = null;

  constructor(source: FunctionSource) {
    const { module, env, body } = source;
    this.module = module;
    this.env = env;
    this.body = body;
    this.reader = bodyReader(module, body);
    this.builder = new FunctionBuilder(env, {
      funcIndex: body.funcIndex,
      typeIndex: body.typeIndex,
      name: source.name,
      srcOffset: body.offset,
    });
    this.fn = this.builder.fn;
    this.ssa = new SsaBuilder(
      this.builder,
      localTypesOf(module, body),
      module.names.locals.get(body.funcIndex),
      source.scratch,
    );
    const signature = module.types[body.typeIndex]!;
    this.frames.push(newFrame(FrameKind.Function, { params: [], results: signature.results }, 0, UNWIND_TO_CALLER));
  }

  /** Byte offset of the instruction being translated (for error messages). */
  get offset(): number {
    return this.reader.offset;
  }

  translate(): IrFunction {
    const reader = this.reader;
    while (!reader.done) {
      if (this.frames.length === 0) throw new TranslateError("instructions after the function's final end");
      const op = reader.read();
      this.builder.srcOffset = reader.offset;
      if (this.open) this.translateOp(op);
      else this.skipOp(op);
    }
    if (this.frames.length !== 0) throw new TranslateError('function body ended inside a block');
    return this.ssa.finish();
  }

  // ---- operand stack -----------------------------------------------------------------

  private pop(): Value {
    const value = this.stack.pop();
    if (value === undefined) throw new TranslateError('operand stack underflow');
    return value;
  }

  private popN(count: number): Value[] {
    const stack = this.stack;
    if (stack.length < count) throw new TranslateError('operand stack underflow');
    const values = stack.slice(stack.length - count);
    stack.length -= count;
    return values;
  }

  private peekN(count: number): Value[] {
    const stack = this.stack;
    if (stack.length < count) throw new TranslateError('operand stack underflow');
    return stack.slice(stack.length - count);
  }

  private pushAll(values: readonly Value[]): void {
    for (let i = 0; i < values.length; i++) this.stack.push(values[i]!);
  }

  private get top(): ControlFrame {
    return this.frames[this.frames.length - 1]!;
  }

  /** The frame a label (relative depth) names. */
  private frameAt(depth: number): ControlFrame {
    const frame = this.frames[this.frames.length - 1 - depth];
    if (frame === undefined) throw new TranslateError(`unknown label ${depth}`);
    return frame;
  }

  // ---- emitting ----------------------------------------------------------------------

  /** Append a non-terminator and push its results. */
  private emit(opcode: string, args: readonly Value[], imm: Imm): void {
    const inst = this.builder.ins(opcode, args, imm);
    this.pushAll(this.fn.insts[inst]!.results);
  }

  private terminate(opcode: string, args: readonly Value[], imm: Imm, targets: readonly BlockCall[]): Inst {
    const inst = this.builder.ins(opcode, args, imm, targets);
    this.ssa.terminated(inst);
    return inst;
  }

  private jump(block: Block, args: Value[]): void {
    this.terminate('jump', [], NO_IMM, [{ block, args }]);
  }

  /** Control does not continue past the instruction just translated. */
  private closeBlock(): void {
    this.open = false;
    this.skipDepth = 0;
    this.stack.length = this.top.height;
  }

  private startBlock(block: Block): void {
    this.ssa.startBlock(block);
    this.open = true;
  }

  // ---- dispatch ----------------------------------------------------------------------

  private translateOp(op: number): void {
    const entry = OP_TRANSLATIONS[opcodeSlot(op)];
    if (entry === undefined) throw new TranslateError(`no translation for opcode 0x${op.toString(16)}`);
    const reader = this.reader;
    switch (entry.kind) {
      case OpKind.Control:
        this.translateControl(op);
        return;
      case OpKind.Plain:
        this.plain(entry);
        return;
      case OpKind.Memarg: {
        const { memory, offset, align } = reader.memarg;
        const lane = entry.ir!.laneCount > 0 ? reader.lane : 0;
        this.plain(entry, { kind: 'memarg', memory, offset, align, inBounds: false, lane });
        return;
      }
      case OpKind.Lane:
        this.plain(entry, { kind: 'lane', lane: reader.lane });
        return;
      case OpKind.Shuffle:
        this.plain(entry, { kind: 'shuffle', lanes: reader.bytes16 });
        return;
      case OpKind.I32Const:
        this.plain(entry, { kind: 'i32', value: reader.i32 });
        return;
      case OpKind.I64Const:
        this.plain(entry, { kind: 'i64', value: reader.i64 });
        return;
      case OpKind.F32Const:
        this.plain(entry, { kind: 'f32', bits: reader.f32Bits });
        return;
      case OpKind.F64Const:
        this.plain(entry, { kind: 'f64', bits: reader.f64Bits });
        return;
      case OpKind.V128Const:
        this.plain(entry, { kind: 'v128', bytes: reader.bytes16 });
        return;
      case OpKind.Global:
        this.plain(entry, { kind: 'global', global: reader.index });
        return;
      case OpKind.Table:
        this.plain(entry, { kind: 'table', table: reader.index });
        return;
      case OpKind.Memory:
        this.plain(entry, { kind: 'memory', memory: reader.index });
        return;
      case OpKind.MemoryInit:
        this.plain(entry, { kind: 'memory_init', memory: reader.index2, data: reader.index });
        return;
      case OpKind.Data:
        this.plain(entry, { kind: 'data', data: reader.index });
        return;
      case OpKind.MemoryCopy:
        this.plain(entry, { kind: 'memory_copy', dst: reader.index, src: reader.index2 });
        return;
      case OpKind.TableInit:
        this.plain(entry, { kind: 'table_init', table: reader.index2, elem: reader.index });
        return;
      case OpKind.Elem:
        this.plain(entry, { kind: 'elem', elem: reader.index });
        return;
      case OpKind.TableCopy:
        this.plain(entry, { kind: 'table_copy', dst: reader.index, src: reader.index2 });
        return;
      case OpKind.RefNull:
        this.stack.push(this.builder.refNull(reader.refType));
        return;
      case OpKind.RefFunc:
        this.plain(entry, { kind: 'func', func: reader.index });
        return;
    }
  }

  /** Operands popped in order, results pushed. */
  private plain(entry: OpTranslation, imm: Imm = NO_IMM): void {
    const argCount = entry.argCount;
    let args: Value[];
    switch (argCount) {
      case 0:
        args = [];
        break;
      case 1:
        args = [this.pop()];
        break;
      case 2: {
        const second = this.pop();
        args = [this.pop(), second];
        break;
      }
      default:
        args = this.popN(argCount);
    }
    if (entry.results === null) this.emit(entry.ir!.name, args, imm);
    else this.append(entry.ir!.name, args, imm, entry.results);
  }

  /**
   * The hot path of `emit` for opcodes with fixed result types: appends the instruction
   * directly instead of resolving its signature through the builder (the input is
   * validated and the verifier test covers every opcode).
   */
  private append(opcode: string, args: Value[], imm: Imm, resultTypes: readonly IrType[]): void {
    const fn = this.fn;
    const inst = fn.insts.length;
    const block = this.builder.currentBlock;
    const results: Value[] = [];
    for (let i = 0; i < resultTypes.length; i++) {
      const value = fn.values.length;
      fn.values.push({ type: resultTypes[i]!, isParam: false, owner: inst, index: i, name: null });
      results.push(value);
      this.stack.push(value);
    }
    fn.insts.push({ opcode, args, results, targets: [], imm, block, srcOffset: this.builder.srcOffset });
    fn.blocks[block]!.insts.push(inst);
  }

  private translateControl(op: number): void {
    const reader = this.reader;
    switch (op) {
      case Opcode.nop:
        return;
      case Opcode.drop:
        this.pop();
        return;
      case Opcode.local_get:
        this.stack.push(this.ssa.useVar(reader.index));
        return;
      case Opcode.local_set:
        this.ssa.defineVar(reader.index, this.pop());
        return;
      case Opcode.local_tee: {
        const value = this.pop();
        this.stack.push(value);
        this.ssa.defineVar(reader.index, value);
        return;
      }
      case Opcode.unreachable:
        this.terminate('trap', [], TRAP_UNREACHABLE, []);
        this.closeBlock();
        return;
      case Opcode.block: {
        const signature = blockSignature(this.module, reader.blockType);
        this.pushFrame(FrameKind.Block, signature, this.stack.length - signature.params.length);
        return;
      }
      case Opcode.loop:
        this.loop();
        return;
      case Opcode.if:
        this.if();
        return;
      case Opcode.else:
        this.else();
        return;
      case Opcode.try:
        this.try();
        return;
      case Opcode.catch:
        this.catchClause(reader.index);
        return;
      case Opcode.catch_all:
        this.catchAll();
        return;
      case Opcode.delegate:
        this.delegate();
        return;
      case Opcode.end:
        this.end();
        return;
      case Opcode.br:
        this.br(reader.index);
        return;
      case Opcode.br_if:
        this.brIf(reader.index);
        return;
      case Opcode.br_table:
        this.brTable(reader.targets, reader.defaultTarget);
        return;
      case Opcode.return:
        this.emitReturn();
        return;
      case Opcode.call:
        this.call(reader.index);
        return;
      case Opcode.call_indirect:
        this.callIndirect(reader.index, reader.index2);
        return;
      case Opcode.return_call: {
        const type = funcTypeOf(this.env, reader.index);
        this.terminate('return_call', this.popN(type.params.length), { kind: 'func', func: reader.index }, []);
        this.closeBlock();
        return;
      }
      case Opcode.return_call_indirect: {
        const type = this.module.types[reader.index]!;
        const callee = this.pop(); // the table slot is the topmost operand
        const args = this.popN(type.params.length);
        this.terminate('return_call_indirect', [callee, ...args], { kind: 'call_indirect', table: reader.index2, type: reader.index }, []);
        this.closeBlock();
        return;
      }
      case Opcode.throw:
        this.throw(reader.index);
        return;
      case Opcode.rethrow:
        this.propagate(this.frameAt(reader.index).exn, this.top.unwind);
        return;
      default:
        throw new TranslateError(`unhandled control opcode 0x${op.toString(16)}`);
    }
  }

  /** Unreachable code: only the structure matters, to find where reachable code resumes. */
  private skipOp(op: number): void {
    switch (op) {
      case Opcode.block:
      case Opcode.loop:
      case Opcode.if:
      case Opcode.try:
        this.skipDepth++;
        return;
      case Opcode.end:
      case Opcode.delegate:
        if (this.skipDepth > 0) this.skipDepth--;
        else if (op === Opcode.end) this.end();
        else this.delegate();
        return;
      case Opcode.else:
        if (this.skipDepth === 0) this.else();
        return;
      case Opcode.catch:
        if (this.skipDepth === 0) this.catchClause(this.reader.index);
        return;
      case Opcode.catch_all:
        if (this.skipDepth === 0) this.catchAll();
        return;
    }
  }

  // ---- structured control ------------------------------------------------------------

  private pushFrame(kind: FrameKind, signature: FuncType, height: number): ControlFrame {
    const frame = newFrame(kind, signature, height, this.top.unwind);
    this.frames.push(frame);
    return frame;
  }

  /** The block `br` to this frame goes to (created on demand) and how many values it takes. */
  private branchTarget(frame: ControlFrame): Block {
    if (frame.kind === FrameKind.Loop) return frame.target;
    if (frame.target < 0) frame.target = this.ssa.createBlock(frame.results);
    return frame.target;
  }

  private branchArity(frame: ControlFrame): number {
    return frame.kind === FrameKind.Loop ? frame.params.length : frame.results.length;
  }

  private loop(): void {
    const signature = blockSignature(this.module, this.reader.blockType);
    const args = this.popN(signature.params.length);
    const frame = this.pushFrame(FrameKind.Loop, signature, this.stack.length);
    const header = this.ssa.createBlock(signature.params, true);
    frame.target = header;
    this.jump(header, args);
    this.startBlock(header);
    this.pushAll(this.ssa.params(header));
  }

  private if(): void {
    const signature = blockSignature(this.module, this.reader.blockType);
    const condition = this.pop();
    const params = this.peekN(signature.params.length);
    const frame = this.pushFrame(FrameKind.If, signature, this.stack.length - params.length);
    frame.ifParams = params;
    const merge = this.branchTarget(frame);
    const thenBlock = this.ssa.createBlock();
    // Without an `else` the false edge goes straight to the merge; an `else` retargets it.
    frame.branch = this.terminate('brif', [condition], NO_IMM, [
      { block: thenBlock, args: [] },
      { block: merge, args: params.slice() },
    ]);
    this.ssa.seal(thenBlock);
    this.startBlock(thenBlock);
  }

  private else(): void {
    const frame = this.top;
    if (frame.kind !== FrameKind.If) throw new TranslateError('else without if');
    this.finishArm(frame, true);
    const elseBlock = this.ssa.createBlock();
    this.ssa.retarget(frame.branch, 1, elseBlock, []);
    this.ssa.seal(elseBlock);
    this.startBlock(elseBlock);
    this.stack.length = frame.height;
    this.pushAll(frame.ifParams);
    frame.kind = FrameKind.Else;
  }

  /**
   * The end of an arm of `frame` (body, then/else arm, catch clause): if control reaches
   * it, pass the results to the merge block. With nothing else to translate before the
   * frame ends and no branch to the merge so far, the open block just continues instead.
   */
  private finishArm(frame: ControlFrame, moreArmsFollow: boolean): void {
    if (!this.open) return;
    if (frame.target < 0 && !moreArmsFollow) return;
    const merge = this.branchTarget(frame);
    this.jump(merge, this.popN(frame.results.length));
    this.closeBlock();
  }

  /** After `frame` ended: continue in its merge block, fall through, or stay unreachable. */
  private continueAfter(frame: ControlFrame): void {
    if (this.open) return; // fell through: the results are on the stack
    this.stack.length = frame.height;
    const merge = frame.target;
    if (merge >= 0 && this.ssa.predecessorCount(merge) > 0) {
      this.ssa.seal(merge);
      this.startBlock(merge);
      this.pushAll(this.ssa.params(merge));
    }
  }

  private end(): void {
    const frame = this.top;
    switch (frame.kind) {
      case FrameKind.Function:
        this.endFunction(frame);
        return;
      case FrameKind.Loop:
        this.frames.pop();
        this.ssa.seal(frame.target);
        if (!this.open) this.stack.length = frame.height;
        return;
      case FrameKind.Try:
        // A try without catch clauses catches nothing: exceptions reaching its handler go on.
        this.finishArm(frame, frame.handler >= 0);
        if (frame.handler >= 0) {
          this.ssa.seal(frame.handler);
          this.startBlock(frame.handler);
          this.propagate(this.ssa.params(frame.handler)[0]!, frame.outerUnwind);
        }
        break;
      case FrameKind.Catch:
        this.finishArm(frame, frame.dispatch >= 0);
        if (frame.dispatch >= 0) {
          // No clause matched and there is no catch_all.
          this.startBlock(frame.dispatch);
          this.propagate(frame.exn, frame.outerUnwind);
        }
        break;
      default:
        this.finishArm(frame, false);
    }
    this.frames.pop();
    this.continueAfter(frame);
  }

  private endFunction(frame: ControlFrame): void {
    if (this.open) {
      if (frame.target >= 0) this.finishArm(frame, true);
      else this.emitReturn();
    }
    this.frames.pop();
    const returnBlock = frame.target;
    if (returnBlock >= 0 && this.ssa.predecessorCount(returnBlock) > 0) {
      this.ssa.seal(returnBlock);
      this.startBlock(returnBlock);
      this.terminate('return', this.ssa.params(returnBlock), NO_IMM, []);
      this.open = false;
    }
  }

  private emitReturn(): void {
    const results = this.frames[0]!.results;
    this.terminate('return', this.popN(results.length), NO_IMM, []);
    this.closeBlock();
  }

  // ---- branches ----------------------------------------------------------------------

  private br(depth: number): void {
    const frame = this.frameAt(depth);
    if (frame.kind === FrameKind.Function) {
      this.emitReturn();
      return;
    }
    this.jump(this.branchTarget(frame), this.peekN(this.branchArity(frame)));
    this.closeBlock();
  }

  private brIf(depth: number): void {
    const condition = this.pop();
    const frame = this.frameAt(depth);
    const target = this.branchTarget(frame);
    const next = this.ssa.createBlock();
    this.terminate('brif', [condition], NO_IMM, [
      { block: target, args: this.peekN(this.branchArity(frame)) },
      { block: next, args: [] },
    ]);
    this.ssa.seal(next);
    this.startBlock(next);
  }

  private brTable(labels: readonly number[], defaultLabel: number): void {
    const index = this.pop();
    const edge = (depth: number): BlockCall => {
      const frame = this.frameAt(depth);
      return { block: this.branchTarget(frame), args: this.peekN(this.branchArity(frame)) };
    };
    const targets = labels.map(edge);
    targets.push(edge(defaultLabel));
    this.terminate('br_table', [index], NO_IMM, targets);
    this.closeBlock();
  }

  // ---- calls -------------------------------------------------------------------------

  private call(funcIndex: number): void {
    const type = funcTypeOf(this.env, funcIndex);
    const args = this.popN(type.params.length);
    const imm: Imm = { kind: 'func', func: funcIndex };
    if (this.top.unwind === UNWIND_TO_CALLER) this.emit('call', args, imm);
    else this.tryCall('try_call', args, imm, type.results);
  }

  private callIndirect(typeIndex: number, table: number): void {
    const type = this.module.types[typeIndex]!;
    const callee = this.pop(); // the table slot is the topmost operand
    const args = this.popN(type.params.length);
    const imm: Imm = { kind: 'call_indirect', table, type: typeIndex };
    if (this.top.unwind === UNWIND_TO_CALLER) this.emit('call_indirect', [callee, ...args], imm);
    else this.tryCall('try_call_indirect', [callee, ...args], imm, type.results);
  }

  /** A call inside a try: results arrive as the params of a new block; exceptions unwind to the handler. */
  private tryCall(opcode: 'try_call' | 'try_call_indirect', args: Value[], imm: Imm, results: readonly IrType[]): void {
    const normal = this.ssa.createBlock(results);
    const handler = this.handlerOf(this.top.unwind);
    this.terminate(opcode, args, imm, [
      { block: normal, args: [] },
      { block: handler, args: [] },
    ]);
    this.ssa.seal(normal);
    this.startBlock(normal);
    this.pushAll(this.ssa.params(normal));
  }

  // ---- exceptions --------------------------------------------------------------------

  /** The handler block of the try frame at `frameIndex` (param 0: the exception). */
  private handlerOf(frameIndex: number): Block {
    const frame = this.frames[frameIndex];
    if (frame === undefined || frame.kind !== FrameKind.Try) throw new TranslateError(`frame ${frameIndex} is not a try body`);
    if (frame.handler < 0) frame.handler = this.ssa.createBlock(['exn']);
    return frame.handler;
  }

  private try(): void {
    const signature = blockSignature(this.module, this.reader.blockType);
    const offset = this.reader.offset;
    this.delegates ??= scanDelegates(this.module, this.body, offset);
    const index = this.frames.length;
    const frame = this.pushFrame(FrameKind.Try, signature, this.stack.length - signature.params.length);
    const delegateLabel = this.delegates.get(offset);
    // `delegate L` counts labels from outside the try: L = 0 is the frame right below it.
    frame.unwind = delegateLabel === undefined ? index : this.frameAt(delegateLabel + 1).unwind;
  }

  /** Leave the try body (first clause) or the previous clause. */
  private enterClause(frame: ControlFrame): void {
    // Clause bodies follow even when no exception reaches them (they are then skipped), so
    // a body that falls through must reach the merge by an edge.
    if (frame.kind === FrameKind.Try) {
      this.finishArm(frame, true);
      frame.kind = FrameKind.Catch;
      frame.unwind = frame.outerUnwind;
      if (frame.handler >= 0) {
        this.ssa.seal(frame.handler);
        frame.exn = this.ssa.params(frame.handler)[0]!;
        frame.dispatch = frame.handler;
      }
    } else if (frame.kind === FrameKind.Catch) {
      this.finishArm(frame, true);
    } else {
      throw new TranslateError('catch without try');
    }
    this.stack.length = frame.height;
  }

  private catchClause(tag: number): void {
    const frame = this.top;
    this.enterClause(frame);
    if (frame.dispatch < 0) {
      this.closeBlock(); // no exception reaches this clause
      return;
    }
    this.startBlock(frame.dispatch);
    const match = this.ssa.createBlock(tagParams(this.env, tag));
    const noMatch = this.ssa.createBlock();
    this.terminate('br_on_tag', [frame.exn], { kind: 'tag', tag }, [
      { block: match, args: [] },
      { block: noMatch, args: [] },
    ]);
    this.ssa.seal(match);
    this.ssa.seal(noMatch);
    frame.dispatch = noMatch;
    this.startBlock(match);
    this.pushAll(this.ssa.params(match));
  }

  private catchAll(): void {
    const frame = this.top;
    this.enterClause(frame);
    if (frame.dispatch < 0) {
      this.closeBlock();
      return;
    }
    this.startBlock(frame.dispatch);
    frame.dispatch = -1;
  }

  private delegate(): void {
    const frame = this.top;
    if (frame.kind !== FrameKind.Try) throw new TranslateError('delegate without try');
    if (frame.handler >= 0) throw new TranslateError('a delegating try got a handler');
    this.finishArm(frame, false);
    this.frames.pop();
    this.continueAfter(frame);
  }

  private throw(tag: number): void {
    const args = this.popN(tagParams(this.env, tag).length);
    const unwind = this.top.unwind;
    const imm: Imm = { kind: 'tag', tag };
    if (unwind === UNWIND_TO_CALLER) {
      this.terminate('throw', args, imm, []);
      this.closeBlock();
    } else {
      this.propagate(this.builder.value('exn.new', args, imm), unwind);
    }
  }

  /** Send `exn` to the handler at frame `unwind`, or out of the function. */
  private propagate(exn: Value, unwind: number): void {
    if (exn < 0) throw new TranslateError('rethrow outside a catch clause');
    if (unwind === UNWIND_TO_CALLER) this.terminate('rethrow', [exn], NO_IMM, []);
    else this.jump(this.handlerOf(unwind), [exn]);
    this.closeBlock();
  }
}
