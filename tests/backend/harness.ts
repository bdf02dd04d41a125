/**
 * Test helpers: compile Wasm bytes with the JS back end and instantiate the result in
 * this process (format 'factory', sharing the library's runtime copy), and run the bench
 * corpus (../shared/bench) through Heron's WASI.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, type CompileOptions } from '../../backend-js/index.js';
import * as runtime from '../../runtime-support/js/index.js';
import { WASI } from '../../runtime-support/wasi/index.js';

export interface CompiledInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

type Factory = (rt: typeof runtime) => { instantiate(imports: unknown): CompiledInstance };

/** Compile `bytes` and return its `instantiate` (the output evaluated as a JS function). */
export function compileForTest(bytes: Uint8Array, features?: CompileOptions['features']): (imports?: unknown) => CompiledInstance {
  const { code } = compile(bytes, { format: 'factory', features });
  const factory = (0, eval)(code) as Factory;
  const { instantiate } = factory(runtime);
  return (imports) => instantiate(imports ?? {});
}

export const BENCH_DIR = fileURLToPath(new URL('../../../shared/bench/', import.meta.url));

export interface BenchProgram {
  name: string;
  args: string[];
  env: Record<string, string>;
  exitCode: number;
  stderr: string;
  stdout: string;
  features: string[];
}

interface ManifestEntry {
  args?: string[];
  env?: Record<string, string>;
  exitCode?: number;
  stderr?: string;
  features?: string[];
}

export function benchPrograms(): BenchProgram[] {
  const manifest = JSON.parse(readFileSync(`${BENCH_DIR}manifest.json`, 'utf8')) as { programs: Record<string, ManifestEntry> };
  return Object.entries(manifest.programs).map(([name, entry]) => ({
    name,
    args: entry.args ?? [],
    env: entry.env ?? {},
    exitCode: entry.exitCode ?? 0,
    stderr: entry.stderr ?? '',
    stdout: readFileSync(`${BENCH_DIR}expected/${name}.txt`, 'utf8'),
    features: entry.features ?? [],
  }));
}

export function benchWasm(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${BENCH_DIR}wasm/${name}.wasm`));
}

export interface RunOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs an instantiate function as a WASI command, capturing stdout and stderr. */
export function runWasiCommand(instantiate: (imports?: unknown) => CompiledInstance, program: BenchProgram, extraArgs: string[] = []): RunOutcome {
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  const wasi = new WASI({
    args: [program.name, ...program.args, ...extraArgs],
    env: program.env,
    stdout: { write: (bytes) => void stdout.push(bytes.slice()) },
    stderr: { write: (bytes) => void stderr.push(bytes.slice()) },
  });
  const instance = instantiate({ wasi_snapshot_preview1: wasi.wasiImport });
  const exitCode = wasi.start(instance);
  const text = (chunks: Uint8Array[]): string => new TextDecoder().decode(Buffer.concat(chunks));
  return { exitCode, stdout: text(stdout), stderr: text(stderr) };
}
