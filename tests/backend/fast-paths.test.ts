/**
 * The back end's fast paths and the conditions that keep them exact: loop exits placed after
 * their loop (structure.ts), f32 loads and stores without the bit-exact helpers where no NaN
 * bit can be observed (f32-nan-bits.ts), i32 division by constants inline (ops-numeric.ts)
 * and constant addresses folded (ops-memory.ts). Each test checks the emitted shape and the
 * behaviour against the slow path's semantics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { compile } from '../../backend-js/index.js';
import { RuntimeError } from '../../runtime-support/errors.js';
import { compileForTest } from './harness.js';

let wabt: Awaited<ReturnType<typeof wabtInit>>;
beforeAll(async () => {
  wabt = await wabtInit();
});

function wasm(text: string): Uint8Array {
  return wabt.parseWat('test.wat', text, {}).toBinary({}).buffer;
}

function exportsOf(text: string): Record<string, (...args: number[]) => number> {
  return compileForTest(wasm(text))({}).exports as Record<string, (...args: number[]) => number>;
}

/** The compiled module's JS text. */
function jsOf(text: string): string {
  return compile(wasm(text), { format: 'esm' }).code;
}

describe('loop exits', () => {
  const twoLoops = `(module (func (export "f") (param i32) (result i32) (local i32 i32)
    (loop $a (local.set 1 (i32.add (local.get 1) (i32.const 3)))
      (br_if $a (i32.lt_u (local.get 1) (local.get 0))))
    (loop $b (local.set 2 (i32.add (local.get 2) (local.get 1)))
      (br_if $b (i32.lt_u (local.get 2) (i32.const 1000))))
    (i32.add (local.get 1) (local.get 2))))`;

  it('places the code after a loop after its while, not inside its exiting branch', () => {
    const code = jsOf(twoLoops);
    const first = code.indexOf('while (true)');
    const second = code.indexOf('while (true)', first + 1);
    expect(second).toBeGreaterThan(first);
    // Sequential loops: the first loop's statement closes before the second one opens, so the
    // second `while` sits at the same indentation as the first.
    const indent = (at: number) => at - code.lastIndexOf('\n', at) - 1;
    expect(indent(second)).toBe(indent(first));
  });

  it('computes the same results', () => {
    const { f } = exportsOf(twoLoops);
    let a = 0;
    do a += 3;
    while (a >>> 0 < 10);
    let b = 0;
    do b += a;
    while (b < 1000);
    expect(f!(10)).toBe(a + b);
  });

  it('leaves nested loops with breaks from inside the inner loop', () => {
    const { f } = exportsOf(`(module (func (export "f") (param i32) (result i32) (local i32 i32)
      (block $out
        (loop $outer
          (local.set 2 (i32.const 0))
          (loop $inner
            (br_if $out (i32.gt_u (local.get 1) (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (local.set 2 (i32.add (local.get 2) (i32.const 1)))
            (br_if $inner (i32.lt_u (local.get 2) (i32.const 5))))
          (br $outer)))
      (local.get 1)))`);
    expect(f!(0)).toBe(1);
    expect(f!(17)).toBe(18);
  });
});

describe('f32 loads and stores', () => {
  const module = `(module (memory (export "m") 1)
    (func (export "copy") (param i32 i32) (f32.store (local.get 1) (f32.load (local.get 0))))
    (func (export "scaled") (param i32 i32) (f32.store (local.get 1) (f32.mul (f32.load (local.get 0)) (f32.const 2))))
    (func (export "bits") (param i32) (result i32) (i32.load (local.get 0))))`;

  it('keeps the helpers where the bits travel and drops them where arithmetic consumes them', () => {
    const code = jsOf(module);
    // Without a name section the functions are f0 (copy) and f1 (scaled).
    const body = (name: string) => code.slice(code.indexOf(`function ${name}(`), code.indexOf('}', code.indexOf(`function ${name}(`)));
    expect(body('f0')).toContain('$loadF32(');
    expect(body('f0')).toContain('$storeF32(');
    expect(body('f1')).toContain('.getFloat32(');
    expect(body('f1')).toContain('.setFloat32(');
    expect(body('f1')).not.toContain('$loadF32(');
  });

  it('copies a signalling NaN bit for bit and quiets it through arithmetic', () => {
    const instance = compileForTest(wasm(module))({});
    const { copy, scaled, bits } = instance.exports as Record<string, (...args: number[]) => number>;
    const memory = instance.exports.m as { buffer: ArrayBuffer };
    const view = new DataView(memory.buffer);
    view.setUint32(0, 0x7fa00001, true); // signalling NaN with a payload
    copy!(0, 8);
    expect(bits!(8) >>> 0).toBe(0x7fa00001);
    scaled!(0, 16);
    const result = bits!(16) >>> 0;
    // An arithmetic NaN: quiet bit set, exponent all ones.
    expect(result & 0x7fc00000).toBe(0x7fc00000);
    view.setFloat32(0, 1.5, true);
    scaled!(0, 16);
    expect(view.getFloat32(16, true)).toBe(3);
  });
});

describe('i32 division by constants', () => {
  const ops = ['div_s', 'div_u', 'rem_s', 'rem_u'] as const;
  const divisors = [1, 2, 3, 7, 10, 2001, 65536, 0x7fffffff, -1, -2, -7, -0x80000000];
  const dividends = [0, 1, -1, 2, 7, -7, 100, 0x7fffffff, -0x80000000, -0x7fffffff, 123456789, -987654321, 0xffff, 0x10000];
  const reference = (op: (typeof ops)[number], a: number, d: number): number | 'trap' => {
    const [ua, ud] = [BigInt(a >>> 0), BigInt(d >>> 0)];
    const [sa, sd] = [BigInt(a), BigInt(d)];
    switch (op) {
      case 'div_s':
        if (a === -0x80000000 && d === -1) return 'trap';
        return Number(BigInt.asIntN(32, sa / sd));
      case 'div_u':
        return Number(BigInt.asIntN(32, ua / ud));
      case 'rem_s':
        return Number(BigInt.asIntN(32, sa % sd));
      case 'rem_u':
        return Number(BigInt.asIntN(32, ua % ud));
    }
  };
  const text = `(module ${ops
    .flatMap((op) => divisors.map((d, i) => `(func (export "${op}_${i}") (param i32) (result i32) (i32.${op} (local.get 0) (i32.const ${d})))`))
    .join('\n')})`;

  it('inlines them (no helper) except div_s by -1, which can overflow', () => {
    const code = jsOf(text);
    expect(code.match(/\$i32DivS\(/g)?.length).toBe(1);
    expect(code).not.toMatch(/\$i32(DivU|RemS|RemU)\(/);
  });

  it('matches Wasm semantics on edge values', () => {
    const exports = exportsOf(text);
    for (const op of ops) {
      divisors.forEach((d, i) => {
        for (const a of dividends) {
          const expected = reference(op, a, d);
          const run = () => exports[`${op}_${i}`]!(a);
          if (expected === 'trap') expect(run).toThrow(RuntimeError);
          else expect(Object.is(run(), expected) || run() === expected, `${op} ${a} by ${d}: ${run()} vs ${expected}`).toBe(true);
        }
      });
    }
  });
});

describe('constant addresses', () => {
  it('folds a constant address and offset into one number, and still traps out of bounds', () => {
    const text = `(module (memory 1)
      (func (export "get") (result i32) (i32.load offset=16 (i32.const 4096)))
      (func (export "oob") (result i32) (i32.load offset=65535 (i32.const 0))))`;
    const code = jsOf(text);
    expect(code).toContain('getInt32(4112, true)');
    const { get, oob } = exportsOf(text);
    expect(get!()).toBe(0);
    expect(() => oob!()).toThrow(RuntimeError);
  });
});
