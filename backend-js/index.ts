/**
 * The JS back end: `compile(bytes, options)` turns a Wasm binary into a JS module whose
 * `instantiate(importObject)` returns `{ exports }` synchronously, with the surface of a
 * `WebAssembly.Instance` — and never touches the `WebAssembly` global. See README.md.
 */
import { generate } from 'astring';
import type { Module } from '../compiler/module.js';
import { parseModule, type ParseOptions } from '../compiler/parse.js';
import { translateModule } from '../compiler/translate.js';
import { optimizeModule, type OptLevel } from '../compiler/pipeline.js';
import type { IrModule } from '../ir/module.js';
import { call, str, type Expr } from './js-ast.js';
import { ModuleContext } from './module-context.js';
import { generateInstantiate } from './module-glue.js';
import { encodeBase64, formatOutput, type OutputFormat, type OutputTarget, type RuntimeMode } from './output-format.js';
import { printWithSourceMap } from './source-map.js';
import { setI64Mode, type I64Mode } from './ops-i64-pairs.js';

export type { OutputFormat, OutputTarget, RuntimeMode } from './output-format.js';
export { sourceMappingUrl } from './source-map.js';
export { InvalidSourceMapError } from './source-map-compose.js';

export interface CompileOptions {
  /** Default 'esm'. */
  format?: OutputFormat;
  /** Emit a source map (Wasm byte offsets as columns of line 1 of `sourceName`). */
  sourceMap?: boolean;
  /** Default 'inline': the output carries its runtime. */
  runtime?: RuntimeMode;
  /** The global the `script` format defines (default `heronModule`). */
  globalName?: string;
  /**
   * Syntax level of the inline runtime: 'es2022' (default) or 'es5', the runtime lowered to
   * ES5 for engines without classes, e.g. Hermes 0.12 (which runs `script` output as is, and
   * `cjs` output with `-commonjs`). Generated code is the same either way (output-format.ts).
   */
  target?: OutputTarget;
  /** Name of the Wasm file in the source map (default `module.wasm`). */
  sourceName?: string;
  /** The source map's `file` field: the generated file's name (default `output.js`). */
  sourceMapFile?: string;
  /**
   * The Wasm module's own source map (JSON text; the map its `sourceMappingURL` custom section
   * names, see `sourceMappingUrl`). With `sourceMap`, JS positions then map straight to the
   * original sources instead of to Wasm byte offsets.
   */
  inputSourceMap?: string;
  /** Wasm features the front end accepts (default: all it implements). */
  features?: ParseOptions['features'];
  /** IR optimization level (compiler/pipeline.ts): 0 none, 1 cleanup, 2 all passes (default), 3 = 2. */
  optLevel?: OptLevel;
  /**
   * How function bodies hold i64 values: 'pairs' of int32 (default; ops-i64-pairs.ts) or 'bigint'.
   * The calling convention (params, results, globals, raw calls) is BigInt either way.
   */
  i64?: I64Mode;
}

export interface CompileResult {
  code: string;
  /** The source map as JSON text, or null. */
  map: string | null;
}

/** Compile a decoded, validated module and its IR (the two halves of the front end's output). */
export function compileIr(wasm: Module, ir: IrModule, options: CompileOptions = {}): CompileResult {
  const module = new ModuleContext(wasm, ir.env);
  setI64Mode(module, options.i64 ?? 'pairs');
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
    target: options.target ?? 'es2022',
  });
  if (options.sourceMap !== true) return { code: generate(program) + trailer, map: null };
  const printed = printWithSourceMap(program, {
    file: options.sourceMapFile ?? 'output.js',
    sourceName: options.sourceName ?? 'module.wasm',
    inputMap: options.inputSourceMap ?? null,
  });
  return { code: printed.code + trailer, map: printed.map };
}

export function compile(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options: CompileOptions = {}): CompileResult {
  const wasm = parseModule(bytes, { features: options.features });
  const ir = translateModule(wasm);
  optimizeModule(ir, { optLevel: options.optLevel ?? 2 });
  return compileIr(wasm, ir, options);
}
