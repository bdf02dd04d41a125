/**
 * Linking, for compiled modules and the interpreter alike: reading imports and checking
 * them the way `new WebAssembly.Instance` does — function signatures of Heron functions,
 * memory and table limits subtyping, global type and mutability, tag type — raising
 * LinkError with the import's name, what was expected and what was found.
 *
 * Accepted: Heron's runtime objects from any runtime copy (recognised by brand), plain JS
 * functions and primitive values for immutable globals (JS API), and — where `WebAssembly`
 * exists — native Memory / Table / Global objects, adapted.
 */
import { LinkError } from '../errors.js';
import { isTag, type Tag } from '../exception.js';
import { createGlobal, isGlobal, NativeGlobal, type Global, type NativeGlobalLike } from '../global.js';
import { NativeMemory, PAGE_SIZE, type Memory, type NativeMemoryLike } from '../memory.js';
import { funcInfoOf, type RawFunction } from '../raw-call.js';
import { isTable, NativeTable, type NativeTableLike, type Table } from '../table.js';
import { formatSignature, toWasmValue, type WasmValueType } from '../values.js';
import { MEMORY_BRAND, hasBrand } from './brands.js';
import { adaptJsFunction } from './functions.js';

/** `imports[module][field]`; TypeError when there is no import object or module namespace (JS API). */
export function lookupImport(imports: unknown, module: string, field: string): unknown {
  if (imports === undefined || imports === null || typeof imports !== 'object') {
    throw new TypeError('the module has imports, so instantiate needs an import object');
  }
  const namespace = (imports as Record<string, unknown>)[module];
  if (namespace === null || (typeof namespace !== 'object' && typeof namespace !== 'function')) {
    throw new TypeError(`import ${JSON.stringify(module)} ${JSON.stringify(field)}: unknown import module ${JSON.stringify(module)}`);
  }
  return (namespace as Record<string, unknown>)[field];
}

/** How an import value is named in LinkErrors. */
export function describeImportValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') {
    const info = funcInfoOf(value);
    return info !== undefined ? `Wasm function ${formatSignature(info.sig)}` : 'a JS function';
  }
  if (isGlobal(value)) return `global ${value.mutable ? 'mut ' : ''}${value.type}`;
  if (isTable(value)) return `table of ${value.element}`;
  if (isTag(value)) return `tag ${formatSignature(value.sig)}`;
  if (typeof value === 'object') return `an object (${(value as { constructor?: { name?: string } }).constructor?.name ?? 'no constructor'})`;
  return `${typeof value} ${String(value)}`;
}

function mismatch(what: string, expected: string, got: string): never {
  throw new LinkError(`${what}: expected ${expected}, got ${got}`);
}

function formatLimits(min: number, max: number | null): string {
  return `min=${min}${max === null ? '' : ` max=${max}`}`;
}

function limitsMatch(size: number, maximum: number | null, min: number, max: number | null): boolean {
  if (size < min) return false;
  if (max === null) return true;
  return maximum !== null && maximum <= max;
}

interface NativeApi {
  Memory?: abstract new (...args: never[]) => NativeMemoryLike;
  Table?: abstract new (...args: never[]) => NativeTableLike;
  Global?: abstract new (...args: never[]) => NativeGlobalLike;
}

/** The native JS API's classes, where the engine has them (never required). */
function nativeApi(): NativeApi {
  return (globalThis as { WebAssembly?: NativeApi }).WebAssembly ?? {};
}

function isNative<K extends keyof NativeApi>(value: unknown, kind: K): boolean {
  const ctor = nativeApi()[kind];
  return ctor !== undefined && value instanceof ctor;
}

/** The raw callee of an imported function: a Heron function's own raw entry, else an adapter. */
export function importFunction(value: unknown, sigKey: string, what: string): RawFunction {
  const expected = `function ${formatSignature(sigKey)}`;
  if (typeof value !== 'function') mismatch(what, expected, describeImportValue(value));
  const info = funcInfoOf(value);
  // Plain JS functions (and native Wasm functions, whose type JS cannot read) take any signature.
  if (info === undefined) return adaptJsFunction(value as (...args: unknown[]) => unknown, sigKey);
  if (info.sig !== sigKey) mismatch(what, expected, describeImportValue(value));
  return info.raw;
}

export function importMemory(value: unknown, what: string, min: number, max: number | null, shared: boolean, index64: boolean): Memory {
  const expected = `memory ${formatLimits(min, max)}${shared ? ' shared' : ''}${index64 ? ' i64' : ''}`;
  if (hasBrand(value, MEMORY_BRAND)) {
    const memory = value as Memory;
    if (memory.shared !== shared || memory.index64 !== index64) {
      mismatch(what, expected, `memory${memory.shared ? ' shared' : ''}${memory.index64 ? ' i64' : ''}`);
    }
    const pages = memory.byteLength / PAGE_SIZE;
    if (!limitsMatch(pages, memory.maximum, min, max)) mismatch(what, expected, `memory ${formatLimits(pages, memory.maximum)}`);
    return memory;
  }
  if (!isNative(value, 'Memory')) mismatch(what, expected, describeImportValue(value));
  const native = value as NativeMemoryLike;
  const nativeShared = typeof SharedArrayBuffer !== 'undefined' && native.buffer instanceof SharedArrayBuffer;
  const memory = NativeMemory.adapt(native, { maximum: null, shared: nativeShared });
  // A native memory's maximum is not observable from JS: only the minimum is checked.
  if (memory.pages < min) mismatch(what, expected, `a native memory of ${memory.pages} pages`);
  if (nativeShared !== shared) mismatch(what, expected, `a native ${nativeShared ? 'shared' : 'unshared'} memory`);
  return memory;
}

export function importTable(value: unknown, what: string, element: string, min: number, max: number | null, index64: boolean): Table {
  const expected = `table of ${element} ${formatLimits(min, max)}${index64 ? ' i64' : ''}`;
  if (isTable(value)) {
    if (value.element !== element || value.index64 !== index64) mismatch(what, expected, `table of ${value.element}${value.index64 ? ' i64' : ''}`);
    const size = value.size();
    if (!limitsMatch(size, value.maximum, min, max)) mismatch(what, expected, `table of ${value.element} ${formatLimits(size, value.maximum)}`);
    return value;
  }
  if (!isNative(value, 'Table')) mismatch(what, expected, describeImportValue(value));
  const native = value as NativeTableLike;
  // A native table's element type and maximum are not observable from JS.
  if (native.length < min) mismatch(what, expected, `a native table of length ${native.length}`);
  return new NativeTable(native, element === 'externref' ? 'externref' : 'funcref');
}

/** An imported global as a cell; plain numbers (BigInts for i64) are accepted for immutable globals. */
export function importGlobal(value: unknown, what: string, type: WasmValueType, mutable: boolean): Global {
  const expected = `global ${mutable ? 'mut ' : ''}${type}`;
  if (isGlobal(value)) {
    if (value.type !== type || value.mutable !== mutable) mismatch(what, expected, describeImportValue(value));
    return value;
  }
  if (isNative(value, 'Global')) {
    if (type === 'v128') mismatch(what, expected, 'a native global (v128 globals cannot be adapted)');
    return new NativeGlobal(value as NativeGlobalLike, type, mutable);
  }
  const primitiveOk =
    !mutable &&
    ((typeof value === 'number' && (type === 'i32' || type === 'f32' || type === 'f64')) ||
      (typeof value === 'bigint' && type === 'i64') ||
      type === 'funcref' ||
      type === 'externref');
  if (!primitiveOk) mismatch(what, expected, describeImportValue(value));
  let raw: unknown;
  try {
    raw = toWasmValue(type, value);
  } catch {
    return mismatch(what, expected, describeImportValue(value));
  }
  return createGlobal(type, false, raw);
}

export function importTag(value: unknown, what: string, sig: string): Tag {
  const expected = `tag ${formatSignature(sig)}`;
  if (!isTag(value)) return mismatch(what, expected, describeImportValue(value));
  if (value.sig !== sig) mismatch(what, expected, describeImportValue(value));
  return value;
}

/** A null-prototype, frozen exports object, as WebAssembly.Instance#exports. */
export function exportsObject(entries: Record<string, unknown>): Readonly<Record<string, unknown>> {
  const exports = Object.create(null) as Record<string, unknown>;
  for (const name of Object.keys(entries)) exports[name] = entries[name];
  return Object.freeze(exports);
}
