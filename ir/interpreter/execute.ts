/**
 * The execution loop and host calls. Each IR block is compiled to an array of operation
 * closures plus a terminator closure (compile-function.ts); `execute` runs blocks until a
 * terminator returns. Tail calls (`return_call*`) are a trampoline here: the terminator
 * moves the arguments into the current frame's signature slots, names the callee in
 * `tailCall` and returns TAIL_CALL, and the loop continues in the callee with the same fp,
 * so a chain of tail calls runs in constant JS and interpreter stack.
 */
import { refreshNativeMemories } from '../../runtime-support/memory.js';
import { rawResults } from '../../runtime-support/raw-call.js';
import { toJsValue, toRawValue } from '../../runtime-support/values.js';
import type { IrType } from '../types.js';
import type { CompiledBlock, FuncInstance, InterpretedBody } from './function-instance.js';
import { bankOf } from './layout.js';
import { N, O, STACK_SLOTS, stackExhausted, stackState } from './stack.js';

/** Sentinel returned by tail-call terminators. */
export const TAIL_CALL: CompiledBlock = { ops: [], term: () => null };
export const tailCall: { callee: FuncInstance | null } = { callee: null };

export function execute(body: InterpretedBody, fp: number): void {
  let code = body.compiled ?? body.compile();
  if (fp + code.extent > STACK_SLOTS) stackExhausted();
  let block = code.entry;
  for (;;) {
    const ops = block.ops;
    for (let i = 0, count = ops.length; i < count; i++) ops[i]!(fp);
    const next = block.term(fp);
    if (next === null) return;
    if (next === TAIL_CALL) {
      const callee = tailCall.callee!;
      tailCall.callee = null;
      if (callee.body === null) {
        invokeHost(callee, fp);
        return;
      }
      code = callee.body.compiled ?? callee.body.compile();
      if (fp + code.extent > STACK_SLOTS) stackExhausted();
      block = code.entry;
      continue;
    }
    block = next;
  }
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

/** Calls a host function: arguments from the stack, results back onto it. */
export function invokeHost(callee: FuncInstance, fp: number): void {
  const host = callee.host!;
  const { params, results } = callee.sig;
  const isJs = host.kind === 'js';
  const args = new Array<unknown>(params.types.length);
  for (let i = 0; i < args.length; i++) {
    const type = params.types[i]!;
    const raw = readRaw(type, fp + params.offsets[i]!);
    args[i] = isJs ? toJsValue(type as never, raw) : raw;
  }
  const saved = stackState.top;
  stackState.top = fp + callee.sig.size;
  let returned: unknown;
  try {
    returned = isJs ? host.fn(...args) : host.raw.call(...args);
  } finally {
    stackState.top = saved;
    refreshNativeMemories();
  }
  const count = results.types.length;
  if (count === 0) return;
  if (count === 1) {
    const type = results.types[0]!;
    writeRaw(type, fp, isJs ? toRawValue(type as never, returned) : returned);
    return;
  }
  if (isJs) {
    const values = iterableResults(returned, count);
    for (let i = 0; i < count; i++) {
      const type = results.types[i]!;
      writeRaw(type, fp + results.offsets[i]!, toRawValue(type as never, values[i]));
    }
    return;
  }
  const area = rawResults();
  for (let i = 0; i < count; i++) {
    const type = results.types[i]!;
    writeRaw(type, fp + results.offsets[i]!, bankOf(type) === 'n' ? area.numbers[i] : area.values[i]);
  }
}

function iterableResults(value: unknown, count: number): unknown[] {
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
    throw new TypeError(`a host function with ${count} results must return an iterable`);
  }
  const values = Array.from(value as Iterable<unknown>);
  if (values.length !== count) throw new TypeError(`a host function returned ${values.length} values, expected ${count}`);
  return values;
}
