/**
 * The Table's callee cache (runtime-support/table.ts `calleeSigs` / `calleeRaws`), which
 * call_indirect in compiled code trusts without looking at the element: every way a table
 * changes must keep it in step. Each case first fills the table through another path than the
 * one it tests (the JS API, or table.set), so that a path forgetting the cache leaves a stale
 * entry and the call returns the old function (or fails to trap); the white-box cases also
 * compare the cache with the elements directly.
 */
import { describe, expect, it } from 'vitest';
import { exportFunction } from '../../runtime-support/js/functions.js';
import { tableCopy, tableFill, tableInit, tableSet } from '../../runtime-support/js/table.js';
import { funcInfoOf, type RawFunction } from '../../runtime-support/raw-call.js';
import { Table } from '../../runtime-support/table.js';
import { assembleWat } from '../translate/wat.js';
import { ENGINES, enginePairs, runWith, type EngineName, type LooseExports } from './engines.js';

/** `pick(which)`: 0 → null, 2 → $two, 3 → $three, anything else → $wrong (another type). */
const OWNER = `(module
  (type $r (func (result i32)))
  (type $other (func (param i32) (result i32)))
  (table $t (export "tbl") 4 10 funcref)
  (func $one (export "one") (type $r) (i32.const 1))
  (func $two (export "two") (type $r) (i32.const 2))
  (func $three (type $r) (i32.const 3))
  (func $wrong (export "wrong") (type $other) (local.get 0))
  (elem (table $t) (i32.const 0) func $one $one $one $one)
  (elem $seg func $two $three)
  (elem declare func $wrong)
  (func $pick (param i32) (result funcref)
    (if (result funcref) (i32.eqz (local.get 0))
      (then (ref.null func))
      (else (if (result funcref) (i32.eq (local.get 0) (i32.const 2))
        (then (ref.func $two))
        (else (if (result funcref) (i32.eq (local.get 0) (i32.const 3))
          (then (ref.func $three))
          (else (ref.func $wrong))))))))
  (func (export "call") (param i32) (result i32) (call_indirect $t (type $r) (local.get 0)))
  (func (export "set") (param i32 i32) (table.set $t (local.get 0) (call $pick (local.get 1))))
  (func (export "fill") (param i32 i32 i32) (table.fill $t (local.get 0) (call $pick (local.get 1)) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "init") (param i32 i32 i32) (table.init $t $seg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32 i32) (result i32) (table.grow $t (call $pick (local.get 0)) (local.get 1))))`;

/** Imports the owner's table, writes its own function into it and calls through it. */
const SHARER = `(module
  (type $r (func (result i32)))
  (import "a" "tbl" (table $t 4 funcref))
  (func $seven (type $r) (i32.const 7))
  (elem declare func $seven)
  (func (export "call") (param i32) (result i32) (call_indirect $t (type $r) (local.get 0)))
  (func (export "setSeven") (param i32) (table.set $t (local.get 0) (ref.func $seven)))
  (func (export "fillNull") (param i32 i32) (table.fill $t (local.get 0) (ref.null func) (local.get 1))))`;

/** The calls at indexes 0..n-1, a trap shown as its message. */
function callAll(exports: LooseExports, n: number): (number | string)[] {
  return Array.from({ length: n }, (_, i) => {
    try {
      return exports.call(i) as number;
    } catch (error) {
      return (error as Error).message;
    }
  });
}

const UNINITIALIZED = 'uninitialized element';
const MISMATCH = 'indirect call type mismatch';
const UNDEFINED = 'undefined element';

describe.each(ENGINES)('%s: call_indirect sees every table change', (engine: EngineName) => {
  /** The owner module, its table filled with $one through the JS API. */
  function owner(): LooseExports {
    const exports = runWith(engine, OWNER);
    for (let i = 0; i < 4; i++) (exports.tbl as Table).set(i, exports.one);
    return exports;
  }

  it('table.set', () => {
    const e = owner();
    expect(callAll(e, 4)).toEqual([1, 1, 1, 1]);
    e.set(0, 2);
    e.set(1, 0);
    e.set(2, 9);
    expect(callAll(e, 5)).toEqual([2, UNINITIALIZED, MISMATCH, 1, UNDEFINED]);
  });

  it('table.fill', () => {
    const e = owner();
    e.fill(1, 3, 2);
    expect(callAll(e, 4)).toEqual([1, 3, 3, 1]);
    e.fill(2, 0, 2);
    expect(callAll(e, 4)).toEqual([1, 3, UNINITIALIZED, UNINITIALIZED]);
  });

  it('table.copy, overlapping within one table', () => {
    const e = owner();
    e.set(0, 2);
    e.set(1, 3);
    e.copy(1, 0, 3);
    expect(callAll(e, 4)).toEqual([2, 2, 3, 1]);
    e.set(3, 0);
    e.copy(0, 1, 3);
    expect(callAll(e, 4)).toEqual([2, 3, UNINITIALIZED, UNINITIALIZED]);
  });

  it('table.init', () => {
    const e = owner();
    e.init(2, 0, 2);
    expect(callAll(e, 4)).toEqual([1, 1, 2, 3]);
  });

  it('table.grow', () => {
    const e = owner();
    expect(e.grow(3, 2)).toBe(4);
    expect(e.grow(0, 1)).toBe(6);
    expect(callAll(e, 8)).toEqual([1, 1, 1, 1, 3, 3, UNINITIALIZED, UNDEFINED]);
    e.set(6, 2);
    expect(callAll(e, 7)).toEqual([1, 1, 1, 1, 3, 3, 2]);
  });

  it('the JS API: set and grow', () => {
    const e = runWith(engine, OWNER);
    for (let i = 0; i < 4; i++) e.set(i, 3);
    const table = e.tbl as Table;
    table.set(0, e.two);
    table.set(1, null);
    table.set(2, e.wrong);
    expect(table.grow(1, e.two)).toBe(4);
    expect(callAll(e, 6)).toEqual([2, UNINITIALIZED, MISMATCH, 3, 2, UNDEFINED]);
  });
});

describe.each(enginePairs())('a table of %s shared with %s', (ownerEngine: EngineName, sharerEngine: EngineName) => {
  it('each module calls what the other wrote', () => {
    const a = runWith(ownerEngine, OWNER);
    for (let i = 0; i < 4; i++) (a.tbl as Table).set(i, a.one);
    const b = runWith(sharerEngine, SHARER, { a });
    b.setSeven(1);
    expect(callAll(a, 4)).toEqual([1, 7, 1, 1]);
    a.set(1, 2);
    expect(callAll(b, 4)).toEqual([1, 2, 1, 1]);
    b.fillNull(0, 2);
    expect(callAll(a, 3)).toEqual([UNINITIALIZED, UNINITIALIZED, 1]);
  });
});

describe('a native WebAssembly.Table imported by compiled code', () => {
  interface NativeTableObject {
    set(index: number, value: unknown): void;
  }
  const native = (globalThis as { WebAssembly?: Record<string, any> }).WebAssembly;

  it.runIf(native !== undefined)('is never cached: JS changes it behind Heron', () => {
    const nativeTable = new native!.Table({ element: 'anyfunc', initial: 2 }) as NativeTableObject;
    const constants = new native!.Instance(
      new native!.Module(assembleWat('(module (func (export "five") (result i32) (i32.const 5)) (func (export "six") (result i32) (i32.const 6)))')),
      {},
    ).exports as Record<string, unknown>;
    const user = runWith('compiled', `(module
      (type $r (func (result i32)))
      (import "a" "tbl" (table $t 2 funcref))
      (func (export "call") (param i32) (result i32) (call_indirect $t (type $r) (local.get 0))))`, { a: { tbl: nativeTable } });
    nativeTable.set(0, constants.five);
    expect(callAll(user, 2)).toEqual([5, UNINITIALIZED]);
    nativeTable.set(0, constants.six);
    nativeTable.set(1, constants.five);
    expect(callAll(user, 2)).toEqual([6, 5]);
  });
});

describe('the cache itself, after each runtime path', () => {
  const raw = ((x: number) => x) as RawFunction;
  const unary = exportFunction(raw, 'i32->i32', 'unary');
  const nullary = exportFunction((() => 4) as RawFunction, '->i32', 'nullary');
  const plainJs = (): number => 0;

  /** The cache describes exactly the Heron functions among the elements. */
  function expectInStep(table: Table): void {
    expect(table.calleeSigs.length).toBe(table.elements.length);
    expect(table.calleeRaws.length).toBe(table.elements.length);
    table.elements.forEach((element, i) => {
      const info = funcInfoOf(element);
      expect([table.calleeSigs[i], table.calleeRaws[i]]).toEqual([info?.sig ?? null, info?.raw ?? null]);
    });
  }

  it('construction, set, grow and the compiled-code helpers', () => {
    const table = new Table({ element: 'funcref', initial: 3 }, unary);
    expect(table.calleeSigs).toEqual(['i32->i32', 'i32->i32', 'i32->i32']);
    expectInStep(table);
    table.set(0, nullary);
    table.set(1, null);
    expectInStep(table);
    expect(table.grow(2, nullary)).toBe(3);
    expectInStep(table);
    expect(table.calleeSigs[4]).toBe('->i32');
    tableSet(table, 2, plainJs);
    expect(table.calleeSigs[2]).toBeNull();
    expectInStep(table);
    tableFill(table, 1, unary, 3);
    expectInStep(table);
    tableCopy(table, 0, table, 1, 4);
    expectInStep(table);
    tableInit(table, 3, [null, nullary], 0, 2);
    expectInStep(table);
    expect(table.elements).toEqual([unary, unary, unary, null, nullary]);
  });

  it('a table of another runtime copy keeps its cache through the shared helpers', () => {
    const a = runWith('inline', OWNER);
    const table = a.tbl as Table;
    tableSet(table, 0, unary);
    tableFill(table, 1, nullary, 1);
    tableCopy(table, 2, table, 0, 2);
    tableInit(table, 3, [null], 0, 1);
    expectInStep(table);
    expect(table.calleeRaws[2]).toBe(raw);
  });
});
