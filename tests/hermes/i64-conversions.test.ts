/**
 * i64 → f32/f64 (runtime-support/js/numeric.ts) avoid Number() of BigInts >= 2^32, which
 * Hermes 0.12 gets wrong from 2^63 on, by recombining 32-bit words with float arithmetic.
 * Here they are compared, on V8, with a correctly rounded reference computed in BigInt
 * arithmetic, over values chosen to hit rounding boundaries (ties, sticky bits far below the
 * guard bit, every bit length). hermes.test.ts runs core/conversions on Hermes itself.
 */
import { describe, expect, it } from 'vitest';
import { i64ToF32, i64ToF64 } from '../../runtime-support/js/numeric.js';

/** `value` rounded to nearest-even with `bits` significant bits, as a number. */
function roundReference(value: bigint, bits: number): number {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const length = magnitude.toString(2).length;
  let result: number;
  if (length <= bits) result = Number(magnitude);
  else {
    const shift = BigInt(length - bits);
    let kept = magnitude >> shift;
    const rest = magnitude - (kept << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
    result = Number(kept) * 2 ** Number(shift); // both exact: kept <= 2^bits
  }
  return negative ? -result : result;
}

/** A deterministic spread of 64-bit patterns (LCG), shaped towards rounding boundaries. */
function samples(count: number): bigint[] {
  let state = 0x2545f4914f6cdd1dn;
  const next = (): bigint => (state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn);
  const out: bigint[] = [0n, 1n, 0xffffffffffffffffn, 1n << 63n, (1n << 63n) - 1n, (1n << 53n) + 1n, (1n << 24n) + 1n];
  for (let i = 0; i < count; i++) {
    const random = next();
    const length = Number(next() % 65n);
    const truncated = random >> BigInt(64 - length); // every bit length
    switch (i % 4) {
      case 0:
        out.push(random);
        break;
      case 1:
        out.push(truncated);
        break;
      case 2: // a tie or near-tie at f32 precision: 1 then zeros or a lone low bit
        out.push((truncated >> 40n << 40n) | (1n << 39n) | (next() & 1n));
        break;
      default: // runs of ones: carries through the rounding point
        out.push(truncated | ((1n << BigInt(Number(next() % 40n))) - 1n));
    }
  }
  return out.map((pattern) => BigInt.asUintN(64, pattern));
}

describe('i64 → float conversions', () => {
  const patterns = samples(20_000);

  for (const signed of [true, false]) {
    const kind = signed ? 'signed' : 'unsigned';
    it(`rounds ${kind} values to f64 once`, () => {
      const wrong = patterns.filter((bits) => {
        const value = signed ? BigInt.asIntN(64, bits) : bits;
        return !Object.is(i64ToF64(BigInt.asIntN(64, bits), signed), roundReference(value, 53));
      });
      expect(wrong).toEqual([]);
    });

    it(`rounds ${kind} values to f32 once`, () => {
      const wrong = patterns.filter((bits) => {
        const value = signed ? BigInt.asIntN(64, bits) : bits;
        return !Object.is(i64ToF32(BigInt.asIntN(64, bits), signed), roundReference(value, 24));
      });
      expect(wrong).toEqual([]);
    });
  }

  it('rounds where rounding to f64 first would be off by one ulp', () => {
    // 2^63 + 2^39 + 1: to f64 it is 2^63 + 2^39, exactly half an f32 ulp (2^40) above 2^63,
    // which then rounds to even (2^63); the value itself is above the tie: 2^63 + 2^40.
    const value = (1n << 63n) + (1n << 39n) + 1n;
    expect(i64ToF32(BigInt.asIntN(64, value), false)).toBe(2 ** 63 + 2 ** 40);
    expect(Math.fround(Number(value))).toBe(2 ** 63);
  });
});
