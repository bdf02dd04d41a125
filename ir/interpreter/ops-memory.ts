/**
 * Linear-memory loads and stores (scalar and SIMD), memory.size / grow, bulk memory and
 * data.drop. Every access checks `ea + width <= byteLength` (trap heap_oob) unless the IR
 * marks it `inBounds`. Addresses are i32 (read unsigned) or, for memory64, i64 BigInts;
 * effective addresses are exact doubles (anything beyond 2^53 is out of bounds anyway).
 * The memory's `view` / `bytes` are read at each access because memory may grow.
 */
import type { MemArgImm } from '../function.js';
import { trap } from '../../runtime-support/js/traps.js';
import type { Memory } from '../../runtime-support/memory.js';
import type { OpContext, OpFactory } from './context.js';
import type { Op } from './function-instance.js';
import { N, O } from './stack.js';
import { A, R } from './v128.js';

export function memarg(ctx: OpContext): MemArgImm {
  if (ctx.inst.imm.kind !== 'memarg') throw new Error(`${ctx.inst.opcode} without a memarg`);
  return ctx.inst.imm;
}

/** Reads an address operand (i32 unsigned, or i64 for memory64) as a number. */
export function addressOf(ctx: OpContext, argIndex: number, index64: boolean): (fp: number) => number {
  const a = ctx.arg(argIndex);
  if (index64) return (fp) => Number(BigInt.asUintN(64, O[fp + a] as bigint));
  return (fp) => N[fp + a]! >>> 0;
}

/** Effective address of a memarg access after its bounds check. */
export function checkedAddress(ctx: OpContext, memory: Memory, width: number): (fp: number) => number {
  const { offset, inBounds } = memarg(ctx);
  const address = addressOf(ctx, 0, memory.index64);
  if (inBounds) return (fp) => address(fp) + offset;
  return (fp) => {
    const ea = address(fp) + offset;
    if (ea > memory.byteLength - width) trap('heap_oob');
    return ea;
  };
}

type NumberRead = (view: DataView, ea: number) => number;
type NumberWrite = (view: DataView, ea: number, value: number) => void;
type BigRead = (view: DataView, ea: number) => bigint;
type BigWrite = (view: DataView, ea: number, value: bigint) => void;

const NUMBER_LOADS: Record<string, [number, NumberRead]> = {
  'i32.load': [4, (v, ea) => v.getInt32(ea, true)],
  'f32.load': [4, (v, ea) => v.getInt32(ea, true)], // f32 registers hold bits
  'f64.load': [8, (v, ea) => v.getFloat64(ea, true)],
  'i32.load8_s': [1, (v, ea) => v.getInt8(ea)],
  'i32.load8_u': [1, (v, ea) => v.getUint8(ea)],
  'i32.load16_s': [2, (v, ea) => v.getInt16(ea, true)],
  'i32.load16_u': [2, (v, ea) => v.getUint16(ea, true)],
};

const BIG_LOADS: Record<string, [number, BigRead]> = {
  'i64.load': [8, (v, ea) => v.getBigInt64(ea, true)],
  'i64.load8_s': [1, (v, ea) => BigInt(v.getInt8(ea))],
  'i64.load8_u': [1, (v, ea) => BigInt(v.getUint8(ea))],
  'i64.load16_s': [2, (v, ea) => BigInt(v.getInt16(ea, true))],
  'i64.load16_u': [2, (v, ea) => BigInt(v.getUint16(ea, true))],
  'i64.load32_s': [4, (v, ea) => BigInt(v.getInt32(ea, true))],
  'i64.load32_u': [4, (v, ea) => BigInt(v.getUint32(ea, true))],
};

const NUMBER_STORES: Record<string, [number, NumberWrite]> = {
  'i32.store': [4, (v, ea, x) => v.setInt32(ea, x, true)],
  'f32.store': [4, (v, ea, x) => v.setInt32(ea, x, true)],
  'f64.store': [8, (v, ea, x) => v.setFloat64(ea, x, true)],
  'i32.store8': [1, (v, ea, x) => v.setInt8(ea, x)],
  'i32.store16': [2, (v, ea, x) => v.setInt16(ea, x, true)],
};

const BIG_STORES: Record<string, [number, BigWrite]> = {
  'i64.store': [8, (v, ea, x) => v.setBigInt64(ea, x, true)],
  'i64.store8': [1, (v, ea, x) => v.setInt8(ea, Number(x & 0xffn))],
  'i64.store16': [2, (v, ea, x) => v.setInt16(ea, Number(x & 0xffffn), true)],
  'i64.store32': [4, (v, ea, x) => v.setInt32(ea, Number(x & 0xffffffffn), true)],
};

function memoryOf(ctx: OpContext, index: number): Memory {
  const memory = ctx.instance.memories[index];
  if (memory === undefined) throw new Error(`${ctx.inst.opcode}: unknown memory ${index}`);
  return memory;
}

type FastAccess = (memory: Memory, address: number, value: number, offset: number) => Op;

/** Dedicated closures for the most frequent memory32 accesses: no nested read/write call. */
const FAST_ACCESS: Record<string, FastAccess> = {
  'i32.load': (memory, a, d, offset) => (fp) => {
    const ea = (N[fp + a]! >>> 0) + offset;
    if (ea > memory.byteLength - 4) trap('heap_oob');
    N[fp + d] = memory.view.getInt32(ea, true);
  },
  'i32.load8_u': (memory, a, d, offset) => (fp) => {
    const ea = (N[fp + a]! >>> 0) + offset;
    if (ea >= memory.byteLength) trap('heap_oob');
    N[fp + d] = memory.bytes[ea]!;
  },
  'i32.load8_s': (memory, a, d, offset) => (fp) => {
    const ea = (N[fp + a]! >>> 0) + offset;
    if (ea >= memory.byteLength) trap('heap_oob');
    N[fp + d] = (memory.bytes[ea]! << 24) >> 24;
  },
  'f64.load': (memory, a, d, offset) => (fp) => {
    const ea = (N[fp + a]! >>> 0) + offset;
    if (ea > memory.byteLength - 8) trap('heap_oob');
    N[fp + d] = memory.view.getFloat64(ea, true);
  },
  'i32.store': (memory, a, v, offset) => (fp) => {
    const ea = (N[fp + a]! >>> 0) + offset;
    if (ea > memory.byteLength - 4) trap('heap_oob');
    memory.view.setInt32(ea, N[fp + v]!, true);
  },
  'i32.store8': (memory, a, v, offset) => (fp) => {
    const ea = (N[fp + a]! >>> 0) + offset;
    if (ea >= memory.byteLength) trap('heap_oob');
    memory.bytes[ea] = N[fp + v]!;
  },
  'f64.store': (memory, a, v, offset) => (fp) => {
    const ea = (N[fp + a]! >>> 0) + offset;
    if (ea > memory.byteLength - 8) trap('heap_oob');
    memory.view.setFloat64(ea, N[fp + v]!, true);
  },
};

function numberLoad(width: number, read: NumberRead): OpFactory {
  return (ctx) => {
    const memory = memoryOf(ctx, memarg(ctx).memory);
    const d = ctx.result(0);
    const { offset, inBounds } = memarg(ctx);
    const fast = FAST_ACCESS[ctx.inst.opcode];
    if (!memory.index64 && !inBounds && fast !== undefined) return fast(memory, ctx.arg(0), d, offset);
    if (!memory.index64 && !inBounds) {
      // The common case, without nested address closures.
      const a = ctx.arg(0);
      return (fp) => {
        const ea = (N[fp + a]! >>> 0) + offset;
        if (ea > memory.byteLength - width) trap('heap_oob');
        N[fp + d] = read(memory.view, ea);
      };
    }
    const address = checkedAddress(ctx, memory, width);
    return (fp) => {
      N[fp + d] = read(memory.view, address(fp));
    };
  };
}

function numberStore(width: number, write: NumberWrite): OpFactory {
  return (ctx) => {
    const memory = memoryOf(ctx, memarg(ctx).memory);
    const v = ctx.arg(1);
    const { offset, inBounds } = memarg(ctx);
    const fast = FAST_ACCESS[ctx.inst.opcode];
    if (!memory.index64 && !inBounds && fast !== undefined) return fast(memory, ctx.arg(0), v, offset);
    if (!memory.index64 && !inBounds) {
      const a = ctx.arg(0);
      return (fp) => {
        const ea = (N[fp + a]! >>> 0) + offset;
        if (ea > memory.byteLength - width) trap('heap_oob');
        write(memory.view, ea, N[fp + v]!);
      };
    }
    const address = checkedAddress(ctx, memory, width);
    return (fp) => write(memory.view, address(fp), N[fp + v]!);
  };
}

function bigLoad(width: number, read: BigRead): OpFactory {
  return (ctx) => {
    const memory = memoryOf(ctx, memarg(ctx).memory);
    const d = ctx.result(0);
    const address = checkedAddress(ctx, memory, width);
    return (fp) => {
      O[fp + d] = read(memory.view, address(fp));
    };
  };
}

function bigStore(width: number, write: BigWrite): OpFactory {
  return (ctx) => {
    const memory = memoryOf(ctx, memarg(ctx).memory);
    const v = ctx.arg(1);
    const address = checkedAddress(ctx, memory, width);
    return (fp) => write(memory.view, address(fp), O[fp + v] as bigint);
  };
}

// ---- SIMD loads and stores (through the scratch vectors) -------------------------------------

/** Fills R from memory at ea (R's other lanes are zeroed first where the op says so). */
type VectorLoad = (memory: Memory, ea: number) => void;

function extendLoad(bits: 8 | 16 | 32, signed: boolean): VectorLoad {
  const count = 64 / bits;
  return (memory, ea) => {
    const view = memory.view;
    for (let i = 0; i < count; i++) {
      const at = ea + (i * bits) / 8;
      if (bits === 8) R.i16[i] = signed ? view.getInt8(at) : view.getUint8(at);
      else if (bits === 16) R.i32[i] = signed ? view.getInt16(at, true) : view.getUint16(at, true);
      else R.i64[i] = signed ? BigInt(view.getInt32(at, true)) : BigInt(view.getUint32(at, true));
    }
  };
}

function splatLoad(bytes: number): VectorLoad {
  return (memory, ea) => {
    const source = memory.bytes;
    for (let i = 0; i < 16; i++) R.u8[i] = source[ea + (i % bytes)]!;
  };
}

function zeroLoad(bytes: number): VectorLoad {
  return (memory, ea) => {
    R.u8.fill(0);
    R.u8.set(memory.bytes.subarray(ea, ea + bytes));
  };
}

const VECTOR_LOADS: Record<string, [number, VectorLoad]> = {
  'v128.load': [16, (memory, ea) => R.u8.set(memory.bytes.subarray(ea, ea + 16))],
  'v128.load8x8_s': [8, extendLoad(8, true)],
  'v128.load8x8_u': [8, extendLoad(8, false)],
  'v128.load16x4_s': [8, extendLoad(16, true)],
  'v128.load16x4_u': [8, extendLoad(16, false)],
  'v128.load32x2_s': [8, extendLoad(32, true)],
  'v128.load32x2_u': [8, extendLoad(32, false)],
  'v128.load8_splat': [1, splatLoad(1)],
  'v128.load16_splat': [2, splatLoad(2)],
  'v128.load32_splat': [4, splatLoad(4)],
  'v128.load64_splat': [8, splatLoad(8)],
  'v128.load32_zero': [4, zeroLoad(4)],
  'v128.load64_zero': [8, zeroLoad(8)],
};

function vectorLoad(width: number, load: VectorLoad): OpFactory {
  return (ctx) => {
    const memory = memoryOf(ctx, memarg(ctx).memory);
    const d = ctx.result(0);
    const address = checkedAddress(ctx, memory, width);
    return (fp) => {
      load(memory, address(fp));
      R.store(fp + d);
    };
  };
}

function vectorStore(ctx: OpContext): Op {
  const memory = memoryOf(ctx, memarg(ctx).memory);
  const v = ctx.arg(1);
  const address = checkedAddress(ctx, memory, 16);
  return (fp) => {
    const ea = address(fp);
    A.load(fp + v);
    memory.bytes.set(A.u8, ea);
  };
}

function laneLoad(bytes: number): OpFactory {
  return (ctx) => {
    const memory = memoryOf(ctx, memarg(ctx).memory);
    const { lane } = memarg(ctx);
    const v = ctx.arg(1);
    const d = ctx.result(0);
    const address = checkedAddress(ctx, memory, bytes);
    return (fp) => {
      const ea = address(fp);
      R.load(fp + v);
      R.u8.set(memory.bytes.subarray(ea, ea + bytes), lane * bytes);
      R.store(fp + d);
    };
  };
}

function laneStore(bytes: number): OpFactory {
  return (ctx) => {
    const memory = memoryOf(ctx, memarg(ctx).memory);
    const { lane } = memarg(ctx);
    const v = ctx.arg(1);
    const address = checkedAddress(ctx, memory, bytes);
    return (fp) => {
      const ea = address(fp);
      A.load(fp + v);
      memory.bytes.set(A.u8.subarray(lane * bytes, lane * bytes + bytes), ea);
    };
  };
}

// ---- memory.size / grow, bulk memory -----------------------------------------------------------

function memoryIndex(ctx: OpContext): number {
  const imm = ctx.inst.imm;
  if (imm.kind === 'memory' || imm.kind === 'memory_init') return imm.memory;
  if (imm.kind === 'memory_copy') return imm.dst;
  throw new Error(`${ctx.inst.opcode} without a memory immediate`);
}

function memorySize(ctx: OpContext): Op {
  const memory = memoryOf(ctx, memoryIndex(ctx));
  const d = ctx.result(0);
  if (memory.index64) {
    return (fp) => {
      O[fp + d] = BigInt(memory.pages);
    };
  }
  return (fp) => {
    N[fp + d] = memory.pages;
  };
}

function memoryGrow(ctx: OpContext): Op {
  const memory = memoryOf(ctx, memoryIndex(ctx));
  const d = ctx.result(0);
  const delta = addressOf(ctx, 0, memory.index64);
  if (memory.index64) {
    return (fp) => {
      O[fp + d] = BigInt(memory.growPages(delta(fp)));
    };
  }
  return (fp) => {
    N[fp + d] = memory.growPages(delta(fp)) | 0;
  };
}

function checkRange(start: number, length: number, limit: number): void {
  if (start + length > limit) trap('heap_oob');
}

function memoryFill(ctx: OpContext): Op {
  const memory = memoryOf(ctx, memoryIndex(ctx));
  const dst = addressOf(ctx, 0, memory.index64);
  const value = ctx.arg(1);
  const length = addressOf(ctx, 2, memory.index64);
  return (fp) => {
    const d = dst(fp);
    const n = length(fp);
    checkRange(d, n, memory.byteLength);
    memory.bytes.fill(N[fp + value]! & 0xff, d, d + n);
  };
}

function memoryCopy(ctx: OpContext): Op {
  const imm = ctx.inst.imm;
  if (imm.kind !== 'memory_copy') throw new Error('memory.copy without a memory_copy immediate');
  const target = memoryOf(ctx, imm.dst);
  const source = memoryOf(ctx, imm.src);
  const dst = addressOf(ctx, 0, target.index64);
  const src = addressOf(ctx, 1, source.index64);
  const length = addressOf(ctx, 2, target.index64 && source.index64);
  return (fp) => {
    const d = dst(fp);
    const s = src(fp);
    const n = length(fp);
    checkRange(s, n, source.byteLength);
    checkRange(d, n, target.byteLength);
    if (target === source) target.bytes.copyWithin(d, s, s + n);
    else target.bytes.set(source.bytes.subarray(s, s + n), d);
  };
}

function memoryInit(ctx: OpContext): Op {
  const imm = ctx.inst.imm;
  if (imm.kind !== 'memory_init') throw new Error('memory.init without a memory_init immediate');
  const memory = memoryOf(ctx, imm.memory);
  const segments = ctx.instance.data;
  const segment = imm.data;
  const dst = addressOf(ctx, 0, memory.index64);
  const src = ctx.arg(1);
  const length = ctx.arg(2);
  return (fp) => {
    const data = segments[segment]!;
    const d = dst(fp);
    const s = N[fp + src]! >>> 0;
    const n = N[fp + length]! >>> 0;
    checkRange(s, n, data.length);
    checkRange(d, n, memory.byteLength);
    memory.bytes.set(data.subarray(s, s + n), d);
  };
}

function dataDrop(ctx: OpContext): Op {
  const imm = ctx.inst.imm;
  if (imm.kind !== 'data') throw new Error('data.drop without a data immediate');
  const segments = ctx.instance.data;
  const segment = imm.data;
  const empty = new Uint8Array(0);
  return () => {
    segments[segment] = empty;
  };
}

function mapEntries<T extends [number, unknown]>(table: Record<string, T>, make: (width: number, fn: T[1]) => OpFactory): Record<string, OpFactory> {
  return Object.fromEntries(Object.entries(table).map(([name, [width, fn]]) => [name, make(width, fn)]));
}

export const MEMORY_OPS: Record<string, OpFactory> = {
  ...mapEntries(NUMBER_LOADS, (w, f) => numberLoad(w, f as NumberRead)),
  ...mapEntries(NUMBER_STORES, (w, f) => numberStore(w, f as NumberWrite)),
  ...mapEntries(BIG_LOADS, (w, f) => bigLoad(w, f as BigRead)),
  ...mapEntries(BIG_STORES, (w, f) => bigStore(w, f as BigWrite)),
  ...mapEntries(VECTOR_LOADS, (w, f) => vectorLoad(w, f as VectorLoad)),
  'v128.store': vectorStore,
  'v128.load8_lane': laneLoad(1),
  'v128.load16_lane': laneLoad(2),
  'v128.load32_lane': laneLoad(4),
  'v128.load64_lane': laneLoad(8),
  'v128.store8_lane': laneStore(1),
  'v128.store16_lane': laneStore(2),
  'v128.store32_lane': laneStore(4),
  'v128.store64_lane': laneStore(8),
  'memory.size': memorySize,
  'memory.grow': memoryGrow,
  'memory.fill': memoryFill,
  'memory.copy': memoryCopy,
  'memory.init': memoryInit,
  'data.drop': dataDrop,
};
