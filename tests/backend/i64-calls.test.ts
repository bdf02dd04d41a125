/**
 * The i64 pair calling convention of direct calls (backend-js/i64-pair-calls.ts): functions
 * with i64 in their signature take and return words between compiled functions of a module,
 * and keep the BigInt raw-call protocol everywhere else (exports, tables, call_indirect,
 * other modules, try_call, tail calls). Results are compared with V8's native Wasm and with
 * the same module compiled in BigInt mode; the functions are asymmetric in their arguments
 * and the values use both words, so a swapped parameter or a high word read after a later
 * call changes the results.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import type { I64Mode } from '../../backend-js/ops-i64-pairs.js';
import * as runtime from '../../runtime-support/js/index.js';
import { assembleWat } from '../translate/wat.js';
import type { CompiledInstance } from './harness.js';

type Exports = Record<string, (...args: unknown[]) => unknown>;
type Factory = (rt: typeof runtime) => { instantiate(imports: unknown): CompiledInstance };

interface NativeWebAssembly {
  Instance: new (module: object, imports: unknown) => { exports: Exports };
  Module: new (bytes: Uint8Array) => object;
}
const nativeWasm = (globalThis as unknown as { WebAssembly: NativeWebAssembly }).WebAssembly;

function compiledCode(bytes: Uint8Array, mode: I64Mode): string {
  return compile(bytes, { format: 'factory', i64: mode }).code;
}

function instantiateCompiled(bytes: Uint8Array, mode: I64Mode, imports: unknown = {}): Exports {
  const { instantiate } = ((0, eval)(compiledCode(bytes, mode)) as Factory)(runtime);
  return instantiate(imports).exports as Exports;
}

function instantiateNative(bytes: Uint8Array, imports: unknown = {}): Exports {
  return new nativeWasm.Instance(new nativeWasm.Module(bytes), imports).exports;
}

/** Both words matter: zero, ±1, the extremes, values straddling the 32-bit boundary. */
const VALUES: bigint[] = [
  0n,
  1n,
  -1n,
  5n,
  -7n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x100000000n,
  -0x100000000n,
  0x123456789abcdef0n,
  -0x0fedcba987654321n,
  0x7fffffffffffffffn,
  -0x8000000000000000n,
];
const I32S = [0, 1, -1, 3, 0x7fffffff, -0x80000000];
const F64S = [0, -0.5, 1e10, -3.25e15];

/**
 * $mix's parameter order and $f's (a - b) are visible in every result; $g and $h return values
 * with different high words, so $f(g(x), h(y)) is wrong if g's high word is read after h ran.
 */
const CALLS = `(module
  (type $binary (func (param i64 i64) (result i64)))
  (table (export "table") 4 funcref)
  (elem (i32.const 0) $f $g $mix $sum_to)
  (func $f (export "f") (param i64 i64) (result i64)
    (i64.sub (i64.mul (local.get 0) (i64.const 3)) (local.get 1)))
  (func $g (export "g") (param i64) (result i64)
    (i64.xor (i64.rotl (local.get 0) (i64.const 17)) (i64.const 0x0123456789abcdef)))
  (func $h (export "h") (param i64) (result i64)
    (i64.add (i64.shl (local.get 0) (i64.const 29)) (i64.const -0x76543210fedcba98)))
  (func $mix (export "mix") (param i32 i64 f64 i64 i32) (result i64)
    (i64.add
      (i64.sub (i64.extend_i32_s (local.get 0)) (i64.shl (local.get 1) (i64.const 1)))
      (i64.xor
        (i64.mul (local.get 3) (i64.extend_i32_u (i32.or (local.get 4) (i32.const 1))))
        (i64.trunc_sat_f64_s (local.get 2)))))
  (func $low (export "low") (param i64 i64) (result i32)
    (i32.wrap_i64 (i64.sub (local.get 0) (i64.rotr (local.get 1) (i64.const 7)))))
  (func $widen (export "widen") (param i32) (result i64)
    (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 0x1_0000_0003)))
  (func $sum_to (export "sum_to") (param i64 i64) (result i64)
    ;; Recursive, not a tail call: sum_to(n, k) = n ? n * k + sum_to(n - 1, k ^ n) : k.
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (i64.add (i64.mul (local.get 0) (local.get 1))
        (call $sum_to (i64.sub (local.get 0) (i64.const 1)) (i64.xor (local.get 1) (local.get 0)))))))
  (func $store (param i64 i32 i64)
    (i64.store (i32.const 0) (i64.sub (local.get 0) (i64.extend_i32_s (local.get 1))))
    (i64.store (i32.const 8) (local.get 2)))
  (memory 1)
  (func (export "nested") (param i64 i64) (result i64)
    (call $f (call $g (local.get 0)) (call $h (local.get 1))))
  (func (export "nested_swapped") (param i64 i64) (result i64)
    (call $f (call $h (local.get 1)) (call $g (local.get 0))))
  (func (export "constants") (param i64) (result i64)
    (i64.add
      (call $f (i64.const -5) (local.get 0))
      (call $f (local.get 0) (i64.const -0x7fffffff00000001))))
  (func (export "mixed") (param i32 i64 f64 i64 i32) (result i64)
    (call $mix (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)))
  (func (export "mixed_constants") (param i64) (result i64)
    (call $mix (i32.const -9) (i64.const -0x100000000) (f64.const -1234.75) (local.get 0) (i32.const 6)))
  (func (export "low_call") (param i64 i64) (result i32)
    (call $low (local.get 1) (local.get 0)))
  (func (export "widen_call") (param i32) (result i64)
    (i64.add (call $widen (local.get 0)) (call $widen (i32.const -1))))
  (func (export "store_load") (param i64 i32 i64) (result i64)
    (call $store (local.get 0) (local.get 1) (local.get 2))
    (i64.sub (i64.load (i32.const 0)) (i64.load (i32.const 8))))
  (func (export "unused_result") (param i64) (result i64)
    (drop (call $g (local.get 0)))
    (call $h (local.get 0)))
  (func (export "indirect") (param i64 i64 i32) (result i64)
    (call_indirect (type $binary) (local.get 0) (local.get 1) (local.get 2))))`;

function pairs<T>(xs: readonly T[], ys: readonly T[]): [T, T][] {
  return xs.flatMap((x) => ys.map((y): [T, T] => [x, y]));
}

/** Calls `name` with each argument list in the compiled (pairs and BigInt) and native instances. */
function expectSameResults(instances: Exports[], name: string, argLists: readonly unknown[][]): void {
  const [reference, ...others] = instances;
  for (const args of argLists) {
    const expected = reference![name]!(...args);
    for (const other of others) expect({ name, args, result: other[name]!(...args) }).toEqual({ name, args, result: expected });
  }
}

describe('direct calls in the i64 pair convention', () => {
  const bytes = assembleWat(CALLS);
  const native = instantiateNative(bytes);
  const compiled = instantiateCompiled(bytes, 'pairs');
  const bigint = instantiateCompiled(bytes, 'bigint');
  const all = [native, compiled, bigint];

  it('direct calls pass words, not BigInts, and raw entries keep the BigInt protocol', () => {
    const code = compiledCode(bytes, 'pairs');
    // The nested call: each result's words read right after its call.
    expect(code).toMatch(/(v\d+)\$l = g\(v\d+\$l, v\d+\$h\);\n\s*\1\$h = \$i64PairHigh\[0\];/);
    expect(code).toMatch(/f\(-5, -1, v\d+\$l, v\d+\$h\)/);
    expect(code).toMatch(/function mix\(v0, v1\$l, v1\$h, v2, v3\$l, v3\$h, v4\)/);
    expect(code).toMatch(/function f\$raw\(\$a0, \$a1\) \{\n\s*return \$i64FromWords\(f\(\$i64LowWord\(\$a0\), \$i64HighWord\(\$a0\), \$i64LowWord\(\$a1\), \$i64HighWord\(\$a1\)\), \$i64PairHigh\[0\]\);/);
    // No direct call's result goes through a BigInt temporary (call_indirect's still does).
    expect(code).not.toMatch(/\$p\d+ = (f|g|h|mix|low|widen|sum_to)\(/);
    expect(code).toMatch(/\$p\d+ = \$tableCallee\(/);
    // BigInt mode is unchanged: no pair bodies.
    expect(compiledCode(bytes, 'bigint')).not.toMatch(/\$raw\b|\$i64PairHigh\[/);
  });

  it('recursive i64 results', () => {
    const args = pairs([0n, 1n, 2n, 17n, 300n], VALUES).map(([n, k]) => [n, k]);
    expectSameResults(all, 'sum_to', args);
  });

  it('i64 params: constants, negative values, parameter order', () => {
    expectSameResults(all, 'constants', VALUES.map((v) => [v]));
    expectSameResults(all, 'low_call', pairs(VALUES, VALUES));
    expectSameResults(all, 'widen_call', I32S.map((v) => [v]));
    expectSameResults(all, 'store_load', pairs(VALUES, VALUES).flatMap(([a, b]) => I32S.slice(0, 3).map((i) => [a, i, b])));
    expectSameResults(all, 'unused_result', VALUES.map((v) => [v]));
  });

  it('mixed i32 / i64 / f64 parameters', () => {
    const argLists = pairs(VALUES, VALUES).flatMap(([a, b], k) => [[I32S[k % I32S.length], a, F64S[k % F64S.length], b, I32S[(k + 3) % I32S.length]]]);
    expectSameResults(all, 'mixed', argLists);
    expectSameResults(all, 'mixed_constants', VALUES.map((v) => [v]));
  });

  it('keeps each high word across a later call in the argument list', () => {
    expectSameResults(all, 'nested', pairs(VALUES, VALUES));
    expectSameResults(all, 'nested_swapped', pairs(VALUES, VALUES));
  });

  it('exports, the table and call_indirect reach the pair bodies through their raw entries', () => {
    expectSameResults(all, 'f', pairs(VALUES, VALUES));
    expectSameResults(all, 'mix', [[7, -3n, 2.5, 0x1_0000_0001n, -2]]);
    const table = (instance: Exports, i: number) => (instance.table as unknown as { get(i: number): (...args: unknown[]) => unknown }).get(i);
    for (const [a, b] of pairs(VALUES, VALUES.slice(0, 5))) {
      expect(table(compiled, 0)(a, b)).toBe(table(native, 0)(a, b));
      expect(table(compiled, 3)(5n, b)).toBe(table(native, 3)(5n, b));
    }
    expectSameResults(all, 'indirect', pairs(VALUES, VALUES.slice(0, 4)).flatMap(([a, b]) => [[a, b, 0], [17n, b, 3]]));
  });

  it('another module (compiled in either mode) imports them exactly', () => {
    const importer = assembleWat(`(module
      (import "m" "f" (func $f (param i64 i64) (result i64)))
      (import "m" "mix" (func $mix (param i32 i64 f64 i64 i32) (result i64)))
      (func (export "run") (param i64 i64) (result i64)
        (i64.xor (call $f (local.get 0) (local.get 1))
          (call $mix (i32.const 2) (local.get 1) (f64.const 3.5) (local.get 0) (i32.const -4)))))`);
    const expected = instantiateNative(importer, { m: native });
    for (const mode of ['pairs', 'bigint'] as const) {
      const instance = instantiateCompiled(importer, mode, { m: compiled });
      for (const [a, b] of pairs(VALUES, VALUES)) expect(instance.run!(a, b)).toBe(expected.run!(a, b));
    }
  });
});

describe('the pair convention with tail calls and exceptions', () => {
  it('tail calls between pair bodies, from trampolined functions and via tables', () => {
    const text = `(module
      (type $step (func (param i64 i64) (result i64)))
      (table 1 funcref)
      (elem (i32.const 0) $last)
      (func $last (param i64 i64) (result i64) (i64.sub (local.get 0) (i64.shl (local.get 1) (i64.const 3))))
      (func $bounded (export "bounded") (param i64 i64) (result i64)
        (return_call $last (local.get 1) (i64.add (local.get 0) (i64.const -0x100000001))))
      (func $count (export "count") (param i64 i64) (result i64)
        ;; Self tail call (a loop) with i64 parameters.
        (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
          (else (return_call $count (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 1) (i64.const 0x100000001))))))
      (func $ping (export "ping") (param i64 i64) (result i64)
        ;; A cycle of tail calls: trampolined, on the raw entries.
        (if (result i64) (i64.eqz (local.get 0)) (then (call $last (local.get 1) (i64.const 5)))
          (else (return_call $pong (i64.sub (local.get 0) (i64.const 1)) (i64.mul (local.get 1) (i64.const 3))))))
      (func $pong (param i64 i64) (result i64)
        (return_call $ping (local.get 0) (i64.xor (local.get 1) (i64.const 0x7f00000000000001))))
      (func (export "via_table") (param i64 i64) (result i64)
        (return_call_indirect (type $step) (local.get 1) (local.get 0) (i32.const 0))))`;
    const bytes = assembleWat(text);
    const pairsMode = instantiateCompiled(bytes, 'pairs');
    const bigintMode = instantiateCompiled(bytes, 'bigint');
    const args = pairs(VALUES, VALUES.slice(0, 6));
    expectSameResults([bigintMode, pairsMode], 'bounded', args);
    expectSameResults([bigintMode, pairsMode], 'via_table', args);
    expectSameResults([bigintMode, pairsMode], 'count', [[0n, 3n], [5n, -1n], [100_000n, 0x7fffffffffffffffn]]);
    expectSameResults([bigintMode, pairsMode], 'ping', [[0n, 3n], [7n, -0x100000000n], [100_001n, 12345n]]);
    expect(bigintMode.bounded!(1n, 2n)).toBe(2n - ((1n - 0x100000001n) << 3n));
    const code = compiledCode(bytes, 'pairs');
    // The bounded tail call goes to the pair body with words.
    expect(code).toMatch(/return last\(v\d+\$l, v\d+\$h, /);
  });

  it('exceptions unwind through pair bodies; try/catch around direct calls', () => {
    const text = `(module
      (tag $oops (param i64))
      (func $check (param i64 i64) (result i64)
        (if (i64.lt_s (local.get 0) (i64.const 0)) (then (throw $oops (i64.sub (local.get 1) (local.get 0)))))
        (i64.add (local.get 0) (i64.shl (local.get 1) (i64.const 32))))
      (func (export "guarded") (param i64 i64) (result i64)
        (try (result i64)
          (do (call $check (local.get 0) (local.get 1)))
          (catch $oops (i64.mul (i64.const -3)))))
      (func (export "guarded_twice") (param i64 i64) (result i64)
        (i64.sub
          (try (result i64) (do (call $check (local.get 1) (local.get 0))) (catch $oops))
          (call $check (i64.const 0x100000000) (local.get 1)))))`;
    const bytes = assembleWat(text);
    const pairsMode = instantiateCompiled(bytes, 'pairs');
    const bigintMode = instantiateCompiled(bytes, 'bigint');
    const args = pairs(VALUES, VALUES);
    expectSameResults([bigintMode, pairsMode], 'guarded', args);
    expectSameResults([bigintMode, pairsMode], 'guarded_twice', args);
    expect(pairsMode.guarded!(-1n, 1n)).toBe(-6n);
    expect(pairsMode.guarded!(2n, -1n)).toBe(2n - 0x100000000n);
  });
});
