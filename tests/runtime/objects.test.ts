/**
 * One family of runtime objects: memories, tables and globals created by one engine (or by
 * JS through the library, or natively by `WebAssembly`) are imported and used by another,
 * and both see each other's writes and growth.
 */
import { describe, expect, it } from 'vitest';
import { Global } from '../../runtime-support/global.js';
import { Memory } from '../../runtime-support/memory.js';
import { Table } from '../../runtime-support/table.js';
import { assembleWat } from '../translate/wat.js';
import { ENGINES, enginePairs, runWith, type EngineName } from './engines.js';

const MEMORY_EXPORTER = `(module
  (memory (export "mem") 1 4)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "size") (result i32) (memory.size)))`;

const MEMORY_IMPORTER = `(module
  (import "a" "mem" (memory 1 4))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`;

const TABLE_EXPORTER = `(module
  (type $r (func (result i32)))
  (table (export "tab") 2 10 funcref)
  (func $seven (result i32) (i32.const 7))
  (elem (i32.const 0) $seven)
  (func (export "callAt") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))`;

const TABLE_IMPORTER = `(module
  (type $r (func (result i32)))
  (import "a" "tab" (table 2 funcref))
  (func $nine (result i32) (i32.const 9))
  (elem (i32.const 1) $nine)
  (func (export "callAt") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
  (func (export "grow") (result i32) (table.grow (ref.null func) (i32.const 3)))
  (func (export "size") (result i32) (table.size)))`;

const GLOBAL_EXPORTER = `(module
  (global (export "f") (mut f32) (f32.const 0))
  (global (export "d") (mut f64) (f64.const 0))
  (global (export "l") (mut i64) (i64.const 0))
  (func (export "getF") (result i32) (i32.reinterpret_f32 (global.get 0)))
  (func (export "getD") (result i64) (i64.reinterpret_f64 (global.get 1)))
  (func (export "setF") (param i32) (global.set 0 (f32.reinterpret_i32 (local.get 0)))))`;

const GLOBAL_IMPORTER = `(module
  (import "a" "f" (global $f (mut f32)))
  (import "a" "d" (global $d (mut f64)))
  (import "a" "l" (global $l (mut i64)))
  (func (export "getF") (result i32) (i32.reinterpret_f32 (global.get $f)))
  (func (export "setF") (param i32) (global.set $f (f32.reinterpret_i32 (local.get 0))))
  (func (export "setD") (param i64) (global.set $d (f64.reinterpret_i64 (local.get 0))))
  (func (export "addL") (param i64) (global.set $l (i64.add (global.get $l) (local.get 0)))))`;

describe.each(enginePairs())('%s exports, %s imports', (exporter: EngineName, importer: EngineName) => {
  it('shares a memory: stores and growth are seen by both', () => {
    const a = runWith(exporter, MEMORY_EXPORTER);
    const b = runWith(importer, MEMORY_IMPORTER, { a });
    b.store(8, 42);
    expect(a.load(8)).toBe(42);
    expect(new Int32Array(a.mem.buffer)[2]).toBe(42);
    expect(b.grow(1)).toBe(1);
    expect(a.size()).toBe(2);
    expect(a.mem.buffer.byteLength).toBe(2 * 65536);
    b.store(65536 + 4, -9);
    expect(a.load(65536 + 4)).toBe(-9);
    expect(b.grow(3)).toBe(-1); // the maximum is 4 pages
  });

  it('shares a table: elements and growth are seen by both', () => {
    const a = runWith(exporter, TABLE_EXPORTER);
    const b = runWith(importer, TABLE_IMPORTER, { a });
    expect(a.callAt(1)).toBe(9);
    expect(b.callAt(0)).toBe(7);
    expect(b.grow()).toBe(2);
    expect(a.tab.length).toBe(5);
    expect(() => a.callAt(4)).toThrow('uninitialized element');
    a.tab.set(4, a.tab.get(1));
    expect(b.callAt(4)).toBe(9);
    expect(a.tab.get(0)()).toBe(7);
  });

  it('shares globals: signalling-NaN floats and i64 stay exact', () => {
    const a = runWith(exporter, GLOBAL_EXPORTER);
    const b = runWith(importer, GLOBAL_IMPORTER, { a });
    b.setF(0x7fa00001);
    expect(a.getF()).toBe(0x7fa00001);
    a.setF(0xff800002 | 0);
    expect(b.getF()).toBe(0xff800002 | 0);
    b.setD(0x7ff0000000000003n);
    expect(a.getD()).toBe(0x7ff0000000000003n);
    b.addL(-4n);
    b.addL(1n);
    expect(a.l.value).toBe(-3n);
    a.l.value = 10n;
    b.addL(1n);
    expect(a.l.value).toBe(11n);
  });
});

describe.each(ENGINES)('objects created by JS through the library, used by %s', (engine: EngineName) => {
  it('imports a Memory, a Table and Globals', () => {
    const mem = new Memory({ initial: 1, maximum: 4 });
    const tab = new Table({ element: 'anyfunc', initial: 2 });
    const f = new Global({ value: 'f32', mutable: true }, 1.5);
    const l = new Global({ value: 'i64', mutable: true }, 5n);
    const b = runWith(engine, MEMORY_IMPORTER, { a: { mem } });
    b.store(0, 77);
    expect(new Int32Array(mem.buffer)[0]).toBe(77);
    expect(b.grow(2)).toBe(1);
    expect(mem.buffer.byteLength).toBe(3 * 65536);
    const t = runWith(engine, TABLE_IMPORTER, { a: { tab } });
    expect((tab.get(1) as () => number)()).toBe(9);
    expect(t.grow()).toBe(2);
    expect(tab.length).toBe(5);
    const g = runWith(engine, GLOBAL_IMPORTER, { a: { f, d: new Global({ value: 'f64', mutable: true }), l } });
    expect(g.getF()).toBe(0x3fc00000);
    g.addL(2n);
    expect(l.value).toBe(7n);
    g.setF(0x7fa00001);
    expect(Number.isNaN(f.value)).toBe(true);
  });

  it('rejects imports of the wrong kind or type with a LinkError naming them', () => {
    const wrong = { f: new Global({ value: 'f64', mutable: true }), d: 1, l: 2n };
    expect(() => runWith(engine, GLOBAL_IMPORTER, { a: wrong })).toThrow('import "a" "f": expected global mut f32, got global mut f64');
    expect(() => runWith(engine, MEMORY_IMPORTER, { a: { mem: new Memory({ initial: 1 }) } })).toThrow(
      'import "a" "mem": expected memory min=1 max=4, got memory min=1',
    );
  });
});

interface NativeWebAssembly {
  Memory: new (descriptor: { initial: number; maximum?: number }) => { buffer: ArrayBuffer; grow(delta: number): number };
  Table: new (descriptor: { element: string; initial: number }) => { length: number; get(i: number): unknown; set(i: number, v: unknown): void };
  Global: new (descriptor: { value: string; mutable?: boolean }, value?: unknown) => { value: unknown };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, any> };
}

const native = (globalThis as { WebAssembly?: NativeWebAssembly }).WebAssembly;

describe.skipIf(native === undefined).each(ENGINES)('native WebAssembly objects imported by %s', (engine: EngineName) => {
  it('uses a native Memory, Global and externref Table', () => {
    const wasm = native!;
    const mem = new wasm.Memory({ initial: 1, maximum: 4 });
    const b = runWith(engine, MEMORY_IMPORTER, { a: { mem } });
    b.store(12, 5);
    expect(new Int32Array(mem.buffer)[3]).toBe(5);
    expect(b.grow(1)).toBe(1);
    expect(mem.buffer.byteLength).toBe(2 * 65536);
    mem.grow(1); // growth behind Heron's back
    b.store(2 * 65536 + 8, 6);
    expect(new Int32Array(mem.buffer)[(2 * 65536 + 8) / 4]).toBe(6);

    const counter = new wasm.Global({ value: 'i64', mutable: true }, 1n);
    const g = runWith(engine, GLOBAL_IMPORTER, {
      a: { f: new Global({ value: 'f32', mutable: true }), d: new Global({ value: 'f64', mutable: true }), l: counter },
    });
    g.addL(41n);
    expect(counter.value).toBe(42n);

    const refs = new wasm.Table({ element: 'externref', initial: 2 });
    const t = runWith(
      engine,
      `(module (import "n" "t" (table 2 externref))
        (func (export "put") (param externref) (table.set (i32.const 1) (local.get 0)))
        (func (export "get") (result externref) (table.get (i32.const 0))))`,
      { n: { t: refs } },
    );
    const token = { token: true };
    t.put(token);
    expect(refs.get(1)).toBe(token);
    refs.set(0, 'set natively');
    expect(t.get()).toBe('set natively');
  });

  it('calls a native Wasm function found in a native funcref table', () => {
    const wasm = native!;
    const five = new wasm.Instance(new wasm.Module(assembleWat('(module (func (export "five") (result i32) (i32.const 5)))')));
    const table = new wasm.Table({ element: 'anyfunc', initial: 1 });
    table.set(0, five.exports.five);
    const b = runWith(engine, `(module (type $r (func (result i32))) (import "n" "t" (table 1 funcref))
      (func (export "call") (result i32) (call_indirect (type $r) (i32.const 0))))`, { n: { t: table } });
    expect(b.call()).toBe(5);
  });
});
