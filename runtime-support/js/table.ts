/**
 * The table instructions of compiled code, on the shared Table (../table.ts): elements are
 * read from `table.elements` directly (a live view for native tables) and changed only
 * through `table.write`, which keeps the table's callee cache in step.
 */
import type { Table } from '../table.js';
import { trap } from './traps.js';

export function tableGet(table: Table, index: number): unknown {
  const element = table.elements[index];
  if (element === undefined && !(index >= 0 && index < table.elements.length)) trap('table_oob');
  return element;
}

export function tableSet(table: Table, index: number, value: unknown): void {
  if (!(index >= 0 && index < table.elements.length)) trap('table_oob');
  table.write(index, value);
}

export function tableFill(table: Table, start: number, value: unknown, count: number): void {
  if (start + count > table.elements.length) trap('table_oob');
  for (let i = 0; i < count; i++) table.write(start + i, value);
}

export function tableCopy(dst: Table, dstStart: number, src: Table, srcStart: number, count: number): void {
  if (srcStart + count > src.elements.length || dstStart + count > dst.elements.length) trap('table_oob');
  // A snapshot first: source and destination may be the same table, overlapping.
  const items = src.elements.slice(srcStart, srcStart + count);
  for (let i = 0; i < count; i++) dst.write(dstStart + i, items[i]);
}

/** table.init (and active element segments): copy `count` items of a segment into the table. */
export function tableInit(table: Table, dstStart: number, segment: readonly unknown[], srcStart: number, count: number): void {
  if (srcStart + count > segment.length || dstStart + count > table.elements.length) trap('table_oob');
  for (let i = 0; i < count; i++) table.write(dstStart + i, segment[srcStart + i]);
}
