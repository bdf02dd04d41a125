/**
 * select, globals, tables, references, direct and indirect calls (the non-terminating
 * forms) and exception construction. Multi-result calls evaluate to an array; the
 * function code generator unpacks it.
 */
import { array, assign, binary, call, conditional, member, newExpr, NULL, num, type Expr } from './js-ast.js';
import type { LowerContext, Lowered, Lowering } from './lowering.js';
import { newException } from './multi-results.js';
import { i64ToIndex } from './ops-i64.js';

export function tableIndexOperand(c: LowerContext, table: number, i: number): Expr {
  return c.module.isTable64(table) ? i64ToIndex(c.arg(i)) : binary('>>>', c.arg(i), num(0));
}

function tableOf(c: LowerContext): number {
  const imm = c.inst.imm;
  if (imm.kind === 'table' || imm.kind === 'table_init' || imm.kind === 'call_indirect') return imm.table;
  throw new Error(`${c.inst.opcode}: expected a table immediate`);
}

function tableResult(c: LowerContext, table: number, value: Expr): Expr {
  return c.module.isTable64(table) ? call('BigInt', [value]) : value;
}

/** The callee expression and argument list of call / call_indirect and their tail and try forms. */
export function callParts(c: LowerContext): { callee: Expr; args: Expr[] } {
  const imm = c.inst.imm;
  if (imm.kind === 'func') return { callee: c.module.functionRef(imm.func), args: c.inst.args.map((_, i) => c.arg(i)) };
  if (imm.kind !== 'call_indirect') throw new Error(`${c.inst.opcode}: expected a call immediate`);
  // The table itself, not its elements: tableCallee consults the table's callee cache first.
  const callee = call(c.module.rt('tableCallee'), [c.module.table(imm.table), tableIndexOperand(c, imm.table, 0), c.module.signatureConstant(imm.type)]);
  return { callee, args: c.inst.args.slice(1).map((_, i) => c.arg(i + 1)) };
}

const callLowering: Lowering = (c) => {
  const { callee, args } = callParts(c);
  return { expr: call(callee, args) };
};

function globalOps(): [string, Lowering][] {
  return [
    [
      'global.get',
      (c): Lowered => {
        if (c.inst.imm.kind !== 'global') throw new Error('global.get: expected a global immediate');
        return { expr: c.module.globalAccess(c.inst.imm.global) };
      },
    ],
    [
      'global.set',
      (c): Lowered => {
        if (c.inst.imm.kind !== 'global') throw new Error('global.set: expected a global immediate');
        return { expr: assign(c.module.globalAccess(c.inst.imm.global), c.arg(0)) };
      },
    ],
  ];
}

function tableOps(): [string, Lowering][] {
  return [
    ['table.get', (c) => ({ expr: call(c.module.rt('tableGet'), [c.module.table(tableOf(c)), tableIndexOperand(c, tableOf(c), 0)]) })],
    [
      'table.set',
      (c) => ({ expr: call(c.module.rt('tableSet'), [c.module.table(tableOf(c)), tableIndexOperand(c, tableOf(c), 0), c.arg(1)]) }),
    ],
    ['table.size', (c) => ({ expr: tableResult(c, tableOf(c), member(member(c.module.table(tableOf(c)), 'elements'), 'length')) })],
    [
      'table.grow',
      (c) => {
        const table = tableOf(c);
        const grown = call(member(c.module.table(table), 'growBy'), [tableIndexOperand(c, table, 1), c.arg(0)]);
        return { expr: tableResult(c, table, grown) };
      },
    ],
    [
      'table.fill',
      (c) => {
        const table = tableOf(c);
        const args = [c.module.table(table), tableIndexOperand(c, table, 0), c.arg(1), tableIndexOperand(c, table, 2)];
        return { expr: call(c.module.rt('tableFill'), args) };
      },
    ],
    [
      'table.copy',
      (c) => {
        const imm = c.inst.imm;
        if (imm.kind !== 'table_copy') throw new Error('table.copy: expected a table_copy immediate');
        const lengthTable = c.module.isTable64(imm.dst) && c.module.isTable64(imm.src) ? imm.dst : c.module.isTable64(imm.dst) ? imm.src : imm.dst;
        const args = [
          c.module.table(imm.dst),
          tableIndexOperand(c, imm.dst, 0),
          c.module.table(imm.src),
          tableIndexOperand(c, imm.src, 1),
          tableIndexOperand(c, lengthTable, 2),
        ];
        return { expr: call(c.module.rt('tableCopy'), args) };
      },
    ],
    [
      'table.init',
      (c) => {
        const imm = c.inst.imm;
        if (imm.kind !== 'table_init') throw new Error('table.init: expected a table_init immediate');
        const u32 = (i: number): Expr => binary('>>>', c.arg(i), num(0));
        const args = [c.module.table(imm.table), tableIndexOperand(c, imm.table, 0), c.module.elemSegment(imm.elem), u32(1), u32(2)];
        return { expr: call(c.module.rt('tableInit'), args) };
      },
    ],
    [
      'elem.drop',
      (c) => {
        if (c.inst.imm.kind !== 'elem') throw new Error('elem.drop: expected an elem immediate');
        return { expr: c.module.dropElemSegment(c.inst.imm.elem) };
      },
    ],
  ];
}

function referenceOps(): [string, Lowering][] {
  return [
    ['ref.null', () => ({ expr: NULL })],
    ['ref.is_null', (c) => ({ expr: binary('===', c.arg(0), NULL), bool: true })],
    [
      'ref.func',
      (c) => {
        if (c.inst.imm.kind !== 'func') throw new Error('ref.func: expected a func immediate');
        return { expr: c.module.funcRefValue(c.inst.imm.func) };
      },
    ],
  ];
}

export const CONTROL_LOWERINGS: ReadonlyMap<string, Lowering> = new Map<string, Lowering>([
  ['select', (c) => ({ expr: conditional(c.cond(2), c.arg(0), c.arg(1)) })],
  ...globalOps(),
  ...tableOps(),
  ...referenceOps(),
  ['call', callLowering],
  ['call_indirect', callLowering],
  [
    'exn.new',
    (c) => {
      if (c.inst.imm.kind !== 'tag') throw new Error('exn.new: expected a tag immediate');
      return { expr: newException(c.module, c.module.tag(c.inst.imm.tag), c.inst.args.map((_, i) => c.arg(i))) };
    },
  ],
]);

