/**
 * The IR interpreter as the oracle: programs chosen to give every pass something to do run
 * unoptimized and after each pass alone and after -O1/-O2, on the same inputs; results and
 * trap messages must agree exactly (floats compared by bits). The verifier runs after
 * every pass.
 */
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../compiler/parse.js';
import { optimizeModule, type PipelineOptions } from '../../compiler/pipeline.js';
import { translateModule } from '../../compiler/translate.js';
import { instantiateIr } from '../../ir/interpreter/index.js';
import { PASS_NAMES } from '../../ir/passes/index.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import { assembleWat } from '../translate/wat.js';

const PROGRAM = `(module
  (memory 1)
  (data (i32.const 8) "\\01\\02\\03\\04")
  (global $g (mut i32) (i32.const 5))

  ;; Loop with a loop-invariant local, a redundant recomputation and constant arithmetic.
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $acc i32) (local $k i32)
    (local.set $k (i32.mul (i32.const 3) (i32.const 4)))
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (i32.add (local.get $i) (local.get $k))))
      (local.set $acc (i32.xor (local.get $acc) (i32.add (local.get $k) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $acc))

  ;; Branches on constants, a br_table on a constant and one on the input.
  (func (export "branches") (param $x i32) (result i32)
    (if (i32.eqz (i32.const 0)) (then (local.set $x (i32.add (local.get $x) (i32.const 100)))))
    (block $a (block $b (block $c
      (br_table $a $b $c (i32.const 1)))
      (return (i32.const -1)))
      (local.set $x (i32.mul (local.get $x) (i32.const 2))))
    (block $d (block $e (block $f
      (br_table $d $e $f (local.get $x)))
      (return (i32.sub (local.get $x) (i32.const 7))))
      (return (i32.const 11)))
    (local.get $x))

  ;; Memory at constant addresses, in bounds and past the end; a dead load that may trap.
  (func (export "memory") (param $p i32) (result i32)
    (i32.store (i32.const 100) (local.get $p))
    (drop (i32.load (local.get $p)))
    (i32.add (i32.load (i32.const 100)) (i32.load8_u (i32.const 9))))
  (func (export "oob") (result i32) (i32.load (i32.const 65534)))

  ;; Trapping division with constant operands must keep trapping; safe ones fold.
  (func (export "divs") (param $x i32) (result i32)
    (drop (i32.div_u (local.get $x) (i32.const 3)))
    (i32.add (i32.div_s (i32.const 7) (i32.const -2)) (i32.div_s (i32.const 1) (local.get $x))))
  (func (export "div_zero") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))
  (func (export "trunc_nan") (result i32) (i32.trunc_f32_s (f32.const nan)))

  ;; Floats: NaN payloads, signed zeros, f64 on NaN left alone, identities not applied.
  (func (export "f32nan") (result i32) (i32.reinterpret_f32 (f32.add (f32.const nan:0x200000) (f32.const 1))))
  (func (export "f64neg") (result i64) (i64.reinterpret_f64 (f64.neg (f64.const nan:0x1))))
  (func (export "fzero") (param $x f64) (result f64) (f64.add (local.get $x) (f64.const 0)))
  (func (export "fmin") (result f64) (f64.min (f64.const -0) (f64.const 0)))
  (func (export "convert") (result f32) (f32.convert_i64_u (i64.const -1)))

  ;; i64 identities and constant selects; globals and a call with effects stay.
  (func $bump (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
  (func (export "effects") (param $x i64) (result i64)
    (drop (call $bump))
    (select (i64.and (local.get $x) (i64.const -1)) (i64.const 9) (i32.const 1)))
  (func (export "global") (result i32) (global.get $g)))`;

type Call = [name: string, ...args: (number | bigint)[]];

const CALLS: Call[] = [
  ['sum', 0],
  ['sum', 10],
  ['sum', -1],
  ['branches', 0],
  ['branches', 1],
  ['branches', -200],
  ['memory', 4],
  ['memory', 70000],
  ['oob'],
  ['divs', 5],
  ['divs', 0],
  ['div_zero'],
  ['trunc_nan'],
  ['f32nan'],
  ['f64neg'],
  ['fzero', -0],
  ['fmin'],
  ['convert'],
  ['effects', 123n],
  ['effects', -1n],
  ['global'],
];

function describeOutcome(run: () => unknown): string {
  try {
    const result = run();
    // Object.is distinguishes -0; bits for NaN-carrying floats are checked through reinterpret.
    if (typeof result === 'number' && Object.is(result, -0)) return '-0';
    return `${typeof result} ${String(result)}`;
  } catch (error) {
    if (error instanceof RuntimeError) return `trap: ${error.message}`;
    throw error;
  }
}

function outcomes(pipeline: PipelineOptions | null): string[] {
  const ir = translateModule(parseModule(assembleWat(PROGRAM)));
  if (pipeline !== null) optimizeModule(ir, { ...pipeline, verify: true });
  const exports = instantiateIr(ir, {}).exports as Record<string, (...args: unknown[]) => unknown>;
  return CALLS.map(([name, ...args]) => `${name}(${args.join(', ')}) = ${describeOutcome(() => exports[name]!(...args))}`);
}

describe('passes against the interpreter', () => {
  it('the reference outcomes are the expected ones', () => {
    const reference = outcomes(null);
    expect(reference).toContain('div_zero() = trap: integer divide by zero');
    expect(reference).toContain('oob() = trap: out of bounds memory access');
    expect(reference).toContain('memory(70000) = trap: out of bounds memory access');
    expect(reference).toContain('f32nan() = number 2145386496'); // 0x7fe00000: the payload, quietened
    expect(reference).toContain('fmin() = -0');
  });

  const pipelines: [string, PipelineOptions][] = [
    ...PASS_NAMES.map((name): [string, PipelineOptions] => [name, { passes: [name] }]),
    ['-O1', { optLevel: 1 }],
    ['-O2', { optLevel: 2 }],
  ];
  it.each(pipelines)('%s keeps every outcome', (_, pipeline) => {
    expect(outcomes(pipeline)).toEqual(outcomes(null));
  });
});
