/**
 * The opcode table: every IR instruction, looked up by name. Split by family in
 * numeric.ts (scalar), simd.ts, memory.ts (loads, stores, atomics, bulk memory) and
 * control.ts (globals, tables, references, calls, branches, traps, exceptions).
 */
import { CONTROL_OPS } from './control.js';
import { Effect, type OpInfo } from './info.js';
import { MEMORY_OPS } from './memory.js';
import { NUMERIC_OPS } from './numeric.js';
import { SIMD_OPS } from './simd.js';

export * from './info.js';

export const ALL_OPS: readonly OpInfo[] = [...NUMERIC_OPS, ...SIMD_OPS, ...MEMORY_OPS, ...CONTROL_OPS];

const BY_NAME = new Map<string, OpInfo>();
for (const info of ALL_OPS) {
  if (BY_NAME.has(info.name)) throw new Error(`duplicate IR opcode ${info.name}`);
  BY_NAME.set(info.name, info);
}

/** The table entry of an opcode, or undefined for an unknown name. */
export function findOp(name: string): OpInfo | undefined {
  return BY_NAME.get(name);
}

/** The table entry of an opcode known to exist (instructions already in a function). */
export function opInfo(name: string): OpInfo {
  const info = BY_NAME.get(name);
  if (info === undefined) throw new Error(`unknown IR opcode '${name}'`);
  return info;
}

export function isTerminator(name: string): boolean {
  return (opInfo(name).effects & Effect.Terminator) !== 0;
}

/** No side effects and cannot trap: may be removed when unused, moved or merged. */
export function isPure(name: string): boolean {
  return opInfo(name).effects === 0;
}
