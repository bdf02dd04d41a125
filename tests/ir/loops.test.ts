/** The loop forest (ir/loops.ts) on nested, sequential and self loops. */
import { describe, expect, it } from 'vitest';
import { computeCfg } from '../../ir/cfg.js';
import { LoopForest } from '../../ir/loops.js';
import { parseIrModule } from '../../ir/parser.js';

const text = `type0 = (i32) -> ()

function fn0: type0 {
block0(v0: i32):
    jump block1
block1:
    brif v0, block2, block5
block2:
    brif v0, block3, block4
block3:
    brif v0, block3, block2
block4:
    brif v0, block1, block6
block5:
    jump block6
block6:
    brif v0, block7, block8
block7:
    jump block6
block8:
    return
}
`;

describe('LoopForest', () => {
  const fn = parseIrModule(text).functions[0]!;
  const loops = new LoopForest(computeCfg(fn));

  it('finds the headers and each block innermost loop', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((block) => loops.innermost[block])).toEqual([-1, 1, 2, 3, 1, -1, 6, 6, -1]);
    expect([1, 2, 3, 6].every((block) => loops.isHeader(block))).toBe(true);
    expect(loops.isHeader(4)).toBe(false);
  });

  it('nests loops: block3 (self loop) in block2 in block1; block6 stands alone', () => {
    expect(loops.parent[3]).toBe(2);
    expect(loops.parent[2]).toBe(1);
    expect(loops.parent[1]).toBe(-1);
    expect(loops.parent[6]).toBe(-1);
    expect(loops.contains(1, 3)).toBe(true);
    expect(loops.contains(2, 4)).toBe(false);
    expect(loops.contains(1, 5)).toBe(false);
    expect(loops.contains(6, 7)).toBe(true);
    expect(loops.contains(1, 7)).toBe(false);
  });
});
