/**
 * Instantiation glue: reading imports (with the JS API's TypeError / LinkError rules) and
 * checking imported memories, tables, globals and tags against the module's declarations.
 */
import { LinkError } from '../errors.js';
import { TAG_BRAND, hasBrand } from './brands.js';
import { createGlobal, isGlobal, type Global } from './global.js';
import { Memory } from '../memory.js';
import { isTable, type Table } from './table.js';
import { toWasmValue, type WasmValueType } from './values.js';

/** `imports[module][field]`; TypeError when the module namespace is not an object. */
export function lookupImport(imports: unknown, module: string, field: string): unknown {
  if (imports === undefined || imports === null || typeof imports !== 'object') {
    throw new TypeError('the module has imports, so instantiate needs an import object');
  }
  const namespace = (imports as Record<string, unknown>)[module];
  if (namespace === null || (typeof namespace !== 'object' && typeof namespace !== 'function')) {
    throw new TypeError(`import module "${module}" is not an object`);
  }
  return (namespace as Record<string, unknown>)[field];
}

function limitsMatch(size: number, maximum: number | null, min: number, max: number | null): boolean {
  if (size < min) return false;
  if (max === null) return true;
  return maximum !== null && maximum <= max;
}

/** A Memory of any copy of the runtime (generated code may carry its own copy): duck-typed. */
function isMemory(value: unknown): value is Memory {
  if (value instanceof Memory) return true;
  const candidate = value as { view?: unknown; growPages?: unknown } | null;
  return typeof value === 'object' && candidate !== null && candidate.view instanceof DataView && typeof candidate.growPages === 'function';
}

export function importMemory(
  value: unknown,
  what: string,
  min: number,
  max: number | null,
  shared: boolean,
  index64: boolean,
): Memory {
  if (!isMemory(value)) throw new LinkError(`${what}: memory import requires a Memory`);
  if (value.shared !== shared || value.index64 !== index64 || !limitsMatch(value.pages, value.maximum, min, max)) {
    throw new LinkError(`${what}: incompatible import type (memory limits)`);
  }
  return value;
}

export function importTable(value: unknown, what: string, element: string, min: number, max: number | null, index64: boolean): Table {
  if (!isTable(value)) throw new LinkError(`${what}: table import requires a Table`);
  if (value.element !== element || value.index64 !== index64 || !limitsMatch(value.elements.length, value.maximum, min, max)) {
    throw new LinkError(`${what}: incompatible import type (table)`);
  }
  return value;
}

/** An imported global as a cell; plain numbers are accepted for immutable globals (JS API). */
export function importGlobal(value: unknown, what: string, type: WasmValueType, mutable: boolean): Global {
  if (isGlobal(value)) {
    if (value.type !== type || value.mutable !== mutable) throw new LinkError(`${what}: incompatible import type (global)`);
    return value;
  }
  if (mutable) throw new LinkError(`${what}: mutable global import requires a Global`);
  if (type === 'v128') throw new LinkError(`${what}: v128 global import requires a Global`);
  if (type === 'i64' && typeof value !== 'bigint') throw new LinkError(`${what}: i64 global import requires a BigInt`);
  if ((type === 'i32' || type === 'f32' || type === 'f64') && typeof value !== 'number') {
    throw new LinkError(`${what}: global import requires a Number`);
  }
  if (type === 'funcref' || type === 'externref') {
    try {
      return createGlobal(type, false, toWasmValue(type, value));
    } catch {
      throw new LinkError(`${what}: global import has the wrong reference type`);
    }
  }
  return createGlobal(type, false, toWasmValue(type, value));
}

/** Exception tags (exception-handling proposal): identity objects. */
export class Tag {
  readonly [TAG_BRAND] = true;
  constructor(readonly sig: string) {}
}

export function importTag(value: unknown, what: string, sig: string): Tag {
  if (!hasBrand(value, TAG_BRAND)) throw new LinkError(`${what}: tag import requires a Tag`);
  if ((value as Tag).sig !== sig) throw new LinkError(`${what}: incompatible import type (tag)`);
  return value as Tag;
}

/** A null-prototype, frozen exports object, as WebAssembly.Instance#exports. */
export function exportsObject(entries: Record<string, unknown>): Readonly<Record<string, unknown>> {
  const exports = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(entries)) exports[name] = entries[name];
  return Object.freeze(exports);
}
