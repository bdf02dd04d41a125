/**
 * Memory growth with spare capacity (runtime-support/memory.ts): a non-shared memory's
 * backing buffer may be longer than the memory, so growing page by page reallocates only
 * O(log n) times — while every view, `buffer` and every access still see exactly the
 * current size, and the JS API's detach-on-grow behaviour is kept.
 */
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../runtime-support/errors.js';
import { Memory, PAGE_SIZE } from '../../runtime-support/memory.js';
import { WASI } from '../../runtime-support/wasi/index.js';
import type { WasiInstance } from '../../runtime-support/wasi/index.js';
import { ENGINES, runWith, type EngineName, type LooseExports } from './engines.js';

/** The buffer behind a memory's views: reading it, unlike `buffer`, never moves the memory. */
function backingOf(memory: Memory): ArrayBufferLike {
  return memory.view.buffer;
}

function expectViewsSpanExactly(memory: Memory, pages: number): void {
  const length = pages * PAGE_SIZE;
  expect(memory.byteLength).toBe(length);
  expect(memory.pages).toBe(pages);
  expect(memory.view.byteLength).toBe(length);
  expect(memory.bytes.length).toBe(length);
  expect(memory.u16.length).toBe(length / 2);
  expect(memory.i32.length).toBe(length / 4);
  expect(memory.i64.length).toBe(length / 8);
  expect(memory.typedView(Uint32Array).length).toBe(length / 4);
}

describe('Memory growth with spare capacity', () => {
  it('grows page by page with few reallocations, views always exactly as long as the memory', () => {
    const memory = new Memory({ initial: 1 });
    const backings = new Set<ArrayBufferLike>([backingOf(memory)]);
    for (let pages = 1; pages < 400; pages++) {
      memory.bytes[pages * PAGE_SIZE - 1] = pages & 0xff; // last byte of every page so far
      expect(memory.growPages(1)).toBe(pages);
      expectViewsSpanExactly(memory, pages + 1);
      backings.add(backingOf(memory));
    }
    // x1.5 per reallocation: about log1.5(400) ≈ 15 buffers, not 400.
    expect(backings.size).toBeLessThan(20);
    expect(backingOf(memory).byteLength).toBeGreaterThanOrEqual(memory.byteLength);
    for (let pages = 1; pages < 400; pages++) expect(memory.bytes[pages * PAGE_SIZE - 1]).toBe(pages & 0xff);
    expect(memory.bytes[400 * PAGE_SIZE - 1]).toBe(0);
  });

  it('never reserves beyond the maximum', () => {
    const memory = new Memory({ initial: 1, maximum: 3 });
    expect(memory.growPages(1)).toBe(1);
    expect(backingOf(memory).byteLength).toBe(3 * PAGE_SIZE);
    expect(memory.growPages(1)).toBe(2);
    expect(memory.growPages(1)).toBe(-1);
    expectViewsSpanExactly(memory, 3);
  });

  it('`buffer` is exact, stable until growth, shares bytes with the views and is detached by grow', () => {
    const memory = new Memory({ initial: 1 });
    memory.grow(1); // now backed by a buffer with spare capacity
    expect(backingOf(memory).byteLength).toBeGreaterThan(memory.byteLength);
    memory.bytes[5] = 9;
    const buffer = memory.buffer as ArrayBuffer;
    expect(buffer.byteLength).toBe(2 * PAGE_SIZE);
    expect(memory.buffer).toBe(buffer);
    expect(backingOf(memory)).toBe(buffer);
    expect(new Uint8Array(buffer)[5]).toBe(9);
    new Uint8Array(buffer)[6] = 7;
    expect(memory.view.getUint8(6)).toBe(7);
    expectViewsSpanExactly(memory, 2);

    expect(memory.grow(1)).toBe(2);
    expect(buffer.byteLength).toBe(0); // detached, as the JS API requires
    const grown = memory.buffer;
    expect(grown.byteLength).toBe(3 * PAGE_SIZE);
    expect(new Uint8Array(grown).subarray(5, 7)).toEqual(Uint8Array.of(9, 7));
  });

  it('moving to an exact buffer detaches the spare-capacity one, so stale views cannot read a stale copy', () => {
    const memory = new Memory({ initial: 1 });
    memory.grow(1);
    const staleBytes = memory.bytes;
    void memory.buffer;
    expect(staleBytes.length).toBe(0);
  });

  it('keeps shared memories on their own buffers, exactly as long as the memory', () => {
    const memory = new Memory({ initial: 1, maximum: 10, shared: true });
    memory.i32[3] = 11;
    expect(memory.growPages(2)).toBe(1);
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(memory.buffer.byteLength).toBe(3 * PAGE_SIZE);
    expectViewsSpanExactly(memory, 3);
    expect(new Int32Array(memory.buffer)[3]).toBe(11);
  });
});

const ACCESSOR = `(module
  (memory (export "mem") 2)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

describe.each(ENGINES)('%s: accesses between the size and the capacity trap', (engine: EngineName) => {
  function expectTrap(action: () => unknown): void {
    expect(action).toThrow(new RuntimeError('out of bounds memory access'));
  }

  it('traps at the size, not at the capacity, after growth within the capacity', () => {
    const ex = runWith(engine, ACCESSOR);
    const memory = ex.mem as Memory;
    expect(ex.grow(1)).toBe(2); // reallocates: 5 pages for 3
    expect(ex.grow(1)).toBe(3); // fits the capacity: no reallocation
    const length = 4 * PAGE_SIZE;
    expect(memory.byteLength).toBe(length);
    expect(backingOf(memory).byteLength).toBeGreaterThan(length);

    ex.store8(length - 1, 0xab);
    expect(ex.load8(length - 1)).toBe(0xab);
    expect(ex.load32(length - 4)).toBe(0xab000000 | 0);
    expectTrap(() => ex.load8(length));
    expectTrap(() => ex.load32(length - 3));
    expectTrap(() => ex.store8(length, 1));
    expectTrap(() => ex.load8(length + PAGE_SIZE - 1)); // inside the backing buffer's spare room

    expect(ex.grow(1)).toBe(4);
    expect(ex.load8(length)).toBe(0); // the page the spare room became is zero
    expect(ex.load8(length - 1)).toBe(0xab);
  });
});

/** A guest that grows its memory (to 4 pages, backed by 5), then writes "ok\n" to stdout three times. */
const GROWING_WRITER = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "ok\\n")
  (func (export "_start")
    (drop (memory.grow (i32.const 1)))
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;

describe.each(ENGINES)('%s: WASI syscalls on a grown memory', (engine: EngineName) => {
  it('read guest memory without moving it to an exact-size buffer', () => {
    const written: string[] = [];
    const wasi = new WASI({ stdout: { write: (bytes) => written.push(new TextDecoder().decode(bytes)) }, returnOnExit: true });
    const backings: ArrayBufferLike[] = [];
    const fdWrite = wasi.wasiImport.fd_write as (...args: number[]) => number;
    let memory: Memory | undefined;
    const imports = {
      wasi_snapshot_preview1: {
        ...wasi.wasiImport,
        fd_write: (...args: number[]) => {
          const result = fdWrite(...args);
          backings.push(backingOf(memory!));
          return result;
        },
      },
    };
    const exports: LooseExports = runWith(engine, GROWING_WRITER, imports);
    memory = exports.memory as Memory;
    expect(wasi.start({ exports } as WasiInstance)).toBe(0);
    expect(written.join('')).toBe('ok\nok\nok\n');
    expect(backings).toHaveLength(3);
    expect(backings[0]!.byteLength).toBeGreaterThan(memory!.byteLength);
    expect(new Set(backings).size).toBe(1);
  });
});
