/**
 * The interpreter on hand-written IR text (no Wasm): block-parameter parallel moves,
 * multi-register-file values, br_table and host imports.
 */
import { describe, expect, it } from 'vitest';
import { instantiateIr, interpreterSupports } from '../../ir/interpreter/index.js';
import { ALL_OPS } from '../../ir/opcodes/index.js';
import { parseIrModule } from '../../ir/parser.js';

type Fn = (...args: unknown[]) => unknown;

function load(text: string, imports = {}): Record<string, Fn> {
  return instantiateIr(parseIrModule(text), imports).exports as Record<string, Fn>;
}

describe('IR text programs', () => {
  it('swaps block parameters in a loop (parallel moves)', () => {
    const { swap } = load(`
type0 = (i32, i32, i32) -> (i32)
function fn0 $swap: type0 {
block0(v0: i32, v1: i32, v2: i32):
    jump block1(v0, v1, v2)
block1(v3: i32, v4: i32, v5: i32):
    v6: i32 = i32.const 1
    v7: i32 = i32.sub v5, v6
    brif v5, block1(v4, v3, v7), block2
block2:
    v8: i32 = i32.const 10
    v9: i32 = i32.mul v3, v8
    v10: i32 = i32.add v9, v4
    return v10
}`);
    expect(swap!(1, 2, 3)).toBe(21);
    expect(swap!(1, 2, 2)).toBe(12);
    expect(swap!(1, 2, 0)).toBe(12);
  });

  it('rotates i64 and v128 parameters through one edge', () => {
    const { rotate } = load(`
type0 = (i64, i64, i64, i32) -> (i64)
function fn0 $rotate: type0 {
block0(v0: i64, v1: i64, v2: i64, v3: i32):
    jump block1(v0, v1, v2, v3)
block1(v4: i64, v5: i64, v6: i64, v7: i32):
    v8: i32 = i32.const 1
    v9: i32 = i32.sub v7, v8
    brif v7, block1(v5, v6, v4, v9), block2
block2:
    return v4
}`);
    expect(rotate!(1n, 2n, 3n, 0)).toBe(1n);
    expect(rotate!(1n, 2n, 3n, 1)).toBe(2n);
    expect(rotate!(1n, 2n, 3n, 5)).toBe(3n);
  });

  it('dispatches br_table, clamping to the default', () => {
    const { pick } = load(`
type0 = (i32) -> (i32)
function fn0 $pick: type0 {
block0(v0: i32):
    v1: i32 = i32.const 10
    v2: i32 = i32.const 20
    v3: i32 = i32.const 30
    br_table v0, [block1(v1), block1(v2)], block1(v3)
block1(v4: i32):
    return v4
}`);
    expect([0, 1, 2, 3, -1].map((i) => pick!(i))).toEqual([10, 20, 30, 30, 30]);
  });

  it('calls imported host functions with converted values', () => {
    const { twice } = load(
      `
type0 = (f32) -> (f32)
fn0: type0
function fn1 $twice: type0 {
block0(v0: f32):
    v1: f32 = call fn0(v0)
    v2: f32 = call fn0(v1)
    return v2
}`,
      { env: { fn0: (x: number) => x * 3 } },
    );
    expect(twice!(1.5)).toBe(13.5);
  });

  it('traps with the spec message of a trap code', () => {
    const { check } = load(`
type0 = (i32) -> (i32)
function fn0 $check: type0 {
block0(v0: i32):
    trapz int_divz v0
    return v0
}`);
    expect(check!(4)).toBe(4);
    expect(() => check!(0)).toThrow('integer divide by zero');
  });
});

describe('opcode coverage', () => {
  it('implements every opcode of the IR table', () => {
    expect(ALL_OPS.map((info) => info.name).filter((name) => !interpreterSupports(name))).toEqual([]);
  });
});
