/**
 * i64 helpers for the BigInt representation (values in [-2^63, 2^63)). Isolated so that a
 * later legalization to pairs of int32 replaces this file and backend-js/ops-i64.ts only.
 */
import { i32Popcnt } from './numeric.js';
import { trap } from './traps.js';

const MIN_I64 = -0x8000000000000000n;

export function i64DivS(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  if (a === MIN_I64 && b === -1n) trap('int_ovf');
  return a / b;
}

export function i64DivU(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  return BigInt.asIntN(64, BigInt.asUintN(64, a) / BigInt.asUintN(64, b));
}

export function i64RemS(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  return a % b;
}

export function i64RemU(a: bigint, b: bigint): bigint {
  if (b === 0n) trap('int_divz');
  return BigInt.asIntN(64, BigInt.asUintN(64, a) % BigInt.asUintN(64, b));
}

export function i64Rotl(a: bigint, b: bigint): bigint {
  const count = b & 63n;
  const bits = BigInt.asUintN(64, a);
  return BigInt.asIntN(64, (bits << count) | (bits >> ((64n - count) & 63n)));
}

export function i64Rotr(a: bigint, b: bigint): bigint {
  const count = b & 63n;
  const bits = BigInt.asUintN(64, a);
  return BigInt.asIntN(64, (bits >> count) | (bits << ((64n - count) & 63n)));
}

function highWord(a: bigint): number {
  return Number(BigInt.asIntN(32, a >> 32n));
}

function lowWord(a: bigint): number {
  return Number(BigInt.asIntN(32, a));
}

export function i64Clz(a: bigint): bigint {
  const high = highWord(a);
  return BigInt(high !== 0 ? Math.clz32(high) : 32 + Math.clz32(lowWord(a)));
}

export function i64Ctz(a: bigint): bigint {
  const low = lowWord(a);
  if (low !== 0) return BigInt(31 - Math.clz32(low & -low));
  const high = highWord(a);
  return BigInt(high === 0 ? 64 : 63 - Math.clz32(high & -high));
}

export function i64Popcnt(a: bigint): bigint {
  return BigInt(i32Popcnt(highWord(a)) + i32Popcnt(lowWord(a)));
}

export function i64LtU(a: bigint, b: bigint): boolean {
  return BigInt.asUintN(64, a) < BigInt.asUintN(64, b);
}

/** i32.wrap_i64 */
export function i64Wrap(a: bigint): number {
  return Number(BigInt.asIntN(32, a));
}
