/**
 * Instantiation of an IR module in the interpreter, in the spec's order: resolve imports,
 * create functions, tags, globals (constant expressions), memories and tables, evaluate
 * element segments, build the exports, run active element segments then active data
 * segments (bounds-checked in order; a trap aborts instantiation but earlier writes stay),
 * then the start function. Function bodies compile to closures on their first call.
 *
 * An IR module parsed from text (no decoded Wasm module) is instantiated from its
 * environment alone, for tests: functions without IR are imported as `env.fnN`, memories,
 * tables and globals are created empty / zero, and everything is exported by index
 * (`fnN`, `memN`, `tableN`, `globalN`) and, for named functions, by name.
 */
import type { Module } from '../../compiler/module.js';
import type { FuncType, TableType } from '../../compiler/module.js';
import { Tag } from '../../runtime-support/exception.js';
import { createGlobal, NativeGlobal } from '../../runtime-support/global.js';
import { Memory, NativeMemory } from '../../runtime-support/memory.js';
import { trap } from '../../runtime-support/js/traps.js';
import { NativeTable, Table } from '../../runtime-support/table.js';
import { defaultValue, signatureKey } from '../../runtime-support/values.js';
import type { IrFunction } from '../function.js';
import type { IrModule } from '../module.js';
import { compileFunction } from './compile-function.js';
import { evalConst, type ConstEnv } from './const-eval.js';
import { InterpreterCompileError, type InstanceContext } from './context.js';
import { callFunction } from './execute.js';
import { exportedFunction } from './exports.js';
import { FuncInstance, type CompiledFunction, type InterpretedBody } from './function-instance.js';
import { hostFuncInstance } from './host-functions.js';
import { resolveImports, type ImportObject } from './imports.js';
import { isHostStackOverflow, stackExhausted, stackState } from './stack.js';

export interface InterpretedInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

function interpretedBody(fn: IrFunction, instance: InstanceContext): InterpretedBody {
  return {
    fn,
    compiled: null,
    compile(): CompiledFunction {
      this.compiled = compileFunction(fn, instance);
      return this.compiled;
    },
  };
}

function definedFunctions(module: IrModule, instance: InstanceContext, firstDefined: number): void {
  const bodies = new Map(module.functions.map((fn) => [fn.funcIndex, fn]));
  const { funcTypes, types } = module.env;
  for (let index = firstDefined; index < funcTypes.length; index++) {
    const fn = bodies.get(index);
    if (fn === undefined) throw new InterpreterCompileError(`function ${index} has no IR`);
    instance.funcs.push(new FuncInstance(types[funcTypes[index]!]!, interpretedBody(fn, instance), null, String(index)));
  }
}

function tagOfType(type: FuncType): Tag {
  return new Tag(signatureKey(type.params, type.results));
}

function tableOfType(type: TableType): Table {
  const { min, max, index64 } = type.limits;
  return new Table({ element: type.element, initial: min, maximum: max ?? undefined, index: index64 ? 'i64' : 'i32' });
}

/** What an export presents: native objects that were imported are re-exported as themselves. */
function exportValue(instance: InstanceContext, kind: string, index: number): unknown {
  switch (kind) {
    case 'func':
      return exportedFunction(instance.funcs[index]!);
    case 'table': {
      const table = instance.tables[index]!;
      return table instanceof NativeTable ? table.native : table;
    }
    case 'memory': {
      const memory = instance.memories[index]!;
      return memory instanceof NativeMemory ? memory.native : memory;
    }
    case 'global': {
      const global = instance.globals[index]!;
      return global instanceof NativeGlobal ? global.native : global;
    }
    default:
      return instance.tags[index]!;
  }
}

/** Calls a function with no parameters and results (the start function). */
function runStart(callee: FuncInstance): void {
  try {
    callFunction(callee, stackState.top);
  } catch (error) {
    if (isHostStackOverflow(error)) stackExhausted();
    throw error;
  }
}

function addressValue(raw: unknown): number {
  return typeof raw === 'bigint' ? Number(BigInt.asUintN(64, raw)) : (raw as number) >>> 0;
}

function initializeSegments(wasm: Module, instance: InstanceContext, constEnv: ConstEnv): void {
  wasm.elements.forEach((segment, i) => {
    if (segment.mode.kind === 'active') {
      const table = instance.tables[segment.mode.table]!;
      const offset = addressValue(evalConst(wasm, segment.mode.offset, constEnv, `elem ${i} offset`));
      const items = instance.elements[i]!;
      if (offset + items.length > table.size()) trap('table_oob');
      items.forEach((item, k) => table.write(offset + k, item));
    }
    if (segment.mode.kind !== 'passive') instance.elements[i] = [];
  });
  wasm.data.forEach((segment, i) => {
    if (segment.mode.kind !== 'active') return;
    const memory = instance.memories[segment.mode.memory]!;
    const offset = addressValue(evalConst(wasm, segment.mode.offset, constEnv, `data ${i} offset`));
    const bytes = instance.data[i]!;
    if (offset + bytes.length > memory.byteLength) trap('heap_oob');
    memory.bytes.set(bytes, offset);
    instance.data[i] = new Uint8Array(0);
  });
}

function instantiateWasm(module: IrModule, wasm: Module, importObject: ImportObject): InterpretedInstance {
  const imports = resolveImports(wasm, importObject);
  const instance: InstanceContext = {
    module,
    funcs: imports.funcs,
    memories: imports.memories,
    tables: imports.tables,
    globals: imports.globals,
    tags: imports.tags,
    elements: [],
    data: [],
  };
  definedFunctions(module, instance, wasm.importedFuncCount);
  for (const tag of wasm.tags.slice(wasm.importedTagCount)) instance.tags.push(tagOfType(wasm.types[tag.typeIndex]!));
  const constEnv: ConstEnv = { globals: instance.globals, funcRef: (index) => exportedFunction(instance.funcs[index]!) };
  wasm.globals.forEach((global, i) => {
    const index = wasm.importedGlobalCount + i;
    instance.globals.push(createGlobal(global.type.type, global.type.mutable, evalConst(wasm, global.init, constEnv, `global ${index}`)));
  });
  for (const type of wasm.memories.slice(wasm.importedMemoryCount)) instance.memories.push(Memory.fromType(type));
  for (const type of wasm.tables.slice(wasm.importedTableCount)) instance.tables.push(tableOfType(type));
  wasm.elements.forEach((segment, i) => {
    const items =
      segment.items.kind === 'functions'
        ? segment.items.indices.map((index) => constEnv.funcRef(index))
        : segment.items.exprs.map((expr, k) => evalConst(wasm, expr, constEnv, `elem ${i} item ${k}`));
    instance.elements.push(items);
  });
  for (const segment of wasm.data) instance.data.push(wasm.bytes.subarray(segment.dataStart, segment.dataEnd));

  const exports: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const entry of wasm.exports) exports[entry.name] = exportValue(instance, entry.kind, entry.index);
  Object.freeze(exports);

  initializeSegments(wasm, instance, constEnv);
  if (wasm.start !== null) runStart(instance.funcs[wasm.start]!);
  return { exports };
}

function instantiateText(module: IrModule, importObject: ImportObject): InterpretedInstance {
  const { env } = module;
  const defined = new Set(module.functions.map((fn) => fn.funcIndex));
  const instance: InstanceContext = {
    module,
    funcs: [],
    memories: env.memories.map((type) => Memory.fromType(type)),
    tables: env.tables.map(tableOfType),
    globals: env.globals.map((type) => createGlobal(type.type, type.mutable, defaultValue(type.type))),
    tags: env.tags.map((tag) => tagOfType(env.types[tag.typeIndex]!)),
    elements: env.elemTypes.map(() => []),
    data: Array.from({ length: env.dataCount }, () => new Uint8Array(0)),
  };
  const bodies = new Map(module.functions.map((fn) => [fn.funcIndex, fn]));
  env.funcTypes.forEach((typeIndex, index) => {
    const type = env.types[typeIndex]!;
    const fn = bodies.get(index);
    if (fn !== undefined) {
      instance.funcs.push(new FuncInstance(type, interpretedBody(fn, instance), null, String(index)));
      return;
    }
    const host = importObject['env']?.[`fn${index}`];
    if (typeof host !== 'function') throw new InterpreterCompileError(`fn${index} has no body and env.fn${index} is not a function`);
    instance.funcs.push(hostFuncInstance(host as (...args: unknown[]) => unknown, type, String(index)));
  });
  const exports: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  instance.funcs.forEach((func, index) => {
    if (!defined.has(index)) return;
    exports[`fn${index}`] = exportedFunction(func);
    const name = bodies.get(index)!.name;
    if (name !== null) exports[name] = exports[`fn${index}`];
  });
  instance.memories.forEach((memory, i) => (exports[`mem${i}`] = memory));
  instance.tables.forEach((table, i) => (exports[`table${i}`] = table));
  instance.globals.forEach((global, i) => (exports[`global${i}`] = global));
  instance.tags.forEach((tag, i) => (exports[`tag${i}`] = tag));
  return { exports: Object.freeze(exports) };
}

/** Instantiates an IR module: `exports` has the surface of a WebAssembly.Instance's. */
export function instantiateIr(module: IrModule, importObject: ImportObject = {}): InterpretedInstance {
  return module.wasm === null ? instantiateText(module, importObject) : instantiateWasm(module, module.wasm, importObject);
}
