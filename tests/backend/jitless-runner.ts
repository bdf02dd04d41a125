/**
 * Child process of jitless.test.ts, run as `node --jitless --import tsx jitless-runner.ts
 * COMPILED.mjs ENV_JSON NAME ARGS...`: imports a compiled bench program (ESM, runtime inline) and runs
 * it with Heron's WASI. Prints `WebAssembly: undefined` first, to prove it ran without it.
 */
import { pathToFileURL } from 'node:url';
import { WASI } from '../../runtime-support/wasi/index.js';

const [compiledPath, envJson, ...argv] = process.argv.slice(2);
if (compiledPath === undefined || envJson === undefined) throw new Error('usage: jitless-runner.ts COMPILED.mjs ENV_JSON NAME ARGS...');
process.stdout.write(`WebAssembly: ${typeof (globalThis as { WebAssembly?: unknown }).WebAssembly}\n`);
const compiled = (await import(pathToFileURL(compiledPath).href)) as {
  instantiate(imports: unknown): { exports: Record<string, unknown> };
};
const wasi = new WASI({ args: argv, env: JSON.parse(envJson) as Record<string, string> });
const instance = compiled.instantiate({ wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
