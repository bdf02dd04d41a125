/**
 * Building and running scripts for Hermes (npm `hermes-engine-cli` 0.12.0, a dev dependency).
 *
 * Hermes 0.12 has no ES modules, no `class` syntax, no TextEncoder/TextDecoder and no file
 * system; output goes through the host's `print`. A test script is therefore plain script
 * text made of:
 *   1. Heron's runtime (backend-js/runtime-bundle.ts), lowered to ES5 by TypeScript — the only
 *      part of the output that uses classes (RuntimeError, WasmException, Memory, Table, ...);
 *   2. the module compiled in the `factory` format, unchanged: generated code itself must
 *      run on Hermes as emitted;
 *   3. drivers in plain ES5 (hermes-wasi.js, or a generated spec driver).
 * The lowered runtime is produced once per test process. One consequence of lowering: an ES5
 * "subclass" of Error constructs a plain Error, so RuntimeError / WasmException objects fail
 * `instanceof` on Hermes and are recognised by `name` (runtime traps.ts `isTrap` does so).
 *
 * What else Hermes 0.12 gets wrong (hermes.test.ts lists the affected assertions): Number(b)
 * for a BigInt b >= 2^63 (Number(2n ** 63n) === -2 ** 63).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { compile } from '../../backend-js/index.js';
import { RUNTIME_SOURCE } from '../../backend-js/runtime-bundle.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Linux binary shipped inside the npm package (no download at install time). */
export const HERMES_BINARY = join(ROOT, 'node_modules/hermes-engine-cli/linux64-bin/hermes');

export function hermesAvailable(): boolean {
  return process.platform === 'linux' && process.arch === 'x64' && existsSync(HERMES_BINARY);
}

export const HERMES_WASI_SOURCE = readFileSync(fileURLToPath(new URL('./hermes-wasi.js', import.meta.url)), 'utf8');

export class ScriptLoweringError extends Error {
  override name = 'ScriptLoweringError';
}

let loweredRuntime: string | undefined;

/**
 * `var $heronRuntimeObject = <runtime>;` with classes lowered to ES5 functions: the start of
 * every Hermes script, which factory-format modules are then applied to.
 */
export function hermesRuntime(): string {
  if (loweredRuntime !== undefined) return loweredRuntime;
  const result = ts.transpileModule(`var $heronRuntimeObject = ${RUNTIME_SOURCE};\n`, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, downlevelIteration: true },
    reportDiagnostics: true,
  });
  const errors = (result.diagnostics ?? []).filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new ScriptLoweringError(`lowering the runtime to ES5: ${ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n')}`);
  }
  loweredRuntime = result.outputText;
  return loweredRuntime;
}

/**
 * A Hermes script that runs the WASI command `bytes` with hermes-wasi.js and prints its
 * `HERON-RESULT` line.
 */
export function wasiCommandScript(bytes: Uint8Array, args: readonly string[], env: Readonly<Record<string, string>>): string {
  const factory = compile(bytes, { format: 'factory' }).code.trim().replace(/;$/, '');
  return [
    hermesRuntime(),
    `var heronModule = (${factory})($heronRuntimeObject);`,
    HERMES_WASI_SOURCE,
    `var wasi = heronHermesWasi(${JSON.stringify(args)}, ${JSON.stringify(env)});`,
    `var exitCode = wasi.start(heronModule.instantiate({ wasi_snapshot_preview1: wasi.imports }));`,
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
}

/** Runs `script` (written to `path`) under Hermes. */
export function runHermes(script: string, path: string, options: HermesRunOptions = {}): HermesOutcome {
  writeFileSync(path, script);
  const flags = options.optimize === false ? ['-O0'] : [];
  const child = spawnSync(HERMES_BINARY, [...flags, path], { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 << 20 });
  if (child.error !== undefined) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** The JSON object a driver printed on its `HERON-RESULT ` line. */
export function resultLine<T>(stdout: string): T {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('HERON-RESULT '));
  if (line === undefined) throw new Error(`no HERON-RESULT line in Hermes output:\n${stdout.slice(0, 2000)}`);
  return JSON.parse(line.slice('HERON-RESULT '.length)) as T;
}
