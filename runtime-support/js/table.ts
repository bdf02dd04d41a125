/**
 * The table instructions of compiled code, on the shared Table (../table.ts): elements are
 * read and written in `table.elements` directly (a live view for native tables).
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
  table.elements[index] = value;
}

export function tableFill(table: Table, start: number, value: unknown, count: number): void {
  if (start + count > table.elements.length) trap('table_oob');
  table.elements.fill(value, start, start + count);
}

export function tableCopy(dst: Table, dstStart: number, src: Table, srcStart: number, count: number): void {
  if (srcStart + count > src.elements.length || dstStart + count > dst.elements.length) trap('table_oob');
  dst.elements.splice(dstStart, count, ...src.elements.slice(srcStart, srcStart + count));
}

/** table.init (and active element segments): copy `count` items of a segment into the table. */
export function tableInit(table: Table, dstStart: number, segment: readonly unknown[], srcStart: number, count: number): void {
  if (srcStart + count > segment.length || dstStart + count > table.elements.length) trap('table_oob');
  for (let i = 0; i < count; i++) table.elements[dstStart + i] = segment[srcStart + i];
}
