/**
 * Scalar numeric operations, table-driven: each opcode maps to a pure function of raw
 * values (the interpreter's register forms, f32 as bits: runtime-support/numeric.ts),
 * grouped by operand/result register file so one closure shape serves a whole group. The
 * hottest i32 ops get dedicated closures (FAST_I32_BINARY), which saves a nested call per
 * instruction.
 */
import { f64FromBits, f64ToBits } from '../../runtime-support/js/float-bits.js';
import { i64Clz, i64Ctz, i64DivS, i64DivU, i64Popcnt, i64RemS, i64RemU, i64Rotl, i64Rotr } from '../../runtime-support/js/i64.js';
import { i32Ctz, i32DivS, i32DivU, i32Popcnt, i32RemS, i32RemU, truncI32, truncI64, truncSatI32, truncSatI64 } from '../../runtime-support/js/numeric.js';
import { f32ConvertI64S, f32ConvertI64U, f32FromNumber, f32Ops, f32Value, f64Ops, i32Rotl, i32Rotr } from '../../runtime-support/numeric.js';
import type { OpContext, OpFactory } from './context.js';
import type { Op } from './function-instance.js';
import { bankOf } from './layout.js';
import { N, O } from './stack.js';

type NumToNum = (a: number) => number;
type NumNumToNum = (a: number, b: number) => number;
type BigToBig = (a: bigint) => bigint;
type BigBigToBig = (a: bigint, b: bigint) => bigint;
type BigBigToNum = (a: bigint, b: bigint) => number;
type BigToNum = (a: bigint) => number;
type NumToBig = (a: number) => bigint;

const s64 = (a: bigint): bigint => BigInt.asIntN(64, a);
const u64 = (a: bigint): bigint => BigInt.asUintN(64, a);
const bool = (b: boolean): number => (b ? 1 : 0);


/** Float ops whose names are shared by f32 (on bits) and f64. */
const FLOAT_UNARY = ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'] as const;
const FLOAT_BINARY = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign', 'eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const;

/** `prefix.name` entries for the named members of a float op table. */
function floatEntries<K extends string, T>(prefix: string, ops: Record<K, T>, names: readonly K[]): Record<string, T> {
  return Object.fromEntries(names.map((name) => [`${prefix}.${name}`, ops[name]]));
}

/** i32/f32/f64 operand -> i32/f32/f64 result. */
const N_UNARY: Record<string, NumToNum> = {
  'i32.eqz': (a) => bool(a === 0),
  'i32.clz': (a) => Math.clz32(a),
  'i32.ctz': i32Ctz,
  'i32.popcnt': i32Popcnt,
  'i32.extend8_s': (a) => (a << 24) >> 24,
  'i32.extend16_s': (a) => (a << 16) >> 16,
  ...floatEntries<(typeof FLOAT_UNARY)[number], NumToNum>('f32', f32Ops, FLOAT_UNARY),
  ...floatEntries<(typeof FLOAT_UNARY)[number], NumToNum>('f64', f64Ops, FLOAT_UNARY),
  'i32.trunc_f32_s': (a) => truncI32(f32Value(a), true),
  'i32.trunc_f32_u': (a) => truncI32(f32Value(a), false),
  'i32.trunc_f64_s': (a) => truncI32(a, true),
  'i32.trunc_f64_u': (a) => truncI32(a, false),
  'i32.trunc_sat_f32_s': (a) => truncSatI32(f32Value(a), true),
  'i32.trunc_sat_f32_u': (a) => truncSatI32(f32Value(a), false),
  'i32.trunc_sat_f64_s': (a) => truncSatI32(a, true),
  'i32.trunc_sat_f64_u': (a) => truncSatI32(a, false),
  'f32.convert_i32_s': (a) => f32FromNumber(a),
  'f32.convert_i32_u': (a) => f32FromNumber(a >>> 0),
  'f64.convert_i32_s': (a) => a,
  'f64.convert_i32_u': (a) => a >>> 0,
  'f32.demote_f64': (a) => (a === a ? f32FromNumber(a) : f32FromNumber(a) | 0x00400000),
  'f64.promote_f32': (a) => {
    const value = f32Value(a);
    return value === value ? value : value + value; // arithmetic: quiet even if the read kept a signalling NaN
  },
  'i32.reinterpret_f32': (a) => a,
  'f32.reinterpret_i32': (a) => a,
};

const N_BINARY: Record<string, NumNumToNum> = {
  'i32.add': (a, b) => (a + b) | 0,
  'i32.sub': (a, b) => (a - b) | 0,
  'i32.mul': Math.imul,
  'i32.div_s': i32DivS,
  'i32.div_u': i32DivU,
  'i32.rem_s': i32RemS,
  'i32.rem_u': i32RemU,
  'i32.and': (a, b) => a & b,
  'i32.or': (a, b) => a | b,
  'i32.xor': (a, b) => a ^ b,
  'i32.shl': (a, b) => a << b,
  'i32.shr_s': (a, b) => a >> b,
  'i32.shr_u': (a, b) => (a >>> b) | 0,
  'i32.rotl': i32Rotl,
  'i32.rotr': i32Rotr,
  'i32.eq': (a, b) => bool(a === b),
  'i32.ne': (a, b) => bool(a !== b),
  'i32.lt_s': (a, b) => bool(a < b),
  'i32.lt_u': (a, b) => bool(a >>> 0 < b >>> 0),
  'i32.gt_s': (a, b) => bool(a > b),
  'i32.gt_u': (a, b) => bool(a >>> 0 > b >>> 0),
  'i32.le_s': (a, b) => bool(a <= b),
  'i32.le_u': (a, b) => bool(a >>> 0 <= b >>> 0),
  'i32.ge_s': (a, b) => bool(a >= b),
  'i32.ge_u': (a, b) => bool(a >>> 0 >= b >>> 0),
  ...floatEntries<(typeof FLOAT_BINARY)[number], NumNumToNum>('f32', f32Ops, FLOAT_BINARY),
  ...floatEntries<(typeof FLOAT_BINARY)[number], NumNumToNum>('f64', f64Ops, FLOAT_BINARY),
};

const O_UNARY: Record<string, BigToBig> = {
  'i64.clz': i64Clz,
  'i64.ctz': i64Ctz,
  'i64.popcnt': i64Popcnt,
  'i64.extend8_s': (a) => BigInt.asIntN(8, a),
  'i64.extend16_s': (a) => BigInt.asIntN(16, a),
  'i64.extend32_s': (a) => BigInt.asIntN(32, a),
};

const O_BINARY: Record<string, BigBigToBig> = {
  'i64.add': (a, b) => s64(a + b),
  'i64.sub': (a, b) => s64(a - b),
  'i64.mul': (a, b) => s64(a * b),
  'i64.div_s': i64DivS,
  'i64.div_u': i64DivU,
  'i64.rem_s': i64RemS,
  'i64.rem_u': i64RemU,
  'i64.and': (a, b) => a & b,
  'i64.or': (a, b) => a | b,
  'i64.xor': (a, b) => a ^ b,
  'i64.shl': (a, b) => s64(a << (b & 63n)),
  'i64.shr_s': (a, b) => a >> (b & 63n),
  'i64.shr_u': (a, b) => s64(u64(a) >> (b & 63n)),
  'i64.rotl': i64Rotl,
  'i64.rotr': i64Rotr,
};

const O_COMPARE: Record<string, BigBigToNum> = {
  'i64.eq': (a, b) => bool(a === b),
  'i64.ne': (a, b) => bool(a !== b),
  'i64.lt_s': (a, b) => bool(a < b),
  'i64.lt_u': (a, b) => bool(u64(a) < u64(b)),
  'i64.gt_s': (a, b) => bool(a > b),
  'i64.gt_u': (a, b) => bool(u64(a) > u64(b)),
  'i64.le_s': (a, b) => bool(a <= b),
  'i64.le_u': (a, b) => bool(u64(a) <= u64(b)),
  'i64.ge_s': (a, b) => bool(a >= b),
  'i64.ge_u': (a, b) => bool(u64(a) >= u64(b)),
};

const O_TO_N: Record<string, BigToNum> = {
  'i64.eqz': (a) => bool(a === 0n),
  'i32.wrap_i64': (a) => Number(BigInt.asIntN(32, a)),
  'f32.convert_i64_s': f32ConvertI64S,
  'f32.convert_i64_u': f32ConvertI64U,
  'f64.convert_i64_s': (a) => Number(a),
  'f64.convert_i64_u': (a) => Number(u64(a)),
  'f64.reinterpret_i64': f64FromBits,
};

const N_TO_O: Record<string, NumToBig> = {
  'i64.extend_i32_s': (a) => BigInt(a),
  'i64.extend_i32_u': (a) => BigInt(a >>> 0),
  'i64.trunc_f32_s': (a) => truncI64(f32Value(a), true),
  'i64.trunc_f32_u': (a) => truncI64(f32Value(a), false),
  'i64.trunc_f64_s': (a) => truncI64(a, true),
  'i64.trunc_f64_u': (a) => truncI64(a, false),
  'i64.trunc_sat_f32_s': (a) => truncSatI64(f32Value(a), true),
  'i64.trunc_sat_f32_u': (a) => truncSatI64(f32Value(a), false),
  'i64.trunc_sat_f64_s': (a) => truncSatI64(a, true),
  'i64.trunc_sat_f64_u': (a) => truncSatI64(a, false),
  'i64.reinterpret_f64': f64ToBits,
};

/** Dedicated closures for the most frequent i32 operations (no nested call). */
const FAST_I32_BINARY: Record<string, (d: number, a: number, b: number) => Op> = {
  'i32.add': (d, a, b) => (fp) => {
    N[fp + d] = (N[fp + a]! + N[fp + b]!) | 0;
  },
  'i32.sub': (d, a, b) => (fp) => {
    N[fp + d] = (N[fp + a]! - N[fp + b]!) | 0;
  },
  'i32.and': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! & N[fp + b]!;
  },
  'i32.or': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! | N[fp + b]!;
  },
  'i32.xor': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! ^ N[fp + b]!;
  },
  'i32.shl': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! << N[fp + b]!;
  },
  'i32.shr_s': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! >> N[fp + b]!;
  },
  'i32.shr_u': (d, a, b) => (fp) => {
    N[fp + d] = (N[fp + a]! >>> N[fp + b]!) | 0;
  },
  'i32.eq': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a] === N[fp + b] ? 1 : 0;
  },
  'i32.ne': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a] !== N[fp + b] ? 1 : 0;
  },
  'i32.lt_s': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! < N[fp + b]! ? 1 : 0;
  },
  'i32.lt_u': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! >>> 0 < N[fp + b]! >>> 0 ? 1 : 0;
  },
  'i32.gt_s': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! > N[fp + b]! ? 1 : 0;
  },
  'i32.ge_s': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! >= N[fp + b]! ? 1 : 0;
  },
  'i32.le_s': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! <= N[fp + b]! ? 1 : 0;
  },
  'f64.add': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! + N[fp + b]!;
  },
  'f64.mul': (d, a, b) => (fp) => {
    N[fp + d] = N[fp + a]! * N[fp + b]!;
  },
};

function unaryN(f: NumToNum): OpFactory {
  return (ctx) => {
    const d = ctx.result(0);
    const a = ctx.arg(0);
    return (fp) => {
      N[fp + d] = f(N[fp + a]!);
    };
  };
}

function binaryN(name: string, f: NumNumToNum): OpFactory {
  const fast = FAST_I32_BINARY[name];
  return (ctx) => {
    const d = ctx.result(0);
    const a = ctx.arg(0);
    const b = ctx.arg(1);
    if (fast !== undefined) return fast(d, a, b);
    return (fp) => {
      N[fp + d] = f(N[fp + a]!, N[fp + b]!);
    };
  };
}

function unaryO(f: BigToBig): OpFactory {
  return (ctx) => {
    const d = ctx.result(0);
    const a = ctx.arg(0);
    return (fp) => {
      O[fp + d] = f(O[fp + a] as bigint);
    };
  };
}

function binaryO(f: BigBigToBig): OpFactory {
  return (ctx) => {
    const d = ctx.result(0);
    const a = ctx.arg(0);
    const b = ctx.arg(1);
    return (fp) => {
      O[fp + d] = f(O[fp + a] as bigint, O[fp + b] as bigint);
    };
  };
}

function compareO(f: BigBigToNum): OpFactory {
  return (ctx) => {
    const d = ctx.result(0);
    const a = ctx.arg(0);
    const b = ctx.arg(1);
    return (fp) => {
      N[fp + d] = f(O[fp + a] as bigint, O[fp + b] as bigint);
    };
  };
}

function oToN(f: BigToNum): OpFactory {
  return (ctx) => {
    const d = ctx.result(0);
    const a = ctx.arg(0);
    return (fp) => {
      N[fp + d] = f(O[fp + a] as bigint);
    };
  };
}

function nToO(f: NumToBig): OpFactory {
  return (ctx) => {
    const d = ctx.result(0);
    const a = ctx.arg(0);
    return (fp) => {
      O[fp + d] = f(N[fp + a]!);
    };
  };
}

function mapValues<T>(table: Record<string, T>, make: (fn: T, name: string) => OpFactory): Record<string, OpFactory> {
  return Object.fromEntries(Object.entries(table).map(([name, fn]) => [name, make(fn, name)]));
}

function constant(ctx: OpContext): Op {
  const d = ctx.result(0);
  const imm = ctx.inst.imm;
  switch (imm.kind) {
    case 'i32': {
      const value = imm.value | 0;
      return (fp) => {
        N[fp + d] = value;
      };
    }
    case 'f32': {
      const value = imm.bits | 0;
      return (fp) => {
        N[fp + d] = value;
      };
    }
    case 'f64': {
      const value = f64FromBits(imm.bits);
      return (fp) => {
        N[fp + d] = value;
      };
    }
    case 'i64': {
      const value = BigInt.asIntN(64, imm.value);
      return (fp) => {
        O[fp + d] = value;
      };
    }
    default:
      throw new Error(`constant with a '${imm.kind}' immediate`);
  }
}

/** `select a, b, c`: a when c is non-zero, for every register file. */
function select(ctx: OpContext): Op {
  const d = ctx.result(0);
  const a = ctx.arg(0);
  const b = ctx.arg(1);
  const c = ctx.arg(2);
  switch (bankOf(ctx.resultType(0))) {
    case 'n':
      return (fp) => {
        N[fp + d] = N[fp + c] !== 0 ? N[fp + a]! : N[fp + b]!;
      };
    case 'o':
      return (fp) => {
        O[fp + d] = N[fp + c] !== 0 ? O[fp + a] : O[fp + b];
      };
    case 'v':
      return (fp) => {
        const from = N[fp + c] !== 0 ? a : b;
        for (let i = 0; i < 4; i++) N[fp + d + i] = N[fp + from + i]!;
      };
  }
}

export const NUMERIC_OPS: Record<string, OpFactory> = {
  'i32.const': constant,
  'i64.const': constant,
  'f32.const': constant,
  'f64.const': constant,
  select,
  ...mapValues(N_UNARY, unaryN),
  ...mapValues(N_BINARY, (fn, name) => binaryN(name, fn)),
  ...mapValues(O_UNARY, unaryO),
  ...mapValues(O_BINARY, binaryO),
  ...mapValues(O_COMPARE, compareO),
  ...mapValues(O_TO_N, oToN),
  ...mapValues(N_TO_O, nToO),
};
