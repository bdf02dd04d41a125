/**
 * Wasm exceptions across engines: thrown by one engine, caught by tag identity in another
 * with an exact payload (signalling NaNs included), seen by JS through the JS API surface;
 * traps — a compiled callee's implicit ones too — are never caught by Wasm handlers.
 */
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../runtime-support/errors.js';
import { isWasmException, Tag, WasmException } from '../../runtime-support/exception.js';
import { enginePairs, runWith, type EngineName } from './engines.js';

const THROWER = `(module
  (tag (export "e") (param f64 i64 f32))
  (memory 1)
  (func (export "throw") (param i64 i64 i32)
    (throw 0 (f64.reinterpret_i64 (local.get 0)) (local.get 1) (f32.reinterpret_i32 (local.get 2))))
  (func (export "oob") (drop (i32.load (i32.const 70000)))))`;

const CATCHER = `(module
  (import "a" "e" (tag $e (param f64 i64 f32)))
  (import "a" "throw" (func $throw (param i64 i64 i32)))
  (import "a" "oob" (func $oob))
  (func (export "catch") (param i64 i64 i32) (result i64 i64 i32)
    (local $d f64) (local $l i64) (local $f f32)
    (try (do (call $throw (local.get 0) (local.get 1) (local.get 2)))
      (catch $e (local.set $f) (local.set $l) (local.set $d)))
    (i64.reinterpret_f64 (local.get $d)) (local.get $l) (i32.reinterpret_f32 (local.get $f)))
  (func (export "throwHere") (param i64)
    (throw $e (f64.reinterpret_i64 (local.get 0)) (i64.const 3) (f32.const 2.5)))
  (func (export "passOn") (param i64 i64 i32)
    (try (do (call $throw (local.get 0) (local.get 1) (local.get 2))) (catch_all (rethrow 0))))
  (func (export "guarded") (result i32)
    (try (result i32) (do (call $oob) (i32.const 0)) (catch_all (i32.const 1)))))`;

function f64Bits(value: unknown): bigint {
  return new BigInt64Array(new Float64Array([value as number]).buffer)[0]!;
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an exception');
}

describe.each(enginePairs())('%s throws, %s catches', (thrower: EngineName, catcher: EngineName) => {
  it('catches by tag identity with an exact payload', () => {
    const a = runWith(thrower, THROWER);
    const b = runWith(catcher, CATCHER, { a });
    expect(b.catch(0x7ff0000000000009n, -7n, 0x7f800005)).toEqual([0x7ff0000000000009n, -7n, 0x7f800005]);
    expect(b.catch(0x4008000000000000n, 1n, 0xffa00000 | 0)).toEqual([0x4008000000000000n, 1n, 0xffa00000 | 0]);
  });

  it('lets exceptions reach JS with the JS API surface, rethrown ones unchanged', () => {
    const a = runWith(thrower, THROWER);
    const b = runWith(catcher, CATCHER, { a });
    const tag = a.e as Tag;
    const here = caught(() => b.throwHere(0x7ff4000000000001n)) as WasmException;
    expect(isWasmException(here)).toBe(true);
    expect(here.is(tag)).toBe(true);
    expect(here.getArg(tag, 1)).toBe(3n);
    expect(here.getArg(tag, 2)).toBe(2.5);
    const passed = caught(() => b.passOn(0x7ff0000000000002n, 5n, 0)) as WasmException;
    expect(passed.is(tag)).toBe(true);
    expect(passed.getArg(tag, 1)).toBe(5n);
    expect(f64Bits(passed.getArg(tag, 0)) & 0x7ff0000000000000n).toBe(0x7ff0000000000000n);
    expect(() => here.getArg(new Tag({ parameters: ['f64', 'i64', 'f32'] }), 0)).toThrow(TypeError);
  });

  it('never catches a trap, not even an implicit one of compiled code', () => {
    const a = runWith(thrower, THROWER);
    const b = runWith(catcher, CATCHER, { a });
    const error = caught(() => b.guarded());
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as Error).message).toBe('out of bounds memory access');
  });
});

describe('exceptions created by JS', () => {
  it.each(['interp', 'compiled', 'inline'] as const)('%s catches a WasmException thrown by an imported JS function', (engine) => {
    const tag = new Tag({ parameters: ['f64', 'i64', 'f32'] });
    const b = runWith(engine, CATCHER, {
      a: {
        e: tag,
        throw: (d: bigint, l: bigint) => {
          throw WasmException.fromJs(tag, [new Float64Array(new BigInt64Array([d]).buffer)[0], l, 0.5]);
        },
        oob: () => undefined,
      },
    });
    expect(b.catch(0x4000000000000000n, 9n, 0)).toEqual([0x4000000000000000n, 9n, 0x3f000000]);
    expect(b.guarded()).toBe(0);
  });
});
