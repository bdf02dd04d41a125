/**
 * i64 as int32 pairs (`CompileOptions.i64: 'pairs'`, backend-js/ops-i64-pairs.ts): every op with
 * a pair lowering is compared, over edge values, against the BigInt lowering and V8's native
 * Wasm; then loops carrying i64 block parameters, partial-out-of-bounds stores, and the spec
 * scripts heaviest in i64 run through the compiled engine in pairs mode.
 */
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import type { I64Mode } from '../../backend-js/ops-i64-pairs.js';
import { ALL_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import * as runtime from '../../runtime-support/js/index.js';
import { defaultSpecDir, discoverScripts } from '../spec/loader.js';
import { summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
import { suiteFeatures, type Engine } from '../spec/engine.js';
import { createCompiledEngine } from './engine.js';
import type { CompiledInstance } from './harness.js';

type Factory = (rt: typeof runtime) => { instantiate(imports: unknown): CompiledInstance };
type Exports = Readonly<Record<string, unknown>>;

function instantiateCompiled(bytes: Uint8Array, mode: I64Mode, features?: Readonly<WasmFeatures>): (imports: unknown) => CompiledInstance {
  const { code } = compile(bytes, { format: 'factory', i64: mode, features });
  const { instantiate } = ((0, eval)(code) as Factory)(runtime);
  return (imports) => instantiate(imports ?? {});
}

interface NativeWebAssembly {
  Instance: new (module: object, imports: unknown) => { exports: Exports };
  Module: new (bytes: Uint8Array) => object;
}
const nativeWasm = (globalThis as unknown as { WebAssembly: NativeWebAssembly }).WebAssembly;

const BINARY = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const UNARY = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'];
const SHIFTS = ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const CONSTANT_COUNTS = [0, 1, 16, 31, 32, 33, 48, 63, 64, 100];
const LOADS = ['load', 'load8_s', 'load8_u', 'load16_s', 'load16_u', 'load32_s', 'load32_u'];
const STORES = ['store', 'store8', 'store16', 'store32'];

function opsModuleText(): string {
  const fns: string[] = [];
  for (const op of BINARY) fns.push(`(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`);
  for (const op of COMPARE) fns.push(`(func (export "${op}") (param i64 i64) (result i32) (i64.${op} (local.get 0) (local.get 1)))`);
  for (const op of UNARY) fns.push(`(func (export "${op}") (param i64) (result i64) (i64.${op} (local.get 0)))`);
  for (const op of SHIFTS) {
    for (const n of CONSTANT_COUNTS) fns.push(`(func (export "${op}_${n}") (param i64) (result i64) (i64.${op} (local.get 0) (i64.const ${n})))`);
  }
  // Constant operands on either side (folded as literal words).
  fns.push(`(func (export "add_const") (param i64) (result i64) (i64.add (local.get 0) (i64.const 0x8000_0000_ffff_ffff)))`);
  fns.push(`(func (export "lt_u_const") (param i64) (result i32) (i64.lt_u (i64.const 0x1_0000_0000) (local.get 0)))`);
  fns.push(`(func (export "eqz") (param i64) (result i32) (i64.eqz (local.get 0)))`);
  fns.push(`(func (export "wrap") (param i64) (result i32) (i32.wrap_i64 (local.get 0)))`);
  fns.push(`(func (export "extend_i32_s") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))`);
  fns.push(`(func (export "extend_i32_u") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))`);
  fns.push(`(func (export "select") (param i64 i64 i32) (result i64) (select (local.get 0) (local.get 1) (local.get 2)))`);
  for (const op of LOADS) fns.push(`(func (export "${op}") (param i32) (result i64) (i64.${op} offset=1 (local.get 0)))`);
  for (const op of STORES) fns.push(`(func (export "${op}") (param i32 i64) (i64.${op} offset=1 (local.get 0) (local.get 1)))`);
  fns.push(`(func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))`);
  // Fibonacci with a swap of two i64 loop parameters (a cycle of pair moves).
  fns.push(`(func (export "fib") (param i32) (result i64) (local i64 i64)
    (local.set 2 (i64.const 1))
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 2 (i64.add (local.get 1) (local.tee 1 (local.get 2))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))`);
  return `(module (memory 1) ${fns.join('\n')})`;
}

const EDGES: bigint[] = [0n, 1n, -1n, 2n, 7n, 31n, 32n, 33n, 48n, 1n << 31n, (1n << 31n) - 1n, (1n << 32n) - 1n, 1n << 32n, -(1n << 31n), -(1n << 32n), 1n << 63n, (1n << 63n) - 1n, 0x123456789abcdefn];

function randomValues(count: number): bigint[] {
  // A fixed xorshift sequence: reproducible "random" operands.
  let state = 0x9e3779b97f4a7c15n;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    state ^= BigInt.asUintN(64, state << 13n);
    state ^= state >> 7n;
    state ^= BigInt.asUintN(64, state << 17n);
    out.push(i % 2 === 0 ? state : state >> BigInt(i * 5 % 60));
  }
  return out;
}

const VALUES = [...EDGES, ...randomValues(8)].map((v) => BigInt.asIntN(64, v));
const I32_VALUES = [0, 1, -1, 0x7fffffff, -0x80000000, 0x12345678, -5];

/** A call's outcome: its value or, for a trap, the word "trap". */
function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    return 'trap';
  }
}

describe('i64 as int32 pairs', () => {
  let bytes: Uint8Array;
  let engines: { name: string; exports: Exports }[];

  beforeAll(async () => {
    const wabt = await wabtInit();
    bytes = wabt.parseWat('ops.wat', opsModuleText()).toBinary({}).buffer;
    engines = [
      { name: 'native', exports: new nativeWasm.Instance(new nativeWasm.Module(bytes), {}).exports },
      { name: 'bigint', exports: instantiateCompiled(bytes, 'bigint')({}).exports },
      { name: 'pairs', exports: instantiateCompiled(bytes, 'pairs')({}).exports },
    ];
  });

  /** Calls `name` with `args` on every engine; pairs and BigInt must agree with native. */
  function agree(name: string, args: unknown[]): void {
    const results = engines.map(({ exports }) => outcome(() => (exports[name] as (...a: unknown[]) => unknown)(...args)));
    expect({ name, args, pairs: results[2], bigint: results[1] }).toEqual({ name, args, pairs: results[0], bigint: results[0] });
  }

  it('emits no BigInt arithmetic for the pair-lowered ops', () => {
    const { code } = compile(bytes, { format: 'factory', i64: 'pairs' });
    expect(code).not.toMatch(/BigInt\.asIntN\(64/);
    expect(code).toMatch(/Math\.imul\(/);
    expect(code).toMatch(/\$i64PairDivU\(/);
  });

  it('binary ops and comparisons agree over edge and random values', () => {
    for (const op of [...BINARY, ...COMPARE]) for (const a of VALUES) for (const b of VALUES) agree(op, [a, b]);
  });

  it('unary ops, shifts and rotates by constants, constant operands agree', () => {
    for (const a of VALUES) {
      for (const op of [...UNARY, 'eqz', 'wrap', 'add_const', 'lt_u_const']) agree(op, [a]);
      for (const op of SHIFTS) for (const n of CONSTANT_COUNTS) agree(`${op}_${n}`, [a]);
      for (const b of [0n, 1n, -1n]) agree('select', [a, b, Number(b)]);
    }
    for (const x of I32_VALUES) {
      agree('extend_i32_s', [x]);
      agree('extend_i32_u', [x]);
    }
  });

  it('divides by every divisor width, trapping as Wasm does', () => {
    const divisors = [...VALUES, 3n, -3n, 1000003n, -1000003n, 0xffffffffn, -0x80000000n, 0x7fffffffn, 0x100000001n];
    const dividends = [...VALUES, -(1n << 63n), 1n << 62n, 999999999999n];
    for (const op of ['div_s', 'div_u', 'rem_s', 'rem_u']) for (const a of dividends) for (const b of divisors) agree(op, [a, b]);
  });

  it('loads and stores as two words, with the same bounds and no partial stores', () => {
    const edge = 65536 - 9; // offset=1: the 8-byte access ends exactly at the end of memory
    for (const op of STORES) {
      for (const address of [0, 3, edge, edge + 1, edge + 4, edge + 8, 0xffffffff]) {
        agree(op, [address, -0x0102030405060708n]);
        for (const probe of [address, address + 1, address + 4, address + 8, 65535]) agree('peek', [probe % 65536]);
        for (const load of LOADS) agree(load, [address]);
      }
    }
  });

  it('carries i64 loop parameters through a swap', () => {
    for (const n of [0, 1, 2, 10, 90, 93, 200]) agree('fib', [n]);
  });
});

describe('spec i64 scripts through the compiled engine in pairs mode', () => {
  it('passes i64, int_exprs, conversions, left-to-right, address, load, store, endianness, memory', async () => {
    const base = createCompiledEngine();
    let features: Readonly<WasmFeatures> = ALL_FEATURES;
    const engine: Engine = {
      ...base,
      name: 'compiled-pairs',
      instantiate: (bytes, imports) => instantiateCompiled(bytes, 'pairs', features)(imports),
      prepareFor(suite) {
        base.prepareFor?.(suite);
        features = suiteFeatures(suite);
      },
    };
    const names = new Set(['i64', 'int_exprs', 'int_literals', 'conversions', 'left-to-right', 'address', 'load', 'store', 'endianness', 'memory', 'select', 'local_tee', 'br_table', 'loop']);
    const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).filter((script) => names.has(script.name));
    expect(scripts.length).toBe(names.size);
    const summary = summarize('compiled-pairs', await runScripts(engine, scripts));
    expect(summary.failures).toEqual([]);
    expect(summary.totals.passed).toBeGreaterThan(2_000);
  });
});
