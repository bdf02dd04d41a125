/**
 * Linking: resolves a module's imports against an import object, checking them the way
 * `new WebAssembly.Instance` does (function signatures of Wasm functions, memory and table
 * limits subtyping, global type and mutability, tag identity) and raising LinkError with
 * the import's name, what was expected and what was found. Accepts Heron's own runtime
 * objects and, where `WebAssembly` exists, native Memory / Table / Global objects.
 */
import type { FuncType, GlobalType, Import, Limits, MemoryType, Module, TableType } from '../../compiler/module.js';
import { LinkError } from '../../runtime-support/errors.js';
import { Tag } from '../../runtime-support/exception.js';
import { Global, NativeGlobal, type NativeGlobalLike } from '../../runtime-support/global.js';
import { Memory, NativeMemory, PAGE_SIZE, type NativeMemoryLike } from '../../runtime-support/memory.js';
import { formatFuncType, rawFunctionOf, sameFuncType } from '../../runtime-support/raw-call.js';
import { NativeTable, Table, type NativeTableLike } from '../../runtime-support/table.js';
import type { FuncInstance } from './function-instance.js';
import { funcInstanceForRef, hostFuncInstance } from './host-functions.js';

export type ImportObject = Record<string, Record<string, unknown> | undefined>;

export interface ResolvedImports {
  funcs: FuncInstance[];
  tables: Table[];
  memories: Memory[];
  globals: Global[];
  tags: Tag[];
}

interface NativeApi {
  Memory?: abstract new (...args: never[]) => NativeMemoryLike;
  Table?: abstract new (...args: never[]) => NativeTableLike;
  Global?: abstract new (...args: never[]) => NativeGlobalLike;
}

function nativeApi(): NativeApi {
  return (globalThis as { WebAssembly?: NativeApi }).WebAssembly ?? {};
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') {
    const raw = rawFunctionOf(value);
    return raw !== undefined ? `Wasm function ${formatFuncType(raw.type)}` : 'a JS function';
  }
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no constructor'})`;
  return `${typeof value} ${String(value)}`;
}

function formatLimits(limits: { min: number; max: number | null }): string {
  return `min=${limits.min}${limits.max === null ? '' : ` max=${limits.max}`}`;
}

class Linker {
  constructor(private readonly importObject: ImportObject) {}

  fail(entry: Import, expected: string, got: string): never {
    throw new LinkError(`import "${entry.module}" "${entry.field}": expected ${expected}, got ${got}`);
  }

  lookup(entry: Import): unknown {
    const namespace = this.importObject[entry.module];
    if (namespace === undefined || namespace === null || (typeof namespace !== 'object' && typeof namespace !== 'function')) {
      throw new LinkError(`import "${entry.module}" "${entry.field}": unknown import module "${entry.module}"`);
    }
    return namespace[entry.field];
  }

  func(entry: Import, type: FuncType, index: number): FuncInstance {
    const value = this.lookup(entry);
    const expected = `function ${formatFuncType(type)}`;
    if (typeof value !== 'function') this.fail(entry, expected, describeValue(value));
    const callable = value as (...args: unknown[]) => unknown;
    const raw = rawFunctionOf(callable);
    if (raw !== undefined) {
      if (!sameFuncType(raw.type, type)) this.fail(entry, expected, describeValue(value));
      return funcInstanceForRef(callable, type);
    }
    // Plain JS functions (and native Wasm functions, whose type JS cannot read) take any signature.
    return hostFuncInstance(callable, type, String(index));
  }

  checkLimits(entry: Import, what: string, wanted: Limits, size: number, maximum: number | null): void {
    const okMin = size >= wanted.min;
    const okMax = wanted.max === null || (maximum !== null && maximum <= wanted.max);
    if (!okMin || !okMax) {
      this.fail(entry, `${what} ${formatLimits(wanted)}`, `${what} ${formatLimits({ min: size, max: maximum })}`);
    }
  }

  memory(entry: Import, type: MemoryType): Memory {
    const value = this.lookup(entry);
    const { limits } = type;
    const expected = `memory ${formatLimits(limits)}${limits.shared ? ' shared' : ''}${limits.index64 ? ' i64' : ''}`;
    let memory: Memory;
    if (value instanceof Memory) memory = value;
    else if (nativeApi().Memory !== undefined && value instanceof nativeApi().Memory!) {
      const native = value as NativeMemoryLike;
      memory = NativeMemory.adapt(native, { maximum: null, shared: native.buffer instanceof SharedArrayBuffer });
      // A native memory's maximum is not observable from JS: only the minimum is checked.
      if (memory.pages < limits.min) this.fail(entry, expected, `a native memory of ${memory.pages} pages`);
      if (memory.shared !== limits.shared) this.fail(entry, expected, `a native ${memory.shared ? 'shared' : 'unshared'} memory`);
      return memory;
    } else return this.fail(entry, expected, describeValue(value));
    if (memory.shared !== limits.shared || memory.index64 !== limits.index64) {
      this.fail(entry, expected, `memory${memory.shared ? ' shared' : ''}${memory.index64 ? ' i64' : ''}`);
    }
    this.checkLimits(entry, 'memory', limits, memory.byteLength / PAGE_SIZE, memory.maximum);
    return memory;
  }

  table(entry: Import, type: TableType): Table {
    const value = this.lookup(entry);
    const expected = `table of ${type.element} ${formatLimits(type.limits)}`;
    if (value instanceof Table) {
      if (value.element !== type.element || value.index64 !== type.limits.index64) this.fail(entry, expected, `table of ${value.element}`);
      this.checkLimits(entry, `table of ${type.element}`, type.limits, value.size(), value.maximum);
      return value;
    }
    const NativeTableClass = nativeApi().Table;
    if (NativeTableClass !== undefined && value instanceof NativeTableClass) {
      const native = value as NativeTableLike;
      if (native.length < type.limits.min) this.fail(entry, expected, `a native table of length ${native.length}`);
      return new NativeTable(native, type.element, null);
    }
    return this.fail(entry, expected, describeValue(value));
  }

  global(entry: Import, type: GlobalType): Global {
    const value = this.lookup(entry);
    const expected = `global ${type.mutable ? 'mut ' : ''}${type.type}`;
    if (value instanceof Global) {
      if (value.type !== type.type || value.mutable !== type.mutable) {
        this.fail(entry, expected, `global ${value.mutable ? 'mut ' : ''}${value.type}`);
      }
      return value;
    }
    const NativeGlobalClass = nativeApi().Global;
    if (NativeGlobalClass !== undefined && value instanceof NativeGlobalClass) return new NativeGlobal(value as NativeGlobalLike, type);
    // The JS API accepts a Number (or a BigInt for i64) for an immutable global.
    const primitiveOk =
      !type.mutable &&
      ((typeof value === 'number' && (type.type === 'i32' || type.type === 'f32' || type.type === 'f64')) ||
        (typeof value === 'bigint' && type.type === 'i64'));
    if (!primitiveOk) this.fail(entry, expected, describeValue(value));
    return new Global({ value: type.type, mutable: false }, value);
  }

  tag(entry: Import, type: FuncType): Tag {
    const value = this.lookup(entry);
    const expected = `tag ${formatFuncType(type)}`;
    if (!(value instanceof Tag)) return this.fail(entry, expected, describeValue(value));
    if (!sameFuncType(value.type, type)) this.fail(entry, expected, `tag ${formatFuncType(value.type)}`);
    return value;
  }
}

export function resolveImports(module: Module, importObject: ImportObject): ResolvedImports {
  const linker = new Linker(importObject);
  const resolved: ResolvedImports = { funcs: [], tables: [], memories: [], globals: [], tags: [] };
  for (const entry of module.imports) {
    const desc = entry.desc;
    switch (desc.kind) {
      case 'func':
        resolved.funcs.push(linker.func(entry, module.types[desc.typeIndex]!, resolved.funcs.length));
        break;
      case 'table':
        resolved.tables.push(linker.table(entry, desc.type));
        break;
      case 'memory':
        resolved.memories.push(linker.memory(entry, desc.type));
        break;
      case 'global':
        resolved.globals.push(linker.global(entry, desc.type));
        break;
      case 'tag':
        resolved.tags.push(linker.tag(entry, module.types[desc.type.typeIndex]!));
        break;
    }
  }
  return resolved;
}
