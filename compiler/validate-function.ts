/**
 * Validation of function bodies: one pass over the instructions with the operand and
 * control stacks of validate-stack.ts. Fixed-signature instructions (numeric, SIMD,
 * memory accesses, atomics) are typed from validate-signatures.ts; the rest — control,
 * exceptions, calls, variables, tables, bulk memory, references — in `validateSpecial`.
 *
 * One FunctionValidator serves a whole module, reusing its stacks and local-type buffer.
 */
import type { BlockType } from './operators.js';
import type { FunctionBody } from './module.js';
import { bodyReader } from './operators.js';
import type { OperatorReader } from './operators.js';
import { opcodeName } from './opcodes.js';
import type { ValidationContext } from './validate-context.js';
import * as signatures from './validate-signatures.js';
import type { OpSignature } from './validate-signatures.js';
import * as frames from './validate-stack.js';
import { ValidationStack } from './validate-stack.js';
import * as typeCodes from './validate-types.js';
import type { EncodedFuncType } from './validate-types.js';

// Module-local copies of the constants and helpers used per instruction: test runners and
// tsx compile imported bindings to getter calls, which would cost more than the checks.
const { LANE, MEMORY, SIMPLE, signatureOf } = signatures;
const { FRAME_BLOCK, FRAME_CATCH, FRAME_CATCH_ALL, FRAME_ELSE, FRAME_FUNCTION, FRAME_IF, FRAME_LOOP, FRAME_TRY } = frames;
const { FUNCREF, I32, I64, NO_TYPES, UNKNOWN, V128 } = typeCodes;
const { isNumericOrVector, isReference, sameTypes, singleType, typeCode, typeListName, typeName } = typeCodes;

/** Above this many locals, types are found by binary search over the declared groups. */
const MAX_FLAT_LOCALS = 1 << 16;

export class FunctionValidator {
  private readonly stack: ValidationStack;
  private reader!: OperatorReader;
  private funcType!: EncodedFuncType;

  /** Types of the current function's params and locals, when there are few enough. */
  private flatLocals = new Uint8Array(64);
  private localCount = 0;
  /** Otherwise: the end index of each group (params first, one group each) and its type. */
  private groupEnds: number[] = [];
  private groupTypes: number[] = [];

  /** The block type last resolved by `resolveBlockType`. */
  private blockParams: Uint8Array = NO_TYPES;
  private blockResults: Uint8Array = NO_TYPES;

  constructor(private readonly context: ValidationContext) {
    this.stack = new ValidationStack(context.module);
  }

  validate(body: FunctionBody): void {
    const { module, types } = this.context;
    // The type the function section declared (and the module validator checked).
    this.funcType = types[module.funcTypes[body.funcIndex]!]!;
    this.reader = bodyReader(module, body, this.context.features);
    const reader = this.reader;
    const stack: ValidationStack = this.stack;
    stack.reset(reader, body.funcIndex);
    this.declareLocals(body);
    stack.pushFrame(FRAME_FUNCTION, NO_TYPES, this.funcType.results);

    while (stack.depth > 0) {
      if (reader.done) stack.fail('function body must end with end');
      const op = reader.read();
      const signature = signatureOf(op);
      if (signature === undefined) stack.fail(`unknown opcode ${opcodeName(op)}`);
      switch (signature.kind) {
        case SIMPLE:
          stack.popAll(signature.params);
          stack.pushAll(signature.results);
          break;
        case MEMORY:
          this.validateMemoryAccess(signature);
          break;
        case LANE:
          if (reader.lane >= signature.lanes) stack.fail(`invalid lane index ${reader.lane}`);
          stack.popAll(signature.params);
          stack.pushAll(signature.results);
          break;
        default:
          this.validateSpecial(op);
      }
    }
    if (!reader.done) {
      reader.read();
      stack.fail('instructions after the final end of the function body');
    }
  }

  private declareLocals(body: FunctionBody): void {
    const params = this.funcType.params;
    const count = params.length + body.localCount;
    this.localCount = count;
    if (count <= MAX_FLAT_LOCALS) {
      if (this.flatLocals.length < count) this.flatLocals = new Uint8Array(count);
      this.flatLocals.set(params);
      let next = params.length;
      for (const group of body.locals) {
        this.flatLocals.fill(typeCode(group.type), next, next + group.count);
        next += group.count;
      }
      return;
    }
    this.groupEnds = [];
    this.groupTypes = [];
    for (let i = 0; i < params.length; i++) {
      this.groupEnds.push(i + 1);
      this.groupTypes.push(params[i]!);
    }
    let end = params.length;
    for (const group of body.locals) {
      end += group.count;
      this.groupEnds.push(end);
      this.groupTypes.push(typeCode(group.type));
    }
  }

  private localType(index: number): number {
    if (index >= this.localCount) this.stack.fail(`unknown local ${index}`);
    if (this.localCount <= MAX_FLAT_LOCALS) return this.flatLocals[index]!;
    let low = 0;
    let high = this.groupEnds.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.groupEnds[middle]! > index) high = middle;
      else low = middle + 1;
    }
    return this.groupTypes[low]!;
  }

  private resolveBlockType(blockType: BlockType): void {
    if (blockType === null) {
      this.blockParams = NO_TYPES;
      this.blockResults = NO_TYPES;
    } else if (typeof blockType === 'number') {
      const type = this.context.types[blockType];
      if (type === undefined) this.stack.fail(`unknown type ${blockType}`);
      this.blockParams = type.params;
      this.blockResults = type.results;
    } else {
      this.blockParams = NO_TYPES;
      this.blockResults = singleType(typeCode(blockType));
    }
  }

  /** Open a block-like frame: its parameters move from the enclosing frame into it. */
  private openBlock(kind: number): void {
    this.resolveBlockType(this.reader.blockType);
    this.stack.popAll(this.blockParams);
    this.stack.pushFrame(kind, this.blockParams, this.blockResults);
  }

  private memoryAddress(memory: number): number {
    const address = this.context.memoryAddresses[memory];
    if (address === undefined) this.stack.fail(`unknown memory ${memory}`);
    return address;
  }

  private tableElement(table: number): number {
    const element = this.context.tableElements[table];
    if (element === undefined) this.stack.fail(`unknown table ${table}`);
    return element;
  }

  private elementSegmentType(segment: number): number {
    const type = this.context.elementTypes[segment];
    if (type === undefined) this.stack.fail(`unknown elem segment ${segment}`);
    return type;
  }

  private checkDataSegment(segment: number): void {
    const count = this.context.module.dataCount;
    if (count === null) this.stack.fail('data count section required');
    if (segment >= count) this.stack.fail(`unknown data segment ${segment}`);
  }

  private functionType(func: number): EncodedFuncType {
    const typeIndex = this.context.module.funcTypes[func];
    if (typeIndex === undefined) this.stack.fail(`unknown function ${func}`);
    return this.context.types[typeIndex]!;
  }

  /** call_indirect and return_call_indirect: the table must hold funcrefs. */
  private indirectCallType(typeIndex: number, table: number): EncodedFuncType {
    const element = this.tableElement(table);
    if (element !== FUNCREF) {
      this.stack.fail(`type mismatch: ${this.stack.instructionName()} needs a funcref table, table ${table} holds ${typeName(element)}`);
    }
    const type = this.context.types[typeIndex];
    if (type === undefined) this.stack.fail(`unknown type ${typeIndex}`);
    return type;
  }

  /** Tail calls: the callee's results become the caller's, so they must be the same. */
  private checkTailCallResults(callee: EncodedFuncType): void {
    if (!sameTypes(callee.results, this.funcType.results)) {
      this.stack.fail(
        `type mismatch: ${this.stack.instructionName()} callee returns ${typeListName(callee.results)}, ` +
          `but the caller returns ${typeListName(this.funcType.results)}`,
      );
    }
  }

  private tagParams(tag: number): Uint8Array {
    const tagType = this.context.module.tags[tag];
    if (tagType === undefined) this.stack.fail(`unknown tag ${tag}`);
    return this.context.types[tagType.typeIndex]!.params;
  }

  private validateMemoryAccess(signature: OpSignature): void {
    const { reader, stack } = this;
    const memarg = reader.memarg;
    const address = this.memoryAddress(memarg.memory);
    if (signature.atomic) {
      if (memarg.align !== signature.naturalAlign) stack.fail('alignment must be equal to natural');
    } else if (memarg.align > signature.naturalAlign) {
      stack.fail('alignment must not be larger than natural');
    }
    if (address === I32 && memarg.offset > 0xffffffff) stack.fail('offset out of range');
    if (signature.lanes !== 0 && reader.lane >= signature.lanes) stack.fail(`invalid lane index ${reader.lane}`);
    stack.popAll(signature.params);
    stack.popExpect(address);
    stack.pushAll(signature.results);
  }

  private validateSpecial(op: number): void {
    const { reader, stack, context } = this;
    switch (op) {
      case 0x00: // unreachable
        stack.markUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block
        this.openBlock(FRAME_BLOCK);
        return;
      case 0x03: // loop
        this.openBlock(FRAME_LOOP);
        return;
      case 0x04: // if
        stack.popExpect(I32);
        this.openBlock(FRAME_IF);
        return;
      case 0x05: { // else
        const frame = stack.depth - 1;
        if (stack.frameKind(frame) !== FRAME_IF) stack.fail('else without a matching if');
        const params = stack.frameParamTypes(frame);
        const results = stack.frameResultTypes(frame);
        stack.popFrame();
        stack.pushFrame(FRAME_ELSE, params, results);
        return;
      }
      case 0x0b: { // end
        const frame = stack.depth - 1;
        const params = stack.frameParamTypes(frame);
        const results = stack.frameResultTypes(frame);
        const kind = stack.frameKind(frame);
        stack.popFrame();
        // An `if` without `else` has an implicit empty else, which passes its params through.
        if (kind === FRAME_IF && !sameTypes(params, results)) {
          stack.fail(
            `type mismatch: if without else must return its parameters ${typeListName(params)}, ` +
              `but its type has results ${typeListName(results)}`,
          );
        }
        if (stack.depth > 0) stack.pushAll(results);
        return;
      }
      case 0x06: // try
        this.openBlock(FRAME_TRY);
        return;
      case 0x07: // catch
      case 0x19: { // catch_all
        const frame = stack.depth - 1;
        const kind = stack.frameKind(frame);
        if (kind !== FRAME_TRY && kind !== FRAME_CATCH) stack.fail(`${opcodeName(op)} without a matching try`);
        const params = op === 0x07 ? this.tagParams(reader.index) : NO_TYPES;
        const results = stack.frameResultTypes(frame);
        stack.popFrame();
        stack.pushFrame(op === 0x07 ? FRAME_CATCH : FRAME_CATCH_ALL, params, results);
        return;
      }
      case 0x18: { // delegate: closes a try (without catches) and forwards to an outer label
        const frame = stack.depth - 1;
        if (stack.frameKind(frame) !== FRAME_TRY) stack.fail('delegate without a matching try');
        const results = stack.frameResultTypes(frame);
        stack.popFrame();
        stack.labelFrame(reader.index);
        stack.pushAll(results);
        return;
      }
      case 0x08: // throw
        stack.popAll(this.tagParams(reader.index));
        stack.markUnreachable();
        return;
      case 0x09: { // rethrow
        const kind = stack.frameKind(stack.labelFrame(reader.index));
        if (kind !== FRAME_CATCH && kind !== FRAME_CATCH_ALL) {
          stack.fail(`invalid rethrow label ${reader.index}: not a catch block`);
        }
        stack.markUnreachable();
        return;
      }
      case 0x0c: // br
        stack.popAll(stack.labelTypes(stack.labelFrame(reader.index)));
        stack.markUnreachable();
        return;
      case 0x0d: { // br_if
        const types = stack.labelTypes(stack.labelFrame(reader.index));
        stack.popExpect(I32);
        stack.popAll(types);
        stack.pushAll(types);
        return;
      }
      case 0x0e: { // br_table
        stack.popExpect(I32);
        const defaultTypes = stack.labelTypes(stack.labelFrame(reader.defaultTarget));
        const targets = reader.targets;
        for (let i = 0; i < targets.length; i++) {
          const types = stack.labelTypes(stack.labelFrame(targets[i]!));
          if (types.length !== defaultTypes.length) {
            stack.fail(
              `type mismatch: br_table target ${targets[i]} carries ${typeListName(types)}, ` +
                `but the default target carries ${typeListName(defaultTypes)}`,
            );
          }
          stack.checkTop(types);
        }
        stack.popAll(defaultTypes);
        stack.markUnreachable();
        return;
      }
      case 0x0f: // return
        stack.popAll(this.funcType.results);
        stack.markUnreachable();
        return;
      case 0x10: { // call
        const type = this.functionType(reader.index);
        stack.popAll(type.params);
        stack.pushAll(type.results);
        return;
      }
      case 0x11: { // call_indirect
        const type = this.indirectCallType(reader.index, reader.index2);
        stack.popExpect(I32);
        stack.popAll(type.params);
        stack.pushAll(type.results);
        return;
      }
      case 0x12: { // return_call
        const type = this.functionType(reader.index);
        this.checkTailCallResults(type);
        stack.popAll(type.params);
        stack.markUnreachable();
        return;
      }
      case 0x13: { // return_call_indirect
        const type = this.indirectCallType(reader.index, reader.index2);
        this.checkTailCallResults(type);
        stack.popExpect(I32);
        stack.popAll(type.params);
        stack.markUnreachable();
        return;
      }
      case 0x1a: // drop
        stack.pop();
        return;
      case 0x1b: { // select without types: numeric or vector operands only
        stack.popExpect(I32);
        const first = stack.pop();
        const second = stack.pop();
        this.checkUntypedSelectOperand(first);
        this.checkUntypedSelectOperand(second);
        if (first !== second && first !== UNKNOWN && second !== UNKNOWN) {
          stack.fail(`type mismatch: select operands differ: ${typeName(second)} and ${typeName(first)}`);
        }
        stack.push(first === UNKNOWN ? second : first);
        return;
      }
      case 0x1c: { // select with types
        if (reader.selectTypes.length !== 1) stack.fail('invalid result arity: select takes exactly one type');
        const type = typeCode(reader.selectTypes[0]!);
        stack.popExpect(I32);
        stack.popExpect(type);
        stack.popExpect(type);
        stack.push(type);
        return;
      }
      case 0x20: // local.get
        stack.push(this.localType(reader.index));
        return;
      case 0x21: // local.set
        stack.popExpect(this.localType(reader.index));
        return;
      case 0x22: { // local.tee
        const type = this.localType(reader.index);
        stack.popExpect(type);
        stack.push(type);
        return;
      }
      case 0x23: { // global.get
        const type = context.globalTypes[reader.index];
        if (type === undefined) stack.fail(`unknown global ${reader.index}`);
        stack.push(type);
        return;
      }
      case 0x24: { // global.set
        const type = context.globalTypes[reader.index];
        if (type === undefined) stack.fail(`unknown global ${reader.index}`);
        if (context.globalMutable[reader.index] === 0) stack.fail(`global is immutable: global ${reader.index}`);
        stack.popExpect(type);
        return;
      }
      case 0x25: { // table.get
        const element = this.tableElement(reader.index);
        stack.popExpect(I32);
        stack.push(element);
        return;
      }
      case 0x26: { // table.set
        const element = this.tableElement(reader.index);
        stack.popExpect(element);
        stack.popExpect(I32);
        return;
      }
      case 0x3f: // memory.size
        stack.push(this.memoryAddress(reader.index));
        return;
      case 0x40: { // memory.grow
        const address = this.memoryAddress(reader.index);
        stack.popExpect(address);
        stack.push(address);
        return;
      }
      case 0xd0: // ref.null
        stack.push(typeCode(reader.refType));
        return;
      case 0xd1: { // ref.is_null
        const type = stack.pop();
        if (type !== UNKNOWN && !isReference(type)) {
          stack.fail(`type mismatch: ref.is_null expects a reference, got ${typeName(type)}`);
        }
        stack.push(I32);
        return;
      }
      case 0xd2: // ref.func
        this.functionType(reader.index);
        if (context.declaredRefs[reader.index] === 0) {
          stack.fail(
            `undeclared function reference ${reader.index}: ref.func in a body needs the function ` +
              'named in an element segment, export or global initializer',
          );
        }
        stack.push(FUNCREF);
        return;
      case 0xfc0008: { // memory.init data memory
        const address = this.memoryAddress(reader.index2);
        this.checkDataSegment(reader.index);
        stack.popExpect(I32);
        stack.popExpect(I32);
        stack.popExpect(address);
        return;
      }
      case 0xfc0009: // data.drop
        this.checkDataSegment(reader.index);
        return;
      case 0xfc000a: { // memory.copy destination source
        const destination = this.memoryAddress(reader.index);
        const source = this.memoryAddress(reader.index2);
        stack.popExpect(destination === I64 && source === I64 ? I64 : I32);
        stack.popExpect(source);
        stack.popExpect(destination);
        return;
      }
      case 0xfc000b: { // memory.fill
        const address = this.memoryAddress(reader.index);
        stack.popExpect(address);
        stack.popExpect(I32);
        stack.popExpect(address);
        return;
      }
      case 0xfc000c: { // table.init segment table
        const element = this.tableElement(reader.index2);
        const segment = this.elementSegmentType(reader.index);
        if (segment !== element) {
          stack.fail(`type mismatch: table.init of a ${typeName(segment)} segment into a ${typeName(element)} table`);
        }
        this.popI32s(3);
        return;
      }
      case 0xfc000d: // elem.drop
        this.elementSegmentType(reader.index);
        return;
      case 0xfc000e: { // table.copy destination source
        const destination = this.tableElement(reader.index);
        const source = this.tableElement(reader.index2);
        if (destination !== source) {
          stack.fail(`type mismatch: table.copy from a ${typeName(source)} table to a ${typeName(destination)} table`);
        }
        this.popI32s(3);
        return;
      }
      case 0xfc000f: { // table.grow
        const element = this.tableElement(reader.index);
        stack.popExpect(I32);
        stack.popExpect(element);
        stack.push(I32);
        return;
      }
      case 0xfc0010: // table.size
        this.tableElement(reader.index);
        stack.push(I32);
        return;
      case 0xfc0011: { // table.fill
        const element = this.tableElement(reader.index);
        stack.popExpect(I32);
        stack.popExpect(element);
        stack.popExpect(I32);
        return;
      }
      case 0xfd000d: { // i8x16.shuffle
        const lanes = reader.bytes16;
        for (let i = 0; i < 16; i++) if (lanes[i]! >= 32) stack.fail(`invalid lane index ${lanes[i]}`);
        stack.popExpect(V128);
        stack.popExpect(V128);
        stack.push(V128);
        return;
      }
      default:
        // The opcode table knows the opcode but no typing rule covers it: a validator bug.
        throw new Error(`validator: no typing rule for ${opcodeName(op)}`);
    }
  }

  private checkUntypedSelectOperand(type: number): void {
    if (type !== UNKNOWN && !isNumericOrVector(type)) {
      this.stack.fail(`type mismatch: select without a type needs numeric or vector operands, got ${typeName(type)}`);
    }
  }

  private popI32s(count: number): void {
    for (let i = 0; i < count; i++) this.stack.popExpect(I32);
  }
}
