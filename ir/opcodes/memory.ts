/**
 * Linear-memory opcodes: loads and stores of every width (scalar and SIMD), atomics
 * (threads proposal) and bulk memory. Every access names its memory (multi-memory); the
 * address operand has the memory's index type (`addr`: i64 under memory64).
 *
 * A `memarg` access is bounds-checked inside the operation (trap heap_oob) unless its
 * `inBounds` flag says a pass proved it safe. Atomic accesses also trap on misalignment.
 */
import type { TrapCode } from '../traps.js';
import type { IrType } from '../types.js';
import { Effect, op, type OpInfo } from './info.js';

const OOB: readonly TrapCode[] = ['heap_oob'];
const ATOMIC_TRAPS: readonly TrapCode[] = ['heap_oob', 'unaligned_atomic'];
const ATOMIC = Effect.ReadMemory | Effect.WriteMemory | Effect.Atomic;

function load(name: string, result: IrType, accessBytes: number): OpInfo {
  return op(name, 'memarg', ['addr'], [result], { effects: Effect.ReadMemory, traps: OOB, accessBytes });
}

function store(name: string, stored: IrType, accessBytes: number): OpInfo {
  return op(name, 'memarg', ['addr', stored], [], { effects: Effect.WriteMemory, traps: OOB, accessBytes });
}

function scalarAccessOps(): OpInfo[] {
  const ops: OpInfo[] = [
    load('i32.load', 'i32', 4),
    load('i64.load', 'i64', 8),
    load('f32.load', 'f32', 4),
    load('f64.load', 'f64', 8),
    store('i32.store', 'i32', 4),
    store('i64.store', 'i64', 8),
    store('f32.store', 'f32', 4),
    store('f64.store', 'f64', 8),
  ];
  const narrow: [IrType, number][] = [
    ['i32', 8],
    ['i32', 16],
    ['i64', 8],
    ['i64', 16],
    ['i64', 32],
  ];
  for (const [type, bits] of narrow) {
    ops.push(load(`${type}.load${bits}_s`, type, bits / 8), load(`${type}.load${bits}_u`, type, bits / 8));
    ops.push(store(`${type}.store${bits}`, type, bits / 8));
  }
  return ops;
}

function simdAccessOps(): OpInfo[] {
  const ops: OpInfo[] = [load('v128.load', 'v128', 16), store('v128.store', 'v128', 16)];
  for (const shape of ['8x8', '16x4', '32x2']) {
    ops.push(load(`v128.load${shape}_s`, 'v128', 8), load(`v128.load${shape}_u`, 'v128', 8));
  }
  for (const bits of [8, 16, 32, 64]) ops.push(load(`v128.load${bits}_splat`, 'v128', bits / 8));
  ops.push(load('v128.load32_zero', 'v128', 4), load('v128.load64_zero', 'v128', 8));
  for (const bits of [8, 16, 32, 64]) {
    const laneCount = 128 / bits;
    const accessBytes = bits / 8;
    ops.push(
      op(`v128.load${bits}_lane`, 'memarg', ['addr', 'v128'], ['v128'], {
        effects: Effect.ReadMemory,
        traps: OOB,
        accessBytes,
        laneCount,
      }),
      op(`v128.store${bits}_lane`, 'memarg', ['addr', 'v128'], [], {
        effects: Effect.WriteMemory,
        traps: OOB,
        accessBytes,
        laneCount,
      }),
    );
  }
  return ops;
}

/** The read-modify-write operations of the threads proposal other than cmpxchg (which takes two operands). */
export type AtomicRmwOp = 'add' | 'sub' | 'and' | 'or' | 'xor' | 'xchg';

export const ATOMIC_RMW_OPS: readonly AtomicRmwOp[] = ['add', 'sub', 'and', 'or', 'xor', 'xchg'];

/**
 * One value type and access width of the atomic loads, stores and read-modify-writes, with
 * the opcode names of that form (`i64.atomic.rmw16.add_u`: i64, 16 bits).
 */
export interface AtomicAccessForm {
  readonly type: 'i32' | 'i64';
  readonly bits: 8 | 16 | 32 | 64;
  readonly load: string;
  readonly store: string;
  readonly rmw: Readonly<Record<AtomicRmwOp, string>>;
  readonly cmpxchg: string;
}

function atomicAccessForm(type: 'i32' | 'i64', bits: AtomicAccessForm['bits']): AtomicAccessForm {
  const fullWidth = bits === (type === 'i32' ? 32 : 64);
  // Narrow forms name their width and zero-extend: i32.atomic.load8_u, i64.atomic.rmw32.xchg_u.
  const infix = fullWidth ? '' : String(bits);
  const suffix = fullWidth ? '' : '_u';
  const rmwName = (rmw: string): string => `${type}.atomic.rmw${infix}.${rmw}${suffix}`;
  return {
    type,
    bits,
    load: `${type}.atomic.load${infix}${suffix}`,
    store: `${type}.atomic.store${infix}`,
    rmw: Object.fromEntries(ATOMIC_RMW_OPS.map((rmw) => [rmw, rmwName(rmw)])) as Record<AtomicRmwOp, string>,
    cmpxchg: rmwName('cmpxchg'),
  };
}

/** The seven atomic access forms; the interpreter and the JS back end build their tables from these. */
export const ATOMIC_ACCESS_FORMS: readonly AtomicAccessForm[] = [
  atomicAccessForm('i32', 32),
  atomicAccessForm('i64', 64),
  atomicAccessForm('i32', 8),
  atomicAccessForm('i32', 16),
  atomicAccessForm('i64', 8),
  atomicAccessForm('i64', 16),
  atomicAccessForm('i64', 32),
];

function atomicOps(): OpInfo[] {
  const ops: OpInfo[] = [];
  for (const form of ATOMIC_ACCESS_FORMS) {
    const { type } = form;
    const options = { effects: ATOMIC, traps: ATOMIC_TRAPS, accessBytes: form.bits / 8 };
    ops.push(op(form.load, 'memarg', ['addr'], [type], options));
    ops.push(op(form.store, 'memarg', ['addr', type], [], options));
    for (const rmw of ATOMIC_RMW_OPS) ops.push(op(form.rmw[rmw], 'memarg', ['addr', type], [type], options));
    ops.push(op(form.cmpxchg, 'memarg', ['addr', type, type], [type], options));
  }
  ops.push(
    op('memory.atomic.notify', 'memarg', ['addr', 'i32'], ['i32'], { effects: ATOMIC, traps: ATOMIC_TRAPS, accessBytes: 4 }),
    op('memory.atomic.wait32', 'memarg', ['addr', 'i32', 'i64'], ['i32'], {
      effects: ATOMIC,
      traps: [...ATOMIC_TRAPS, 'unshared_wait'],
      accessBytes: 4,
    }),
    op('memory.atomic.wait64', 'memarg', ['addr', 'i64', 'i64'], ['i32'], {
      effects: ATOMIC,
      traps: [...ATOMIC_TRAPS, 'unshared_wait'],
      accessBytes: 8,
    }),
    op('atomic.fence', 'plain', [], [], { effects: ATOMIC }),
  );
  return ops;
}

/** memory.size/grow and bulk memory. Segment state (data.drop) counts as memory state. */
function bulkMemoryOps(): OpInfo[] {
  const write = Effect.ReadMemory | Effect.WriteMemory;
  return [
    op('memory.size', 'memory', [], ['addr'], { effects: Effect.ReadMemory }),
    op('memory.grow', 'memory', ['addr'], ['addr'], { effects: write }),
    op('memory.fill', 'memory', ['addr', 'i32', 'addr'], [], { effects: write, traps: OOB }),
    op('memory.copy', 'memory_copy', ['addr', 'addr_src', 'addr_min'], [], { effects: write, traps: OOB }),
    op('memory.init', 'memory_init', ['addr', 'i32', 'i32'], [], { effects: write, traps: OOB }),
    op('data.drop', 'data', [], [], { effects: Effect.WriteMemory }),
  ];
}

export const MEMORY_OPS: readonly OpInfo[] = [...scalarAccessOps(), ...simdAccessOps(), ...atomicOps(), ...bulkMemoryOps()];
