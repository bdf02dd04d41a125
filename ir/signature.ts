/**
 * Resolves an instruction's operand and result types from its opcode-table entry, its
 * immediates and the module environment: the single place that knows what `addr`,
 * `global`, call signatures etc. mean. The builder uses it to type results, the verifier
 * to check operands, the parser to check the types written in the text.
 */
import type { FuncType } from '../compiler/module.js';
import type { Imm, InstData } from './function.js';
import { opInfo, type OpInfo, type TypeSpec } from './opcodes/index.js';
import { indexTypeOf, isRefType, type IrType, type ModuleEnv } from './types.js';

export interface InstShape {
  args: IrType[];
  results: IrType[];
}

/** The function an instruction sits in: `return` and tail calls need its result types. */
export interface ShapeContext {
  env: ModuleEnv;
  results: readonly IrType[];
}

/** Thrown for out-of-range indices or operands no type can satisfy. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

function lookup<T>(items: readonly T[], index: number, what: string): T {
  const item = Number.isInteger(index) && index >= 0 ? items[index] : undefined;
  if (item === undefined) throw new ShapeError(`unknown ${what} ${index} (module has ${items.length})`);
  return item;
}

export function funcTypeOf(env: ModuleEnv, funcIndex: number): FuncType {
  const typeIndex = lookup(env.funcTypes, funcIndex, 'function');
  return lookup(env.types, typeIndex, 'type');
}

export function tagParams(env: ModuleEnv, tag: number): IrType[] {
  const tagType = lookup(env.tags, tag, 'tag');
  return [...lookup(env.types, tagType.typeIndex, 'type').params];
}

function memoryIndexType(env: ModuleEnv, memory: number): IrType {
  return indexTypeOf(lookup(env.memories, memory, 'memory').limits);
}

function tableIndexType(env: ModuleEnv, table: number): IrType {
  return indexTypeOf(lookup(env.tables, table, 'table').limits);
}

function primaryMemory(imm: Imm): number {
  switch (imm.kind) {
    case 'memarg':
    case 'memory':
    case 'memory_init':
      return imm.memory;
    case 'memory_copy':
      return imm.dst;
    default:
      throw new ShapeError(`immediate '${imm.kind}' names no memory`);
  }
}

function primaryTable(imm: Imm): number {
  switch (imm.kind) {
    case 'table':
    case 'table_init':
    case 'call_indirect':
      return imm.table;
    case 'table_copy':
      return imm.dst;
    default:
      throw new ShapeError(`immediate '${imm.kind}' names no table`);
  }
}

function narrower(a: IrType, b: IrType): IrType {
  return a === 'i32' || b === 'i32' ? 'i32' : 'i64';
}

/** Concrete type of a table type spec. `actual` is the operand's type where one exists. */
function resolveSpec(spec: TypeSpec, env: ModuleEnv, imm: Imm, first: IrType | undefined, actual: IrType | undefined): IrType {
  switch (spec) {
    case 'T':
      if (first === undefined) throw new ShapeError('missing operand');
      return first;
    case 'anyref':
      if (actual !== undefined && isRefType(actual)) return actual;
      throw new ShapeError(`expected a reference operand, got ${actual ?? 'nothing'}`);
    case 'addr':
      return memoryIndexType(env, primaryMemory(imm));
    case 'addr_src':
    case 'addr_min': {
      if (imm.kind !== 'memory_copy') throw new ShapeError(`${spec} needs a memory.copy immediate`);
      const src = memoryIndexType(env, imm.src);
      return spec === 'addr_src' ? src : narrower(src, memoryIndexType(env, imm.dst));
    }
    case 'tidx':
      return tableIndexType(env, primaryTable(imm));
    case 'tidx_src':
    case 'tidx_min': {
      if (imm.kind !== 'table_copy') throw new ShapeError(`${spec} needs a table.copy immediate`);
      const src = tableIndexType(env, imm.src);
      return spec === 'tidx_src' ? src : narrower(src, tableIndexType(env, imm.dst));
    }
    case 'elem':
      return lookup(env.tables, primaryTable(imm), 'table').element;
    case 'global':
      if (imm.kind !== 'global') throw new ShapeError('global type needs a global immediate');
      return lookup(env.globals, imm.global, 'global').type;
    default:
      return spec;
  }
}

function calleeType(env: ModuleEnv, imm: Imm): FuncType {
  if (imm.kind === 'func') return funcTypeOf(env, imm.func);
  if (imm.kind === 'call_indirect') {
    lookup(env.tables, imm.table, 'table');
    return lookup(env.types, imm.type, 'type');
  }
  throw new ShapeError(`immediate '${imm.kind}' names no callee`);
}

function sameTypes(a: readonly IrType[], b: readonly IrType[]): boolean {
  return a.length === b.length && a.every((type, i) => type === b[i]);
}

/** Operand and result types of the variadic opcodes (table entries with null types). */
function signatureShape(info: OpInfo, imm: Imm, ctx: ShapeContext): InstShape {
  const { env } = ctx;
  switch (info.name) {
    case 'call':
    case 'call_indirect':
    case 'try_call':
    case 'try_call_indirect':
    case 'return_call':
    case 'return_call_indirect': {
      const callee = calleeType(env, imm);
      const indirect = imm.kind === 'call_indirect';
      const args = indirect ? [tableIndexType(env, imm.table), ...callee.params] : [...callee.params];
      if (info.name.startsWith('return_call') && !sameTypes(callee.results, ctx.results)) {
        throw new ShapeError(`tail call returns (${callee.results.join(', ')}) but the function returns (${ctx.results.join(', ')})`);
      }
      if (indirect && lookup(env.tables, imm.table, 'table').element !== 'funcref') {
        throw new ShapeError(`table ${imm.table} does not hold funcref`);
      }
      const results = info.name === 'call' || info.name === 'call_indirect' ? [...callee.results] : [];
      return { args, results };
    }
    case 'return':
      return { args: [...ctx.results], results: [] };
    case 'throw':
    case 'exn.new': {
      if (imm.kind !== 'tag') throw new ShapeError('expected a tag immediate');
      return { args: tagParams(env, imm.tag), results: info.name === 'throw' ? [] : ['exn'] };
    }
    case 'ref.null':
      if (imm.kind !== 'ref_type') throw new ShapeError('expected a reference type immediate');
      return { args: [], results: [imm.type] };
    default:
      throw new ShapeError(`opcode ${info.name} has no signature rule`);
  }
}

/**
 * Expected operand types and the result types of an instruction with these immediates.
 * `argTypes` are the operand types as built (needed for `T` and `anyref`).
 * Throws ShapeError for bad indices or an impossible operand.
 */
export function instShape(info: OpInfo, imm: Imm, argTypes: readonly IrType[], ctx: ShapeContext): InstShape {
  if (info.args === null || info.results === null) {
    const shape = signatureShape(info, imm, ctx);
    if (info.args !== null) shape.args = info.args.map((spec, i) => resolveSpec(spec, ctx.env, imm, argTypes[0], argTypes[i]));
    return shape;
  }
  const first = argTypes[0];
  const args = info.args.map((spec, i) => resolveSpec(spec, ctx.env, imm, first, argTypes[i]));
  const results = info.results.map((spec) => resolveSpec(spec, ctx.env, imm, first, undefined));
  return { args, results };
}

/**
 * Types an edge implicitly passes to the first parameters of a successor, ahead of the
 * edge's explicit args: call results (try_call normal edge), the exception (unwind
 * edge), the tag payload (br_on_tag match edge). Empty for ordinary branches.
 */
export function implicitTargetParams(inst: InstData, targetIndex: number, env: ModuleEnv): IrType[] {
  const info = opInfo(inst.opcode);
  if (info.format === 'try_call' || info.format === 'try_call_indirect') {
    return targetIndex === 0 ? [...calleeType(env, inst.imm).results] : ['exn'];
  }
  if (info.format === 'br_on_tag' && targetIndex === 0) {
    if (inst.imm.kind !== 'tag') throw new ShapeError('expected a tag immediate');
    return tagParams(env, inst.imm.tag);
  }
  return [];
}

/** Number of successor edges an instruction of this format must have (null: any, at least 1). */
export function expectedTargetCount(info: OpInfo): number | null {
  switch (info.format) {
    case 'jump':
      return 1;
    case 'brif':
    case 'try_call':
    case 'try_call_indirect':
    case 'br_on_tag':
      return 2;
    case 'br_table':
      return null;
    default:
      return 0;
  }
}
