/**
 * The engines `heron bench` compares, and what the parent process does once per program
 * and engine before any timed run: Heron's compile() for `compiled`, wasm2js for `wasm2js`.
 * The result is a LoadPlan, which a child process (bench/child.ts) turns into instances.
 *
 *  - native:   V8's WebAssembly (WebAssembly.compile + instantiate) with Heron's WASI.
 *  - compiled: Heron's AOT output, `compile(bytes, {format: 'esm'})`, loaded with import().
 *  - interp:   Heron's IR interpreter, `interpret(bytes, imports)`.
 *  - wasm2js:  Binaryen's `wasm2js -O2` output, adapted to the same factory shape (bench/wasm2js.ts).
 * All four use Heron's WASI (runtime-support/wasi), so only the code execution differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../backend-js/index.js';
import type { Module } from '../compiler/module.js';
import { translateWithWasm2Js, Wasm2JsToolError, Wasm2JsUnsupportedError } from './wasm2js.js';

export const ENGINE_NAMES = ['native', 'compiled', 'interp', 'wasm2js'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export function isEngineName(name: string): name is EngineName {
  return (ENGINE_NAMES as readonly string[]).includes(name);
}

/** How a child process gets instances: from the .wasm itself, or from a JS module exporting `instantiate(imports)`. */
export type LoadPlan =
  | { readonly kind: 'wasm'; readonly wasmPath: string }
  | { readonly kind: 'js-factory'; readonly modulePath: string };

export type Preparation =
  | { readonly ok: true; readonly plan: LoadPlan; /** ms spent translating in the parent (0 if cached or none). */ readonly prepMs: number }
  | { readonly ok: false; readonly status: 'unsupported' | 'error'; readonly reason: string };

export interface PrepareContext {
  /** Where this bench run writes Heron's compiled modules. */
  readonly workDir: string;
  /** Where wasm2js translations are cached across runs. */
  readonly wasm2jsCacheDir: string;
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function prepareCompiled(name: string, bytes: Uint8Array, context: PrepareContext): Preparation {
  const started = performance.now();
  let code: string;
  try {
    code = compile(bytes, { format: 'esm' }).code;
  } catch (error) {
    return { ok: false, status: 'error', reason: `heron compile failed: ${message(error)}` };
  }
  const prepMs = performance.now() - started;
  const modulePath = join(context.workDir, `${name}.heron.mjs`);
  writeFileSync(modulePath, code);
  return { ok: true, plan: { kind: 'js-factory', modulePath }, prepMs };
}

function prepareWasm2Js(bytes: Uint8Array, module: Module, context: PrepareContext): Preparation {
  try {
    const translation = translateWithWasm2Js(bytes, module, context.wasm2jsCacheDir);
    return { ok: true, plan: { kind: 'js-factory', modulePath: translation.modulePath }, prepMs: translation.translateMs };
  } catch (error) {
    if (error instanceof Wasm2JsUnsupportedError) return { ok: false, status: 'unsupported', reason: error.message };
    if (error instanceof Wasm2JsToolError) return { ok: false, status: 'error', reason: `wasm2js: ${error.message}` };
    throw error;
  }
}

/** Does the once-per-program work of `engine`; failures become a Preparation, not an exception. */
export function prepareEngine(
  engine: EngineName,
  program: { readonly name: string; readonly wasmPath: string },
  bytes: Uint8Array,
  module: Module,
  context: PrepareContext,
): Preparation {
  switch (engine) {
    case 'native':
    case 'interp':
      return { ok: true, plan: { kind: 'wasm', wasmPath: program.wasmPath }, prepMs: 0 };
    case 'compiled':
      return prepareCompiled(program.name, bytes, context);
    case 'wasm2js':
      return prepareWasm2Js(bytes, module, context);
  }
}
