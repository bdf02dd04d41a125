/**
 * The bytecode compiler's own machinery: parallel copies, slot allocation with coalescing,
 * and the fused forms (constant immediates, compare-and-branch, address folding, in-loop
 * calls) checked for exact Wasm results on the cases they must not get wrong.
 */
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../compiler/parse.js';
import { translateModule } from '../../compiler/translate.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import { FunctionPlan } from '../../ir/interpreter/emit-plan.js';
import { signatureLayout } from '../../ir/interpreter/layout.js';
import { sequentialize, type SlotMove } from '../../ir/interpreter/parallel-move.js';
import { allocateSlots } from '../../ir/interpreter/slot-allocation.js';
import { assembleWat } from '../translate/wat.js';
import { run } from './helpers.js';

/** Runs the ordered copies on `registers` (scratch is the last register). */
function perform(moves: readonly SlotMove[], registers: number[]): number[] {
  const out = [...registers];
  for (const { dst, src } of moves) out[dst] = out[src]!;
  return out;
}

describe('parallel copies', () => {
  const scratch = 9;
  const cases: [string, SlotMove[]][] = [
    ['a swap', [{ dst: 0, src: 1 }, { dst: 1, src: 0 }]],
    ['a rotation', [{ dst: 0, src: 1 }, { dst: 1, src: 2 }, { dst: 2, src: 0 }]],
    ['two cycles and a chain', [{ dst: 0, src: 1 }, { dst: 1, src: 0 }, { dst: 2, src: 3 }, { dst: 3, src: 2 }, { dst: 4, src: 2 }, { dst: 5, src: 4 }]],
    ['fan-out', [{ dst: 0, src: 3 }, { dst: 1, src: 3 }, { dst: 3, src: 0 }]],
    ['self copies', [{ dst: 2, src: 2 }, { dst: 0, src: 1 }]],
  ];
  for (const [name, moves] of cases) {
    it(`orders ${name}`, () => {
      const registers = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
      const expected = [...registers];
      for (const { dst, src } of moves) expected[dst] = registers[src]!;
      const result = perform(sequentialize(moves, scratch), registers);
      expect(result.slice(0, scratch)).toEqual(expected.slice(0, scratch));
    });
  }
});

describe('slot allocation', () => {
  it('gives a loop counter and its back-edge value one slot, and reuses dead slots', () => {
    const bytes = assembleWat(`(module
      (func (export "sum") (param i32) (result i32) (local i32 i32)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.mul (local.get 2) (local.get 2))))
          (local.set 2 (i32.add (local.get 2) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get 2) (local.get 0))))
        (local.get 1)))`);
    const fn = translateModule(parseModule(bytes)).functions[0]!;
    const plan = new FunctionPlan(fn, false);
    const frame = allocateSlots({
      fn,
      signature: signatureLayout({ params: ['i32'], results: ['i32'] }),
      hoisted: plan.hoisted,
      emitted: (inst) => plan.emitted(inst),
      reads: (inst) => plan.reads(inst),
      readsBeforeWrites: (inst) => plan.readsBeforeWrites(inst),
    });
    const loop = fn.layout.find((block) => fn.blocks[block]!.params.length === 2)!;
    const backEdge = fn.blocks[loop]!.insts.map((id) => fn.insts[id]!).flatMap((inst) => inst.targets).find((call) => call.block === loop)!;
    fn.blocks[loop]!.params.forEach((param, i) => expect(frame.slots[backEdge.args[i]!]).toBe(frame.slots[param]));
    const live = fn.values.filter((_, value) => frame.slots[value]! >= 0).length;
    expect(frame.size).toBeLessThan(live);
  });
});

describe('slot allocation on wide frames', () => {
  it('converges when value ids fill whole liveness words (bit 31 set)', () => {
    const count = 70;
    const locals = Array.from({ length: count }, (_, i) => `(local.set ${i + 1} (i32.add (local.get ${i + 1}) (i32.const ${i + 1})))`).join(' ');
    const sum = Array.from({ length: count }, (_, i) => `(local.get ${i + 1})`).reduce((acc, get) => `(i32.add ${acc} ${get})`);
    const e = run(`(module
      (func (export "f") (param i32) (result i32) (local ${'i32 '.repeat(count)})
        (loop $l ${locals}
          (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
        ${sum}))`);
    expect(e.f(3)).toBe((3 * count * (count + 1)) / 2);
  });
});

describe('fused forms keep Wasm semantics', () => {
  it('folds an i32.add into an address modulo 2^32 (no trap when the sum wraps)', () => {
    const e = run(`(module (memory 1)
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "load") (param i32) (result i32) (i32.load offset=4 (i32.add (local.get 0) (i32.const 8))))
      (func (export "load8") (param i32) (result i32) (i32.load8_u (i32.add (i32.const -1) (local.get 0)))))`);
    e.store(16, 0x12345678);
    expect(e.load(4)).toBe(0x12345678);
    e.store(8, 0x0badf00d);
    expect(e.load(-4)).toBe(0x0badf00d); // (-4 + 8) mod 2^32 = 4, plus offset 4
    e.store(0, 0x000000ab);
    expect(e.load8(1)).toBe(0xab);
    expect(() => e.load(65536)).toThrow(RuntimeError);
    expect(() => e.load8(0)).toThrow(RuntimeError); // 0 - 1 wraps to 2^32 - 1: out of bounds
  });

  it('mirrors and negates constant comparisons fused into branches', () => {
    const e = run(`(module
      (func (export "lt5") (param i32) (result i32)
        (if (result i32) (i32.lt_s (i32.const 5) (local.get 0)) (then (i32.const 1)) (else (i32.const 0))))
      (func (export "geu") (param i32 i32) (result i32)
        (if (result i32) (i32.ge_u (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
      (func (export "eqz") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7)) (else (i32.const 9)))))`);
    expect([4, 5, 6, -1].map((x) => e.lt5(x))).toEqual([0, 0, 1, 0]);
    expect(e.geu(-1, 1)).toBe(1);
    expect(e.geu(1, -1)).toBe(0);
    expect(e.geu(3, 3)).toBe(1);
    expect([0, 1, -1].map((x) => e.eqz(x))).toEqual([7, 9, 9]);
  });

  it('swaps loop-carried values through a cycle of block parameters', () => {
    const e = run(`(module
      (func (export "fib") (param i32) (result i64) (local i64 i64 i64)
        (local.set 2 (i64.const 1))
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get 0)))
          (local.set 3 (i64.add (local.get 1) (local.get 2)))
          (local.set 1 (local.get 2))
          (local.set 2 (local.get 3))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $l)))
        (local.get 1))
      (func (export "rotate") (param i32) (result i32) (local i32 i32 i32)
        (local.set 1 (i32.const 1)) (local.set 2 (i32.const 2)) (local.set 3 (i32.const 3))
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get 0)))
          (local.get 1) (local.set 1 (local.get 2)) (local.set 2 (local.get 3)) (local.set 3)
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $l)))
        (i32.add (i32.mul (local.get 1) (i32.const 100)) (i32.add (i32.mul (local.get 2) (i32.const 10)) (local.get 3)))))`);
    expect(e.fib(90)).toBe(2880067194370816120n);
    expect([0, 1, 2, 3, 4].map((n) => e.rotate(n))).toEqual([123, 231, 312, 123, 231]);
  });

  it('selects br_table targets with edge copies', () => {
    const e = run(`(module
      (func (export "pick") (param i32 i32 i32) (result i32)
        (block $c (result i32) (block $b (result i32) (block $a (result i32)
          (local.get 1) (local.get 0) (br_table $a $b $c))
          (return (i32.add (i32.const 100))))
          (return (i32.add (local.get 2))))))`);
    expect(e.pick(0, 5, 7)).toBe(105);
    expect(e.pick(1, 5, 7)).toBe(12);
    expect(e.pick(2, 5, 7)).toBe(5);
    expect(e.pick(-1, 5, 7)).toBe(5);
  });

  it('runs deep recursion on the register stack and traps when it is exhausted', () => {
    const e = run(`(module
      (func $sum (export "sum") (param i64) (result i64)
        (if (result i64) (i64.eqz (local.get 0)) (then (i64.const 0))
          (else (i64.add (local.get 0) (call $sum (i64.sub (local.get 0) (i64.const 1)))))))
      (func $pair (export "pair") (param i32) (result i32 f64) (local f64)
        (if (result i32 f64) (i32.eqz (local.get 0)) (then (i32.const 0) (f64.const 0))
          (else
            (call $pair (i32.sub (local.get 0) (i32.const 1)))
            (local.set 1 (f64.add (f64.const 0.5)))
            (i32.add (i32.const 1))
            (local.get 1))))
      (func $forever (export "forever") (param i32) (result i32) (call $forever (local.get 0))))`);
    expect(e.sum(50000n)).toBe(1250025000n);
    expect(e.pair(3)).toEqual([3, 1.5]);
    expect(() => e.forever(1)).toThrow(RuntimeError);
    expect(() => e.forever(1)).toThrow('call stack exhausted');
    expect(e.sum(10n)).toBe(55n);
  });
});
