/**
 * Threads proposal: atomic loads, stores, read-modify-writes and compare-exchanges of every
 * width, memory.atomic.wait32/wait64/notify and atomic.fence.
 *
 * Every access first goes through the runtime's bounds-and-alignment check (`atomicIndex` /
 * `atomicAddress`, which trap "out of bounds memory access" then "unaligned atomic"). Operands
 * are evaluated before the check because only pure, non-trapping values are ever folded into
 * an operand position.
 *
 * Shared memories use `Atomics.*` on the memory's typed views (`bytes`, `u16`, `i32`, `i64`),
 * read from the Memory object at each access so growth is always seen. On unshared memories
 * no other agent can observe an access, so loads and stores are plain DataView accesses on the
 * function-local view (as fast as ordinary ones); read-modify-writes still use `Atomics.*`,
 * which works on unshared typed arrays too. JS `Atomics` operations are sequentially
 * consistent, so atomic.fence needs no code.
 */
import { ATOMIC_ACCESS_FORMS, ATOMIC_RMW_OPS, type AtomicAccessForm, type AtomicRmwOp } from '../ir/opcodes/memory.js';
import { binary, bool, call, member, num, type Expr } from './js-ast.js';
import type { LowerContext, Lowered, Lowering } from './lowering.js';
import { effectiveAddress, memarg } from './ops-memory.js';

type Width = AtomicAccessForm['bits'];

/** The value type of an atomic instruction and the width of its memory access. */
interface AtomicShape {
  i64: boolean;
  bits: Width;
}

function shapeOf(form: AtomicAccessForm): AtomicShape {
  return { i64: form.type === 'i64', bits: form.bits };
}

/** The typed view of the Memory object that `Atomics` uses for accesses of `bits`. */
const TYPED_VIEW: Record<Width, string> = { 8: 'bytes', 16: 'u16', 32: 'i32', 64: 'i64' };

function isShared(c: LowerContext): boolean {
  return c.module.env.memories[memarg(c).memory]!.limits.shared;
}

/** `rt(check)(memory, address, bytes)`: the checked byte address or typed-array index. */
function checked(c: LowerContext, check: 'atomicAddress' | 'atomicIndex', shape: AtomicShape): Expr {
  const memory = memarg(c).memory;
  return call(c.module.rt(check), [c.module.memory(memory), effectiveAddress(c), num(shape.bits / 8)]);
}

function typedView(c: LowerContext, shape: AtomicShape): Expr {
  return member(c.module.memory(memarg(c).memory), TYPED_VIEW[shape.bits]);
}

/** Operand `i` as the value `Atomics` stores for this shape (narrow i64 values as numbers). */
function toAtomic(c: LowerContext, shape: AtomicShape, i: number): Expr {
  const value = c.arg(i);
  if (!shape.i64 || shape.bits === 64) return value;
  return call('Number', [call(member('BigInt', 'asUintN'), [num(shape.bits), value])]);
}

/** What `Atomics` returned (the old value) in the instruction's result representation. */
function fromAtomic(shape: AtomicShape, result: Expr): Expr {
  if (!shape.i64 || shape.bits === 64) return result; // Int32Array and BigInt64Array are signed, as i32/i64 are
  // Uint8Array / Uint16Array results are already zero-extended; Int32Array's are not.
  return call('BigInt', [shape.bits === 32 ? binary('>>>', result, num(0)) : result]);
}

/** DataView accessor suffix for plain accesses on unshared memories (zero-extending loads). */
function dataViewType(shape: AtomicShape): string {
  switch (shape.bits) {
    case 8:
      return 'Uint8';
    case 16:
      return 'Uint16';
    case 32:
      return shape.i64 ? 'Uint32' : 'Int32';
    case 64:
      return 'BigInt64';
  }
}

function atomicsCall(method: string, args: Expr[]): Expr {
  return call(member('Atomics', method), args);
}

function load(form: AtomicAccessForm): Lowering {
  const shape = shapeOf(form);
  return (c) => {
    if (isShared(c)) return { expr: fromAtomic(shape, atomicsCall('load', [typedView(c, shape), checked(c, 'atomicIndex', shape)])) };
    const args = [checked(c, 'atomicAddress', shape), ...(shape.bits > 8 ? [bool(true)] : [])];
    const value = call(member(c.view(memarg(c).memory), `get${dataViewType(shape)}`), args);
    return { expr: shape.i64 && shape.bits < 64 ? call('BigInt', [value]) : value };
  };
}

function store(form: AtomicAccessForm): Lowering {
  const shape = shapeOf(form);
  return (c) => {
    const value = toAtomic(c, shape, 1);
    if (isShared(c)) return { expr: atomicsCall('store', [typedView(c, shape), checked(c, 'atomicIndex', shape), value]) };
    const args = [checked(c, 'atomicAddress', shape), value, ...(shape.bits > 8 ? [bool(true)] : [])];
    return { expr: call(member(c.view(memarg(c).memory), `set${dataViewType(shape)}`), args) };
  };
}

/** `Atomics.<method>(view, index, ...operands)` → the old value. */
function readModifyWrite(form: AtomicAccessForm, method: string): Lowering {
  const shape = shapeOf(form);
  return (c) => {
    const operands = c.inst.args.slice(1).map((_, i) => toAtomic(c, shape, i + 1));
    return { expr: fromAtomic(shape, atomicsCall(method, [typedView(c, shape), checked(c, 'atomicIndex', shape), ...operands])) };
  };
}

/** The `Atomics` method of each read-modify-write. */
const RMW_METHODS: Readonly<Record<AtomicRmwOp, string>> = {
  add: 'add',
  sub: 'sub',
  and: 'and',
  or: 'or',
  xor: 'xor',
  xchg: 'exchange',
};

/** memory.atomic.wait32/wait64 and notify: runtime helpers (checks, then `Atomics.wait/notify`). */
function waitOrNotify(helper: 'atomicWait32' | 'atomicWait64' | 'atomicNotify'): Lowering {
  return (c): Lowered => {
    const operands = c.inst.args.slice(1).map((_, i) => c.arg(i + 1));
    return { expr: call(c.module.rt(helper), [c.module.memory(memarg(c).memory), effectiveAddress(c), ...operands]) };
  };
}

function atomicOps(): [string, Lowering][] {
  const ops: [string, Lowering][] = [
    ['memory.atomic.wait32', waitOrNotify('atomicWait32')],
    ['memory.atomic.wait64', waitOrNotify('atomicWait64')],
    ['memory.atomic.notify', waitOrNotify('atomicNotify')],
    ['atomic.fence', () => ({ stmts: [] })],
  ];
  for (const form of ATOMIC_ACCESS_FORMS) {
    ops.push([form.load, load(form)], [form.store, store(form)]);
    for (const rmw of ATOMIC_RMW_OPS) ops.push([form.rmw[rmw], readModifyWrite(form, RMW_METHODS[rmw])]);
    ops.push([form.cmpxchg, readModifyWrite(form, 'compareExchange')]);
  }
  return ops;
}

export const ATOMIC_LOWERINGS: ReadonlyMap<string, Lowering> = new Map(atomicOps());
