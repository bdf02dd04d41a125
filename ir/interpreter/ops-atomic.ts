/**
 * Threads proposal atomics through JS `Atomics` on typed views of the memory (which also
 * work on non-shared buffers), plus memory.atomic.wait / notify and atomic.fence.
 * Accesses are bounds-checked, then must be aligned to their width (trap "unaligned atomic").
 * wait on a non-shared memory traps "expected shared memory"; on a shared one it blocks with
 * `Atomics.wait` (allowed on Node's main thread) and returns 0 ok, 1 not-equal, 2 timed-out.
 */
import { trap } from '../../runtime-support/numeric.js';
import type { Memory } from '../../runtime-support/memory.js';
import type { OpContext, OpFactory } from './context.js';
import type { Op } from './function-instance.js';
import { addressOf, memarg } from './ops-memory.js';
import { N, O } from './stack.js';

type Width = 8 | 16 | 32 | 64;
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

function shapeOf(name: string): AtomicShape {
  const i64 = name.startsWith('i64.');
  const match = /\.(?:load|store|rmw)(8|16|32)?/.exec(name);
  const width = (match?.[1] !== undefined ? Number(match[1]) : i64 ? 64 : 32) as Width;
  return { i64, width };
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
const RMW: Record<string, Rmw> = {
  add: Atomics.add as Rmw,
  sub: Atomics.sub as Rmw,
  and: Atomics.and as Rmw,
  or: Atomics.or as Rmw,
  xor: Atomics.xor as Rmw,
  xchg: Atomics.exchange as Rmw,
};

function atomicLoad(name: string): OpFactory {
  const shape = shapeOf(name);
  const bytes = shape.width / 8;
  return (ctx) => {
    const memory = memoryOf(ctx);
    const address = atomicAddress(ctx, memory, bytes);
    const d = ctx.result(0);
    return (fp) => {
      const ea = address(fp);
      fromAtomic(shape, fp, d, Atomics.load(viewFor(memory, shape.width, !shape.i64) as never, ea / bytes));
    };
  };
}

function atomicStore(name: string): OpFactory {
  const shape = shapeOf(name);
  const bytes = shape.width / 8;
  return (ctx) => {
    const memory = memoryOf(ctx);
    const address = atomicAddress(ctx, memory, bytes);
    const v = ctx.arg(1);
    return (fp) => {
      const ea = address(fp);
      Atomics.store(viewFor(memory, shape.width, !shape.i64) as never, ea / bytes, toAtomic(shape, fp, v) as never);
    };
  };
}

function atomicRmw(name: string, op: Rmw): OpFactory {
  const shape = shapeOf(name);
  const bytes = shape.width / 8;
  return (ctx) => {
    const memory = memoryOf(ctx);
    const address = atomicAddress(ctx, memory, bytes);
    const v = ctx.arg(1);
    const d = ctx.result(0);
    return (fp) => {
      const ea = address(fp);
      const old = op(viewFor(memory, shape.width, !shape.i64) as never, ea / bytes, toAtomic(shape, fp, v) as never);
      fromAtomic(shape, fp, d, old);
    };
  };
}

function atomicCmpxchg(name: string): OpFactory {
  const shape = shapeOf(name);
  const bytes = shape.width / 8;
  return (ctx) => {
    const memory = memoryOf(ctx);
    const address = atomicAddress(ctx, memory, bytes);
    const expected = ctx.arg(1);
    const replacement = ctx.arg(2);
    const d = ctx.result(0);
    return (fp) => {
      const ea = address(fp);
      const view = viewFor(memory, shape.width, !shape.i64) as never;
      const old = Atomics.compareExchange(view, ea / bytes, toAtomic(shape, fp, expected) as never, toAtomic(shape, fp, replacement) as never);
      fromAtomic(shape, fp, d, old as number | bigint);
    };
  };
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
  const widths: [string, string][] = [
    ['i32', ''],
    ['i64', ''],
    ['i32', '8'],
    ['i32', '16'],
    ['i64', '8'],
    ['i64', '16'],
    ['i64', '32'],
  ];
  for (const [type, infix] of widths) {
    const suffix = infix === '' ? '' : '_u';
    const load = `${type}.atomic.load${infix}${suffix}`;
    const store = `${type}.atomic.store${infix}`;
    ops[load] = atomicLoad(load);
    ops[store] = atomicStore(store);
    for (const [rmw, op] of Object.entries(RMW)) {
      const name = `${type}.atomic.rmw${infix}.${rmw}${suffix}`;
      ops[name] = atomicRmw(name, op);
    }
    const cmpxchg = `${type}.atomic.rmw${infix}.cmpxchg${suffix}`;
    ops[cmpxchg] = atomicCmpxchg(cmpxchg);
  }
  return ops;
}

export const ATOMIC_OPS: Record<string, OpFactory> = buildAtomicOps();
