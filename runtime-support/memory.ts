/**
 * Linear memory without `WebAssembly`: works under node --jitless and Hermes.
 *
 * `Memory` has the JS API surface (`buffer`, `grow`) plus what executing code reads on every
 * access: `view` (a DataView over the whole memory), `bytes` and `byteLength`. These fields
 * are replaced when the memory grows, and when `buffer` is read after growth; code must
 * re-read them after anything that may grow memory or run JS (a call, memory.grow).
 *
 * Non-shared memories keep a backing ArrayBuffer with spare capacity (resizable ArrayBuffers
 * are slow in V8), so growing page by page copies O(n) bytes in total rather than O(n^2): a
 * grow that fits the capacity only replaces the views, which always span exactly the current
 * size — an access past it still traps even when the backing buffer is larger. The JS API's
 * `buffer` must be exactly as long as the memory, so reading it moves the memory to an
 * exact-size buffer (one copy) when there is spare capacity; the next grow over-allocates
 * again and detaches that buffer, as the JS API requires. Shared memories use a growable
 * SharedArrayBuffer where the engine has one, so agents sharing it see the growth; elsewhere
 * they grow by copying (one agent only).
 *
 * `NativeMemory` adapts a `WebAssembly.Memory` imported from native code to the same
 * fields; `refresh()` picks up growth done behind Heron's back.
 */
import type { MemoryType } from '../compiler/module.js';
import { MEMORY_BRAND } from './js/brands.js';

export const PAGE_SIZE = 65536;
/** Page limits by index type: 4 GiB for memory32, 2^48 pages (the spec's bound) for memory64. */
export const MAX_PAGES_32 = 65536;
export const MAX_PAGES_64 = 2 ** 48;
/**
 * A non-shared memory that outgrows its backing buffer reserves this factor of its new size:
 * geometric growth makes page-by-page growth amortized O(1) per page, and 1.5 bounds the
 * unused reserve (which costs address space and V8's external-memory accounting) to a third.
 */
const GROWTH_FACTOR = 1.5;

export interface MemoryDescriptor {
  initial: number | bigint;
  maximum?: number | bigint;
  shared?: boolean;
  /** memory64: 'i64' (the JS API's `address` / `index` field). */
  index?: 'i32' | 'i64';
  address?: 'i32' | 'i64';
}

type AnyBuffer = ArrayBuffer | SharedArrayBuffer;
type TypedArray = Uint8Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array;
type TypedArrayConstructor = abstract new (...args: never[]) => TypedArray;

interface GrowableSharedArrayBuffer extends SharedArrayBuffer {
  readonly growable: boolean;
  readonly maxByteLength: number;
  grow(newLength: number): void;
}

function limitNumber(value: number | bigint | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`memory ${what} must be a non-negative integer, got ${String(value)}`);
  return n;
}

/** Detaches `buffer` (the JS API detaches a memory's old buffer when it grows). */
function detach(buffer: ArrayBuffer): void {
  const clone = (globalThis as { structuredClone?: (value: unknown, options: { transfer: unknown[] }) => unknown }).structuredClone;
  if (clone !== undefined) {
    try {
      clone(buffer, { transfer: [buffer] });
    } catch {
      // Not detachable here (e.g. already detached): harmless.
    }
  }
}

export class Memory {
  /** Marks memories of every runtime copy (interpreter, compiled modules with inlined runtimes). */
  readonly [MEMORY_BRAND] = true;
  /** Views over exactly the current size (`byteLength`), whatever the backing buffer's capacity. */
  view!: DataView;
  bytes!: Uint8Array;
  /** Typed views over the whole memory for compiled atomics (`Atomics.*` needs them). */
  u16!: Uint16Array;
  i32!: Int32Array;
  i64!: BigInt64Array;
  byteLength = 0;
  readonly shared: boolean;
  readonly index64: boolean;
  /** Maximum size in pages, or null (bounded by the index type). */
  readonly maximum: number | null;
  /** The backing buffer; for a non-shared memory it may be longer than `byteLength` (spare capacity). */
  protected current!: AnyBuffer;
  private readonly typedViews = new Map<TypedArrayConstructor, TypedArray>();

  constructor(descriptor: MemoryDescriptor) {
    const initial = limitNumber(descriptor.initial, 'initial') ?? 0;
    const maximum = limitNumber(descriptor.maximum, 'maximum');
    this.index64 = (descriptor.index ?? descriptor.address) === 'i64';
    this.shared = descriptor.shared === true;
    const bound = this.index64 ? MAX_PAGES_64 : MAX_PAGES_32;
    if (initial > bound) throw new RangeError(`memory initial size ${initial} exceeds ${bound} pages`);
    if (maximum !== undefined && maximum < initial) throw new RangeError(`memory maximum ${maximum} is below its initial size ${initial}`);
    if (this.shared && maximum === undefined) throw new TypeError('a shared memory needs a maximum size');
    this.maximum = maximum ?? null;
    this.setBuffer(this.allocate(initial * PAGE_SIZE));
  }

  static fromType(type: MemoryType): Memory {
    const { min, max, shared, index64 } = type.limits;
    return new Memory({ initial: min, maximum: max ?? undefined, shared, index: index64 ? 'i64' : 'i32' });
  }

  /** The JS API buffer: exactly `pages * PAGE_SIZE` bytes, the same object until the memory grows. */
  get buffer(): AnyBuffer {
    if (!this.shared && this.current.byteLength !== this.byteLength) this.moveToExactBuffer();
    return this.current;
  }

  /** Current size in pages. */
  get pages(): number {
    return this.byteLength / PAGE_SIZE;
  }

  /** JS API grow: the old size in pages; RangeError when the memory cannot grow. */
  grow(delta: number | bigint): number {
    const pages = limitNumber(delta, 'delta') ?? 0;
    const old = this.growPages(pages);
    if (old < 0) throw new RangeError(`memory cannot grow by ${pages} pages`);
    return old;
  }

  /** memory.grow: the old size in pages, or -1 when it cannot grow (limits or allocation). */
  growPages(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    const limit = this.maximum ?? (this.index64 ? MAX_PAGES_64 : MAX_PAGES_32);
    if (delta > limit - old) return -1;
    const newLength = (old + delta) * PAGE_SIZE;
    try {
      this.setBuffer(this.enlarge(newLength, limit * PAGE_SIZE), newLength);
    } catch (error) {
      if (error instanceof RangeError) return -1; // allocation failed
      throw error;
    }
    return old;
  }

  /** Picks up changes made behind this object's back (native memories); no-op here. */
  refresh(): void {}

  /** A typed-array view over the whole current buffer (atomics), cached until the buffer changes. */
  typedView<T extends TypedArray>(ctor: new (buffer: AnyBuffer, offset: number, length: number) => T): T {
    const key = ctor as unknown as TypedArrayConstructor;
    let view = this.typedViews.get(key);
    if (view === undefined) {
      const width = (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      view = new ctor(this.current, 0, Math.floor(this.byteLength / width));
      this.typedViews.set(key, view);
    }
    return view as T;
  }

  /** Makes `buffer` the backing buffer with the memory's first `length` bytes in it. */
  protected setBuffer(buffer: AnyBuffer, length: number = buffer.byteLength): void {
    this.current = buffer;
    this.byteLength = length;
    this.view = new DataView(buffer, 0, this.byteLength);
    this.bytes = new Uint8Array(buffer, 0, this.byteLength);
    this.u16 = new Uint16Array(buffer, 0, Math.floor(this.byteLength / 2));
    this.i32 = new Int32Array(buffer, 0, Math.floor(this.byteLength / 4));
    this.i64 = new BigInt64Array(buffer, 0, Math.floor(this.byteLength / 8));
    this.typedViews.clear();
  }

  private allocate(length: number): AnyBuffer {
    if (!this.shared) return new ArrayBuffer(length);
    const maxByteLength = Math.min(this.maximum! * PAGE_SIZE, 2 ** 32);
    try {
      return new (SharedArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => SharedArrayBuffer)(length, {
        maxByteLength,
      });
    } catch {
      return new SharedArrayBuffer(length);
    }
  }

  /**
   * A backing buffer holding the current contents with room for `newLength` bytes. A
   * non-shared memory reuses its buffer when the capacity suffices (bytes past the old size
   * were never reachable, so they are still zero), else reserves GROWTH_FACTOR times the new
   * size up to `limitBytes` (the maximum allowed by the memory's limits), falling back to the
   * exact size when the reserve cannot be allocated.
   */
  private enlarge(newLength: number, limitBytes: number): AnyBuffer {
    const old = this.current;
    if (this.shared) {
      const growable = old as GrowableSharedArrayBuffer;
      if (growable.growable === true && newLength <= growable.maxByteLength) {
        growable.grow(newLength);
        return growable;
      }
      return this.copyInto(new SharedArrayBuffer(newLength));
    }
    if (newLength <= old.byteLength) return old;
    const reserve = Math.min(Math.ceil((newLength * GROWTH_FACTOR) / PAGE_SIZE) * PAGE_SIZE, limitBytes);
    let next: ArrayBuffer;
    try {
      next = new ArrayBuffer(reserve);
    } catch (error) {
      if (reserve === newLength) throw error;
      next = new ArrayBuffer(newLength); // the reserve is optional: retry with just what is needed
    }
    return this.copyInto(next);
  }

  /** Reading `buffer` with spare capacity: continue in an exact-size copy (see the file comment). */
  private moveToExactBuffer(): void {
    this.setBuffer(this.copyInto(new ArrayBuffer(this.byteLength)));
  }

  /** Copies the current contents into `next` and detaches the old non-shared buffer. */
  private copyInto<T extends AnyBuffer>(next: T): T {
    const old = this.current;
    new Uint8Array(next).set(new Uint8Array(old, 0, this.byteLength));
    if (!this.shared) detach(old as ArrayBuffer);
    return next;
  }
}

/** The part of `WebAssembly.Memory` used to adapt a native memory. */
export interface NativeMemoryLike {
  readonly buffer: AnyBuffer;
  grow(delta: number): number;
}

/** Native memories adapted so far (one adapter per native memory, see `NativeMemory.adapt`). */
interface NativeMemoryRegistry {
  readonly adapters: Set<NativeMemory>;
  readonly adapterOf: WeakMap<object, NativeMemory>;
}

const NATIVE_MEMORIES_KEY = Symbol.for('heron.nativeMemories');

/** One registry per realm: every runtime copy shares a native memory's adapter and refreshes it. */
function sharedNativeMemoryRegistry(): NativeMemoryRegistry {
  const holder = globalThis as { [NATIVE_MEMORIES_KEY]?: NativeMemoryRegistry };
  let registry = holder[NATIVE_MEMORIES_KEY];
  if (registry === undefined) {
    registry = { adapters: new Set(), adapterOf: new WeakMap() };
    Object.defineProperty(holder, NATIVE_MEMORIES_KEY, { value: registry });
  }
  return registry;
}

const { adapters: nativeAdapters, adapterOf } = sharedNativeMemoryRegistry();

/** Re-reads every adapted native memory's buffer: native code may have grown it. */
export function refreshNativeMemories(): void {
  if (nativeAdapters.size === 0) return;
  for (const adapter of nativeAdapters) adapter.refresh();
}

export class NativeMemory extends Memory {
  /** The one adapter of a native memory (so growth seen by one importer is seen by all). */
  static adapt(native: NativeMemoryLike, type: { maximum: number | null; shared: boolean }): NativeMemory {
    let adapter = adapterOf.get(native);
    if (adapter === undefined) {
      adapter = new NativeMemory(native, type);
      adapterOf.set(native, adapter);
      nativeAdapters.add(adapter);
    }
    return adapter;
  }

  private constructor(
    readonly native: NativeMemoryLike,
    type: { maximum: number | null; shared: boolean },
  ) {
    super({ initial: 0, maximum: type.maximum ?? undefined, shared: type.shared && type.maximum !== null });
    this.setBuffer(native.buffer);
  }

  override get buffer(): AnyBuffer {
    return this.native.buffer;
  }

  override growPages(delta: number): number {
    try {
      const old = this.native.grow(delta);
      this.setBuffer(this.native.buffer);
      return old;
    } catch {
      return -1;
    }
  }

  override refresh(): void {
    const buffer = this.native.buffer;
    if (buffer !== this.current || buffer.byteLength !== this.byteLength) this.setBuffer(buffer);
  }
}
