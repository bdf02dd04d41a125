/**
 * SIMD in the JS back end beyond the spec suite: lane forms (f32/f64 lanes stay floats,
 * signalling NaNs survive moves and form changes), v128 across calls, globals, multi-value
 * results and exceptions, the JS boundary (TypeError), and all-or-nothing stores.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import { assembleWat } from '../translate/wat.js';
import { compileForTest } from './harness.js';

type Exports = Record<string, (...args: unknown[]) => unknown>;

function instantiate(text: string, imports: unknown = {}): Exports {
  return compileForTest(assembleWat(text))(imports).exports as Exports;
}

const SIGNALLING_F32 = [0x7fa00001, 0xffb12345 | 0, 0x7f800001];
const f32Bits = (bits: number): number => bits | 0;

describe('lane forms keep bits', () => {
  const merge = `(module
    (func (export "merge") (param $bits i32) (param $float i32) (result i32) (local $v v128)
      (if (local.get $float)
        (then (local.set $v (f32x4.splat (f32.reinterpret_i32 (local.get $bits)))))
        (else (local.set $v (i32x4.splat (local.get $bits)))))
      (i32.reinterpret_f32 (f32x4.extract_lane 2 (local.get $v))))
    (func (export "loop") (param $bits i32) (param $n i32) (result i32) (local $v v128) (local $m v128)
      (local.set $v (f32x4.splat (f32.reinterpret_i32 (local.get $bits))))
      (local.set $m (f32x4.lt (f32x4.splat (f32.const 0)) (f32x4.splat (f32.const 1))))
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $v (v128.bitselect (local.get $v) (f32x4.splat (f32.const 5)) (local.get $m)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
      (i32.reinterpret_f32 (f32x4.extract_lane 1 (local.get $v))))
    (func (export "f64lanes") (param $bits i64) (result i64)
      (i64.reinterpret_f64 (f64x2.extract_lane 0
        (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
          (f64x2.replace_lane 1 (f64x2.splat (f64.const 1)) (f64.reinterpret_i64 (local.get $bits)))
          (v128.const i32x4 0 0 0 0)))))
    (func (export "add") (param $bits i32) (result i32)
      (i32.reinterpret_f32 (f32x4.extract_lane 3 (f32x4.add (f32x4.splat (f32.reinterpret_i32 (local.get $bits))) (f32x4.splat (f32.const 1))))))
    (func (export "neg") (param $bits i32) (result i32)
      (i32.reinterpret_f32 (f32x4.extract_lane 0 (f32x4.neg (f32x4.splat (f32.reinterpret_i32 (local.get $bits))))))))`;

  it('merges an f32-form and an i32-form value without touching NaN payloads', () => {
    const { merge: run } = instantiate(merge);
    for (const bits of SIGNALLING_F32) {
      expect(run!(bits, 1)).toBe(f32Bits(bits));
      expect(run!(bits, 0)).toBe(f32Bits(bits));
    }
  });

  it('carries f32 lanes around a loop through a mask bitselect', () => {
    const { loop } = instantiate(merge);
    for (const bits of SIGNALLING_F32) expect(loop!(bits, 3)).toBe(f32Bits(bits));
    expect(loop!(0x3f800000, 0)).toBe(0x3f800000);
  });

  it('moves f64 lanes (signalling NaN included) through replace_lane and a word shuffle', () => {
    const { f64lanes } = instantiate(merge);
    expect(f64lanes!(0x7ff0000000000001n)).toBe(0x7ff0000000000001n);
    expect(f64lanes!(-0x7ffaaaaaaaaaaaan)).toBe(-0x7ffaaaaaaaaaaaan);
  });

  it('quiets NaNs in arithmetic and flips only the sign bit in neg', () => {
    const { add, neg } = instantiate(merge);
    for (const bits of SIGNALLING_F32) {
      expect((add!(bits) as number) & 0x7fc00000).toBe(0x7fc00000);
      expect(neg!(bits)).toBe(f32Bits(bits) ^ -0x80000000);
    }
  });

  it('computes f32x4 loops in float locals (no reinterpretation in the generated code)', () => {
    const { code } = compile(
      assembleWat(`(module (func (export "iterate") (param $x f32) (param $n i32) (result f32) (local $z v128)
        (local.set $z (f32x4.splat (local.get $x)))
        (loop $next
          (local.set $z (f32x4.add (f32x4.mul (local.get $z) (local.get $z)) (f32x4.splat (f32.const 0.25))))
          (br_if $next (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
        (f32x4.extract_lane 0 (local.get $z))))`),
      { format: 'esm', runtime: { import: 'heron-runtime' } },
    );
    expect(code).toContain('Math.fround(');
    expect(code).not.toMatch(/f32FromBits|f32ToBits|v128FromWords/);
  });
});

describe('v128 across calls, globals, results and exceptions', () => {
  it('keeps v128 exact between compiled modules', () => {
    const library = instantiate(`(module
      (func (export "swap") (param v128) (result v128)
        (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get 0) (local.get 0))))`);
    const { run } = instantiate(
      `(module (import "lib" "swap" (func $swap (param v128) (result v128)))
        (func (export "run") (param i32) (result i32)
          (i32x4.extract_lane 1 (call $swap (i32x4.replace_lane 0 (v128.const i32x4 0 0 0 0) (local.get 0))))))`,
      { lib: library },
    );
    expect(run!(0x7fa00001)).toBe(0x7fa00001);
  });

  it('passes v128 through globals, select, multi-value results and exception payloads', () => {
    const ex = instantiate(`(module
      (global $g (mut v128) (v128.const i32x4 1 2 3 4))
      (tag $t (param v128))
      (func $pair (param i32) (result v128 i32)
        (i32x4.splat (local.get 0)) (i32.add (local.get 0) (i32.const 1)))
      (func (export "viaGlobal") (param i32) (result i32)
        (global.set $g (i32x4.add (global.get $g) (i32x4.splat (local.get 0))))
        (i32x4.extract_lane 3 (global.get $g)))
      (func (export "viaSelect") (param i32) (result f32)
        (f32x4.extract_lane 0 (select (result v128) (f32x4.splat (f32.const 1.5)) (v128.const f32x4 2 2 2 2) (local.get 0))))
      (func (export "viaPair") (param i32) (result i32) (local v128 i32)
        (call $pair (local.get 0)) (local.set 2) (local.set 1)
        (i32.add (i32x4.extract_lane 2 (local.get 1)) (local.get 2)))
      (func (export "viaThrow") (param f64) (result f64)
        (try (result f64)
          (do (throw $t (f64x2.splat (local.get 0))))
          (catch $t (f64x2.extract_lane 1)))))`);
    expect(ex.viaGlobal!(10)).toBe(14);
    expect(ex.viaGlobal!(1)).toBe(15);
    expect(ex.viaSelect!(1)).toBe(1.5);
    expect(ex.viaSelect!(0)).toBe(2);
    expect(ex.viaPair!(20)).toBe(41);
    expect(ex.viaThrow!(-2.5)).toBe(-2.5);
  });

  it('throws TypeError when v128 crosses the JS boundary', () => {
    const ex = instantiate(
      `(module (import "js" "f" (func $f (param v128)))
        (func (export "takes") (param v128))
        (func (export "gives") (result v128) (v128.const i32x4 0 0 0 0))
        (func (export "callsJs") (call $f (v128.const i32x4 0 0 0 0))))`,
      { js: { f: () => undefined } },
    );
    expect(() => ex.takes!(1)).toThrow(TypeError);
    expect(() => ex.gives!()).toThrow(TypeError);
    expect(() => ex.callsJs!()).toThrow(TypeError);
  });
});

describe('SIMD memory accesses', () => {
  const text = `(module (memory (export "mem") 1)
    (func (export "store") (param i32) (v128.store (local.get 0) (v128.const i32x4 -1 -1 -1 -1)))
    (func (export "store64lane") (param i32) (v128.store64_lane 1 (local.get 0) (v128.const i32x4 -1 -1 -1 -1)))
    (func (export "load") (param i32) (result i32) (i32x4.extract_lane 3 (v128.load (local.get 0))))
    (func (export "loadLane") (param i32) (result i32)
      (i16x8.extract_lane_u 5 (v128.load16_lane 5 (local.get 0) (v128.const i32x4 0 0 0 0))))
    (func (export "extend") (param i32) (result i32) (i32x4.extract_lane 1 (v128.load16x4_s (local.get 0)))))`;

  it('traps without writing anything when a store runs off the end', () => {
    const ex = instantiate(text);
    const bytes = new Uint8Array((ex.mem as unknown as { buffer: ArrayBuffer }).buffer);
    expect(() => ex.store!(65536 - 8)).toThrow(RuntimeError);
    expect(() => ex.store64lane!(65536 - 4)).toThrow(RuntimeError);
    expect(bytes.slice(65536 - 16).every((byte) => byte === 0)).toBe(true);
    ex.store!(65536 - 16);
    expect(bytes.slice(65536 - 16).every((byte) => byte === 255)).toBe(true);
  });

  it('loads whole vectors, lanes and extended halves', () => {
    const ex = instantiate(text);
    const bytes = new Uint8Array((ex.mem as unknown as { buffer: ArrayBuffer }).buffer);
    bytes.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xfe, 0xff, 0xff, 0xff], 32);
    expect(ex.load!(32)).toBe(-2);
    expect(ex.loadLane!(44)).toBe(0xfffe);
    expect(ex.extend!(32)).toBe(0x0403);
    expect(() => ex.load!(65536 - 15)).toThrow(RuntimeError);
  });
});
