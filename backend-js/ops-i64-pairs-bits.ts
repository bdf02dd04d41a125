/**
 * Known bits of i64 values for the pair lowering (ops-i64-pairs.ts): which bits of each
 * instruction result are statically 0 or 1. C code is full of i64 values whose high word is
 * always 0 (`x & 0xffffffff`, `x >> 32`, zero-extended loads, bit counts): a word that is
 * entirely known becomes a literal at every use instead of a local, and the lowerings fold it
 * (an `imul` by 0 disappears, a carry into a zero word is just the carry). Shift counts known
 * below 32 and divisors known to be nonzero u32s pick simpler inline code.
 *
 * A forward pass over the instructions; block parameters are unknown (no fixed point over
 * loops), so each fact follows from the instruction's operands alone and is sound however
 * many passes ran: passes repeat only to reach instructions laid out before their operands.
 */
import type { IrFunction, Value } from '../ir/function.js';

/** Bits known 0 (`zeros`) and known 1 (`ones`), as u64 masks. */
export interface KnownBits {
  readonly zeros: bigint;
  readonly ones: bigint;
}

const ALL = (1n << 64n) - 1n;
const UNKNOWN: KnownBits = { zeros: 0n, ones: 0n };

const exact = (value: bigint): KnownBits => ({ zeros: ~value & ALL, ones: value & ALL });
const rotl = (mask: bigint, n: number): bigint => ((mask << BigInt(n)) | (mask >> BigInt((64 - n) & 63))) & ALL;
/** Zero-extended results of narrower width: every bit from `bits` up is 0. */
const narrow = (bits: number): KnownBits => ({ zeros: ALL & ~((1n << BigInt(bits)) - 1n), ones: 0n });

/** Bits of a constant shift: `count` is the shift amount's own known bits. */
function shifted(opcode: string, a: KnownBits, count: KnownBits): KnownBits {
  if (((count.zeros | count.ones) & 63n) !== 63n) return UNKNOWN;
  const n = Number(count.ones & 63n);
  const k = BigInt(n);
  switch (opcode) {
    case 'i64.shl':
      return { zeros: ((a.zeros << k) | ((1n << k) - 1n)) & ALL, ones: (a.ones << k) & ALL };
    case 'i64.shr_u':
      return { zeros: (a.zeros >> k) | (ALL & ~(ALL >> k)), ones: a.ones >> k };
    case 'i64.shr_s':
      return { zeros: BigInt.asUintN(64, BigInt.asIntN(64, a.zeros) >> k), ones: BigInt.asUintN(64, BigInt.asIntN(64, a.ones) >> k) };
    case 'i64.rotl':
      return { zeros: rotl(a.zeros, n), ones: rotl(a.ones, n) };
    case 'i64.rotr':
      return { zeros: rotl(a.zeros, (64 - n) & 63), ones: rotl(a.ones, (64 - n) & 63) };
    default:
      return UNKNOWN;
  }
}

function transfer(opcode: string, imm: IrFunction['insts'][number]['imm'], operand: (i: number) => KnownBits): KnownBits {
  switch (opcode) {
    case 'i64.const':
      return imm.kind === 'i64' ? exact(BigInt.asUintN(64, imm.value)) : UNKNOWN;
    case 'i64.and': {
      const [a, b] = [operand(0), operand(1)];
      return { zeros: a.zeros | b.zeros, ones: a.ones & b.ones };
    }
    case 'i64.or': {
      const [a, b] = [operand(0), operand(1)];
      return { zeros: a.zeros & b.zeros, ones: a.ones | b.ones };
    }
    case 'i64.xor': {
      const [a, b] = [operand(0), operand(1)];
      return { zeros: (a.zeros & b.zeros) | (a.ones & b.ones), ones: (a.zeros & b.ones) | (a.ones & b.zeros) };
    }
    case 'select': {
      const [a, b] = [operand(0), operand(1)];
      return { zeros: a.zeros & b.zeros, ones: a.ones & b.ones };
    }
    case 'i64.shl':
    case 'i64.shr_u':
    case 'i64.shr_s':
    case 'i64.rotl':
    case 'i64.rotr':
      return shifted(opcode, operand(0), operand(1));
    case 'i64.clz':
    case 'i64.ctz':
    case 'i64.popcnt':
      return narrow(7);
    case 'i64.extend_i32_u':
    case 'i64.load32_u':
      return narrow(32);
    case 'i64.load16_u':
      return narrow(16);
    case 'i64.load8_u':
      return narrow(8);
    case 'i64.rem_u': {
      // Below the divisor, whose largest possible value has every bit not known 0 set.
      const largest = ~operand(1).zeros & ALL;
      return largest === 0n ? UNKNOWN : narrow((largest - 1n).toString(2).length);
    }
    default:
      return UNKNOWN;
  }
}

/** The known bits of every i64 instruction result of `fn` (unlisted values: nothing known). */
export function knownI64Bits(fn: IrFunction): Map<Value, KnownBits> {
  const known = new Map<Value, KnownBits>();
  const bitsOf = (value: Value): KnownBits => known.get(value) ?? UNKNOWN;
  for (let pass = 0, changed = true; changed && pass < 4; pass++) {
    changed = false;
    for (const block of fn.layout) {
      for (const inst of fn.blocks[block]!.insts) {
        const data = fn.insts[inst]!;
        const result = data.results[0];
        if (data.results.length !== 1 || fn.values[result!]!.type !== 'i64') continue;
        const bits = transfer(data.opcode, data.imm, (i) => bitsOf(data.args[i]!));
        const before = bitsOf(result!);
        if (bits.zeros !== before.zeros || bits.ones !== before.ones) {
          known.set(result!, bits);
          changed = true;
        }
      }
    }
  }
  return known;
}

/** Word `w` (0 low, 1 high) of a value when all its bits are known, as an int32. */
export function knownWord(bits: KnownBits, w: 0 | 1): number | undefined {
  const shift = BigInt(32 * w);
  const mask = 0xffffffffn;
  if ((((bits.zeros | bits.ones) >> shift) & mask) !== mask) return undefined;
  return Number(BigInt.asIntN(32, bits.ones >> shift));
}
