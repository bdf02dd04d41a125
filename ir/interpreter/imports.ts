/**
 * Linking an interpreted instance: the shared runtime's linker (runtime-support/js/link.ts,
 * which compiled modules use too) reads and checks every import the way
 * `new WebAssembly.Instance` does; here its results become function instances and the
 * instance's memory / table / global / tag lists. Heron objects of any runtime copy and,
 * where `WebAssembly` exists, native Memory / Table / Global objects are accepted.
 */
import type { Module } from '../../compiler/module.js';
import type { Tag } from '../../runtime-support/exception.js';
import type { Global } from '../../runtime-support/global.js';
import { importFunction, importGlobal, importMemory, importTable, importTag, lookupImport } from '../../runtime-support/js/link.js';
import type { Memory } from '../../runtime-support/memory.js';
import { funcInfoOf } from '../../runtime-support/raw-call.js';
import type { Table } from '../../runtime-support/table.js';
import { signatureKey } from '../../runtime-support/values.js';
import { FuncInstance } from './function-instance.js';
import { funcInstanceForRef } from './host-functions.js';

export type ImportObject = Record<string, Record<string, unknown> | undefined>;

export interface ResolvedImports {
  funcs: FuncInstance[];
  tables: Table[];
  memories: Memory[];
  globals: Global[];
  tags: Tag[];
}

export function resolveImports(module: Module, importObject: ImportObject): ResolvedImports {
  const resolved: ResolvedImports = { funcs: [], tables: [], memories: [], globals: [], tags: [] };
  for (const entry of module.imports) {
    const what = `import ${JSON.stringify(entry.module)} ${JSON.stringify(entry.field)}`;
    const value = lookupImport(importObject, entry.module, entry.field);
    const desc = entry.desc;
    switch (desc.kind) {
      case 'func': {
        const type = module.types[desc.typeIndex]!;
        const raw = importFunction(value, signatureKey(type.params, type.results), what);
        // A Heron function keeps its identity (and, if interpreted, is called on the shared stack).
        const callable = value as (...args: unknown[]) => unknown;
        const func =
          funcInfoOf(value) !== undefined
            ? funcInstanceForRef(callable, type)
            : new FuncInstance(type, null, { kind: 'raw', raw }, String(resolved.funcs.length));
        resolved.funcs.push(func);
        break;
      }
      case 'table': {
        const { element, limits } = desc.type;
        resolved.tables.push(importTable(value, what, element, limits.min, limits.max, limits.index64));
        break;
      }
      case 'memory': {
        const { min, max, shared, index64 } = desc.type.limits;
        resolved.memories.push(importMemory(value, what, min, max, shared, index64));
        break;
      }
      case 'global':
        resolved.globals.push(importGlobal(value, what, desc.type.type, desc.type.mutable));
        break;
      case 'tag': {
        const type = module.types[desc.type.typeIndex]!;
        resolved.tags.push(importTag(value, what, signatureKey(type.params, type.results)));
        break;
      }
    }
  }
  return resolved;
}
