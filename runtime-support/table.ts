/**
 * Tables without `WebAssembly`, shared by interpreted and compiled instances. Elements are
 * raw references (raw-call.ts): a funcref is a Heron function value (or another engine's
 * Wasm function) or null; an externref any JS value (null is ref.null). Executing code of
 * any runtime copy recognises a Table by TABLE_BRAND and reads `elements` (a plain array,
 * indexed directly by compiled code) or uses the `size` / `read` / `write` / `growBy` methods.
 * Every change goes through `write` / `growBy`, never into `elements` directly: they keep the
 * callee cache (`calleeSigs` / `calleeRaws`) that call_indirect in compiled code trusts.
 *
 * `NativeTable` adapts a `WebAssembly.Table`: its `elements` is a live view of the native
 * table (a Proxy: slower, but only native tables pay for it).
 */
import { TABLE_BRAND, hasBrand } from './js/brands.js';
import { funcInfoOf, type RawFunction } from './raw-call.js';
import { toWasmValue } from './values.js';

export interface TableDescriptor {
  element: string;
  initial: number | bigint;
  maximum?: number | bigint;
  /** table64: 'i64' (the JS API's `address`, formerly `index`). */
  index?: 'i32' | 'i64';
  address?: 'i32' | 'i64';
}

/** Largest table the runtime allocates (V8's limit); larger growth fails like allocation failure. */
export const MAX_TABLE_LENGTH = 10_000_000;

function tableSize(value: unknown, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`table ${what} must be a non-negative integer, got ${String(value)}`);
  return n;
}

function elementType(name: unknown): 'funcref' | 'externref' {
  if (name === 'anyfunc' || name === 'funcref') return 'funcref';
  if (name === 'externref') return 'externref';
  throw new TypeError(`invalid table element type ${String(name)}`);
}

export class Table {
  readonly [TABLE_BRAND] = true;
  readonly element: 'funcref' | 'externref';
  readonly maximum: number | null;
  readonly index64: boolean;
  /** The elements; read-only for everyone but the Table itself (see `write`). */
  elements: readonly unknown[];
  /**
   * call_indirect's fast path (js/functions.ts `tableCallee`): at each index holding a Heron
   * function value, its signature key and raw function; null elsewhere. An entry is never
   * stale — a stale one would call the wrong function — while a missing one (index out of
   * range, a plain JS function, a NativeTable, which caches nothing) only means the checked
   * path. Strings, not numeric ids: signature keys are literals in generated code, so equal
   * keys are usually the same internalized string and compare by pointer.
   */
  readonly calleeSigs: (string | null)[];
  readonly calleeRaws: (RawFunction | null)[];

  constructor(descriptor: TableDescriptor, init?: unknown) {
    if (typeof descriptor !== 'object' || descriptor === null) throw new TypeError('Table descriptor must be an object');
    this.element = elementType(descriptor.element);
    const initial = tableSize(descriptor.initial, 'initial');
    this.maximum = descriptor.maximum === undefined ? null : tableSize(descriptor.maximum, 'maximum');
    this.index64 = (descriptor.address ?? descriptor.index) === 'i64';
    if (this.maximum !== null && this.maximum < initial) throw new RangeError(`table maximum ${this.maximum} is below its initial size ${initial}`);
    if (initial > MAX_TABLE_LENGTH) throw new RangeError(`table initial size ${initial} is too large`);
    const fill = init === undefined ? null : toWasmValue(this.element, init);
    this.elements = new Array<unknown>(initial).fill(fill);
    const info = funcInfoOf(fill);
    this.calleeSigs = new Array<string | null>(initial).fill(info?.sig ?? null);
    this.calleeRaws = new Array<RawFunction | null>(initial).fill(info?.raw ?? null);
  }

  // ---- JS API ----
  get length(): number {
    return this.size();
  }

  get(index: unknown): unknown {
    return this.read(this.checkIndex(index));
  }

  set(index: unknown, value?: unknown): void {
    const i = this.checkIndex(index);
    this.write(i, value === undefined && this.element === 'funcref' ? null : toWasmValue(this.element, value));
  }

  grow(delta: unknown, init?: unknown): number {
    const fill = init === undefined ? null : toWasmValue(this.element, init);
    const old = this.growBy(tableSize(delta, 'delta'), fill);
    if (old < 0) throw new RangeError(`table cannot grow by ${String(delta)}`);
    return old;
  }

  // ---- raw access for executing code ----
  size(): number {
    return this.elements.length;
  }

  read(index: number): unknown {
    return this.elements[index];
  }

  /** The one way an element changes (callers check the bounds); keeps the callee cache in step. */
  write(index: number, value: unknown): void {
    (this.elements as unknown[])[index] = value;
    const info = funcInfoOf(value);
    this.calleeSigs[index] = info?.sig ?? null;
    this.calleeRaws[index] = info?.raw ?? null;
  }

  /** table.grow: the old length, or -1 when the table cannot grow. */
  growBy(delta: number, fill: unknown): number {
    const old = this.size();
    const limit = Math.min(this.maximum ?? MAX_TABLE_LENGTH, MAX_TABLE_LENGTH);
    if (!(delta >= 0) || delta > limit - old) return -1;
    const info = funcInfoOf(fill);
    for (let i = 0; i < delta; i++) {
      (this.elements as unknown[]).push(fill);
      this.calleeSigs.push(info?.sig ?? null);
      this.calleeRaws.push(info?.raw ?? null);
    }
    return old;
  }

  private checkIndex(index: unknown): number {
    const i = tableSize(index, 'index');
    if (i >= this.size()) throw new RangeError(`table index ${i} out of bounds (length ${this.size()})`);
    return i;
  }
}

export function isTable(value: unknown): value is Table {
  return hasBrand(value, TABLE_BRAND);
}

/** The part of `WebAssembly.Table` used to adapt a native table. */
export interface NativeTableLike {
  readonly length: number;
  get(index: number): unknown;
  set(index: number, value: unknown): void;
  grow(delta: number, value?: unknown): number;
}

function arrayIndex(key: string | symbol): number {
  if (typeof key !== 'string') return -1;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && String(n) === key ? n : -1;
}

/**
 * A native `WebAssembly.Table` seen as a Table (refs are the same JS values in both). Its
 * callee cache stays empty: JS can change the native table behind Heron's back.
 */
export class NativeTable extends Table {
  constructor(
    readonly native: NativeTableLike,
    element: 'funcref' | 'externref',
  ) {
    super({ element, initial: 0 });
    this.elements = new Proxy<unknown[]>([], {
      get: (target, key) => {
        if (key === 'length') return native.length;
        const i = arrayIndex(key);
        if (i < 0) return Reflect.get(target, key) as unknown;
        return i < native.length ? native.get(i) : undefined;
      },
      set: (target, key, value: unknown) => {
        const i = arrayIndex(key);
        if (i >= 0) native.set(i, value);
        else if (key !== 'length') Reflect.set(target, key, value);
        return true;
      },
      has: (target, key) => {
        const i = arrayIndex(key);
        return i >= 0 ? i < native.length : Reflect.has(target, key);
      },
    });
  }

  override write(index: number, value: unknown): void {
    this.native.set(index, value);
  }

  override growBy(delta: number, fill: unknown): number {
    try {
      return this.native.grow(delta, fill);
    } catch {
      return -1;
    }
  }
}
