/**
 * Linear memory: loads and stores through the function-local DataView (an out-of-bounds
 * access throws RangeError, which is the trap; see runtime-support/js/traps.ts), memory
 * size/grow and bulk memory. Effective addresses are exact JS numbers: the i32 address as
 * unsigned plus the static offset (memory64: the u64 address as a number, exact below 2^53
 * and far out of bounds above).
 */
import type { MemArgImm } from '../ir/function.js';
import { binary, bool, call, member, num, type Expr } from './js-ast.js';
import type { LowerContext, Lowered, Lowering } from './lowering.js';
import { i64ToIndex } from './ops-i64.js';

const LITTLE_ENDIAN = bool(true);

export function memarg(c: LowerContext): MemArgImm {
  const imm = c.inst.imm;
  if (imm.kind !== 'memarg') throw new Error(`${c.inst.opcode}: expected a memarg immediate`);
  return imm;
}

/** An address operand of `memory` as a JS number (u32, or u64 for memory64). */
export function addressOperand(c: LowerContext, memory: number, i: number): Expr {
  return c.module.isMemory64(memory) ? i64ToIndex(c.arg(i)) : binary('>>>', c.arg(i), num(0));
}

/** A memory.size / memory.grow result in the memory's address type. */
function pagesResult(c: LowerContext, memory: number, pages: Expr): Expr {
  return c.module.isMemory64(memory) ? call('BigInt', [pages]) : pages;
}

/** Operand 0 plus the static offset as a JS number (a constant address folded with it). */
export function effectiveAddress(c: LowerContext): Expr {
  const { memory, offset } = memarg(c);
  const constant = c.module.isMemory64(memory) ? undefined : c.constantI32(0);
  if (constant !== undefined) return num((constant >>> 0) + offset);
  const base = addressOperand(c, memory, 0);
  return offset === 0 ? base : binary('+', base, num(offset));
}

function viewCall(c: LowerContext, method: string, args: Expr[]): Expr {
  return call(member(c.view(memarg(c).memory), method), args);
}

function load(method: string, littleEndian: boolean, wrap?: (e: Expr) => Expr): Lowering {
  return (c) => {
    const expr = viewCall(c, method, littleEndian ? [effectiveAddress(c), LITTLE_ENDIAN] : [effectiveAddress(c)]);
    return { expr: wrap === undefined ? expr : wrap(expr) };
  };
}

function store(method: string, littleEndian: boolean, convert?: (e: Expr) => Expr): Lowering {
  return (c) => {
    const value = convert === undefined ? c.arg(1) : convert(c.arg(1));
    return { expr: viewCall(c, method, littleEndian ? [effectiveAddress(c), value, LITTLE_ENDIAN] : [effectiveAddress(c), value]) };
  };
}

const toBigInt = (e: Expr): Expr => call('BigInt', [e]);
/** The low `bits` of an i64 as a JS number (DataView setters wrap to their width). */
const lowBits = (bits: bigint) => (e: Expr): Expr => call('Number', [binary('&', e, { type: 'Literal', value: bits, bigint: bits.toString(), raw: `${bits}n` } as Expr)]);

function scalarOps(): [string, Lowering][] {
  return [
    ['i32.load', load('getInt32', true)],
    ['i32.load8_s', load('getInt8', false)],
    ['i32.load8_u', load('getUint8', false)],
    ['i32.load16_s', load('getInt16', true)],
    ['i32.load16_u', load('getUint16', true)],
    ['i64.load', load('getBigInt64', true)],
    ['i64.load8_s', load('getInt8', false, toBigInt)],
    ['i64.load8_u', load('getUint8', false, toBigInt)],
    ['i64.load16_s', load('getInt16', true, toBigInt)],
    ['i64.load16_u', load('getUint16', true, toBigInt)],
    ['i64.load32_s', load('getInt32', true, toBigInt)],
    ['i64.load32_u', load('getUint32', true, toBigInt)],
    ['f32.load', (c) => (c.resultMayQuietNan() ? load('getFloat32', true)(c) : { expr: call(c.module.rt('loadF32'), [c.view(memarg(c).memory), effectiveAddress(c)]) })],
    ['f64.load', load('getFloat64', true)],
    ['i32.store', store('setInt32', true)],
    ['i32.store8', store('setInt8', false)],
    ['i32.store16', store('setInt16', true)],
    ['i64.store', store('setBigInt64', true)],
    ['i64.store8', store('setUint8', false, lowBits(0xffn))],
    ['i64.store16', store('setUint16', true, lowBits(0xffffn))],
    ['i64.store32', store('setUint32', true, lowBits(0xffffffffn))],
    ['f32.store', (c) => (c.argIsArithmeticNan(1) ? store('setFloat32', true)(c) : { expr: call(c.module.rt('storeF32'), [c.view(memarg(c).memory), effectiveAddress(c), c.arg(1)]) })],
    ['f64.store', store('setFloat64', true)],
  ];
}

function memoryIndex(c: LowerContext): number {
  const imm = c.inst.imm;
  if (imm.kind === 'memory' || imm.kind === 'memory_init') return imm.memory;
  throw new Error(`${c.inst.opcode}: expected a memory immediate`);
}

function bulkOps(): [string, Lowering][] {
  return [
    ['memory.size', (c): Lowered => ({ expr: pagesResult(c, memoryIndex(c), member(c.module.memory(memoryIndex(c)), 'pages')) })],
    [
      'memory.grow',
      (c): Lowered => {
        const memory = memoryIndex(c);
        const grown = call(member(c.module.memory(memory), 'growPages'), [addressOperand(c, memory, 0)]);
        return { expr: pagesResult(c, memory, grown) };
      },
    ],
    [
      'memory.fill',
      (c): Lowered => {
        const memory = memoryIndex(c);
        const args = [c.module.memory(memory), addressOperand(c, memory, 0), c.arg(1), addressOperand(c, memory, 2)];
        return { expr: call(c.module.rt('memoryFill'), args) };
      },
    ],
    [
      'memory.copy',
      (c): Lowered => {
        const imm = c.inst.imm;
        if (imm.kind !== 'memory_copy') throw new Error('memory.copy: expected a memory_copy immediate');
        // The length has the narrower of the two address types.
        const lengthMemory = c.module.isMemory64(imm.dst) && c.module.isMemory64(imm.src) ? imm.dst : c.module.isMemory64(imm.dst) ? imm.src : imm.dst;
        const args = [
          c.module.memory(imm.dst),
          addressOperand(c, imm.dst, 0),
          c.module.memory(imm.src),
          addressOperand(c, imm.src, 1),
          addressOperand(c, lengthMemory, 2),
        ];
        return { expr: call(c.module.rt('memoryCopy'), args) };
      },
    ],
    [
      'memory.init',
      (c): Lowered => {
        const imm = c.inst.imm;
        if (imm.kind !== 'memory_init') throw new Error('memory.init: expected a memory_init immediate');
        const u32 = (i: number): Expr => binary('>>>', c.arg(i), num(0));
        const args = [c.module.memory(imm.memory), addressOperand(c, imm.memory, 0), c.module.dataSegment(imm.data), u32(1), u32(2)];
        return { expr: call(c.module.rt('memoryInit'), args) };
      },
    ],
    [
      'data.drop',
      (c): Lowered => {
        const imm = c.inst.imm;
        if (imm.kind !== 'data') throw new Error('data.drop: expected a data immediate');
        return { expr: c.module.dropDataSegment(imm.data) };
      },
    ],
  ];
}

export const MEMORY_LOWERINGS: ReadonlyMap<string, Lowering> = new Map([...scalarOps(), ...bulkOps()]);

/** Instructions after which a function reloads its memory views. */
export function mayGrowMemory(opcode: string): boolean {
  return opcode === 'memory.grow' || opcode.startsWith('call') || opcode.startsWith('try_call');
}
