/**
 * Control frames of the Wasm→IR translator (one per open block/loop/if/try and one for
 * the function body), block signatures, and the pre-scan that finds `try ... delegate`.
 */
import type { FuncType, FunctionBody, Module, ValType } from './module.js';
import { bodyReader, type BlockType } from './operators.js';
import { Opcode } from './opcodes.js';
import type { Block, Inst, Value } from '../ir/function.js';

export const FrameKind = {
  Function: 0,
  Block: 1,
  Loop: 2,
  /** `if` before its `else` (or its `end`). */
  If: 3,
  Else: 4,
  /** A `try` body, before its first catch clause. */
  Try: 5,
  /** Inside a `catch` or `catch_all` clause. */
  Catch: 6,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Where exceptions raised by calls/throws go when no `try` of this function catches them. */
export const UNWIND_TO_CALLER = -1;

export interface ControlFrame {
  kind: FrameKind;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Operand stack height below the frame's params. */
  height: number;
  /**
   * Branch target: the loop header for loops; otherwise the merge block after `end`
   * (parameters = results), created when first needed (-1 before). For the function frame
   * the merge block is the shared return block of `br_if`/`br_table` to the outermost label.
   */
  target: Block;
  /** `if`: the `brif` whose false edge goes to the merge until an `else` takes it. */
  branch: Inst;
  /** `if`: the param values at the `if`, which the `else` arm starts with. */
  ifParams: Value[];
  /**
   * Index of the frame whose handler catches exceptions raised directly in this frame's
   * code now, or UNWIND_TO_CALLER. A try body names itself (or, for `try ... delegate L`,
   * whatever L's code unwinds to); a catch clause names what encloses its try.
   */
  unwind: number;
  /** Try: what encloses the try (for catch clauses and for exceptions no clause takes). */
  outerUnwind: number;
  /** Try: the handler block (first param: the exn), -1 until a call or throw needs it. */
  handler: Block;
  /** Catch clause: the caught exception. */
  exn: Value;
  /** Catch phase: the block where tag dispatch continues, -1 when no exception gets there. */
  dispatch: Block;
}

export function newFrame(
  kind: FrameKind,
  signature: FuncType,
  height: number,
  unwind: number,
): ControlFrame {
  return {
    kind,
    params: signature.params,
    results: signature.results,
    height,
    target: -1,
    branch: -1,
    ifParams: [],
    unwind,
    outerUnwind: unwind,
    handler: -1,
    exn: -1,
    dispatch: -1,
  };
}

const EMPTY_SIGNATURE: FuncType = { params: [], results: [] };
const SINGLE_RESULT = new Map<ValType, FuncType>();

/** A block type as a signature (params -> results). Shared objects: do not mutate. */
export function blockSignature(module: Module, blockType: BlockType): FuncType {
  if (blockType === null) return EMPTY_SIGNATURE;
  if (typeof blockType === 'number') return module.types[blockType]!;
  let signature = SINGLE_RESULT.get(blockType);
  if (signature === undefined) {
    signature = { params: [], results: [blockType] };
    SINGLE_RESULT.set(blockType, signature);
  }
  return signature;
}

/**
 * For every `try` from byte offset `from` on that ends in `delegate L`: try offset -> L.
 * The translator must know before translating a try body whether its exceptions go to
 * its own catch clauses or are delegated outward; one scan serves the rest of the body.
 */
export function scanDelegates(module: Module, body: FunctionBody, from: number): Map<number, number> {
  const reader = bodyReader(module, body);
  reader.position = from;
  const delegates = new Map<number, number>();
  // Offsets of open blocks: the try's offset, or -1 for other blocks.
  const open: number[] = [];
  while (!reader.done) {
    switch (reader.read()) {
      case Opcode.block:
      case Opcode.loop:
      case Opcode.if:
        open.push(-1);
        break;
      case Opcode.try:
        open.push(reader.offset);
        break;
      case Opcode.end:
        open.pop();
        break;
      case Opcode.delegate: {
        const tryOffset = open.pop();
        if (tryOffset !== undefined && tryOffset >= 0) delegates.set(tryOffset, reader.index);
        break;
      }
    }
  }
  return delegates;
}
