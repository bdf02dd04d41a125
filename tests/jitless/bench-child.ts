/**
 * Child process of jitless.test.ts: `node --jitless --import tsx bench-child.ts COMPILED ENV_JSON
 * NAME ARGS...`. Loads a compiled WASI command — an ES module (.mjs) or CommonJS (.cjs), runtime
 * inline — and runs it with Heron's WASI on this process's stdio. The first line of stdout says
 * whether `WebAssembly` exists, so the test can prove it did not.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { WASI } from '../../runtime-support/wasi/index.js';

interface CompiledModule {
  instantiate(imports: unknown): { exports: Record<string, unknown> };
}

const [compiledPath, envJson, ...argv] = process.argv.slice(2);
if (compiledPath === undefined || envJson === undefined) throw new Error('usage: bench-child.ts COMPILED.(mjs|cjs) ENV_JSON NAME ARGS...');
process.stdout.write(`WebAssembly: ${typeof (globalThis as { WebAssembly?: unknown }).WebAssembly}\n`);
const compiled: CompiledModule = compiledPath.endsWith('.cjs')
  ? (createRequire(import.meta.url)(compiledPath) as CompiledModule)
  : ((await import(pathToFileURL(compiledPath).href)) as CompiledModule);
const wasi = new WASI({ args: argv, env: JSON.parse(envJson) as Record<string, string> });
const instance = compiled.instantiate({ wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
