/**
 * Exact numeric helpers of runtime-support/numeric.ts and runtime-support/js/numeric.ts on
 * the edge cases JS gets wrong by default.
 */
import { describe, expect, it } from 'vitest';
import { fnearest, truncI32, truncI64, truncSatI64 } from '../../runtime-support/js/numeric.js';
import { f32ConvertI64S, f32ConvertI64U, f32FromNumber, f32Ops, f64Ops } from '../../runtime-support/numeric.js';

describe('numeric helpers', () => {
  it('rounds i64 -> f32 once (no double rounding through f64)', () => {
    // 2^53 + 2^29 + 1 is just above a tie between two f32 values: it must round up.
    const value = 2n ** 53n + 2n ** 29n + 1n;
    expect(f32ConvertI64S(value)).toBe(f32FromNumber(2 ** 53 + 2 ** 30));
    expect(f32ConvertI64S(-value)).toBe(f32FromNumber(-(2 ** 53 + 2 ** 30)));
    expect(f32ConvertI64U(-1n)).toBe(f32FromNumber(2 ** 64));
  });

  it('rounds to nearest even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -2.5, 2.4, -2.6].map(fnearest)).toEqual([0, 2, 2, -0, -2, 2, -3]);
    expect(Object.is(fnearest(-0.4), -0)).toBe(true);
  });

  it('keeps f32 NaN payloads in bit operations and quietens them in arithmetic', () => {
    const snan = 0x7fa00000;
    expect(f32Ops.neg(snan) >>> 0).toBe(0xffa00000);
    expect(f32Ops.abs(snan | 0x80000000)).toBe(snan);
    expect(f32Ops.add(snan, 0) >>> 0).toBe(0x7fe00000);
    expect(f32Ops.min(f32FromNumber(-0), 0) >>> 0).toBe(0x80000000);
    expect(f32Ops.max(f32FromNumber(-0), 0)).toBe(0);
  });

  it('orders signed zeros in f64 min/max', () => {
    expect(Object.is(f64Ops.min(0, -0), -0)).toBe(true);
    expect(Object.is(f64Ops.max(-0, 0), 0)).toBe(true);
  });

  it('traps or saturates float -> int at the exact bounds', () => {
    expect(truncI32(4294967295.9, false)).toBe(-1);
    expect(() => truncI32(4294967296, false)).toThrow('integer overflow');
    expect(() => truncI32(-1, false)).toThrow('integer overflow');
    expect(truncI32(-0.9, false)).toBe(0);
    expect(truncI64(-(2 ** 63), true)).toBe(-(2n ** 63n));
    expect(() => truncI64(2 ** 63, true)).toThrow('integer overflow');
    expect(truncSatI64(2 ** 64, false)).toBe(-1n);
    expect(truncSatI64(NaN, false)).toBe(0n);
  });
});
