/**
 * The three error classes of the WebAssembly JS API. Where `globalThis.WebAssembly`
 * exists we reuse its classes, so `err instanceof WebAssembly.RuntimeError` keeps
 * working for code that mixes Heron with native Wasm; elsewhere (node --jitless,
 * Hermes, locked-down browsers) Heron defines its own with the same names.
 * This file must not assume `WebAssembly` exists: generated code imports it.
 */

export interface WasmErrorConstructor {
  new (message?: string): Error;
  readonly prototype: Error;
}

function defineErrorClass(name: string): WasmErrorConstructor {
  const holder = {
    [name]: class extends Error {
      constructor(message?: string) {
        super(message);
        this.name = name;
      }
    },
  };
  return holder[name] as WasmErrorConstructor;
}

interface NativeErrorClasses {
  CompileError?: WasmErrorConstructor;
  LinkError?: WasmErrorConstructor;
  RuntimeError?: WasmErrorConstructor;
}

const native = (globalThis as { WebAssembly?: NativeErrorClasses }).WebAssembly;

export const CompileError: WasmErrorConstructor = native?.CompileError ?? defineErrorClass('CompileError');
export const LinkError: WasmErrorConstructor = native?.LinkError ?? defineErrorClass('LinkError');
export const RuntimeError: WasmErrorConstructor = native?.RuntimeError ?? defineErrorClass('RuntimeError');
