/**
 * The nesting cap of the structured output (backend-js/structure.ts MAX_NESTING) and of folded
 * expressions (function-codegen.ts MAX_FOLD_DEPTH): Wasm nests without limit, V8's parser does
 * not. Deep modules must compile to JS that parses, runs and agrees with V8's own Wasm engine.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import { body, EMPTY_BLOCK, I32, moduleBytes, OP, section, str, u32, vec, type Bytes } from '../decoder/wasm-builder.js';
import { deepBlocksBody, deepLoopsBody, i32Const as i32, ifChainBody, localGet as get, localSet as set } from '../translate/synthetic.js';
import * as runtime from '../../runtime-support/js/index.js';
import { instantiateNative } from './native-wasm.js';


/** A module exporting `f: (i32, i32) -> i32` with `locals` extra i32 locals. */
function exportedModule({ locals, code }: { locals: number; code: Bytes }): Uint8Array {
  return moduleBytes(
    section(1, vec([[0x60, 2, I32, I32, 1, I32]])),
    section(3, vec([[0x00]])),
    section(7, vec([[...str('f'), 0x00, 0x00]])),
    section(10, vec([body(locals > 0 ? [[locals, I32]] : [], [...code, OP.end])])),
  );
}

/** Deepest `{` nesting of the generated JS (strings in it hold no braces). */
function braceDepth(code: string): number {
  let depth = 0;
  let max = 0;
  for (const char of code) {
    if (char === '{') max = Math.max(max, ++depth);
    else if (char === '}') depth--;
  }
  return max;
}

/** Compiles once; checks the output's nesting, then runs it against V8 on `inputs`. Returns the JS. */
function checkAgainstV8(bytes: Uint8Array, inputs: [number, number][]): string {
  const code = compile(bytes, { format: 'factory' }).code;
  expect(braceDepth(code)).toBeLessThan(1000);
  const factory = (0, eval)(code) as (rt: typeof runtime) => { instantiate(imports: unknown): { exports: Record<string, unknown> } };
  const ours = factory(runtime).instantiate({}).exports.f as (a: number, b: number) => number;
  const theirs = instantiateNative(bytes).f as (a: number, b: number) => number;
  for (const [a, b] of inputs) expect(ours(a, b), `f(${a}, ${b})`).toBe(theirs(a, b));
  return code;
}

/** `depth` nested ifs; the then arm nests further, the else arm returns: nesting without merges. */
function nestedIfsBody(depth: number): { locals: number; code: Bytes } {
  const code: Bytes = [];
  for (let i = 0; i < depth; i++) code.push(...get(0), ...i32(i), OP.i32GtS, OP.if, EMPTY_BLOCK);
  code.push(...i32(-1), OP.return);
  for (let i = depth - 1; i >= 0; i--) code.push(OP.else, ...get(1), ...i32(i), OP.i32Add, OP.return, OP.end);
  code.push(...i32(-2));
  return { locals: 0, code };
}

/**
 * `depth` nested blocks; the innermost br_table exits to the level chosen by the first argument;
 * each block end then mixes its depth into local 2 (so every end is a merge), jumping out of a
 * flattened region into enclosing labeled blocks.
 */
function brTableOutBody(depth: number): { locals: number; code: Bytes } {
  const code: Bytes = [];
  for (let i = 0; i < depth; i++) code.push(OP.block, EMPTY_BLOCK);
  const targets = Array.from({ length: depth }, (_, i) => u32(i));
  code.push(...get(0), ...i32(depth), OP.i32RemU, OP.br_table, ...u32(depth), ...targets.flat(), ...u32(depth - 1));
  for (let i = 0; i < depth; i++) {
    code.push(OP.end, ...get(2), ...i32(31), OP.i32Mul, ...i32(i), OP.i32Xor, ...set(2));
  }
  code.push(...get(2), ...get(1), OP.i32Add);
  return { locals: 1, code };
}

/**
 * `depth` nested loops, each counting local 2 up; the innermost continues the loop chosen by
 * local 1 (counted down), so back edges leave a flattened region for enclosing loops.
 */
function continueOuterBody(depth: number): { locals: number; code: Bytes } {
  const code: Bytes = [];
  for (let i = 0; i < depth; i++) code.push(OP.loop, EMPTY_BLOCK, ...get(2), ...i32(1), OP.i32Add, ...set(2));
  // if (local1-- > 0) br (local1 % depth) — a br_table over all enclosing loops
  code.push(...get(1), OP.i32Eqz, OP.if, EMPTY_BLOCK, OP.else);
  code.push(...get(1), ...i32(1), OP.i32Sub, ...set(1));
  const targets = Array.from({ length: depth }, (_, i) => u32(i + 1));
  code.push(...get(1), ...get(0), OP.i32Add, ...i32(depth), OP.i32RemU, OP.br_table, ...u32(depth), ...targets.flat(), ...u32(1));
  code.push(OP.end);
  for (let i = 0; i < depth; i++) code.push(OP.end);
  code.push(...get(2));
  return { locals: 1, code };
}

/** A chain of `length` single-use operations: one expression unless folding is capped. */
function longExpressionBody(length: number): { locals: number; code: Bytes } {
  const code: Bytes = [...get(0)];
  for (let i = 0; i < length; i++) code.push(...i32(3), OP.i32Mul, ...get(1), OP.i32Add);
  return { locals: 0, code };
}

describe('deep Wasm nesting compiles to JS that V8 parses and runs', () => {
  it('20000 nested blocks', () => {
    checkAgainstV8(exportedModule(deepBlocksBody(20_000)), [[0, 1], [1, 2], [-1, 7]]);
  });

  it('3000 nested loops (the optimizer may fold the ones without back edges)', () => {
    checkAgainstV8(exportedModule(deepLoopsBody(3_000)), [[0, 1], [0, 5], [0, 100]]);
  });

  it('a chain of 6000 merges (sequential, not nested)', () => {
    checkAgainstV8(exportedModule(ifChainBody(6_000)), [[0, 1], [0x5555, 3], [-1, 0]]);
  });

  it('3000 nested ifs whose arms nest without merges', () => {
    const code = checkAgainstV8(exportedModule(nestedIfsBody(3_000)), [[0, 1], [1500, 2], [2999, 3], [3000, 4], [5000, 5]]);
    expect(code).toContain('switch ($next)');
  });

  it('jumps from a flattened region out to enclosing labeled blocks', () => {
    const code = checkAgainstV8(exportedModule(brTableOutBody(1_500)), [[0, 0], [1, 0], [499, 3], [1499, 9], [1500, 1], [7, 2]]);
    expect(code).toContain('switch ($next)');
  });

  it('3000 nested loops, all continued: back edges from a flattened region to enclosing loops', () => {
    const code = checkAgainstV8(exportedModule(continueOuterBody(3_000)), [[0, 0], [0, 3], [5, 40], [2999, 500]]);
    expect(code).toContain('switch ($next)');
  });

  it('a 20000-operation expression chain', () => {
    checkAgainstV8(exportedModule(longExpressionBody(10_000)), [[1, 2], [-7, 12345]]);
  });

  it('shallow code keeps plain structured control flow', () => {
    const code = compile(exportedModule(deepLoopsBody(50)), { format: 'factory' }).code;
    expect(code).not.toContain('$next');
    expect(code).toContain('while (true)');
  });
});
