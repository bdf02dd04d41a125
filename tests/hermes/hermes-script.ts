/**
 * Building and running scripts for Hermes (npm `hermes-engine-cli` 0.12.0, a dev dependency).
 *
 * Hermes 0.12 has no ES modules (CommonJS only with `-commonjs`), no `class` syntax, no
 * TextEncoder/TextDecoder and no file system; output goes through the host's `print`. What
 * runs there is compiled output AS EMITTED, `compile(bytes, { format: 'script' | 'cjs',
 * target: 'es5' })` (the inline runtime lowered to ES5 when the bundle was built), followed by
 * a driver in plain ES5 (hermes-wasi.js, or a generated spec driver). Nothing is lowered or
 * rewritten at test time.
 *
 * What else Hermes 0.12 gets wrong, and the runtime avoids: Number(b) for a BigInt b >= 2^63
 * (Number(2n ** 63n) === -2 ** 63), so i64 → float conversions go through 32-bit words.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type CompileOptions } from '../../backend-js/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Linux binary shipped inside the npm package (no download at install time). */
export const HERMES_BINARY = join(ROOT, 'node_modules/hermes-engine-cli/linux64-bin/hermes');

export function hermesAvailable(): boolean {
  return process.platform === 'linux' && process.arch === 'x64' && existsSync(HERMES_BINARY);
}

export const HERMES_WASI_SOURCE = readFileSync(fileURLToPath(new URL('./hermes-wasi.js', import.meta.url)), 'utf8');

/** `bytes` compiled for Hermes: a script defining the global `globalName`. */
export function hermesModuleScript(bytes: Uint8Array, globalName: string, i64: CompileOptions['i64'] = 'pairs'): string {
  return compile(bytes, { format: 'script', target: 'es5', globalName, i64 }).code;
}

/** `bytes` compiled for Hermes as a CommonJS module (`module.exports = { instantiate }`). */
export function hermesCommonJsModule(bytes: Uint8Array): string {
  return compile(bytes, { format: 'cjs', target: 'es5' }).code;
}

/**
 * Driver lines that run the WASI command `moduleExpression` (an expression for a compiled
 * module's `{ instantiate }`) with hermes-wasi.js and print its `HERON-RESULT` line.
 */
export function wasiDriver(moduleExpression: string, args: readonly string[], env: Readonly<Record<string, string>>): string {
  return [
    HERMES_WASI_SOURCE,
    `var wasi = heronHermesWasi(${JSON.stringify(args)}, ${JSON.stringify(env)});`,
    `var exitCode = wasi.start((${moduleExpression}).instantiate({ wasi_snapshot_preview1: wasi.imports }));`,
    `print(wasi.report(exitCode));`,
  ].join('\n');
}

export interface HermesOutcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface HermesRunOptions {
  timeoutMs?: number;
  /**
   * Hermes compiles source to bytecode before running it, by default with its expensive
   * optimizations (`-O`). false passes `-O0`, for modules on which the optimizer takes
   * minutes (see hermes.test.ts); -O0 code runs about half as fast.
   */
  optimize?: boolean;
  /** Run as CommonJS modules (`-commonjs`): the first file is the entry point. */
  commonJs?: boolean;
  /** Only compile, writing the bytecode to this path (`-emit-binary`): nothing runs. */
  bytecodeOutput?: string;
}

/**
 * Runs Hermes on `files` (paths of files already written; with `commonJs`, the entry module
 * first and the modules it requires after it). `-w`: Hermes warns about every global it
 * cannot see at compile time (BigInt, Atomics, ...), which is noise here.
 */
export function runHermesFiles(files: readonly string[], options: HermesRunOptions = {}): HermesOutcome {
  const flags = ['-w', ...(options.optimize === false ? ['-O0'] : []), ...(options.commonJs === true ? ['-commonjs'] : [])];
  if (options.bytecodeOutput !== undefined) flags.push('-emit-binary', `-out=${options.bytecodeOutput}`);
  const child = spawnSync(HERMES_BINARY, [...flags, ...files], { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 << 20 });
  if (child.error !== undefined) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Runs `script` (written to `path`) under Hermes. */
export function runHermes(script: string, path: string, options: HermesRunOptions = {}): HermesOutcome {
  writeFileSync(path, script);
  return runHermesFiles([path], options);
}

/** The JSON object a driver printed on its `HERON-RESULT ` line. */
export function resultLine<T>(stdout: string): T {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('HERON-RESULT '));
  if (line === undefined) throw new Error(`no HERON-RESULT line in Hermes output:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(line.slice('HERON-RESULT '.length)) as T;
}
