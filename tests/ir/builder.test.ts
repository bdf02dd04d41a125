import { describe, expect, it } from 'vitest';
import { FunctionBuilder, IrBuildError } from '../../ir/builder.js';
import { printFunction } from '../../ir/printer.js';
import { verifyFunction } from '../../ir/verifier.js';
import { sampleEnv } from './samples.js';

describe('FunctionBuilder', () => {
  it('builds a loop with block params, typed results and names', () => {
    const env = sampleEnv();
    env.types.push({ params: ['i32'], results: ['i32'] });
    env.funcTypes[1] = 3;
    const b = new FunctionBuilder(env, { funcIndex: 1, typeIndex: 3, name: 'sum' });
    const [n] = b.entryParams();
    const loop = b.createBlock();
    const i = b.appendBlockParam(loop, 'i32', 'i');
    const acc = b.appendBlockParam(loop, 'i32', 'acc');
    const exit = b.createBlock();
    const result = b.appendBlockParam(exit, 'i32');
    const zero = b.i32Const(0);
    b.jump(loop, [zero, zero]);
    b.switchToBlock(loop);
    b.srcOffset = 0x20;
    const nextAcc = b.value('i32.add', [acc, i]);
    const one = b.i32Const(1);
    const nextI = b.value('i32.add', [i, one]);
    const more = b.value('i32.lt_s', [nextI, n!]);
    b.brif(more, { block: loop, args: [nextI, nextAcc] }, { block: exit, args: [nextAcc] });
    b.switchToBlock(exit);
    b.return([result]);

    expect(verifyFunction(b.fn, env)).toEqual([]);
    expect(b.fn.values[nextAcc]).toEqual({ type: 'i32', isParam: false, owner: 2, index: 0, name: null });
    expect(b.fn.insts[2]!.srcOffset).toBe(0x20);
    expect(printFunction(b.fn)).toBe(
      [
        'function fn1 $sum: type3 {',
        'block0(v0: i32):',
        '    v4: i32 = i32.const 0',
        '    jump block1(v4, v4)',
        'block1(v1: i32, v2: i32): ; v1=$i v2=$acc',
        '    v5: i32 = i32.add v2, v1 ; @0x20',
        '    v6: i32 = i32.const 1 ; @0x20',
        '    v7: i32 = i32.add v1, v6 ; @0x20',
        '    v8: i32 = i32.lt_s v7, v0 ; @0x20',
        '    brif v8, block1(v7, v5), block2(v5) ; @0x20',
        'block2(v3: i32):',
        '    return v3 ; @0x20',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('types results from the environment: globals, calls, memory64 addresses', () => {
    const env = sampleEnv();
    const b = new FunctionBuilder(env, { funcIndex: 1, typeIndex: 0 });
    const g = b.value('global.get', [], { kind: 'global', global: 1 });
    expect(b.fn.values[g]!.type).toBe('f64');
    const [callResult] = b.call(0, [b.entryParams()[0]!]);
    expect(b.fn.values[callResult!]!.type).toBe('i32');
    const size = b.value('memory.size', [], { kind: 'memory', memory: 1 });
    expect(b.fn.values[size]!.type).toBe('i64');
    const loaded = b.fn.insts[b.memory('f32.load', [size], { memory: 1 })]!;
    expect(loaded.imm).toEqual({ kind: 'memarg', memory: 1, offset: 0, align: 2, inBounds: false, lane: 0 });
  });

  it('rejects misuse immediately', () => {
    const env = sampleEnv();
    const b = new FunctionBuilder(env, { funcIndex: 1, typeIndex: 0 });
    const [x] = b.entryParams();
    expect(() => b.value('i32.frobnicate', [x!])).toThrow(IrBuildError);
    expect(() => b.ins('global.get', [], { kind: 'none' })).toThrow(/takes a 'global' immediate/);
    expect(() => b.ins('global.get', [], { kind: 'global', global: 9 })).toThrow(/unknown global 9/);
    expect(() => b.value('i32.add', [x!, 999])).toThrow(/unknown operand v999/);
    expect(() => b.values('call', [], { kind: 'func', func: 0 })).not.toThrow();
    b.return([x!]);
    expect(() => b.i32Const(1)).toThrow(/already ends with a terminator/);
    expect(() => new FunctionBuilder(env, { funcIndex: 1, typeIndex: 42 })).toThrow(/unknown type index 42/);
  });
});
