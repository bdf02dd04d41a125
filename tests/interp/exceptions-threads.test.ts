/**
 * Exceptions across instances and host code, and shared-memory atomics on one thread.
 */
import { describe, expect, it } from 'vitest';
import { interpret } from '../../ir/interpreter/index.js';
import { Tag, WasmException } from '../../runtime-support/exception.js';
import { Memory } from '../../runtime-support/memory.js';
import { assembleWat } from '../translate/wat.js';
import { run } from './helpers.js';

describe('exceptions', () => {
  const thrower = `(module (tag $e (export "e") (param i32 f64))
    (func (export "throw") (param i32) (throw $e (local.get 0) (f64.const 1.5))))`;

  it('catches an exception thrown by another instance by tag identity', () => {
    const a = run(thrower);
    const b = run(
      `(module (import "a" "e" (tag $e (param i32 f64))) (import "a" "throw" (func $throw (param i32)))
        (func (export "catch") (param i32) (result i32)
          (try (result i32) (do (call $throw (local.get 0)) (i32.const -1))
            (catch $e (drop) (i32.add (i32.const 100))))))`,
      { a },
    );
    expect(b.catch(5)).toBe(105);
  });

  it('lets uncaught exceptions reach JS as WasmException with a readable payload', () => {
    const a = run(thrower);
    let caught: unknown;
    try {
      a.throw(7);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WasmException);
    const exception = caught as WasmException;
    expect(exception.is(a.e as Tag)).toBe(true);
    expect(exception.getArg(a.e as Tag, 0)).toBe(7);
    expect(exception.getArg(a.e as Tag, 1)).toBe(1.5);
  });

  it('passes foreign JS exceptions through catch_all and rethrow unchanged', () => {
    const foreign = new Error('from JS');
    let cleanups = 0;
    const e = run(
      `(module (import "env" "fail" (func $fail)) (import "env" "cleanup" (func $cleanup))
        (tag $e)
        (func (export "run") (try (do (call $fail)) (catch $e) (catch_all (call $cleanup) (rethrow 0)))))`,
      {
        env: {
          fail: () => {
            throw foreign;
          },
          cleanup: () => cleanups++,
        },
      },
    );
    expect(() => e.run()).toThrow(foreign);
    expect(cleanups).toBe(1);
  });

  it('does not catch traps', () => {
    const e = run(`(module (func $trap unreachable)
      (func (export "run") (result i32) (try (result i32) (do (call $trap) (i32.const 0)) (catch_all (i32.const 1)))))`);
    expect(() => e.run()).toThrow('unreachable');
  });
});

describe('threads', () => {
  const atomics = `(module (import "env" "mem" (memory 1 1 shared))
    (func (export "add") (param i32 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1)))
    (func (export "cmpxchg") (param i32 i64 i64) (result i64) (i64.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
    (func (export "wait") (param i32 i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "notify") (param i32) (result i32) (memory.atomic.notify (local.get 0) (i32.const 1))))`;

  it('runs atomics on a SharedArrayBuffer-backed memory', () => {
    const mem = new Memory({ initial: 1, maximum: 1, shared: true });
    expect(mem.buffer).toBeInstanceOf(SharedArrayBuffer);
    const e = run(atomics, { env: { mem } });
    expect(e.add(8, 5)).toBe(0);
    expect(e.add(8, 5)).toBe(5);
    expect(e.cmpxchg(16, 0n, 9n)).toBe(0n);
    expect(e.cmpxchg(16, 1n, 10n)).toBe(9n);
    expect(() => e.add(6, 1)).toThrow('unaligned atomic');
    expect(e.wait(8, 0, 0n)).toBe(1); // not-equal
    expect(e.wait(8, 10, 1000n)).toBe(2); // timed out after 1 µs
    expect(e.notify(8)).toBe(0);
  });

  it('traps wait on unshared memory', () => {
    const bytes = assembleWat(`(module (memory 1)
      (func (export "wait") (result i32) (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0))))`);
    const e = interpret(bytes).exports as Record<string, () => number>;
    expect(() => e.wait!()).toThrow('expected shared memory');
  });
});
