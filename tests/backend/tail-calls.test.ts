/**
 * Tail calls in constant JS stack (backend-js/tail-calls.ts): self tail calls as loops,
 * bounded chains as plain returns, trampolines for cycles, indirect and imported callees —
 * across modules and across copies of the runtime — with multiple results, traps and
 * exceptions. Depths of 10^6 are far beyond the JS stack, so a regression overflows.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import { assembleWat } from '../translate/wat.js';
import { compileForTest } from './harness.js';

type Exports = Record<string, (...args: unknown[]) => unknown>;

const DEEP = 1_000_000;

function instantiate(text: string, imports: unknown = {}): Exports {
  return compileForTest(assembleWat(text))(imports).exports as Exports;
}

/** The module compiled as a self-contained script carrying its own copy of the runtime. */
function instantiateWithOwnRuntime(text: string, imports: unknown): Exports {
  const { code } = compile(assembleWat(text), { format: 'script', globalName: 'tailTestModule' });
  const module = new Function(`${code}\nreturn tailTestModule;`)() as { instantiate(imports: unknown): { exports: Exports } };
  return module.instantiate(imports).exports;
}

const EVEN_ODD = `(module
  (func $even (export "even") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (return_call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (export "odd") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (return_call $even (i32.sub (local.get 0) (i32.const 1)))))))`;

describe('direct tail calls', () => {
  it('a self tail call becomes a loop, with no trampoline', () => {
    const text = `(module (func $sum (export "sum") (param i64 i64) (result i64)
      (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
        (else (return_call $sum (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 0) (local.get 1)))))))`;
    const { sum } = instantiate(text);
    expect(sum!(BigInt(DEEP), 0n)).toBe(BigInt(DEEP * (DEEP + 1)) / 2n);
    expect(compile(assembleWat(text), { format: 'factory' }).code).not.toContain('tailCall');
  });

  it('mutual recursion (a cycle of tail calls) runs in a trampoline', () => {
    const { even, odd } = instantiate(EVEN_ODD);
    expect(even!(DEEP)).toBe(1);
    expect(even!(DEEP + 1)).toBe(0);
    expect(odd!(DEEP + 1)).toBe(1);
    expect(compile(assembleWat(EVEN_ODD), { format: 'factory' }).code).toContain('$runTailCalls');
  });

  it('a bounded chain of tail calls stays plain returns', () => {
    const text = `(module
      (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
      (func $mid (param i32) (result i32) (return_call $leaf (i32.add (local.get 0) (i32.const 1))))
      (func (export "top") (param i32) (result i32) (return_call $mid (local.get 0))))`;
    expect(instantiate(text).top!(4)).toBe(15);
    const { code } = compile(assembleWat(text), { format: 'factory' });
    expect(code).not.toContain('tailCall');
  });

  it('passes several results through a chain of tail calls', () => {
    const { run } = instantiate(`(module
      (func $a (param i32 i64) (result i32 i64)
        (if (result i32 i64) (i32.eqz (local.get 0)) (then (local.get 0) (local.get 1))
          (else (return_call $b (local.get 0) (local.get 1)))))
      (func $b (param i32 i64) (result i32 i64)
        (return_call $a (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 2))))
      (func (export "run") (param i32) (result i32 i64) (call $a (local.get 0) (i64.const 0))))`);
    expect(run!(DEEP)).toEqual([0, BigInt(2 * DEEP)]);
  });

  it('a trap in the middle of a trampolined chain is a RuntimeError', () => {
    const { count } = instantiate(`(module
      (func $down (export "count") (param i32) (result i32)
        (if (result i32) (i32.eq (local.get 0) (i32.const 17)) (then (unreachable))
          (else (return_call $again (i32.sub (local.get 0) (i32.const 1))))))
      (func $again (param i32) (result i32) (return_call $down (local.get 0))))`);
    expect(() => count!(DEEP)).toThrow(RuntimeError);
    expect(() => count!(DEEP)).toThrow('unreachable');
  });

  it('a tail call leaves the caller\'s try block: its handler does not catch the callee\'s throw', () => {
    const { run } = instantiate(`(module (tag $t (param i32))
      (func $thrower (param i32) (result i32) (throw $t (local.get 0)))
      (func $caller (param i32) (result i32)
        (try (result i32) (do (return_call $thrower (local.get 0))) (catch $t (drop) (i32.const -1))))
      (func (export "run") (param i32) (result i32)
        (try (result i32) (do (call $caller (local.get 0))) (catch $t (i32.add (i32.const 100))))))`);
    expect(run!(5)).toBe(105);
  });
});

describe('indirect and imported tail calls', () => {
  it('return_call_indirect through a table in constant stack, with its checks', () => {
    const { loop, bad } = instantiate(`(module
      (type $t (func (param i32) (result i32)))
      (table 3 funcref) (elem (i32.const 0) $f $g)
      (func $f (type $t) (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 42))
        (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))
      (func $g (type $t) (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
      (func (export "loop") (param i32) (result i32) (return_call $f (local.get 0)))
      (func (export "bad") (param i32) (result i32) (return_call_indirect (type $t) (i32.const 0) (local.get 0))))`);
    expect(loop!(DEEP)).toBe(42);
    expect(() => bad!(2)).toThrow('uninitialized element');
    expect(() => bad!(3)).toThrow('undefined element');
  });

  it('tail-calls a host JS function', () => {
    const { run } = instantiate(
      `(module (import "env" "twice" (func $twice (param i32) (result i32)))
        (func (export "run") (param i32) (result i32) (return_call $twice (local.get 0))))`,
      { env: { twice: (x: number) => 2 * x } },
    );
    expect(run!(21)).toBe(42);
  });

  const PING = `(module
    (import "pong" "pong" (func $pong (param i32) (result i32)))
    (func $ping (export "ping") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7))
        (else (return_call $pong (i32.sub (local.get 0) (i32.const 1)))))))`;
  const PONG = `(module
    (table (export "table") 1 funcref)
    (type $t (func (param i32) (result i32)))
    (func $pong (export "pong") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 8))
        (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))))`;

  /** ping tail-calls its import pong; pong tail-calls ping back through pong's table. */
  function linkPingPong(instantiatePong: (text: string, imports: unknown) => Exports): Exports {
    const pong = instantiatePong(PONG, {});
    const ping = instantiate(PING, { pong: { pong: pong.pong } });
    (pong.table as unknown as { set(index: number, value: unknown): void }).set(0, ping.ping);
    return ping;
  }

  it('a cycle of tail calls across two modules runs in constant stack', () => {
    const linked = linkPingPong(instantiate);
    expect(linked.ping!(DEEP)).toBe(7);
    expect(linked.ping!(DEEP + 1)).toBe(8);
  });

  it('across two copies of the runtime as well', () => {
    const linked = linkPingPong(instantiateWithOwnRuntime);
    expect(linked.ping!(DEEP)).toBe(7);
    expect(linked.ping!(DEEP + 1)).toBe(8);
  });
});
