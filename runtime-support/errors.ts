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
        // Lowered to ES5 (the runtime's es5 build, for engines without classes) `super()` is
        // `Error.call(this)`, which returns a new plain Error: restoring the prototype keeps
        // `instanceof` and the subclass's methods working there; a no-op with real classes.
        Object.setPrototypeOf(this, new.target.prototype);
        this.name = name;
      }
    },
  };
  const errorClass = holder[name] as WasmErrorConstructor;
  // The ES5 build turns the class into `function class_1`: keep the constructor's name.
  Object.defineProperty(errorClass, 'name', { value: name, configurable: true });
  return errorClass;
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
