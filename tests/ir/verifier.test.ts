import { describe, expect, it } from 'vitest';
import { computeCfg, DominatorTree } from '../../ir/cfg.js';
import { parseIrModule } from '../../ir/parser.js';
import { formatVerifierError, IrVerifyError, verifyModule, verifyOrThrow } from '../../ir/verifier.js';

const PREAMBLE = [
  'type0 = (i32, i64) -> (i32)',
  'type1 = (i32) -> (f64)',
  'type2 = (i32) -> ()',
  'fn0: type1',
  'mem0: i32 min=1',
  'mem1: i64 min=1',
  'table0: funcref i32 min=1',
  'g0: i32',
  'tag0: type2',
  '',
].join('\n');

/** Verifier messages for fn1 (type0) with this body. */
function verify(body: string): string[] {
  const module = parseIrModule(`${PREAMBLE}function fn1: type0 {\n${body}}\n`);
  return verifyModule(module).map((error) => formatVerifierError(module.functions[0]!, error));
}

describe('verifier', () => {
  it('accepts well-formed IR, including unreachable blocks', () => {
    expect(
      verify(
        [
          'block0(v0: i32, v1: i64):',
          '    v2: f64 = call fn0(v0)',
          '    try_call fn0(v0), block1(v2), block2(v0)',
          'block1(v3: f64, v4: f64):',
          '    return v0',
          'block2(v5: exn, v6: i32):',
          '    br_on_tag tag0 v5, block3, block4',
          'block3(v7: i32):',
          '    return v7',
          'block4:',
          '    rethrow v5',
          'block5:',
          '    v8: i32 = i32.const 1',
          '    return v8',
        ].join('\n') + '\n',
      ),
    ).toEqual([]);
  });

  const cases: [string, string, RegExp][] = [
    [
      'dominance',
      'block0(v0: i32, v1: i64):\n    brif v0, block1, block2\nblock1:\n    v2: i32 = i32.const 1\n    jump block2\nblock2:\n    return v2\n',
      /block2 \[return v2\]: v2 \(defined in block1\) does not dominate this use/,
    ],
    ['use before definition', 'block0(v0: i32, v1: i64):\n    v2: i32 = i32.add v0, v3\n    v3: i32 = i32.const 1\n    return v2\n', /v3 is used before its definition/],
    ['operand type', 'block0(v0: i32, v1: i64):\n    v2: i32 = i32.add v0, v1\n    return v2\n', /operand 1 \(v1\) has type i64, expected i32/],
    ['result type', 'block0(v0: i32, v1: i64):\n    v2: i64 = i32.add v0, v0\n    return v0\n', /results are \(i64\), expected \(i32\)/],
    ['operand count', 'block0(v0: i32, v1: i64):\n    v2: i32 = i32.add v0\n    return v2\n', /expects 2 operands \(i32, i32\), has 1/],
    ['missing terminator', 'block0(v0: i32, v1: i64):\n    v2: i32 = i32.add v0, v0\n', /block0 .*block does not end with a terminator/],
    ['terminator not last', 'block0(v0: i32, v1: i64):\n    return v0\n    return v0\n', /terminator is not the last instruction/],
    ['edge arity', 'block0(v0: i32, v1: i64):\n    jump block1(v0, v0)\nblock1(v2: i32):\n    return v2\n', /edge to block1 passes \(i32, i32\), block takes \(i32\)/],
    ['edge types', 'block0(v0: i32, v1: i64):\n    jump block1(v1)\nblock1(v2: i32):\n    return v2\n', /edge to block1 passes \(i64\), block takes \(i32\)/],
    [
      'implicit try_call params',
      'block0(v0: i32, v1: i64):\n    try_call fn0(v0), block1, block2\nblock1(v2: i32):\n    return v2\nblock2(v3: exn):\n    rethrow v3\n',
      /edge to block1 passes \(f64\) \(\(f64\) implicit, then the edge args\), block takes \(i32\)/,
    ],
    ['call signature', 'block0(v0: i32, v1: i64):\n    v2: f64 = call fn0(v1)\n    return v0\n', /operand 0 \(v1\) has type i64, expected i32/],
    ['return values', 'block0(v0: i32, v1: i64):\n    return v1\n', /operand 0 \(v1\) has type i64, expected i32/],
    ['unknown global', 'block0(v0: i32, v1: i64):\n    v2: i32 = global.get g4\n    return v2\n', /unknown global 4/],
    ['immutable global', 'block0(v0: i32, v1: i64):\n    global.set g0 v0\n    return v0\n', /global g0 is immutable/],
    ['memory64 address', 'block0(v0: i32, v1: i64):\n    v2: i32 = i32.load mem1 v0\n    return v2\n', /operand 0 \(v0\) has type i32, expected i64/],
    ['atomic alignment', 'block0(v0: i32, v1: i64):\n    v2: i32 = i32.atomic.load mem0 align=2 v0\n    return v2\n', /alignment 2 must equal the natural alignment 4/],
    ['over-alignment', 'block0(v0: i32, v1: i64):\n    v2: i32 = i32.load mem0 align=8 v0\n    return v2\n', /alignment 8 exceeds the natural alignment 4/],
    ['unknown data segment', 'block0(v0: i32, v1: i64):\n    data.drop data0\n    return v0\n', /unknown data segment 0/],
    ['exn operand', 'block0(v0: i32, v1: i64):\n    rethrow v0\n', /operand 0 \(v0\) has type i32, expected exn/],
    ['entry as target', 'block0(v0: i32, v1: i64):\n    jump block0(v0, v1)\n', /the entry block cannot be a branch target/],
    [
      'reachable use of unreachable definition',
      'block0(v0: i32, v1: i64):\n    jump block2\nblock1:\n    v2: i32 = i32.const 1\n    jump block2\nblock2:\n    return v2\n',
      /does not dominate this use/,
    ],
    ['entry params', 'block0(v0: i32):\n    return v0\n', /entry block params \(i32\) differ from the signature's \(i32, i64\)/],
    ['tail call results', 'block0(v0: i32, v1: i64):\n    return_call fn0(v0)\n', /tail call returns \(f64\) but the function returns \(i32\)/],
    ['select types', 'block0(v0: i32, v1: i64):\n    v2: i64 = select v1, v0, v0\n    return v0\n', /operand 1 \(v0\) has type i32, expected i64/],
  ];
  for (const [name, body, pattern] of cases) {
    it(`reports ${name}`, () => {
      const messages = verify(body);
      expect(messages.some((message) => pattern.test(message)), messages.join('\n')).toBe(true);
    });
  }

  it('reports malformed data without crashing', () => {
    const module = parseIrModule(`${PREAMBLE}function fn1: type0 {\nblock0(v0: i32, v1: i64):\n    br_table v0, [], block1\nblock1:\n    return v0\n}\n`);
    const fn = module.functions[0]!;
    fn.insts[0]!.targets = [];
    fn.insts[1]!.args = [77];
    fn.insts[1]!.opcode = 'no.such.op';
    fn.layout.push(9);
    const messages = verifyModule(module).map((error) => formatVerifierError(fn, error));
    expect(messages).toEqual(['fn1: layout names unknown block9']);
    fn.layout.pop();
    const again = verifyModule(module).map((error) => error.message);
    expect(again).toContain('br_table needs at least 1 targets, has 0');
    expect(again).toContain("unknown opcode 'no.such.op'");
  });

  it('verifyOrThrow throws an IrVerifyError listing every problem', () => {
    const module = parseIrModule(`${PREAMBLE}function fn1: type0 {\nblock0(v0: i32, v1: i64):\n    v2: i64 = i32.add v0, v1\n    return v2\n}\n`);
    expect(() => verifyOrThrow(module)).toThrow(IrVerifyError);
    try {
      verifyOrThrow(module);
    } catch (error) {
      expect((error as IrVerifyError).errors.length).toBe(3);
      expect((error as Error).message).toContain('fn1 block0 [v2: i64 = i32.add v0, v1]: operand 1 (v1) has type i64, expected i32');
    }
  });
});

describe('dominator tree', () => {
  it('computes immediate dominators of a diamond with a loop', () => {
    const module = parseIrModule(
      `${PREAMBLE}function fn1: type0 {\nblock0(v0: i32, v1: i64):\n    brif v0, block1, block2\nblock1:\n    jump block3\nblock2:\n    brif v0, block2, block3\nblock3:\n    return v0\nblock4:\n    jump block3\n}\n`,
    );
    const cfg = computeCfg(module.functions[0]!);
    const tree = new DominatorTree(cfg);
    expect(Array.from(tree.idom)).toEqual([0, 0, 0, 0, -1]);
    expect(cfg.preds[3]).toEqual([1, 2, 4]);
    expect(tree.dominates(0, 3)).toBe(true);
    expect(tree.dominates(1, 3)).toBe(false);
    expect(tree.dominates(2, 2)).toBe(true);
    expect(tree.isReachable(4)).toBe(false);
  });
});
