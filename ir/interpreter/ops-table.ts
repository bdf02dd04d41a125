/**
 * Table operations and elem.drop. Table indices are i32 (read unsigned) or, for 64-bit
 * tables, i64 BigInts. Out-of-range accesses trap "out of bounds table access".
 */
import { trap } from '../../runtime-support/js/traps.js';
import type { Table } from '../../runtime-support/table.js';
import type { OpContext, OpFactory } from './context.js';
import type { Op } from './function-instance.js';
import { N, O } from './stack.js';

function tableOf(ctx: OpContext, index: number): Table {
  const table = ctx.instance.tables[index];
  if (table === undefined) throw new Error(`${ctx.inst.opcode}: unknown table ${index}`);
  return table;
}

function primaryTable(ctx: OpContext): Table {
  const imm = ctx.inst.imm;
  if (imm.kind === 'table' || imm.kind === 'table_init') return tableOf(ctx, imm.table);
  if (imm.kind === 'table_copy') return tableOf(ctx, imm.dst);
  throw new Error(`${ctx.inst.opcode} without a table immediate`);
}

function indexOf(ctx: OpContext, argIndex: number, index64: boolean): (fp: number) => number {
  const a = ctx.arg(argIndex);
  if (index64) return (fp) => Number(BigInt.asUintN(64, O[fp + a] as bigint));
  return (fp) => N[fp + a]! >>> 0;
}

function checkRange(start: number, length: number, limit: number): void {
  if (start + length > limit) trap('table_oob');
}

function tableGet(ctx: OpContext): Op {
  const table = primaryTable(ctx);
  const index = indexOf(ctx, 0, table.index64);
  const d = ctx.result(0);
  return (fp) => {
    const i = index(fp);
    if (i >= table.size()) trap('table_oob');
    O[fp + d] = table.read(i);
  };
}

function tableSet(ctx: OpContext): Op {
  const table = primaryTable(ctx);
  const index = indexOf(ctx, 0, table.index64);
  const v = ctx.arg(1);
  return (fp) => {
    const i = index(fp);
    if (i >= table.size()) trap('table_oob');
    table.write(i, O[fp + v]);
  };
}

function tableSize(ctx: OpContext): Op {
  const table = primaryTable(ctx);
  const d = ctx.result(0);
  if (table.index64) {
    return (fp) => {
      O[fp + d] = BigInt(table.size());
    };
  }
  return (fp) => {
    N[fp + d] = table.size();
  };
}

function tableGrow(ctx: OpContext): Op {
  const table = primaryTable(ctx);
  const init = ctx.arg(0);
  const delta = indexOf(ctx, 1, table.index64);
  const d = ctx.result(0);
  return (fp) => {
    const old = table.growBy(delta(fp), O[fp + init]);
    if (table.index64) O[fp + d] = BigInt(old);
    else N[fp + d] = old | 0;
  };
}

function tableFill(ctx: OpContext): Op {
  const table = primaryTable(ctx);
  const start = indexOf(ctx, 0, table.index64);
  const v = ctx.arg(1);
  const length = indexOf(ctx, 2, table.index64);
  return (fp) => {
    const s = start(fp);
    const n = length(fp);
    checkRange(s, n, table.size());
    const value = O[fp + v];
    for (let i = 0; i < n; i++) table.write(s + i, value);
  };
}

function tableCopy(ctx: OpContext): Op {
  const imm = ctx.inst.imm;
  if (imm.kind !== 'table_copy') throw new Error('table.copy without a table_copy immediate');
  const target = tableOf(ctx, imm.dst);
  const source = tableOf(ctx, imm.src);
  const dst = indexOf(ctx, 0, target.index64);
  const src = indexOf(ctx, 1, source.index64);
  const length = indexOf(ctx, 2, target.index64 && source.index64);
  return (fp) => {
    const d = dst(fp);
    const s = src(fp);
    const n = length(fp);
    checkRange(s, n, source.size());
    checkRange(d, n, target.size());
    if (d <= s) for (let i = 0; i < n; i++) target.write(d + i, source.read(s + i));
    else for (let i = n - 1; i >= 0; i--) target.write(d + i, source.read(s + i));
  };
}

function tableInit(ctx: OpContext): Op {
  const imm = ctx.inst.imm;
  if (imm.kind !== 'table_init') throw new Error('table.init without a table_init immediate');
  const table = tableOf(ctx, imm.table);
  const segments = ctx.instance.elements;
  const segment = imm.elem;
  const dst = indexOf(ctx, 0, table.index64);
  const src = ctx.arg(1);
  const length = ctx.arg(2);
  return (fp) => {
    const items = segments[segment]!;
    const d = dst(fp);
    const s = N[fp + src]! >>> 0;
    const n = N[fp + length]! >>> 0;
    checkRange(s, n, items.length);
    checkRange(d, n, table.size());
    for (let i = 0; i < n; i++) table.write(d + i, items[s + i]);
  };
}

function elemDrop(ctx: OpContext): Op {
  const imm = ctx.inst.imm;
  if (imm.kind !== 'elem') throw new Error('elem.drop without an elem immediate');
  const segments = ctx.instance.elements;
  const segment = imm.elem;
  return () => {
    segments[segment] = [];
  };
}

export const TABLE_OPS: Record<string, OpFactory> = {
  'table.get': tableGet,
  'table.set': tableSet,
  'table.size': tableSize,
  'table.grow': tableGrow,
  'table.fill': tableFill,
  'table.copy': tableCopy,
  'table.init': tableInit,
  'elem.drop': elemDrop,
};
