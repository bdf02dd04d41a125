/**
 * Threads proposal in the JS back end (backend-js/ops-atomics.ts, runtime-support/js/atomics.ts):
 * every atomic instruction on shared memories (Atomics.*) and unshared ones (plain accesses),
 * checked against V8's own Wasm engine; the trap order; wait / notify; growth; and real
 * concurrency with a worker thread sharing the memory.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ATOMIC_ACCESS_FORMS, ATOMIC_RMW_OPS } from '../../ir/opcodes/memory.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import { assembleWat } from '../translate/wat.js';
import { compileForTest } from './harness.js';
import { instantiateNative } from './native-wasm.js';

type Exports = Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;

function compiled(text: string, imports: unknown = {}): Exports {
  return compileForTest(assembleWat(text), { threads: true, memory64: true })(imports).exports;
}

function native(text: string): Exports {
  return instantiateNative(assembleWat(text));
}

/** A module exporting one function per atomic instruction, all taking the address first. */
function allAtomicsModule(memory: string): { text: string; names: { name: string; type: string; operands: number }[] } {
  const funcs: string[] = [];
  const names: { name: string; type: string; operands: number }[] = [];
  const add = (name: string, type: string, params: string[], result: string | null, body: string): void => {
    const signature = `(param $a i32) ${params.map((p) => `(param ${p})`).join(' ')} ${result === null ? '' : `(result ${result})`}`;
    funcs.push(`(func (export "${name}") ${signature} ${body})`);
    names.push({ name, type, operands: params.length });
  };
  for (const { type, load, store, rmw, cmpxchg } of ATOMIC_ACCESS_FORMS) {
    add(load, type, [], type, `(${load} (local.get $a))`);
    add(store, type, [type], null, `(${store} (local.get $a) (local.get 1))`);
    for (const op of ATOMIC_RMW_OPS) add(rmw[op], type, [type], type, `(${rmw[op]} (local.get $a) (local.get 1))`);
    add(cmpxchg, type, [type, type], type, `(${cmpxchg} (local.get $a) (local.get 1) (local.get 2))`);
  }
  return { text: `(module (memory (export "memory") ${memory}) ${funcs.join('\n')})`, names };
}

/** Operand values with high bits set, so wrapping and zero extension show. */
function operand(type: string, seed: number): unknown {
  const base = [0x8899aabb, 0x7f, -1, 0x12345678, 0xff00, 0][seed % 6]!;
  return type === 'i64' ? BigInt.asIntN(64, (BigInt(base >>> 0) << 32n) | BigInt((base * 7) >>> 0)) : base | 0;
}

function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (error) {
    return `trap: ${(error as Error).message}`;
  }
}

describe('atomic accesses agree with V8 on shared and unshared memories', () => {
  for (const memory of ['1 1 shared', '1 1']) {
    it(`every instruction, memory ${memory}`, () => {
      const { text, names } = allAtomicsModule(memory);
      const ours = compiled(text);
      const theirs = native(text);
      for (const instance of [ours, theirs]) {
        new Uint8Array((instance.memory as { buffer: ArrayBuffer }).buffer, 0, 64).set(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 255));
      }
      let seed = 0;
      for (const { name, type, operands } of names) {
        for (const address of [0, 8, 16, 24]) {
          // cmpxchg: once with the current value as `expected` (it stores), once with another.
          const args = [address, ...Array.from({ length: operands }, () => operand(type, seed++))];
          if (name.includes('cmpxchg') && address % 16 === 0) args[1] = (theirs[name.replace(/rmw(\d*)\.cmpxchg/, 'load$1')] as Fn)(address);
          expect(outcome(() => (ours[name] as Fn)(...args)), `${name}(${args.join(', ')})`).toEqual(outcome(() => (theirs[name] as Fn)(...args)));
        }
      }
      const bytes = (instance: Exports): Uint8Array => new Uint8Array((instance.memory as { buffer: ArrayBuffer }).buffer, 0, 64);
      expect([...bytes(ours)]).toEqual([...bytes(theirs)]);
    });
  }
});

describe('atomic traps', () => {
  for (const memory of ['1 1 shared', '1 1']) {
    it(`out of bounds before unaligned, memory ${memory}`, () => {
      const text = `(module (memory ${memory})
        (func (export "load") (param i32) (result i32) (i32.atomic.load offset=4 (local.get 0)))
        (func (export "store64") (param i32) (i64.atomic.store (local.get 0) (i64.const 1)))
        (func (export "add16") (param i32) (result i32) (i32.atomic.rmw16.add_u (local.get 0) (i32.const 1)))
        (func (export "cmpxchg8") (param i32) (result i64) (i64.atomic.rmw8.cmpxchg_u (local.get 0) (i64.const 0) (i64.const 5))))`;
      const { load, store64, add16, cmpxchg8 } = compiled(text) as Record<string, Fn>;
      expect(() => load!(1)).toThrow('unaligned atomic');
      expect(() => load!(65532)).toThrow('out of bounds memory access');
      expect(() => load!(65533)).toThrow('out of bounds memory access');
      expect(() => load!(-4)).toThrow('out of bounds memory access');
      expect(load!(65528)).toBe(0);
      expect(() => store64!(4)).toThrow('unaligned atomic');
      expect(() => store64!(65529)).toThrow('out of bounds memory access');
      expect(() => add16!(65535)).toThrow('out of bounds memory access');
      expect(() => add16!(3)).toThrow(RuntimeError);
      expect(cmpxchg8!(65535)).toBe(0n);
      expect(cmpxchg8!(65535)).toBe(5n);
    });
  }

  it('memory64 addresses', () => {
    const { rmw } = compiled(`(module (memory i64 1 1 shared)
      (func (export "rmw") (param i64) (result i64) (i64.atomic.rmw.add (local.get 0) (i64.const 3))))`) as Record<string, Fn>;
    expect(rmw!(8n)).toBe(0n);
    expect(rmw!(8n)).toBe(3n);
    expect(() => rmw!(12n)).toThrow('unaligned atomic');
    expect(() => rmw!(2n ** 40n)).toThrow('out of bounds memory access');
    expect(() => rmw!(-8n)).toThrow('out of bounds memory access');
  });
});

describe('wait, notify, fence, growth', () => {
  const WAIT = (memory: string): string => `(module (memory (export "memory") ${memory})
    (func (export "wait32") (param i32 i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "wait64") (param i32 i64 i64) (result i32) (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
    (func (export "fence") (atomic.fence))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "add") (param i32 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1))))`;

  it('on a shared memory: not-equal, timed-out, no waiters', () => {
    const { wait32, wait64, notify, fence } = compiled(WAIT('1 2 shared')) as Record<string, Fn>;
    expect(wait32!(0, 1, -1n)).toBe(1);
    expect(wait32!(0, 0, 1000n)).toBe(2);
    expect(wait64!(8, 0n, 0n)).toBe(2);
    expect(wait64!(8, 5n, -1n)).toBe(1);
    expect(notify!(0, -1)).toBe(0);
    expect(fence!()).toBe(undefined);
    expect(() => wait32!(2, 0, 0n)).toThrow('unaligned atomic');
    expect(() => wait64!(4, 0n, 0n)).toThrow('unaligned atomic');
    expect(() => notify!(65536, 1)).toThrow('out of bounds memory access');
  });

  it('on an unshared memory: wait traps after the address checks, notify wakes nobody', () => {
    const { wait32, wait64, notify } = compiled(WAIT('1 2')) as Record<string, Fn>;
    expect(() => wait32!(0, 0, 0n)).toThrow('expected shared memory');
    expect(() => wait64!(0, 0n, 0n)).toThrow('expected shared memory');
    expect(() => wait32!(65536, 0, 0n)).toThrow('out of bounds memory access');
    expect(() => wait64!(4, 0n, 0n)).toThrow('unaligned atomic');
    expect(notify!(0, 10)).toBe(0);
  });

  it('atomics see a shared memory grown by memory.grow', () => {
    const instance = compiled(WAIT('1 2 shared'));
    const { grow, add } = instance as Record<string, Fn>;
    expect(() => add!(65536, 1)).toThrow('out of bounds memory access');
    expect(grow!(1)).toBe(1);
    expect(add!(65536, 5)).toBe(0);
    expect(add!(131068, 5)).toBe(0);
    expect(add!(65536, 1)).toBe(5);
    const buffer = (instance.memory as { buffer: SharedArrayBuffer }).buffer;
    expect(buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(new Int32Array(buffer)[65536 / 4]).toBe(6);
  });

  /** Runs `source` in a worker thread with `workerData.buffer` = the memory's SharedArrayBuffer. */
  function startWorker(source: string, buffer: SharedArrayBuffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(source, { eval: true, workerData: { buffer } });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
    });
  }

  it('a worker thread wakes a compiled wait32', async () => {
    const instance = compiled(WAIT('1 1 shared'));
    const buffer = (instance.memory as { buffer: SharedArrayBuffer }).buffer;
    // The worker notifies until it has woken someone, pausing 1 ms between tries.
    const done = startWorker(
      `const { workerData } = require('node:worker_threads');
       const cells = new Int32Array(workerData.buffer);
       for (let tries = 0; tries < 20000 && Atomics.notify(cells, 4, 1) === 0; tries++) Atomics.wait(cells, 100, 0, 1);`,
      buffer,
    );
    expect((instance.wait32 as Fn)(16, 0, 20_000_000_000n)).toBe(0);
    await done;
  });

  it('compiled read-modify-writes are atomic against a concurrent worker', async () => {
    const instance = compiled(WAIT('1 1 shared'));
    const buffer = (instance.memory as { buffer: SharedArrayBuffer }).buffer;
    const cells = new Int32Array(buffer);
    const rounds = 200_000;
    const done = startWorker(
      `const { workerData } = require('node:worker_threads');
       const cells = new Int32Array(workerData.buffer);
       Atomics.store(cells, 1, 1);
       for (let i = 0; i < ${rounds}; i++) Atomics.add(cells, 0, 1);`,
      buffer,
    );
    // Start adding once the worker runs, so the two really overlap.
    while (Atomics.load(cells, 1) === 0) Atomics.wait(cells, 2, 0, 1);
    const add = instance.add as Fn;
    for (let i = 0; i < rounds; i++) add(0, 1);
    await done;
    expect(Atomics.load(cells, 0)).toBe(2 * rounds);
  });
});
