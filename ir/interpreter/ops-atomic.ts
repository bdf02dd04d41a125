/**
 * Threads proposal atomics through JS `Atomics` on typed views of the memory (which also
 * work on non-shared buffers), plus memory.atomic.wait / notify and atomic.fence.
 * Accesses are bounds-checked, then must be aligned to their width (trap "unaligned atomic").
 * wait on a non-shared memory traps "expected shared memory"; on a shared one it blocks with
 * `Atomics.wait` (allowed on Node's main thread) and returns 0 ok, 1 not-equal, 2 timed-out.
 */
import { trap } from '../../runtime-support/js/traps.js';
import type { Memory } from '../../runtime-support/memory.js';
import { ATOMIC_ACCESS_FORMS, ATOMIC_RMW_OPS, type AtomicAccessForm, type AtomicRmwOp } from '../opcodes/memory.js';
import type { OpContext, OpFactory } from './context.js';
import type { Op } from './function-instance.js';
import { addressOf, memarg } from './ops-memory.js';
import { N, O } from './stack.js';

type Width = AtomicAccessForm['bits'];
type View = Uint8Array | Uint16Array | Uint32Array | Int32Array | BigInt64Array;

/** Typed view for an access of `width` bits; i32 full-width accesses use Int32Array (signed results). */
function viewFor(memory: Memory, width: Width, signed32: boolean): View {
  switch (width) {
    case 8:
      return memory.bytes;
    case 16:
      return memory.typedView(Uint16Array);
    case 32:
      return signed32 ? memory.typedView(Int32Array) : memory.typedView(Uint32Array);
    case 64:
      return memory.typedView(BigInt64Array);
  }
}

/** Effective address after the bounds and alignment checks. */
function atomicAddress(ctx: OpContext, memory: Memory, bytes: number): (fp: number) => number {
  const { offset } = memarg(ctx);
  const address = addressOf(ctx, 0, memory.index64);
  return (fp) => {
    const ea = address(fp) + offset;
    if (ea > memory.byteLength - bytes) trap('heap_oob');
    if (ea % bytes !== 0) trap('unaligned_atomic');
    return ea;
  };
}

interface AtomicShape {
  /** Register file of the value operands and result: i32 in N, i64 in O. */
  i64: boolean;
  width: Width;
}

function shapeOf(form: AtomicAccessForm): AtomicShape {
  return { i64: form.type === 'i64', width: form.bits };
}

/** Converts between a register value and what Atomics takes / returns for this shape. */
function toAtomic(shape: AtomicShape, fp: number, slot: number): number | bigint {
  if (!shape.i64) return N[fp + slot]!;
  const value = O[fp + slot] as bigint;
  return shape.width === 64 ? value : Number(BigInt.asUintN(shape.width, value));
}

function fromAtomic(shape: AtomicShape, fp: number, slot: number, value: number | bigint): void {
  if (shape.i64) O[fp + slot] = typeof value === 'bigint' ? value : BigInt(value);
  else N[fp + slot] = value as number;
}

function memoryOf(ctx: OpContext): Memory {
  return ctx.instance.memories[memarg(ctx).memory]!;
}

type Rmw = (view: never, index: number, value: never) => number | bigint;
const RMW: Record<AtomicRmwOp, Rmw> = {
  add: Atomics.add as Rmw,
  sub: Atomics.sub as Rmw,
  and: Atomics.and as Rmw,
  or: Atomics.or as Rmw,
  xor: Atomics.xor as Rmw,
  xchg: Atomics.exchange as Rmw,
};

/** What every atomic load, store and read-modify-write needs besides its operands. */
interface AtomicAccess {
  shape: AtomicShape;
  /** The typed-array index of the access, after the bounds and alignment checks. */
  index(fp: number): number;
  /** The typed view for the access, fetched at each access so memory growth is seen. */
  view(): View;
}

function atomicAccessOp(form: AtomicAccessForm, build: (ctx: OpContext, access: AtomicAccess) => Op): OpFactory {
  const shape = shapeOf(form);
  const bytes = shape.width / 8;
  return (ctx) => {
    const memory = memoryOf(ctx);
    const address = atomicAddress(ctx, memory, bytes);
    return build(ctx, {
      shape,
      index: (fp) => address(fp) / bytes,
      view: () => viewFor(memory, shape.width, !shape.i64),
    });
  };
}

// Each op computes the index (which may trap) before it fetches the view.

function atomicLoad(form: AtomicAccessForm): OpFactory {
  return atomicAccessOp(form, (ctx, { shape, index, view }) => {
    const d = ctx.result(0);
    return (fp) => {
      const i = index(fp);
      fromAtomic(shape, fp, d, Atomics.load(view() as never, i));
    };
  });
}

function atomicStore(form: AtomicAccessForm): OpFactory {
  return atomicAccessOp(form, (ctx, { shape, index, view }) => {
    const v = ctx.arg(1);
    return (fp) => {
      const i = index(fp);
      Atomics.store(view() as never, i, toAtomic(shape, fp, v) as never);
    };
  });
}

function atomicRmw(form: AtomicAccessForm, op: Rmw): OpFactory {
  return atomicAccessOp(form, (ctx, { shape, index, view }) => {
    const v = ctx.arg(1);
    const d = ctx.result(0);
    return (fp) => {
      const i = index(fp);
      fromAtomic(shape, fp, d, op(view() as never, i, toAtomic(shape, fp, v) as never));
    };
  });
}

function atomicCmpxchg(form: AtomicAccessForm): OpFactory {
  return atomicAccessOp(form, (ctx, { shape, index, view }) => {
    const expected = ctx.arg(1);
    const replacement = ctx.arg(2);
    const d = ctx.result(0);
    return (fp) => {
      const i = index(fp);
      const old = Atomics.compareExchange(view() as never, i, toAtomic(shape, fp, expected) as never, toAtomic(shape, fp, replacement) as never);
      fromAtomic(shape, fp, d, old as number | bigint);
    };
  });
}

const WAIT_RESULTS: Record<string, number> = { ok: 0, 'not-equal': 1, 'timed-out': 2 };

function atomicWait(width: 32 | 64): OpFactory {
  const bytes = width / 8;
  return (ctx) => {
    const memory = memoryOf(ctx);
    const address = atomicAddress(ctx, memory, bytes);
    const expected = ctx.arg(1);
    const timeout = ctx.arg(2);
    const d = ctx.result(0);
    return (fp) => {
      const ea = address(fp);
      if (!memory.shared) trap('unshared_wait');
      const nanos = O[fp + timeout] as bigint;
      const millis = nanos < 0n ? Infinity : Number(nanos) / 1e6;
      const result =
        width === 32
          ? Atomics.wait(memory.typedView(Int32Array), ea / 4, N[fp + expected]!, millis)
          : Atomics.wait(memory.typedView(BigInt64Array), ea / 8, O[fp + expected] as bigint, millis);
      N[fp + d] = WAIT_RESULTS[result]!;
    };
  };
}

function atomicNotify(ctx: OpContext): Op {
  const memory = memoryOf(ctx);
  const address = atomicAddress(ctx, memory, 4);
  const count = ctx.arg(1);
  const d = ctx.result(0);
  return (fp) => {
    const ea = address(fp);
    // Non-shared memories have no waiters; Atomics.notify returns 0 for them.
    N[fp + d] = memory.shared ? Atomics.notify(memory.typedView(Int32Array), ea / 4, N[fp + count]! >>> 0) : 0;
  };
}

function buildAtomicOps(): Record<string, OpFactory> {
  const ops: Record<string, OpFactory> = {
    'memory.atomic.wait32': atomicWait(32),
    'memory.atomic.wait64': atomicWait(64),
    'memory.atomic.notify': atomicNotify,
    'atomic.fence': () => () => {},
  };
  for (const form of ATOMIC_ACCESS_FORMS) {
    ops[form.load] = atomicLoad(form);
    ops[form.store] = atomicStore(form);
    for (const rmw of ATOMIC_RMW_OPS) ops[form.rmw[rmw]] = atomicRmw(form, RMW[rmw]);
    ops[form.cmpxchg] = atomicCmpxchg(form);
  }
  return ops;
}

export const ATOMIC_OPS: Record<string, OpFactory> = buildAtomicOps();
