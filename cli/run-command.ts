/**
 * `heron run app.wasm|app.js [--dir HOST[::GUEST]]... [--env K=V]... [--interp] [-O 0-3] -- args...`
 *
 * Runs a WASI command the way Wasmtime does: the program gets only the directories, args
 * and environment it is granted. A `.wasm` file is compiled to JS once and cached by
 * content hash (cli/compile-cache.ts); `--interp` runs Heron's IR interpreter instead; a
 * precompiled `.js` (from `heron compile`) runs the same way. Imports are checked before
 * anything runs, so a missing one fails naming its module, field and type.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseModule } from '../compiler/parse.js';
import type { Module } from '../compiler/module.js';
import { describeImportType } from '../compiler/inspect.js';
import { CompileError } from '../runtime-support/errors.js';
import { WASI } from '../runtime-support/wasi/index.js';
import { CliInputError } from './read-input.js';
import { compileCached, defaultCacheDir } from './compile-cache.js';
import { instantiateIr } from '../ir/interpreter/index.js';
import { translateModule } from '../compiler/translate.js';
import { DEFAULT_OPT_LEVEL, optimizeModule, parseOptLevel, PipelineOptionError, type OptLevel } from '../compiler/pipeline.js';

interface RunOptions {
  dir: string[];
  env: string[];
  interp?: boolean;
  argv0?: string;
  cacheDir?: string;
  cache: boolean;
  /** IR optimization level for compilation (and for --interp); default 2. */
  optLevel?: string;
}

interface InstanceLike {
  exports: Record<string, unknown>;
}

type ImportObject = Record<string, Record<string, unknown>>;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `HOST[::GUEST]`: the guest path defaults to the host path, as in Wasmtime. */
export function parseDirSpec(spec: string): [guest: string, host: string] {
  const split = spec.indexOf('::');
  if (split < 0) return [spec, resolve(spec)];
  const host = spec.slice(0, split);
  const guest = spec.slice(split + 2);
  if (host === '' || guest === '') throw new CliInputError(`--dir ${spec}: expected HOST or HOST::GUEST`);
  return [guest, resolve(host)];
}

export function parseEnvSpec(spec: string): [string, string] {
  const split = spec.indexOf('=');
  if (split <= 0) throw new CliInputError(`--env ${spec}: expected NAME=VALUE`);
  return [spec.slice(0, split), spec.slice(split + 1)];
}

/** Every import the host does not provide, named with its expected type. */
export function missingImports(module: Module, imports: ImportObject): string[] {
  const missing: string[] = [];
  for (const imp of module.imports) {
    if (imports[imp.module]?.[imp.field] === undefined) {
      missing.push(`"${imp.module}" "${imp.field}": ${imp.desc.kind} ${describeImportType(module, imp.desc)}`);
    }
  }
  return missing;
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliInputError(`${file}: cannot read file (${reason})`);
  }
}

async function loadCompiledModule(path: string): Promise<(imports: ImportObject) => InstanceLike> {
  const loaded = (await import(pathToFileURL(path).href)) as { instantiate?: unknown; default?: { instantiate?: unknown } };
  const instantiate = loaded.instantiate ?? loaded.default?.instantiate;
  if (typeof instantiate !== 'function') throw new CliInputError(`${path}: not a module compiled by heron (no instantiate export)`);
  return instantiate as (imports: ImportObject) => InstanceLike;
}

function runOptLevel(options: RunOptions): OptLevel {
  try {
    return options.optLevel === undefined ? DEFAULT_OPT_LEVEL : parseOptLevel(options.optLevel);
  } catch (error) {
    if (error instanceof PipelineOptionError) throw new CliInputError(`-O ${options.optLevel}: ${error.message}`);
    throw error;
  }
}

async function instantiateProgram(file: string, imports: ImportObject, options: RunOptions): Promise<InstanceLike> {
  if (extname(file) === '.js' || extname(file) === '.mjs') {
    const instantiate = await loadCompiledModule(resolve(file));
    return instantiate(imports);
  }
  const bytes = readBytes(file);
  let module: Module;
  try {
    module = parseModule(bytes);
  } catch (error) {
    if (error instanceof CompileError) throw new CliInputError(`${file}: CompileError: ${error.message}`);
    throw error;
  }
  const missing = missingImports(module, imports);
  if (missing.length > 0) {
    throw new CliInputError(`${file}: missing import${missing.length > 1 ? 's' : ''} ${missing.join('; ')}`);
  }
  const optLevel = runOptLevel(options);
  if (options.interp) {
    const ir = translateModule(module);
    optimizeModule(ir, { optLevel });
    return instantiateIr(ir, imports) as InstanceLike;
  }
  const path = compileCached(bytes, { optLevel }, options.cache ? (options.cacheDir ?? defaultCacheDir()) : null);
  const instantiate = await loadCompiledModule(path);
  return instantiate(imports);
}

async function runProgram(file: string, args: string[], options: RunOptions): Promise<number> {
  const preopens: Record<string, string> = {};
  for (const spec of options.dir) {
    const [guest, host] = parseDirSpec(spec);
    preopens[guest] = host;
  }
  const env: Record<string, string> = {};
  for (const spec of options.env) {
    const [name, value] = parseEnvSpec(spec);
    env[name] = value;
  }
  const argv0 = options.argv0 ?? basename(file);
  const wasi = new WASI({ args: [argv0, ...args], env, preopens, stdin: 0, stdout: 1, stderr: 2, returnOnExit: true });
  const imports: ImportObject = { wasi_snapshot_preview1: wasi.wasiImport as unknown as Record<string, unknown> };
  const instance = await instantiateProgram(file, imports, options);
  return wasi.start(instance);
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a WASI command (.wasm, or .js from heron compile) in a capability sandbox')
    .argument('<file>', 'a .wasm module or a compiled .js module')
    .argument('[args...]', 'arguments for the program (after --)')
    .option('--dir <HOST[::GUEST]>', 'grant a host directory, seen by the program as GUEST', collect, [])
    .option('--env <NAME=VALUE>', 'grant an environment variable', collect, [])
    .option('--interp', "run Heron's IR interpreter instead of compiled JS")
    .option('-O, --opt-level <0-3>', 'IR optimization level: 0 none, 1 cleanup, 2 all passes (default), 3 = 2')
    .option('--argv0 <name>', 'argv[0] as the program sees it (default: the file name)')
    .option('--cache-dir <dir>', 'where compiled modules are cached (default: $HERON_CACHE_DIR or ~/.cache/heron)')
    .option('--no-cache', 'compile afresh into a temporary file')
    .action(async (file: string, args: string[], options: RunOptions) => {
      process.exitCode = await runProgram(file, args, options);
    });
}
