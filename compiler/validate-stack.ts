/**
 * The operand and control stacks of the spec's validation algorithm (appendix
 * "Validation Algorithm"), with its `unreachable` polymorphism: after an unconditional
 * branch the rest of a block may pop values that were never pushed, which read as
 * UNKNOWN and match any type.
 *
 * Both stacks are typed arrays reused across functions, so validating an instruction
 * allocates nothing. Block signatures are shared `Uint8Array`s of type codes
 * (validate-types.ts), referenced from the control stack, never copied.
 *
 * Every failure goes through `fail`, which prefixes the location: the function (index and
 * name) or, for constant expressions, just the byte offset of the instruction being read.
 */
import { CompileError } from '../runtime-support/errors.js';
import type { Module } from './module.js';
import { opcodeName } from './opcodes.js';
import type { OperatorReader } from './operators.js';
import * as types from './validate-types.js';

// A module-local copy: test runners and tsx compile imported bindings to getter calls.
const { UNKNOWN, typeListName, typeName } = types;

// Control frame kinds.
export const FRAME_FUNCTION = 0;
export const FRAME_BLOCK = 1;
export const FRAME_LOOP = 2;
export const FRAME_IF = 3;
export const FRAME_ELSE = 4;
export const FRAME_TRY = 5;
export const FRAME_CATCH = 6;
export const FRAME_CATCH_ALL = 7;
/** A constant expression: a function-like frame with one result. */
export const FRAME_CONST_EXPR = 8;

const FRAME_NAMES = ['function', 'block', 'loop', 'if', 'else', 'try', 'catch', 'catch_all', 'constant expression'];

const END = 0x0b;

export class ValidationStack {
  private values = new Uint8Array(256);
  /** Number of operand values on the stack. */
  height = 0;

  private frameKinds = new Uint8Array(32);
  private frameHeights = new Uint32Array(32);
  private frameUnreachable = new Uint8Array(32);
  private frameParams: Uint8Array[] = [];
  private frameResults: Uint8Array[] = [];
  /** Number of open control frames. */
  depth = 0;

  /** Where we are, for messages: the reader of the code being validated, and its function. */
  private reader: OperatorReader | null = null;
  private funcIndex = -1;

  constructor(private readonly module: Module) {}

  /** Start validating a function body (funcIndex >= 0) or a constant expression (-1). */
  reset(reader: OperatorReader, funcIndex: number): void {
    this.reader = reader;
    this.funcIndex = funcIndex;
    this.height = 0;
    this.depth = 0;
  }

  // ---- errors ----

  /** Throw a CompileError for `rule`, located at the current instruction. */
  fail(rule: string): never {
    const offset = this.reader === null ? 0 : this.reader.offset;
    throw new CompileError(`${this.location()}@0x${offset.toString(16)}: ${rule}`);
  }

  private location(): string {
    if (this.funcIndex < 0) return '';
    const name = this.module.names.functions.get(this.funcIndex);
    return name === undefined ? `func ${this.funcIndex} ` : `func ${this.funcIndex} ($${name}) `;
  }

  /** What the current instruction is called in messages ("end of block" for `end`). */
  instructionName(): string {
    const op = this.reader === null ? END : this.reader.op;
    if (op === END && this.depth > 0) return `end of ${FRAME_NAMES[this.frameKinds[this.depth - 1]!]}`;
    return opcodeName(op);
  }

  private failExpected(expected: number, actual: string): never {
    this.fail(`type mismatch: ${this.instructionName()} expects ${typeName(expected)}, got ${actual}`);
  }

  // ---- operands ----

  push(type: number): void {
    if (this.height === this.values.length) this.values = grow(this.values);
    this.values[this.height++] = type;
  }

  pushAll(types: Uint8Array): void {
    for (let i = 0; i < types.length; i++) this.push(types[i]!);
  }

  /** Pop any value; UNKNOWN when the frame is unreachable and has nothing left. */
  pop(): number {
    const frame = this.depth - 1;
    if (this.height === this.frameHeights[frame]) {
      if (this.frameUnreachable[frame] === 1) return UNKNOWN;
      this.fail(`type mismatch: ${this.instructionName()} expects a value, got nothing`);
    }
    return this.values[--this.height]!;
  }

  /** Pop a value of type `expected` (or UNKNOWN) and return the type actually popped. */
  popExpect(expected: number): number {
    const frame = this.depth - 1;
    if (this.height === this.frameHeights[frame]) {
      if (this.frameUnreachable[frame] === 1) return UNKNOWN;
      this.failExpected(expected, 'nothing');
    }
    const actual = this.values[this.height - 1]!;
    if (actual !== expected && actual !== UNKNOWN && expected !== UNKNOWN) {
      this.failExpected(expected, typeName(actual));
    }
    this.height--;
    return actual;
  }

  /** Pop `types` (given in push order, so popped last to first). */
  popAll(types: Uint8Array): void {
    for (let i = types.length - 1; i >= 0; i--) this.popExpect(types[i]!);
  }

  /**
   * Check that the top of the stack matches `types` without popping, as br_table does for
   * each of its labels. Below the frame's base an unreachable frame yields UNKNOWN.
   */
  checkTop(types: Uint8Array): void {
    const frame = this.depth - 1;
    const base = this.frameHeights[frame]!;
    for (let i = 0; i < types.length; i++) {
      const position = this.height - types.length + i;
      const expected = types[i]!;
      if (position < base) {
        if (this.frameUnreachable[frame] === 1) continue;
        this.fail(
          `type mismatch: ${this.instructionName()} expects ${typeListName(types)}, ` +
            `got only ${this.height - base} value(s)`,
        );
      }
      const actual = this.values[position]!;
      if (actual !== expected && actual !== UNKNOWN) this.failExpected(expected, typeName(actual));
    }
  }

  // ---- control frames ----

  /** Open a frame whose parameters are already on the stack (popped and re-pushed by the caller). */
  pushFrame(kind: number, params: Uint8Array, results: Uint8Array): void {
    if (this.depth === this.frameKinds.length) {
      this.frameKinds = grow(this.frameKinds);
      this.frameHeights = grow(this.frameHeights);
      this.frameUnreachable = grow(this.frameUnreachable);
    }
    const frame = this.depth++;
    this.frameKinds[frame] = kind;
    this.frameHeights[frame] = this.height;
    this.frameUnreachable[frame] = 0;
    this.frameParams[frame] = params;
    this.frameResults[frame] = results;
    this.pushAll(params);
  }

  /** Close the innermost frame: its results must be exactly what is left above its base. */
  popFrame(): void {
    const frame = this.depth - 1;
    this.popAll(this.frameResults[frame]!);
    const extra = this.height - this.frameHeights[frame]!;
    if (extra !== 0) {
      this.fail(
        `type mismatch: ${this.instructionName()} expects ${typeListName(this.frameResults[frame]!)}, ` +
          `but ${extra} more value(s) remain`,
      );
    }
    this.depth--;
  }

  frameKind(frame: number): number {
    return this.frameKinds[frame]!;
  }

  frameParamTypes(frame: number): Uint8Array {
    return this.frameParams[frame]!;
  }

  frameResultTypes(frame: number): Uint8Array {
    return this.frameResults[frame]!;
  }

  /** The frame a branch to `label` targets, failing for an unknown label. */
  labelFrame(label: number): number {
    if (label >= this.depth) this.fail(`unknown label ${label}`);
    return this.depth - 1 - label;
  }

  /** What a branch to the frame carries: a loop's parameters, otherwise its results. */
  labelTypes(frame: number): Uint8Array {
    return this.frameKinds[frame] === FRAME_LOOP ? this.frameParams[frame]! : this.frameResults[frame]!;
  }

  /** The rest of the innermost frame is unreachable: drop its operands, make it polymorphic. */
  markUnreachable(): void {
    const frame = this.depth - 1;
    this.height = this.frameHeights[frame]!;
    this.frameUnreachable[frame] = 1;
  }
}

function grow<T extends Uint8Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
