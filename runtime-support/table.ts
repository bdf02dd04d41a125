/**
 * Tables without `WebAssembly`. Elements are raw references: a funcref is a JS function
 * carrying RAW_FUNCTION (raw-call.ts) or null; an externref is any JS value (null is
 * ref.null). Executing code uses `elements` / `length` directly on `Table` and the
 * `read`/`write`/`size`/`growBy` methods (which `NativeTable` overrides) elsewhere.
 */
import type { RefType, TableType } from '../compiler/module.js';
import { toRawValue } from './values.js';

export interface TableDescriptor {
  element: 'anyfunc' | 'funcref' | 'externref';
  initial: number | bigint;
  maximum?: number | bigint;
  index?: 'i32' | 'i64';
  address?: 'i32' | 'i64';
}

/** Largest table the runtime allocates (V8's limit); larger growth fails like allocation failure. */
export const MAX_TABLE_LENGTH = 10_000_000;

function elementType(name: string): RefType {
  if (name === 'anyfunc' || name === 'funcref') return 'funcref';
  if (name === 'externref') return 'externref';
  throw new TypeError(`unknown table element type "${name}"`);
}

function sizeArgument(value: number | bigint | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`table ${what} must be a non-negative integer, got ${String(value)}`);
  return n;
}

export class Table {
  readonly element: RefType;
  readonly maximum: number | null;
  readonly index64: boolean;
  elements: unknown[];

  constructor(descriptor: TableDescriptor, value?: unknown) {
    this.element = elementType(descriptor.element);
    const initial = sizeArgument(descriptor.initial, 'initial') ?? 0;
    const maximum = sizeArgument(descriptor.maximum, 'maximum');
    if (maximum !== undefined && maximum < initial) throw new RangeError(`table maximum ${maximum} is below its initial size ${initial}`);
    if (initial > MAX_TABLE_LENGTH) throw new RangeError(`table initial size ${initial} is too large`);
    this.maximum = maximum ?? null;
    this.index64 = (descriptor.index ?? descriptor.address) === 'i64';
    const init = value === undefined ? null : toRawValue(this.element, value);
    this.elements = new Array<unknown>(initial).fill(init);
  }

  static fromType(type: TableType, init: unknown = null): Table {
    const { min, max, index64 } = type.limits;
    const table = new Table({ element: type.element, initial: 0, maximum: max ?? undefined, index: index64 ? 'i64' : 'i32' });
    if (min > MAX_TABLE_LENGTH) throw new RangeError(`table initial size ${min} is too large`);
    table.elements = new Array<unknown>(min).fill(init);
    return table;
  }

  // ---- JS API ----
  get length(): number {
    return this.size();
  }

  get(index: number): unknown {
    return this.read(this.checkIndex(index));
  }

  set(index: number, value?: unknown): void {
    this.write(this.checkIndex(index), value === undefined && this.element === 'funcref' ? null : toRawValue(this.element, value ?? null));
  }

  grow(delta: number, value?: unknown): number {
    const init = value === undefined ? null : toRawValue(this.element, value);
    const old = this.growBy(sizeArgument(delta, 'delta') ?? 0, init);
    if (old < 0) throw new RangeError(`table cannot grow by ${delta}`);
    return old;
  }

  // ---- raw access for executing code ----
  size(): number {
    return this.elements.length;
  }

  read(index: number): unknown {
    return this.elements[index];
  }

  write(index: number, value: unknown): void {
    this.elements[index] = value;
  }

  /** table.grow: the old length, or -1 when the table cannot grow. */
  growBy(delta: number, init: unknown): number {
    const old = this.size();
    const limit = Math.min(this.maximum ?? MAX_TABLE_LENGTH, MAX_TABLE_LENGTH);
    if (delta > limit - old) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }

  private checkIndex(index: number): number {
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i >= this.size()) throw new RangeError(`table index ${String(index)} out of bounds (length ${this.size()})`);
    return i;
  }
}

/** The part of `WebAssembly.Table` used to adapt a native table. */
export interface NativeTableLike {
  readonly length: number;
  get(index: number): unknown;
  set(index: number, value: unknown): void;
  grow(delta: number, value?: unknown): number;
}

/** A native `WebAssembly.Table` seen through the raw interface (refs are the same JS values). */
export class NativeTable extends Table {
  constructor(
    readonly native: NativeTableLike,
    element: RefType,
    maximum: number | null,
  ) {
    super({ element, initial: 0, maximum: maximum ?? undefined });
  }

  override size(): number {
    return this.native.length;
  }

  override read(index: number): unknown {
    return this.native.get(index);
  }

  override write(index: number, value: unknown): void {
    this.native.set(index, value);
  }

  override growBy(delta: number, init: unknown): number {
    try {
      return this.native.grow(delta, init);
    } catch {
      return -1;
    }
  }
}
