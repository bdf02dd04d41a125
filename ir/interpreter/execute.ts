/**
 * Entry into interpreted code and host calls. A function body is compiled to bytecode on its
 * first call (emit.ts) and run by the dispatch loop of run.ts. Tail calls (`return_call*`)
 * are a trampoline: the terminator moves the arguments into the current frame's signature
 * slots, names the callee in `tailCall` and returns TAIL_CALL, and the loop continues in the
 * callee with the same fp, so a chain of tail calls runs in constant JS and interpreter stack.
 */
import type { IrType } from '../types.js';
import type { CompiledBlock, FuncInstance, InterpretedBody } from './function-instance.js';
import { invokeHost } from './exports.js';
import { bankOf } from './layout.js';
import { run } from './run.js';
import { N, O, stackState } from './stack.js';

/** Sentinel returned by tail-call terminators. */
export const TAIL_CALL: CompiledBlock = { pc: -1 };
export const tailCall: { callee: FuncInstance | null } = { callee: null };

export function execute(body: InterpretedBody, fp: number): void {
  run(body.compiled ?? body.compile(), fp);
}

/** Calls any function instance with its arguments at [fp + param offsets]; results land at fp. */
export function callFunction(callee: FuncInstance, fp: number): void {
  if (callee.body !== null) execute(callee.body, fp);
  else invokeHost(callee, fp);
}

const v128Scratch = new Int32Array(4);

export function readRaw(type: IrType, at: number): unknown {
  switch (bankOf(type)) {
    case 'n':
      return N[at];
    case 'o':
      return O[at];
    case 'v': {
      const bytes = new Uint8Array(16);
      const lanes = new Int32Array(bytes.buffer);
      for (let i = 0; i < 4; i++) lanes[i] = N[at + i]!;
      return bytes;
    }
  }
}

export function writeRaw(type: IrType, at: number, value: unknown): void {
  switch (bankOf(type)) {
    case 'n':
      N[at] = value as number;
      return;
    case 'o':
      O[at] = value;
      return;
    case 'v': {
      const bytes = value as Uint8Array;
      new Uint8Array(v128Scratch.buffer).set(bytes.subarray(0, 16));
      for (let i = 0; i < 4; i++) N[at + i] = v128Scratch[i]!;
      return;
    }
  }
}

/** Host calls (the raw-call protocol) live with the rest of the interpreter's boundary. */
export { invokeHost };
