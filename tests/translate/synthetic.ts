/**
 * Binary modules built directly (no text assembler) for the translator's stress and
 * timing tests: deep nesting, long chains of merges, and big bodies.
 */
import { body, EMPTY_BLOCK, I32, moduleBytes, OP, s32, section, u32, vec, type Bytes } from '../decoder/wasm-builder.js';


export const localGet = (index: number): Bytes => [OP.localGet, ...u32(index)];
export const localSet = (index: number): Bytes => [OP.localSet, ...u32(index)];
export const i32Const = (value: number): Bytes => [OP.i32Const, ...s32(value)];

/** A module of functions `(i32, i32) -> i32` with `locals` extra i32 locals, one body each, and a memory. */
export function i32Module(bodies: { locals: number; code: Bytes }[]): Uint8Array {
  const types = section(1, vec([[0x60, 2, I32, I32, 1, I32]]));
  const functions = section(3, vec(bodies.map(() => [0x00])));
  const memory = section(5, vec([[0x00, 0x01]]));
  const code = section(10, vec(bodies.map(({ locals, code }) => body(locals > 0 ? [[locals, I32]] : [], [...code, OP.end]))));
  return moduleBytes(types, functions, memory, code);
}

/** One loop iteration of "real-looking" code: locals 2 and 3 are loop-carried, 1 counts down. */
function loopKernel(): Bytes {
  return [
    OP.loop, EMPTY_BLOCK,
    ...localGet(2), ...localGet(1), OP.i32Add, ...localSet(2),
    ...localGet(2), ...i32Const(3), OP.i32And,
    OP.if, EMPTY_BLOCK,
    ...localGet(2), OP.i32Load, 0x02, 0x04, ...localSet(3),
    OP.else,
    ...localGet(3), ...i32Const(1), OP.i32Add, ...localSet(3),
    OP.end,
    ...localGet(1), ...i32Const(1), OP.i32Sub, OP.localTee, 1,
    OP.br_if, 0,
    OP.end,
  ];
}

/** A body of `loops` consecutive loop kernels, returning locals 2 + 3. */
export function loopBody(loops: number): { locals: number; code: Bytes } {
  const code: Bytes = [...localGet(0), ...localSet(2)];
  for (let i = 0; i < loops; i++) code.push(...loopKernel());
  code.push(...localGet(2), ...localGet(3), OP.i32Add);
  return { locals: 2, code };
}

/** `depth` nested blocks, the innermost branching out of all of them; then reads of locals. */
export function deepBlocksBody(depth: number): { locals: number; code: Bytes } {
  const code: Bytes = [];
  for (let i = 0; i < depth; i++) code.push(OP.block, EMPTY_BLOCK);
  code.push(...localGet(0), OP.br_if, ...u32(depth - 1), ...i32Const(5), ...localSet(2));
  for (let i = 0; i < depth; i++) code.push(OP.end);
  code.push(...localGet(2), ...localGet(1), OP.i32Add);
  return { locals: 1, code };
}

/** `depth` nested loops, each adding to local 2, the innermost counting down local 1. */
export function deepLoopsBody(depth: number): { locals: number; code: Bytes } {
  const code: Bytes = [];
  for (let i = 0; i < depth; i++) code.push(OP.loop, EMPTY_BLOCK, ...localGet(2), ...i32Const(1), OP.i32Add, ...localSet(2));
  code.push(...localGet(1), ...i32Const(1), OP.i32Sub, OP.localTee, 1, OP.br_if, 0);
  for (let i = 0; i < depth; i++) code.push(OP.end);
  code.push(...localGet(2));
  return { locals: 1, code };
}

/** `count` consecutive ifs that may assign local 2, then one read: a long chain of merges. */
export function ifChainBody(count: number): { locals: number; code: Bytes } {
  const code: Bytes = [];
  for (let i = 0; i < count; i++) {
    code.push(...localGet(0), ...i32Const(i), OP.i32And, OP.if, EMPTY_BLOCK, ...i32Const(i), ...localSet(2), OP.end);
  }
  code.push(...localGet(2), ...localGet(1), OP.i32Add);
  return { locals: 1, code };
}
