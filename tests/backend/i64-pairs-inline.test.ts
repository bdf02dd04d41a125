/**
 * The inline i64 pair lowerings that replace runtime helpers (backend-js/ops-i64-pairs-div.ts,
 * ops-i64-pairs-ops.ts, ops-i64-pairs-bits.ts): division and remainder by constants and by
 * divisors known to be nonzero u32s, bit counts, variable shifts and rotates, and words known
 * statically. Every result is checked against BigInt reference semantics, traps included.
 */
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import * as runtime from '../../runtime-support/js/index.js';
import type { CompiledInstance } from './harness.js';

type Factory = (rt: typeof runtime) => { instantiate(imports: unknown): CompiledInstance };
type I64Fn = (...args: bigint[]) => bigint;

const M64 = (1n << 64n) - 1n;
const MIN = -(1n << 63n);
const u64 = (x: bigint): bigint => x & M64;
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);

class Trap extends Error {}

/** Wasm semantics of the i64 division ops on BigInts (results as signed i64). */
const DIVISION: Record<string, (a: bigint, b: bigint) => bigint> = {
  div_u: (a, b) => {
    if (u64(b) === 0n) throw new Trap('divide by zero');
    return s64(u64(a) / u64(b));
  },
  rem_u: (a, b) => {
    if (u64(b) === 0n) throw new Trap('divide by zero');
    return s64(u64(a) % u64(b));
  },
  div_s: (a, b) => {
    [a, b] = [s64(a), s64(b)];
    if (b === 0n) throw new Trap('divide by zero');
    if (a === MIN && b === -1n) throw new Trap('overflow');
    return s64(a / b);
  },
  rem_s: (a, b) => {
    [a, b] = [s64(a), s64(b)];
    if (b === 0n) throw new Trap('divide by zero');
    return s64(a % b);
  },
};

const CONSTANT_DIVISORS = [
  1n, 2n, 3n, 5n, 7n, 10n, 1n << 16n, 1n << 31n, 1n << 32n, 1n << 33n, 1n << 63n, 1000003n, 1000000000n, (1n << 21n) - 1n, 1n << 21n,
  (1n << 21n) + 1n, 0xffffffffn, 0x7fffffffn, 0x100000001n, -1n, -2n, -3n, -10n, -1000003n, -(1n << 31n), -(1n << 31n) - 1n, MIN, (1n << 63n) - 1n, 0n,
];

function randomValues(count: number): bigint[] {
  let state = 0x2545f4914f6cdd1dn; // a fixed xorshift sequence
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    state ^= u64(state << 13n);
    state ^= state >> 7n;
    state ^= u64(state << 17n);
    out.push(s64(i % 3 === 0 ? state : state >> BigInt((i * 7) % 64)));
  }
  return out;
}

const DIVIDENDS = [
  0n, 1n, -1n, 2n, 9n, 10n, 11n, MIN, MIN + 1n, (1n << 63n) - 1n, 0xffffffffn, 1n << 32n, (1n << 32n) + 1n, -(1n << 32n), 1000002n, 1000003n,
  -1000003n, 999999999999n, -999999999999n, (1n << 53n) + 1n, ...randomValues(24),
];

const SMALL_DIVISOR_MASKS = { low32: 0xffffffffn, low20: 0xfffffn };

function moduleText(): string {
  const fns: string[] = [];
  for (const op of Object.keys(DIVISION)) {
    CONSTANT_DIVISORS.forEach((d, k) => fns.push(`(func (export "${op}_c${k}") (param i64) (result i64) (i64.${op} (local.get 0) (i64.const ${d})))`));
    // Divisors known to be nonzero u32s (below 2^24), and known u32s that may be zero.
    fns.push(`(func (export "${op}_nonzero") (param i64 i64) (result i64)
      (i64.${op} (local.get 0) (i64.or (i64.shr_u (local.get 1) (i64.const 40)) (i64.const 3))))`);
    for (const [name, mask] of Object.entries(SMALL_DIVISOR_MASKS)) {
      fns.push(`(func (export "${op}_${name}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (i64.and (local.get 1) (i64.const ${mask}))))`);
    }
  }
  for (const sign of ['s', 'u']) fns.push(`(func (export "to_f64_${sign}") (param i64) (result f64) (f64.convert_i64_${sign} (local.get 0)))`);
  for (const op of ['clz', 'ctz', 'popcnt']) fns.push(`(func (export "${op}") (param i64) (result i64) (i64.${op} (local.get 0)))`);
  for (const op of ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr']) {
    fns.push(`(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`);
    // Counts with bit 5 known 0 and known 1.
    fns.push(`(func (export "${op}_narrow") (param i64 i64) (result i64) (i64.${op} (local.get 0) (i64.and (local.get 1) (i64.const 31))))`);
    fns.push(`(func (export "${op}_wide") (param i64 i64) (result i64) (i64.${op} (local.get 0) (i64.or (local.get 1) (i64.const 32))))`);
  }
  // Words known 0: 32×32→64 products and sums of zero-extended halves (mum_hash's shape).
  fns.push(`(func (export "mul32") (param i64 i64) (result i64)
    (i64.mul (i64.and (local.get 0) (i64.const 0xffffffff)) (i64.shr_u (local.get 1) (i64.const 32))))`);
  fns.push(`(func (export "mul_narrow") (param i64 i64) (result i64)
    (i64.mul (i64.and (local.get 0) (i64.const 0xffff)) (local.get 1)))`);
  fns.push(`(func (export "sum_halves") (param i64 i64) (result i64)
    (i64.add (i64.add (i64.shr_u (local.get 0) (i64.const 32)) (i64.and (local.get 1) (i64.const 0xffffffff)))
             (i64.xor (i64.shl (local.get 0) (i64.const 32)) (i64.extend_i32_u (i32.wrap_i64 (local.get 1))))))`);
  fns.push(`(func (export "sub_known") (param i64 i64) (result i64)
    (i64.sub (i64.and (local.get 0) (i64.const 0xffffffff)) (i64.rem_u (local.get 1) (i64.const 1000003))))`);
  fns.push(`(func (export "select_known") (param i64 i64 i32) (result i64)
    (i64.add (select (i64.and (local.get 0) (i64.const 0xff)) (i64.load8_u (i32.const 0)) (local.get 2))
             (i64.rotl (i64.popcnt (local.get 1)) (i64.const 40))))`);
  return `(module (memory 1) (data (i32.const 0) "\\ff") ${fns.join('\n')})`;
}

const REFERENCE: Record<string, (a: bigint, b: bigint) => bigint> = {
  clz: (a) => (u64(a) === 0n ? 64n : BigInt(64 - u64(a).toString(2).length)),
  ctz: (a) => (u64(a) === 0n ? 64n : BigInt(u64(a).toString(2).length - u64(a).toString(2).lastIndexOf('1') - 1)),
  popcnt: (a) => BigInt([...u64(a).toString(2)].filter((bit) => bit === '1').length),
  shl: (a, n) => s64(a << (n & 63n)),
  shr_s: (a, n) => s64(a) >> (n & 63n),
  shr_u: (a, n) => s64(u64(a) >> (n & 63n)),
  rotl: (a, n) => s64((u64(a) << (n & 63n)) | (u64(a) >> ((64n - (n & 63n)) & 63n))),
  rotr: (a, n) => s64((u64(a) >> (n & 63n)) | (u64(a) << ((64n - (n & 63n)) & 63n))),
};

/** A call's outcome: its value or, for a trap, the word "trap" (BigInt reference likewise). */
function outcome(fn: () => bigint): bigint | 'trap' {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Trap || (error instanceof Error && /divi|overflow|trap/i.test(error.message))) return 'trap';
    throw error;
  }
}

describe('inline i64 pair lowerings', () => {
  let exports: Readonly<Record<string, I64Fn>>;
  let code: string;

  beforeAll(async () => {
    const wabt = await wabtInit();
    const bytes = wabt.parseWat('inline.wat', moduleText()).toBinary({}).buffer;
    code = compile(bytes, { format: 'factory', i64: 'pairs' }).code;
    const { instantiate } = ((0, eval)(code) as Factory)(runtime);
    exports = instantiate({}).exports as Readonly<Record<string, I64Fn>>;
  });

  function check(name: string, args: bigint[], expected: () => bigint): void {
    const actual = outcome(() => exports[name]!(...args));
    expect({ name, args, result: actual }).toEqual({ name, args, result: outcome(expected) });
  }

  it('calls no runtime helper for the inline cases', async () => {
    const wabt = await wabtInit();
    const ops = [
      '(i64.div_u (local.get 0) (i64.const 1000003))',
      '(i64.rem_u (local.get 0) (i64.const 10))',
      '(i64.div_u (local.get 0) (i64.const 0x80000000_00000000))',
      '(i64.div_s (local.get 0) (i64.const -7))',
      '(i64.rem_s (local.get 0) (i64.const 0x7fffffff))',
      '(i64.div_u (local.get 0) (i64.or (i64.shr_u (local.get 1) (i64.const 40)) (i64.const 3)))',
      '(i64.clz (local.get 0))',
      '(i64.ctz (local.get 0))',
      '(i64.popcnt (local.get 0))',
      '(i64.rotl (local.get 0) (local.get 1))',
      '(i64.rotr (local.get 0) (local.get 1))',
    ];
    const fns = ops.map((op, k) => `(func (export "f${k}") (param i64 i64) (result i64) ${op})`);
    const bytes = wabt.parseWat('inline-only.wat', `(module ${fns.join('\n')})`).toBinary({}).buffer;
    const inlineCode = compile(bytes, { format: 'factory', i64: 'pairs' }).code;
    expect(inlineCode).not.toMatch(/\$i64Pair\w+\(/);
    // Pair bodies return an i64's high word in $i64PairHigh and their raw entries read it
    // (backend-js/i64-pair-calls.ts); apart from that calling convention nothing touches it.
    const withoutCallConvention = inlineCode
      .replace(/\$i64PairHigh\[0\] = [\w$]+;\s*return [\w$]+;/g, '')
      .replace(/function \w+\$raw\([^)]*\) \{[\s\S]*?\n\s*\}/g, '');
    expect(withoutCallConvention).not.toMatch(/\$i64PairHigh\[/);
    // The wide-divisor and possibly-zero cases keep the helper (traps and all).
    expect(code).toMatch(/\$i64PairDivU\(/);
    expect(code).toMatch(/\$i64PairDivS\(/);
  });

  it('divides by constants: 1, powers of two, narrow and wide, negative, 0 and -1 (traps)', () => {
    for (const [op, reference] of Object.entries(DIVISION)) {
      CONSTANT_DIVISORS.forEach((d, k) => {
        for (const a of DIVIDENDS) check(`${op}_c${k}`, [a], () => reference(a, d));
      });
    }
  });

  it('divides by variable divisors known nonzero, known u32 and possibly zero', () => {
    const divisors = [...DIVIDENDS, 0n, 0x100000000n, 0xfff00000n, 0xfffffn];
    for (const [op, reference] of Object.entries(DIVISION)) {
      for (const a of DIVIDENDS) {
        for (const b of divisors) {
          check(`${op}_nonzero`, [a, b], () => reference(a, (u64(b) >> 40n) | 3n));
          for (const [name, mask] of Object.entries(SMALL_DIVISOR_MASKS)) check(`${op}_${name}`, [a, b], () => reference(a, b & mask));
        }
      }
    }
  });

  it('counts bits at every position and over random words', () => {
    const values = [...DIVIDENDS];
    for (let bit = 0n; bit < 64n; bit++) values.push(s64(1n << bit), s64(~(1n << bit)), s64((1n << bit) - 1n), s64(M64 << bit));
    for (const op of ['clz', 'ctz', 'popcnt']) for (const a of values) check(op, [a], () => REFERENCE[op]!(a, 0n));
  });

  it('converts to f64 on the words, rounding once to nearest even', () => {
    const values = [...DIVIDENDS, (1n << 53n) + 1n, (1n << 54n) + 2n, (1n << 54n) + 6n, -(1n << 53n) - 1n, (1n << 64n) - 1025n, (1n << 63n) + 1024n, (1n << 63n) + 1025n];
    const convert = (name: string) => exports[name] as unknown as (x: bigint) => number;
    for (const a of values) {
      expect({ a, result: convert('to_f64_s')(s64(a)) }).toEqual({ a, result: Number(s64(a)) });
      expect({ a, result: convert('to_f64_u')(s64(a)) }).toEqual({ a, result: Number(u64(a)) });
    }
  });

  it('shifts and rotates by variable counts, with bit 5 unknown, known 0 and known 1', () => {
    const counts = [0n, 1n, 5n, 31n, 32n, 33n, 63n, 64n, 65n, 100n, -1n, MIN, 0x1_0000_0020n];
    for (const op of ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr']) {
      for (const a of DIVIDENDS.slice(0, 24)) {
        for (const n of counts) {
          check(op, [a, n], () => REFERENCE[op]!(a, n));
          check(`${op}_narrow`, [a, n], () => REFERENCE[op]!(a, n & 31n));
          check(`${op}_wide`, [a, n], () => REFERENCE[op]!(a, n | 32n));
        }
      }
    }
  });

  it('folds statically known words into products, sums, differences and selects', () => {
    for (const a of DIVIDENDS) {
      for (const b of DIVIDENDS.slice(0, 30)) {
        check('mul32', [a, b], () => s64((a & 0xffffffffn) * (u64(b) >> 32n)));
        check('mul_narrow', [a, b], () => s64((a & 0xffffn) * b));
        check('sum_halves', [a, b], () => s64((u64(a) >> 32n) + (b & 0xffffffffn) + ((u64(a) << 32n) ^ (b & 0xffffffffn))));
        check('sub_known', [a, b], () => s64((a & 0xffffffffn) - (u64(b) % 1000003n)));
        const rotated = (popcount: bigint): bigint => s64((popcount << 40n) & M64);
        for (const condition of [0n, 1n]) {
          const chosen = condition !== 0n ? a & 0xffn : 0xffn;
          const fn = exports['select_known'] as unknown as (x: bigint, y: bigint, c: number) => bigint;
          expect({ a, b, condition, result: fn(a, b, Number(condition)) }).toEqual({ a, b, condition, result: s64(chosen + rotated(REFERENCE['popcnt']!(b, 0n))) });
        }
      }
    }
  });
});
