/**
 * Binaryen's wasm2js as a bench engine. `wasm2js -O2` turns a module into an ES module that
 * imports each Wasm import module as a namespace (`import * as wasi_snapshot_preview1 from
 * 'wasi_snapshot_preview1'`) and instantiates itself on load. To run it like Heron's output, the
 * adapter rewrites it into a factory with Heron's shape, `instantiate(importObject) -> {exports}`,
 * so every run gets a fresh instance from one loaded module (warm runs reuse the JIT code).
 *
 * wasm2js legalizes imports for JS: an i64 parameter arrives as two i32 arguments (low, high).
 * Heron's WASI takes i64 as BigInt, as V8's Wasm does, so the factory re-joins those pairs.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FuncType, Module } from '../compiler/module.js';

/** The module cannot go through wasm2js (or through this adapter); not a bench failure. */
export class Wasm2JsUnsupportedError extends Error {
  override name = 'Wasm2JsUnsupportedError';
}

/** wasm2js is missing or broke in a way that is not about the module. */
export class Wasm2JsToolError extends Error {
  override name = 'Wasm2JsToolError';
}

const WASM2JS_FLAGS = ['-O2'];
/** Bumped whenever the adapter's output changes, so cached translations are redone. */
const ADAPTER_VERSION = 1;
const TRANSLATE_TIMEOUT_MS = 600_000;

interface Wasm2JsTool {
  readonly script: string;
  readonly version: string;
}

function findWasm2Js(): Wasm2JsTool {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('binaryen/package.json');
  } catch {
    throw new Wasm2JsToolError('the npm package binaryen is not installed (npm install -D binaryen@132)');
  }
  const version = String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version);
  const script = join(dirname(packageJson), 'bin', 'wasm2js');
  if (!existsSync(script)) throw new Wasm2JsToolError(`${script}: missing from the binaryen package`);
  return { script, version };
}

const I64_JOIN = 'function heronBenchI64(low, high) { return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)); }';

/** JS for `heronBenchLegalImports(imports)`: a copy of the import object whose i64-taking functions accept (low, high) pairs. */
export function legalizingImportsSource(module: Module): string {
  const lines: string[] = [];
  let counter = 0;
  for (const imp of module.imports) {
    const label = `"${imp.module}" "${imp.field}"`;
    if (imp.desc.kind !== 'func') {
      throw new Wasm2JsUnsupportedError(`the adapter only provides function imports; ${label} is a ${imp.desc.kind}`);
    }
    const type: FuncType | undefined = module.types[imp.desc.typeIndex];
    if (type === undefined) throw new Wasm2JsToolError(`import ${label}: type ${imp.desc.typeIndex} is missing`);
    if (type.results.includes('i64')) throw new Wasm2JsUnsupportedError(`import ${label} returns i64, which wasm2js splits through getTempRet0`);
    if (!type.params.includes('i64')) continue;
    const raw: string[] = [];
    const joined: string[] = [];
    type.params.forEach((param, index) => {
      if (param === 'i64') {
        raw.push(`p${index}lo`, `p${index}hi`);
        joined.push(`heronBenchI64(p${index}lo, p${index}hi)`);
      } else {
        raw.push(`p${index}`);
        joined.push(`p${index}`);
      }
    });
    const target = `f${counter++}`;
    const moduleName = JSON.stringify(imp.module);
    const field = JSON.stringify(imp.field);
    lines.push(
      `  out[${moduleName}] = { ...out[${moduleName}] };`,
      `  const ${target} = out[${moduleName}][${field}];`,
      `  out[${moduleName}][${field}] = (${raw.join(', ')}) => ${target}(${joined.join(', ')});`,
    );
  }
  return [I64_JOIN, 'function heronBenchLegalImports(imports) {', '  const out = { ...imports };', ...lines, '  return out;', '}'].join('\n');
}

const IMPORT_LINE = /^import \* as [A-Za-z_$][\w$]* from '[^']*';$/;
const INSTANTIATION = '\nvar retasmFunc = asmFunc(';

/**
 * wasm2js's ES module as a factory. Its shape (Binaryen 132): namespace imports first, then
 * helpers and `function asmFunc(imports)`, then `var retasmFunc = asmFunc({...})` and one
 * `export var` per export. Anything else is reported rather than guessed at.
 */
export function wasm2jsFactorySource(wasm2jsOutput: string, module: Module): string {
  const lines = wasm2jsOutput.split('\n');
  let firstBody = 0;
  while (firstBody < lines.length && lines[firstBody]!.startsWith('import ')) {
    if (!IMPORT_LINE.test(lines[firstBody]!)) throw new Wasm2JsToolError(`unexpected wasm2js import line: ${lines[firstBody]}`);
    firstBody++;
  }
  const body = lines.slice(firstBody).join('\n');
  const cut = body.indexOf(INSTANTIATION);
  if (cut < 0 || body.indexOf(INSTANTIATION, cut + 1) >= 0 || !body.includes('function asmFunc(imports)')) {
    throw new Wasm2JsToolError('unrecognized wasm2js output (expected one `var retasmFunc = asmFunc(...)`)');
  }
  return [
    body.slice(0, cut),
    '',
    legalizingImportsSource(module),
    'export function instantiate(imports) {',
    '  return { exports: asmFunc(heronBenchLegalImports(imports)) };',
    '}',
    '',
  ].join('\n');
}

export interface Wasm2JsTranslation {
  /** Path of the factory module. */
  readonly modulePath: string;
  /** Time wasm2js took, or 0 when the translation came from the cache. */
  readonly translateMs: number;
  readonly cached: boolean;
}

/**
 * wasm2js's complaint in one line: its `Fatal:` line (e.g. `Fatal: Unhandled type in unary:
 * (f32x4.splat`), preceded by the first validator error when the fatal one only says that
 * validation failed.
 */
function complaint(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const fatal = lines.find((line) => line.startsWith('Fatal:'));
  const validator = lines.find((line) => line.startsWith('[wasm-validator error'));
  if (fatal === undefined) return lines[0] ?? '';
  return validator !== undefined && fatal.includes('validating') ? `${fatal}: ${validator.replace(/, on$/, '')}` : fatal;
}

/**
 * Translates `bytes` with `wasm2js -O2` into `cacheDir`, keyed by the module, the Binaryen
 * version and the adapter version (a wasm2js run takes seconds). Throws
 * Wasm2JsUnsupportedError for modules wasm2js rejects (e.g. SIMD); that verdict is cached too.
 */
export function translateWithWasm2Js(bytes: Uint8Array, module: Module, cacheDir: string): Wasm2JsTranslation {
  const tool = findWasm2Js();
  const key = createHash('sha256')
    .update(`binaryen ${tool.version} ${WASM2JS_FLAGS.join(' ')} adapter ${ADAPTER_VERSION}\0`)
    .update(bytes)
    .digest('hex');
  mkdirSync(cacheDir, { recursive: true });
  const modulePath = join(cacheDir, `${key}.mjs`);
  const verdictPath = join(cacheDir, `${key}.unsupported.txt`);
  if (existsSync(modulePath)) return { modulePath, translateMs: 0, cached: true };
  if (existsSync(verdictPath)) throw new Wasm2JsUnsupportedError(readFileSync(verdictPath, 'utf8'));

  const unique = `${process.pid}.${Math.random().toString(36).slice(2)}`;
  const input = join(cacheDir, `${key}.${unique}.wasm`);
  const rawOutput = join(cacheDir, `${key}.${unique}.raw.mjs`);
  writeFileSync(input, bytes);
  try {
    const started = performance.now();
    const result = spawnSync(process.execPath, [tool.script, ...WASM2JS_FLAGS, input, '-o', rawOutput], {
      encoding: 'utf8',
      timeout: TRANSLATE_TIMEOUT_MS,
      maxBuffer: 1 << 26,
    });
    const translateMs = performance.now() - started;
    if (result.error) throw new Wasm2JsToolError(`wasm2js could not run: ${result.error.message}`);
    if (result.status !== 0 || !existsSync(rawOutput)) {
      const reason = complaint(result.stderr) || `wasm2js exited with status ${result.status ?? result.signal}`;
      if (result.signal === null) {
        writeFileSync(verdictPath, reason);
        throw new Wasm2JsUnsupportedError(reason);
      }
      throw new Wasm2JsToolError(reason);
    }
    let factory: string;
    try {
      factory = wasm2jsFactorySource(readFileSync(rawOutput, 'utf8'), module);
    } catch (error) {
      if (error instanceof Wasm2JsUnsupportedError) writeFileSync(verdictPath, error.message);
      throw error;
    }
    const temporary = `${modulePath}.${unique}.tmp`;
    writeFileSync(temporary, factory);
    renameSync(temporary, modulePath);
    return { modulePath, translateMs, cached: false };
  } finally {
    rmSync(input, { force: true });
    rmSync(rawOutput, { force: true });
  }
}
