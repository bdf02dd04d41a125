/**
 * Focused behaviour of generated code, from Wasm text: control flow shapes, block
 * parameter moves, numeric edge cases, bit-exact floats, traps, tables and exceptions.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import { assembleWat } from '../translate/wat.js';
import { compileForTest, type CompiledInstance } from './harness.js';

function instantiate(text: string, imports: unknown = {}): Record<string, (...args: unknown[]) => unknown> {
  const instance: CompiledInstance = compileForTest(assembleWat(text))(imports);
  return instance.exports as Record<string, (...args: unknown[]) => unknown>;
}

describe('control flow', () => {
  it('br_table dispatch inside a loop', () => {
    const { classify } = instantiate(`(module (func (export "classify") (param i32) (result i32) (local i32)
      (block $d (block $c (block $b (block $a
        (br_table $a $b $c $d (local.get 0)))
        (return (i32.const 10)))
        (return (i32.const 20)))
        (return (i32.const 30)))
      (i32.const 40)))`);
    expect([0, 1, 2, 3, 99, -1].map((i) => classify!(i))).toEqual([10, 20, 30, 40, 40, 40]);
  });

  it('swaps loop-carried values (parallel moves with a cycle)', () => {
    const { fib } = instantiate(`(module (func (export "fib") (param i32) (result i32) (local i32 i32 i32)
      (local.set 1 (i32.const 0)) (local.set 2 (i32.const 1))
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 3 (local.get 1)) (local.set 1 (local.get 2)) (local.set 2 (i32.add (local.get 3) (local.get 2)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $next)))
      (local.get 1)))`);
    expect(fib!(10)).toBe(55);
    expect(fib!(47)).toBe(-1323752223);
  });

  it('returns several values as an array', () => {
    const { pair } = instantiate(`(module (func (export "pair") (param i32) (result i32 i64)
      (local.get 0) (i64.extend_i32_u (local.get 0))))`);
    expect(pair!(-1)).toEqual([-1, 4294967295n]);
  });
});

describe('numbers', () => {
  it('keeps i32 arithmetic in int32 and traps on division', () => {
    const ex = instantiate(`(module
      (func (export "mul") (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))
      (func (export "divs") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func (export "rotl") (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1))))`);
    expect(ex.mul!(0x7fffffff, 0x7fffffff)).toBe(1);
    expect(ex.rotl!(0x80000001, 1)).toBe(3);
    expect(() => ex.divs!(1, 0)).toThrow(new RuntimeError('integer divide by zero'));
    expect(() => ex.divs!(-0x80000000, -1)).toThrow(new RuntimeError('integer overflow'));
  });

  it('preserves f32 signalling NaN payloads through memory and sign operations', () => {
    const { roundtrip } = instantiate(`(module (memory 1)
      (func (export "roundtrip") (param i32) (result i32)
        (f32.store (i32.const 4) (f32.neg (f32.reinterpret_i32 (local.get 0))))
        (i32.reinterpret_f32 (f32.abs (f32.load (i32.const 4))))))`);
    expect(roundtrip!(0x7fa00001)).toBe(0x7fa00001);
    expect(roundtrip!(0xffa00001 | 0)).toBe(0x7fa00001);
  });

  it('converts i64 to f32 with a single rounding', () => {
    const { convert } = instantiate(`(module (func (export "convert") (param i64) (result f32) (f32.convert_i64_s (local.get 0))))`);
    expect(convert!(0x7fffff4000000001n)).toBe(9223371487098961920);
  });
});

describe('memory, tables and traps', () => {
  it('traps on out-of-bounds access and grows memory', () => {
    const ex = instantiate(`(module (memory (export "mem") 1 2)
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "grow") (result i32) (memory.grow (i32.const 1))))`);
    expect(() => ex.load!(65533)).toThrow(new RuntimeError('out of bounds memory access'));
    expect(ex.grow!()).toBe(1);
    expect(ex.load!(65533)).toBe(0);
    expect(ex.grow!()).toBe(-1);
  });

  it('checks call_indirect signatures', () => {
    const { call } = instantiate(`(module (type $v (func (result i32))) (table 2 funcref)
      (elem (i32.const 0) $seven $id)
      (func $seven (result i32) (i32.const 7)) (func $id (param i32) (result i32) (local.get 0))
      (func (export "call") (param i32) (result i32) (call_indirect (type $v) (local.get 0))))`);
    expect(call!(0)).toBe(7);
    expect(() => call!(1)).toThrow(new RuntimeError('indirect call type mismatch'));
    expect(() => call!(2)).toThrow(new RuntimeError('undefined element'));
  });

  it('turns stack overflow into a RuntimeError', () => {
    const { loop } = instantiate(`(module (func $f (export "loop") (call $f)))`);
    expect(() => loop!()).toThrow(RuntimeError);
  });

  it('calls imported JS functions and lets their exceptions through unchanged', () => {
    const thrown = new RangeError('from JS');
    const { twice, fail } = instantiate(
      `(module (import "env" "f" (func $f (param i32) (result i32))) (import "env" "g" (func $g))
        (func (export "twice") (param i32) (result i32) (call $f (call $f (local.get 0))))
        (func (export "fail") (call $g)))`,
      { env: { f: (x: number) => x * 2, g: () => { throw thrown; } } },
    );
    expect(twice!(5)).toBe(20);
    expect(() => fail!()).toThrow(thrown);
  });
});

describe('exceptions', () => {
  it('throws and catches by tag, and catch_all catches JS exceptions', () => {
    const ex = instantiate(
      `(module (import "env" "js" (func $js)) (tag $t (param i32))
        (func $thrower (param i32) (throw $t (local.get 0)))
        (func (export "catch") (param i32) (result i32)
          (try (result i32) (do (call $thrower (local.get 0)) (i32.const 0)) (catch $t (i32.add (i32.const 1)))))
        (func (export "catchAll") (result i32)
          (try (result i32) (do (call $js) (i32.const 0)) (catch_all (i32.const 9)))))`,
      { env: { js: () => { throw new Error('js'); } } },
    );
    expect(ex.catch!(41)).toBe(42);
    expect(ex.catchAll!()).toBe(9);
  });
});

describe('output formats', () => {
  const text = `(module (func $add_numbers (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`;

  it('names functions after the name section', () => {
    expect(compile(assembleWat(text), { format: 'esm' }).code).toContain('function add_numbers(');
  });

  it('script format defines one global with instantiate and needs no WebAssembly', () => {
    const { code } = compile(assembleWat(text), { format: 'script', globalName: 'myModule' });
    const module = new Function('WebAssembly', `${code}\nreturn myModule;`)(undefined) as {
      instantiate(imports: unknown): { exports: { add(a: number, b: number): number } };
    };
    expect(module.instantiate({}).exports.add(2, 3)).toBe(5);
  });

  it('cjs format assigns module.exports', () => {
    const { code } = compile(assembleWat(text), { format: 'cjs' });
    const module = { exports: {} as { instantiate?: (imports: unknown) => { exports: { add(a: number, b: number): number } } } };
    new Function('module', code)(module);
    expect(module.exports.instantiate!({}).exports.add(40, 2)).toBe(42);
  });
});
