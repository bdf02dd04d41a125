/**
 * Node's own WebAssembly as an independent oracle for what a module imports and exports.
 * The project's TypeScript lib has no WebAssembly declarations, so the few members used
 * are typed here.
 */
import type { ExternKind, Module } from '../../compiler/module.js';

interface NativeWebAssembly {
  Module: {
    new (bytes: Uint8Array): object;
    imports(module: object): { module: string; name: string; kind: string }[];
    exports(module: object): { name: string; kind: string }[];
  };
}

const native = (globalThis as unknown as { WebAssembly: NativeWebAssembly }).WebAssembly;

/** The JS API's names for extern kinds. */
const JS_KIND: Record<ExternKind, string> = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' };

/** Imports and exports of a decoded module, as `import mod.field:kind` / `export name:kind` lines. */
export function decodedInterface(module: Module): string[] {
  return [
    ...module.imports.map((i) => `import ${i.module}.${i.field}:${JS_KIND[i.desc.kind]}`),
    ...module.exports.map((e) => `export ${e.name}:${JS_KIND[e.kind]}`),
  ];
}

/** The same lines as seen by the native engine, or null if it does not compile the module
 *  (a proposal it lacks, or a module that is invalid rather than malformed). */
export function nativeInterface(bytes: Uint8Array): string[] | null {
  let compiled: object;
  try {
    compiled = new native.Module(bytes);
  } catch {
    return null;
  }
  return [
    ...native.Module.imports(compiled).map((i) => `import ${i.module}.${i.name}:${i.kind}`),
    ...native.Module.exports(compiled).map((e) => `export ${e.name}:${e.kind}`),
  ];
}
