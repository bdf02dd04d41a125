/**
 * One bench child process: loads a program on one engine, runs it once cold (the first run in a
 * fresh process, as a user sees it), then `warmRuns` more times on fresh instances of the same
 * loaded code, and writes a ChildReport as JSON to fd 3. The program's stdout/stderr are
 * captured in memory, so nothing the program prints can corrupt the report.
 *
 * The runner (bench/runner.ts) imports this file only for its types and its own path (so the
 * TypeScript build emits it); it runs `main` only when started as the process entry.
 */
import { readFileSync, realpathSync, writeSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { WASI } from '../runtime-support/wasi/index.js';
import type { EngineName, LoadPlan } from './engines.js';

export interface ChildJob {
  readonly engine: EngineName;
  readonly plan: LoadPlan;
  /** argv[0] as the program sees it. */
  readonly argv0: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly warmRuns: number;
}

export interface ChildRun {
  /** Compile/import + instantiate for the cold run; instantiate only for warm runs. */
  readonly loadMs: number;
  /** `_start` (wasi.start), the figure the bench compares. */
  readonly runMs: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ChildReport {
  /** The runs that finished, cold run first. */
  readonly runs: ChildRun[];
  /** Why the next run did not finish (a trap, a load failure), or null. */
  readonly error: string | null;
}

/** The fd the report goes to; the runner opens it as a pipe. */
export const REPORT_FD = 3;

export const childEntryPath: string = fileURLToPath(import.meta.url);

interface Instance {
  readonly exports: Readonly<Record<string, unknown>>;
}
type Imports = Record<string, Record<string, unknown>>;
/** Makes a fresh instance of already-loaded code. */
type Instantiate = (imports: Imports) => Instance;

/** The slice of V8's WebAssembly API used here (lib ES2022 does not declare it). */
interface NativeWebAssembly {
  compile(bytes: Uint8Array): Promise<object>;
  Instance: new (module: object, imports: Imports) => Instance;
}

async function loadNative(path: string): Promise<Instantiate> {
  const wasm = (globalThis as { WebAssembly?: NativeWebAssembly }).WebAssembly;
  if (wasm === undefined) throw new Error('the native engine needs globalThis.WebAssembly');
  const module = await wasm.compile(readFileSync(path));
  return (imports) => new wasm.Instance(module, imports);
}

async function loadInterpreted(path: string): Promise<Instantiate> {
  // Imported here so the other engines' children do not load the interpreter.
  const [{ parseModule }, { translateModule }, { instantiateIr }] = await Promise.all([
    import('../compiler/parse.js'),
    import('../compiler/translate.js'),
    import('../ir/interpreter/index.js'),
  ]);
  const ir = translateModule(parseModule(readFileSync(path)));
  return (imports) => instantiateIr(ir, imports);
}

async function loadFactory(path: string): Promise<Instantiate> {
  const loaded = (await import(pathToFileURL(path).href)) as { instantiate?: unknown };
  if (typeof loaded.instantiate !== 'function') throw new Error(`${path}: no instantiate export`);
  const instantiate = loaded.instantiate as (imports: Imports) => Instance;
  return (imports) => instantiate(imports);
}

function load(job: ChildJob): Promise<Instantiate> {
  if (job.plan.kind === 'js-factory') return loadFactory(job.plan.modulePath);
  return job.engine === 'interp' ? loadInterpreted(job.plan.wasmPath) : loadNative(job.plan.wasmPath);
}

function collector(): { stream: { write(bytes: Uint8Array): void }; text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    stream: { write: (bytes) => void chunks.push(bytes) },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

function runOnce(job: ChildJob, instantiate: Instantiate, loadStarted: number): ChildRun {
  const stdout = collector();
  const stderr = collector();
  const wasi = new WASI({
    args: [job.argv0, ...job.args],
    env: job.env,
    stdin: { read: () => null },
    stdout: stdout.stream,
    stderr: stderr.stream,
    returnOnExit: true,
  });
  const instance = instantiate({ wasi_snapshot_preview1: wasi.wasiImport as unknown as Record<string, unknown> });
  const runStarted = performance.now();
  const exitCode = wasi.start(instance);
  const finished = performance.now();
  return { loadMs: runStarted - loadStarted, runMs: finished - runStarted, exitCode, stdout: stdout.text(), stderr: stderr.text() };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function runChildJob(job: ChildJob): Promise<ChildReport> {
  const runs: ChildRun[] = [];
  try {
    const coldStarted = performance.now();
    const instantiate = await load(job);
    runs.push(runOnce(job, instantiate, coldStarted));
    for (let i = 0; i < job.warmRuns; i++) runs.push(runOnce(job, instantiate, performance.now()));
    return { runs, error: null };
  } catch (error) {
    return { runs, error: describe(error) };
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? 'null') as ChildJob | null;
  if (job === null) throw new Error('usage: child JOB_JSON (started by heron bench)');
  const report = await runChildJob(job);
  writeSync(REPORT_FD, JSON.stringify(report));
}

function isProcessEntry(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(childEntryPath);
  } catch {
    return false;
  }
}

if (isProcessEntry()) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench child: ${describe(error)}\n`);
      process.exit(2);
    },
  );
}
