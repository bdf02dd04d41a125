/**
 * The interpreter through `interpret`: the WebAssembly.Instance surface of exports, linking
 * and its errors, instantiation order, traps, stack exhaustion and tail calls.
 */
import { describe, expect, it } from 'vitest';
import { interpret } from '../../ir/interpreter/index.js';
import { LinkError, RuntimeError } from '../../runtime-support/errors.js';
import { Global } from '../../runtime-support/global.js';
import { Memory } from '../../runtime-support/memory.js';
import { Table } from '../../runtime-support/table.js';
import { assembleWat } from '../translate/wat.js';
import { run } from './helpers.js';

describe('exports surface', () => {
  it('converts values like the JS API', () => {
    const e = run(`(module
      (func (export "i64") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
      (func (export "f32") (param f32) (result f32) (local.get 0))
      (func (export "pair") (result i32 f64) (i32.const -1) (f64.const 2.5))
      (func (export "v128") (result v128) (v128.const i32x4 1 2 3 4))
      (func (export "wrap") (param i32) (result i32) (local.get 0)))`);
    expect(e.i64(41n)).toBe(42n);
    expect(e.i64(-(2n ** 63n))).toBe(-(2n ** 63n) + 1n);
    expect(() => e.i64(1)).toThrow(TypeError);
    expect(e.f32(0.1)).toBe(Math.fround(0.1));
    expect(e.pair()).toEqual([-1, 2.5]);
    expect(() => e.v128()).toThrow(TypeError);
    expect(e.wrap(2 ** 32 + 5)).toBe(5);
    expect(e.wrap.length).toBe(1);
    expect(Object.isFrozen(e)).toBe(true);
  });

  it('exports memories, tables and globals as runtime objects', () => {
    const e = run(`(module
      (memory (export "mem") 1 3)
      (table (export "tab") 2 funcref)
      (global (export "g") (mut i32) (i32.const 7))
      (func $f (export "f") (result i32) (i32.const 1))
      (elem (i32.const 1) $f)
      (func (export "size") (result i32) (memory.size))
      (func (export "bump") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))`);
    expect(e.mem).toBeInstanceOf(Memory);
    expect(e.mem.buffer.byteLength).toBe(65536);
    expect(e.mem.grow(1)).toBe(1);
    expect(e.size()).toBe(2);
    expect(() => e.mem.grow(5)).toThrow(RangeError);
    expect(e.tab).toBeInstanceOf(Table);
    expect(e.tab.length).toBe(2);
    expect(e.tab.get(0)).toBe(null);
    expect(e.tab.get(1)).toBe(e.f); // funcref identity
    expect(e.tab.grow(1)).toBe(2);
    expect(e.g).toBeInstanceOf(Global);
    e.bump();
    expect(e.g.value).toBe(8);
    e.g.value = 100;
    e.bump();
    expect(e.g.valueOf()).toBe(101);
  });
});

describe('linking', () => {
  const importer = `(module
    (import "env" "f" (func (param i32) (result i32)))
    (import "env" "mem" (memory 1 2))
    (import "env" "g" (global i64))
    (func (export "call") (param i32) (result i32) (call 0 (local.get 0)))
    (func (export "g") (result i64) (global.get 0)))`;

  it('accepts host functions, Heron objects and primitive globals', () => {
    const e = run(importer, { env: { f: (x: number) => x * 2, mem: new Memory({ initial: 1, maximum: 2 }), g: 5n } });
    expect(e.call(21)).toBe(42);
    expect(e.g()).toBe(5n);
  });

  it('names the import, the expected and the actual type in LinkErrors', () => {
    const bytes = assembleWat(importer);
    const good = { f: () => 0, mem: new Memory({ initial: 1, maximum: 2 }), g: 5n };
    expect(() => interpret(bytes, { env: { ...good, f: 3 } })).toThrow(LinkError);
    expect(() => interpret(bytes, { env: { ...good, f: 3 } })).toThrow('import "env" "f": expected function (i32) -> i32, got number 3');
    expect(() => interpret(bytes, { env: { ...good, mem: new Memory({ initial: 1 }) } })).toThrow(/import "env" "mem": expected memory min=1 max=2/);
    expect(() => interpret(bytes, { env: { ...good, g: new Global({ value: 'i64', mutable: true }, 1n) } })).toThrow(/expected global i64, got global mut i64/);
    expect(() => interpret(bytes, {})).toThrow(/unknown import module "env"/);
  });

  it('checks signatures of Wasm functions imported from another instance', () => {
    const exporter = run(`(module (func (export "f") (param i64) (result i64) (local.get 0)))`);
    const bytes = assembleWat(importer);
    const env = { f: exporter.f, mem: new Memory({ initial: 1, maximum: 2 }), g: 5n };
    expect(() => interpret(bytes, { env })).toThrow('import "env" "f": expected function (i32) -> i32, got Wasm function (i64) -> i64');
  });

  it('keeps NaN payloads and v128 values exact across instances', () => {
    const a = run(`(module
      (func (export "snan") (result f32) (f32.reinterpret_i32 (i32.const 0x7fa00001)))
      (func (export "dsnan") (result f64) (f64.reinterpret_i64 (i64.const 0x7ff0000000000001)))
      (func (export "vec") (param v128) (result v128) (i32x4.add (local.get 0) (local.get 0)))
      (func (export "multi") (result f64 i64 f32) (f64.reinterpret_i64 (i64.const 0x7ff0000000000002)) (i64.const -3) (f32.reinterpret_i32 (i32.const 0x7f800001))))`);
    const b = run(
      `(module
        (import "a" "snan" (func $snan (result f32)))
        (import "a" "dsnan" (func $dsnan (result f64)))
        (import "a" "vec" (func $vec (param v128) (result v128)))
        (import "a" "multi" (func $multi (result f64 i64 f32)))
        (func (export "bits") (result i32) (i32.reinterpret_f32 (call $snan)))
        (func (export "dbits") (result i64) (i64.reinterpret_f64 (call $dsnan)))
        (func (export "lane") (result i32) (i32x4.extract_lane 3 (call $vec (v128.const i32x4 1 2 3 4))))
        (func (export "multi") (result i64 i64 i32)
          (local i64 f32) (call $multi) (local.set 1) (local.set 0) (i64.reinterpret_f64) (local.get 0) (i32.reinterpret_f32 (local.get 1))))`,
      { a },
    );
    expect(b.bits()).toBe(0x7fa00001);
    expect(b.dbits()).toBe(0x7ff0000000000001n);
    expect(b.lane()).toBe(8);
    expect(b.multi()).toEqual([0x7ff0000000000002n, -3n, 0x7f800001]);
  });
});

describe('instantiation', () => {
  it('keeps data segment writes made before a failing segment', () => {
    const memory = new Memory({ initial: 1 });
    const bytes = assembleWat(`(module (import "env" "mem" (memory 1))
      (data (i32.const 0) "ab") (data (i32.const 65535) "cd"))`);
    expect(() => interpret(bytes, { env: { mem: memory } })).toThrow('out of bounds memory access');
    expect(Array.from(new Uint8Array(memory.buffer, 0, 2))).toEqual([97, 98]);
  });

  it('runs the start function after segments', () => {
    const seen: number[] = [];
    run(
      `(module (import "env" "log" (func $log (param i32))) (memory 1) (data (i32.const 0) "\\2a")
        (func $start (call $log (i32.load8_u (i32.const 0)))) (start $start))`,
      { env: { log: (x: number) => seen.push(x) } },
    );
    expect(seen).toEqual([42]);
  });
});

describe('execution', () => {
  it('traps with the spec messages', () => {
    const e = run(`(module (memory 1) (table 1 funcref)
      (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "icall") (param i32) (call_indirect (local.get 0)))
      (func (export "conv") (param f64) (result i32) (i32.trunc_f64_s (local.get 0))))`);
    expect(() => e.div(0)).toThrow(new RuntimeError('integer divide by zero'));
    expect(() => e.load(65533)).toThrow('out of bounds memory access');
    expect(() => e.icall(0)).toThrow('uninitialized element');
    expect(() => e.icall(1)).toThrow('undefined element');
    expect(() => e.conv(NaN)).toThrow('invalid conversion to integer');
    expect(() => e.conv(3e9)).toThrow('integer overflow');
  });

  it('turns unbounded recursion into the RuntimeError "call stack exhausted"', () => {
    const e = run(`(module (func $f (export "f") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1))))`);
    expect(() => e.f(0)).toThrow(new RuntimeError('call stack exhausted'));
    // The stack is usable again afterwards.
    const g = run(`(module (func (export "g") (result i32) (i32.const 3)))`);
    expect(g.g()).toBe(3);
  });

  it('runs a million tail calls in constant stack', () => {
    const e = run(`(module
      (func $even (export "even") (param i64) (result i32)
        (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1)) (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
      (func $odd (param i64) (result i32)
        (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0)) (else (return_call $even (i64.sub (local.get 0) (i64.const 1)))))))`);
    expect(e.even(1_000_000n)).toBe(1);
    expect(e.even(999_999n)).toBe(0);
  });

  it('re-enters from host code without clobbering frames', () => {
    let inner: ((x: number) => number) | undefined;
    const e = run(
      `(module (import "env" "host" (func $host (param i32) (result i32)))
        (func (export "outer") (param i32) (result i32) (local i32)
          (local.set 1 (i32.mul (local.get 0) (i32.const 100)))
          (i32.add (local.get 1) (call $host (local.get 0))))
        (func (export "inner") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))`,
      { env: { host: (x: number) => inner!(x) } },
    );
    inner = e.inner;
    expect(e.outer(5)).toBe(506);
  });
});
