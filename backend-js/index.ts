/**
 * The JS back end: `compile(bytes, options)` turns a Wasm binary into a JS module whose
 * `instantiate(importObject)` returns `{ exports }` synchronously, with the surface of a
 * `WebAssembly.Instance` — and never touches the `WebAssembly` global. See README.md.
 */
import { generate } from 'astring';
import { SourceMapGenerator } from 'source-map';
import type { Module } from '../compiler/module.js';
import { parseModule, type ParseOptions } from '../compiler/parse.js';
import { translateModule } from '../compiler/translate.js';
import type { IrModule } from '../ir/module.js';
import { call, str, type Expr } from './js-ast.js';
import { ModuleContext } from './module-context.js';
import { generateInstantiate } from './module-glue.js';
import { encodeBase64, formatOutput, type OutputFormat, type RuntimeMode } from './output-format.js';

export type { OutputFormat, RuntimeMode } from './output-format.js';

export interface CompileOptions {
  /** Default 'esm'. */
  format?: OutputFormat;
  /** Emit a source map (Wasm byte offsets as columns of line 1 of `sourceName`). */
  sourceMap?: boolean;
  /** Default 'inline': the output carries its runtime. */
  runtime?: RuntimeMode;
  /** The global the `script` format defines (default `heronModule`). */
  globalName?: string;
  /** Name of the Wasm file in the source map (default `module.wasm`). */
  sourceName?: string;
  /** Wasm features the front end accepts (default: all it implements). */
  features?: ParseOptions['features'];
}

export interface CompileResult {
  code: string;
  /** The source map as JSON text, or null. */
  map: string | null;
}

/** Compile a decoded, validated module and its IR (the two halves of the front end's output). */
export function compileIr(wasm: Module, ir: IrModule, options: CompileOptions = {}): CompileResult {
  const module = new ModuleContext(wasm, ir.env);
  const dataConstant = (index: number): Expr => {
    const segment = wasm.data[index]!;
    const bytes = wasm.bytes.subarray(segment.dataStart, segment.dataEnd);
    return module.constant(`data:${index}`, () => call(module.rt('decodeBase64'), [str(encodeBase64(bytes))]));
  };
  const instantiate = generateInstantiate(module, ir, dataConstant);
  const { program, trailer } = formatOutput(module, instantiate, {
    format: options.format ?? 'esm',
    runtime: options.runtime ?? 'inline',
    globalName: options.globalName ?? 'heronModule',
  });
  if (options.sourceMap !== true) return { code: generate(program) + trailer, map: null };
  const map = new SourceMapGenerator({ file: 'output.js' });
  const code = generate(program, { sourceMap: map });
  return { code: code + trailer, map: map.toString() };
}

export function compile(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options: CompileOptions = {}): CompileResult {
  const wasm = parseModule(bytes, { features: options.features });
  return compileIr(wasm, translateModule(wasm), options);
}
