/**
 * Tables: the JS API `Table` object and the table instructions. Elements are held in a
 * plain array: funcref elements are Heron function values (FUNC_BRAND) or null,
 * externref elements any JS value (null is the null reference).
 */
import { TABLE_BRAND, hasBrand } from './brands.js';
import { trap } from './traps.js';
import { toWasmValue, type WasmValueType } from './values.js';

export interface TableDescriptor {
  element: string;
  initial: number | bigint;
  maximum?: number | bigint;
  index?: 'i32' | 'i64';
}

const MAX_TABLE_SIZE = 10_000_000;

function toSize(value: unknown, what: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new TypeError(`table ${what} must be a non-negative integer`);
  return number;
}

function elementType(name: unknown): 'funcref' | 'externref' {
  if (name === 'anyfunc' || name === 'funcref') return 'funcref';
  if (name === 'externref') return 'externref';
  throw new TypeError(`invalid table element type ${String(name)}`);
}

export class Table {
  readonly [TABLE_BRAND] = true;
  elements: unknown[];
  readonly element: 'funcref' | 'externref';
  readonly maximum: number | null;
  readonly index64: boolean;

  constructor(descriptor: TableDescriptor, init?: unknown) {
    if (typeof descriptor !== 'object' || descriptor === null) throw new TypeError('Table descriptor must be an object');
    this.element = elementType(descriptor.element);
    const initial = toSize(descriptor.initial, 'initial');
    this.maximum = descriptor.maximum === undefined ? null : toSize(descriptor.maximum, 'maximum');
    this.index64 = descriptor.index === 'i64';
    if (initial > MAX_TABLE_SIZE || (this.maximum !== null && this.maximum < initial)) throw new RangeError('table size out of range');
    const fill = init === undefined ? null : toWasmValue(this.element as WasmValueType, init);
    this.elements = new Array<unknown>(initial).fill(fill);
  }

  get length(): number {
    return this.elements.length;
  }

  get(index: unknown): unknown {
    const i = toSize(index, 'index');
    if (i >= this.elements.length) throw new RangeError('table index out of bounds');
    return this.elements[i];
  }

  set(index: unknown, value?: unknown): void {
    const i = toSize(index, 'index');
    if (i >= this.elements.length) throw new RangeError('table index out of bounds');
    this.elements[i] = value === undefined && this.element === 'funcref' ? null : toWasmValue(this.element, value);
  }

  grow(delta: unknown, init?: unknown): number {
    const fill = init === undefined ? null : toWasmValue(this.element, init);
    const old = this.growBy(toSize(delta, 'delta'), fill);
    if (old < 0) throw new RangeError('table cannot grow that much');
    return old;
  }

  /** table.grow: the old size, or -1. */
  growBy(delta: number, fill: unknown): number {
    const old = this.elements.length;
    const limit = Math.min(this.maximum ?? Infinity, MAX_TABLE_SIZE);
    if (!(delta >= 0) || old + delta > limit) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(fill);
    return old;
  }
}

export function isTable(value: unknown): value is Table {
  return hasBrand(value, TABLE_BRAND);
}

export function tableGet(table: Table, index: number): unknown {
  const element = table.elements[index];
  if (element === undefined && !(index >= 0 && index < table.elements.length)) trap('table_oob');
  return element;
}

export function tableSet(table: Table, index: number, value: unknown): void {
  if (!(index >= 0 && index < table.elements.length)) trap('table_oob');
  table.elements[index] = value;
}

export function tableFill(table: Table, start: number, value: unknown, count: number): void {
  if (start + count > table.elements.length) trap('table_oob');
  table.elements.fill(value, start, start + count);
}

export function tableCopy(dst: Table, dstStart: number, src: Table, srcStart: number, count: number): void {
  if (srcStart + count > src.elements.length || dstStart + count > dst.elements.length) trap('table_oob');
  dst.elements.splice(dstStart, count, ...src.elements.slice(srcStart, srcStart + count));
}

/** table.init (and active element segments): copy `count` items of a segment into the table. */
export function tableInit(table: Table, dstStart: number, segment: readonly unknown[], srcStart: number, count: number): void {
  if (srcStart + count > segment.length || dstStart + count > table.elements.length) trap('table_oob');
  for (let i = 0; i < count; i++) table.elements[dstStart + i] = segment[srcStart + i];
}
