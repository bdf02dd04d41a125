/**
 * The raw-call protocol across engines: a function exported by one engine (interpreter,
 * compiled with the shared runtime, compiled with its own inlined runtime) and imported by
 * another keeps exact Wasm semantics — signalling-NaN payloads of f32 and f64 in parameters
 * and results, i64, multi-value results (through calls, try and call_indirect), v128.
 */
import { describe, expect, it } from 'vitest';
import { compiledSimdAvailable, enginePairs, runWith, type EngineName, type LooseExports } from './engines.js';

const EXPORTER = `(module
  (type $multi (func (param f64 f32 i64 i32) (result f32 f64 i64 i32)))
  (func (export "f32snan") (result f32) (f32.reinterpret_i32 (i32.const 0x7fa00001)))
  (func (export "f64snan") (result f64) (f64.reinterpret_i64 (i64.const 0xfff0000000000001)))
  (func (export "bits32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "bits64") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
  (func (export "id32") (param f32) (result f32) (local.get 0))
  (func (export "id64") (param f64) (result f64) (local.get 0))
  (func (export "multi") (type $multi) (local.get 1) (local.get 0) (local.get 2) (local.get 3)))`;

const IMPORTER = `(module
  (type $multi (func (param f64 f32 i64 i32) (result f32 f64 i64 i32)))
  (import "a" "f32snan" (func $f32snan (result f32)))
  (import "a" "f64snan" (func $f64snan (result f64)))
  (import "a" "bits32" (func $bits32 (param f32) (result i32)))
  (import "a" "bits64" (func $bits64 (param f64) (result i64)))
  (import "a" "id32" (func $id32 (param f32) (result f32)))
  (import "a" "id64" (func $id64 (param f64) (result f64)))
  (import "a" "multi" (func $multi (type $multi)))
  (table 1 funcref)
  (elem (i32.const 0) $multi)
  (func (export "result32") (result i32) (i32.reinterpret_f32 (call $f32snan)))
  (func (export "result64") (result i64) (i64.reinterpret_f64 (call $f64snan)))
  (func (export "param32") (param i32) (result i32) (call $bits32 (f32.reinterpret_i32 (local.get 0))))
  (func (export "param64") (param i64) (result i64) (call $bits64 (f64.reinterpret_i64 (local.get 0))))
  (func (export "round32") (param i32) (result i32) (i32.reinterpret_f32 (call $id32 (f32.reinterpret_i32 (local.get 0)))))
  (func (export "round64") (param i64) (result i64) (i64.reinterpret_f64 (call $id64 (f64.reinterpret_i64 (local.get 0)))))
  (func $unpack (param f32 f64 i64 i32) (result i32 i64 i64 i32)
    (i32.reinterpret_f32 (local.get 0)) (i64.reinterpret_f64 (local.get 1)) (local.get 2) (local.get 3))
  (func (export "multi") (param i64 i32) (result i32 i64 i64 i32)
    (call $unpack (call $multi (f64.reinterpret_i64 (local.get 0)) (f32.reinterpret_i32 (local.get 1)) (i64.const -5) (i32.const 7))))
  (func (export "multiIndirect") (param i64 i32) (result i32 i64 i64 i32)
    (call $unpack (call_indirect (type $multi)
      (f64.reinterpret_i64 (local.get 0)) (f32.reinterpret_i32 (local.get 1)) (i64.const -5) (i32.const 7) (i32.const 0))))
  (func (export "multiTry") (param i64 i32) (result i32 i64 i64 i32)
    (call $unpack
      (try (result f32 f64 i64 i32)
        (do (call $multi (f64.reinterpret_i64 (local.get 0)) (f32.reinterpret_i32 (local.get 1)) (i64.const -5) (i32.const 7)))
        (catch_all (f32.const 0) (f64.const 0) (i64.const 0) (i32.const 0))))))`;

const F32_SNANS = [0x7fa00001, 0xffa00001 | 0, 0x7f800001, 0x7fbfffff];
const F64_SNANS = [0x7ff0000000000001n, -0x000fffffffffffffn, 0x7ff4000000000abcn];

describe.each(enginePairs())('%s exports, %s imports', (exporter: EngineName, importer: EngineName) => {
  function link(): LooseExports {
    const a = runWith(exporter, EXPORTER);
    return runWith(importer, IMPORTER, { a });
  }

  it('keeps signalling-NaN results exact', () => {
    const b = link();
    expect(b.result32()).toBe(0x7fa00001);
    expect(b.result64()).toBe(-0x000fffffffffffffn); // 0xfff0000000000001 as a signed i64
  });

  it('keeps signalling-NaN parameters and round trips exact', () => {
    const b = link();
    for (const bits of F32_SNANS) {
      expect(b.param32(bits)).toBe(bits);
      expect(b.round32(bits)).toBe(bits);
    }
    for (const bits of F64_SNANS) {
      expect(b.param64(bits)).toBe(bits);
      expect(b.round64(bits)).toBe(bits);
    }
  });

  it('returns several results exactly through calls, call_indirect and try', () => {
    const b = link();
    const expected = [0x7f800003, 0x7ff0000000000005n, -5n, 7];
    expect(b.multi(0x7ff0000000000005n, 0x7f800003)).toEqual(expected);
    expect(b.multiIndirect(0x7ff0000000000005n, 0x7f800003)).toEqual(expected);
    expect(b.multiTry(0x7ff0000000000005n, 0x7f800003)).toEqual(expected);
  });
});

describe('several results with JS on either side', () => {
  it.each(['interp', 'compiled', 'inline'] as const)('%s: a JS import returning an array, an export returning one', (engine) => {
    const b = runWith(engine, IMPORTER, {
      a: {
        f32snan: () => 0,
        f64snan: () => 0,
        bits32: () => 0,
        bits64: () => 0n,
        id32: (x: number) => x,
        id64: (x: number) => x,
        multi: (d: number, f: number, l: bigint, i: number) => [f, d, l * 2n, i + 1],
      },
    });
    expect(b.multi(0x4000000000000000n, 0x3f800000)).toEqual([0x3f800000, 0x4000000000000000n, -10n, 8]);
    expect(() => runWith(engine, IMPORTER, { a: { multi: 1 } })).toThrow(/expected function/);
  });
});

describe('v128 across engines', () => {
  const simd = compiledSimdAvailable();
  const exporterV128 = `(module (func (export "id") (param v128) (result v128) (local.get 0)))`;
  const importerV128 = `(module
    (import "a" "id" (func $id (param v128) (result v128)))
    (func (export "lanes") (param i64 i64) (result i64 i64)
      (local v128)
      (local.set 2 (call $id (i64x2.replace_lane 1 (i64x2.splat (local.get 0)) (local.get 1))))
      (i64x2.extract_lane 0 (local.get 2)) (i64x2.extract_lane 1 (local.get 2))))`;
  // The interpreter always runs SIMD; compiled pairs join once the JS back end compiles v128.
  const pairs = enginePairs().filter(([a, b]) => simd || (a === 'interp' && b === 'interp'));

  it.each(pairs)('%s exports, %s imports: a v128 passes through unchanged', (exporter, importer) => {
    const a = runWith(exporter, exporterV128);
    const b = runWith(importer, importerV128, { a });
    expect(b.lanes(0x7ff0000000000001n, -0x0123456789abcdefn)).toEqual([0x7ff0000000000001n, -0x0123456789abcdefn]);
    expect(() => a.id()).toThrow(TypeError);
  });
});
