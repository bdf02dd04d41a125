/**
 * `heron compile app.wasm [-o app.js] [--format esm|cjs|script] [--target es2022|es5] [--source-map] [--global-name N]`
 *
 * --target es5 inlines the runtime lowered to ES5, for engines without classes (Hermes 0.12).
 *
 * Writes the compiled JS; with --source-map also `app.js.map` and a `//# sourceMappingURL=`
 * comment. When the module names its own source map (`sourceMappingURL` custom section, as
 * Emscripten's `-gsource-map` writes) and that file sits next to the input (or is given with
 * --input-source-map), the two maps are composed so the JS maps to the original sources.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { compileIr, InvalidSourceMapError, sourceMappingUrl, type OutputFormat, type OutputTarget } from '../backend-js/index.js';
import type { Module } from '../compiler/module.js';
import { translateModule } from '../compiler/translate.js';
import { CompileError } from '../runtime-support/errors.js';
import { CliInputError, readModuleFile } from './read-input.js';

const FORMATS: readonly OutputFormat[] = ['esm', 'cjs', 'script'];
const TARGETS: readonly OutputTarget[] = ['es2022', 'es5'];

interface CompileCommandOptions {
  output?: string;
  format: string;
  target?: string;
  sourceMap?: boolean;
  globalName?: string;
  inputSourceMap?: string;
}

function parseFormat(format: string): OutputFormat {
  const known = FORMATS.find((candidate) => candidate === format);
  if (known === undefined) throw new CliInputError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
  return known;
}

function parseTarget(target: string): OutputTarget {
  const known = TARGETS.find((candidate) => candidate === target);
  if (known === undefined) throw new CliInputError(`--target ${target}: expected one of ${TARGETS.join(', ')}`);
  return known;
}

/** Output file names the sources of a map relative to; always with `/`. */
function relativeUrl(from: string, to: string): string {
  const path = relative(from, to).split(sep).join('/');
  return path === '' ? '.' : path;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The module's own source map as JSON text, with its sources made relative to the output
 * directory; null when the module names none. A named map that cannot be read is an error:
 * silently mapping to Wasm offsets instead would hide the problem.
 */
function readInputSourceMap(wasm: Module, inputPath: string, outputDir: string, explicit: string | undefined): { path: string; text: string } | null {
  let mapPath: string;
  if (explicit !== undefined) {
    mapPath = resolve(explicit);
  } else {
    const url = sourceMappingUrl(wasm);
    if (url === null) return null;
    if (URL_SCHEME.test(url) && !url.startsWith('file:')) {
      throw new CliInputError(`${inputPath}: sourceMappingURL ${url} is not a local file; pass --input-source-map FILE`);
    }
    const path = url.startsWith('file:') ? new URL(url).pathname : decodeURIComponent(url);
    mapPath = isAbsolute(path) ? path : resolve(dirname(inputPath), path);
    if (!existsSync(mapPath)) throw new CliInputError(`${inputPath}: its source map ${mapPath} (sourceMappingURL ${url}) does not exist; pass --input-source-map FILE`);
  }
  let text: string;
  try {
    text = readFileSync(mapPath, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliInputError(`${mapPath}: cannot read source map (${reason})`);
  }
  let map: { sourceRoot?: unknown };
  try {
    map = JSON.parse(text) as { sourceRoot?: unknown };
  } catch (error) {
    throw new CliInputError(`${mapPath}: source map is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof map !== 'object' || map === null) throw new CliInputError(`${mapPath}: source map is not a JSON object`);
  const root = typeof map.sourceRoot === 'string' ? map.sourceRoot : '';
  if (!URL_SCHEME.test(root) && !isAbsolute(root)) {
    // Sources are relative to the map's own location; the output map lives in outputDir.
    map.sourceRoot = relativeUrl(outputDir, resolve(dirname(mapPath), root));
  }
  return { path: mapPath, text: JSON.stringify(map) };
}

function defaultOutput(input: string): string {
  return input.endsWith('.wasm') ? `${input.slice(0, -'.wasm'.length)}.js` : `${input}.js`;
}

export function compileCommand(input: string, options: CompileCommandOptions): { output: string; mapPath: string | null } {
  const format = parseFormat(options.format);
  const target = parseTarget(options.target ?? 'es2022');
  const output = options.output ?? defaultOutput(input);
  const outputDir = dirname(resolve(output));
  const wasm = readModuleFile(input);
  const sourceMap = options.sourceMap === true || options.inputSourceMap !== undefined;
  const inputSourceMap = sourceMap ? readInputSourceMap(wasm, input, outputDir, options.inputSourceMap) : null;
  let result;
  try {
    result = compileIr(wasm, translateModule(wasm), {
      format,
      target,
      globalName: options.globalName,
      sourceMap,
      sourceMapFile: basename(output),
      sourceName: relativeUrl(outputDir, resolve(input)),
      inputSourceMap: inputSourceMap?.text,
    });
  } catch (error) {
    if (error instanceof CompileError) throw new CliInputError(`${input}: CompileError: ${error.message}`);
    if (error instanceof InvalidSourceMapError) throw new CliInputError(`${inputSourceMap?.path ?? input}: ${error.message}`);
    throw error;
  }
  const mapPath = result.map === null ? null : `${output}.map`;
  const code = mapPath === null ? result.code : `${result.code.replace(/\n?$/, '\n')}//# sourceMappingURL=${encodeURI(basename(mapPath))}\n`;
  try {
    mkdirSync(outputDir, { recursive: true });
    writeFileSync(output, code);
    if (mapPath !== null) writeFileSync(mapPath, result.map!);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliInputError(`${output}: cannot write file (${reason})`);
  }
  return { output, mapPath };
}

export function registerCompileCommand(program: Command): void {
  program
    .command('compile')
    .description('compile a .wasm module to a JS module that needs no WebAssembly')
    .argument('<file>', 'the .wasm module')
    .option('-o, --output <file>', 'the JS file to write (default: the input with .js)')
    .option('--format <format>', `module format: ${FORMATS.join(', ')}`, 'esm')
    .option('--target <target>', `syntax of the inlined runtime: ${TARGETS.join(', ')} (es5 for engines without classes, e.g. Hermes)`, 'es2022')
    .option('--source-map', 'also write OUTPUT.map (composed with the module’s own source map, if it names one)')
    .option('--input-source-map <file>', "the module's own source map, instead of the one its sourceMappingURL names (implies --source-map)")
    .option('--global-name <name>', 'the global the script format defines (default heronModule)')
    .action((file: string, options: CompileCommandOptions) => {
      if (options.globalName !== undefined && !/^[A-Za-z_$][\w$]*$/.test(options.globalName)) {
        throw new CliInputError(`--global-name ${options.globalName}: not a JS identifier`);
      }
      compileCommand(file, options);
    });
}
