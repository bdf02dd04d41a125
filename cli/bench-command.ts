/**
 * `heron bench [FILES.wasm|NAMES...] [--corpus DIR] [--engines native,compiled,interp,wasm2js]
 *              [--runs N] [--warm N] [--timeout MS] [--json] [--args A B...] [--arg A] [--env K=V]`
 *
 * Times WASI command programs on V8's native Wasm, Heron's compiled JS, Heron's IR interpreter
 * and Binaryen's wasm2js, side by side: every timed cold run is the first run in a fresh
 * process, every run's output is checked, and the table gives each engine's median and its
 * ratio to native. Without FILES it runs the bench corpus (../shared/bench next to the
 * repository, or --corpus DIR) with its manifest's args and environment. The driver is bench/.
 */
import type { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, sep } from 'node:path';
import { corpusProgram, corpusProgramNames, defaultCorpusDir, fileProgram, loadCorpus, BenchInputError, type BenchProgram, type InvocationOverrides } from '../bench/corpus.js';
import { ENGINE_NAMES, isEngineName, type EngineName } from '../bench/engines.js';
import { formatTable, summarize } from '../bench/report.js';
import { benchProgram, type ProgramResult } from '../bench/runner.js';
import { defaultCacheDir } from './compile-cache.js';
import { CliInputError } from './read-input.js';
import { parseEnvSpec } from './run-command.js';

const DEFAULT_ENGINES: readonly EngineName[] = ['native', 'compiled', 'wasm2js'];

interface BenchCommandOptions {
  corpus?: string;
  engines: string;
  runs: string;
  warm: string;
  timeout: string;
  json?: boolean;
  args?: string[];
  arg: string[];
  env: string[];
  expectedDir?: string;
  cacheDir?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseEngines(list: string): EngineName[] {
  const engines: EngineName[] = [];
  for (const name of list.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    if (!isEngineName(name)) throw new CliInputError(`--engines: unknown engine "${name}" (known: ${ENGINE_NAMES.join(', ')})`);
    if (!engines.includes(name)) engines.push(name);
  }
  if (engines.length === 0) throw new CliInputError('--engines: name at least one engine');
  return engines;
}

function parseCount(flag: string, text: string, minimum: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < minimum) throw new CliInputError(`${flag} ${text}: expected an integer >= ${minimum}`);
  return value;
}

function overrides(options: BenchCommandOptions): InvocationOverrides {
  const args = [...(options.args ?? []), ...options.arg];
  const given = options.args !== undefined || options.arg.length > 0;
  const env = options.env.length > 0 ? Object.fromEntries(options.env.map(parseEnvSpec)) : undefined;
  return { ...(given ? { args } : {}), ...(env ? { env } : {}), ...(options.expectedDir ? { expectedDir: options.expectedDir } : {}) };
}

/** A positional names a file when it looks like a path, otherwise a program of the corpus. */
function looksLikePath(input: string): boolean {
  return extname(input) === '.wasm' || input.includes('/') || input.includes(sep);
}

function selectPrograms(inputs: readonly string[], options: BenchCommandOptions): BenchProgram[] {
  const invocation = overrides(options);
  const corpusFor = () => loadCorpus(options.corpus ?? defaultCorpusDir());
  if (inputs.length === 0) {
    const corpus = corpusFor();
    return corpusProgramNames(corpus).map((name) => corpusProgram(corpus, name, invocation));
  }
  return inputs.map((input) => (looksLikePath(input) ? fileProgram(input, invocation) : corpusProgram(corpusFor(), input, invocation)));
}

function progressReporter(enabled: boolean): { report(line: string): void; done(): void } {
  if (!enabled) return { report: () => undefined, done: () => undefined };
  return {
    report: (line) => void process.stderr.write(`\r\x1b[K${line}`),
    done: () => void process.stderr.write('\r\x1b[K'),
  };
}

async function bench(inputs: string[], options: BenchCommandOptions): Promise<number> {
  const engines = parseEngines(options.engines);
  const runs = parseCount('--runs', options.runs, 1);
  const warmRuns = parseCount('--warm', options.warm, 0);
  const timeoutMs = parseCount('--timeout', options.timeout, 1);
  let programs: BenchProgram[];
  try {
    programs = selectPrograms(inputs, options);
  } catch (error) {
    if (error instanceof BenchInputError) throw new CliInputError(error.message);
    throw error;
  }

  const workDir = mkdtempSync(join(tmpdir(), 'heron-bench-'));
  const progress = progressReporter(!options.json && process.stderr.isTTY === true);
  const results: ProgramResult[] = [];
  try {
    const prepare = { workDir, wasm2jsCacheDir: options.cacheDir ?? join(defaultCacheDir(), 'wasm2js') };
    for (const [index, program] of programs.entries()) {
      try {
        results.push(await benchProgram(program, index, { engines, runs, warmRuns, timeoutMs, prepare, onProgress: progress.report }));
      } catch (error) {
        if (error instanceof BenchInputError) throw new CliInputError(error.message);
        throw error;
      }
    }
  } finally {
    progress.done();
    rmSync(workDir, { recursive: true, force: true });
  }

  const summary = summarize(results, { engines, runs, warmRuns, timeoutMs });
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatTable(summary));
  return summary.failed ? 1 : 0;
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('time WASI programs on native Wasm, Heron compiled JS, Heron interpreter and wasm2js, side by side')
    .argument('[programs...]', '.wasm files, or names of corpus programs (default: the whole corpus)')
    .option('--corpus <dir>', 'bench corpus: wasm/NAME.wasm, expected/NAME.txt, manifest.json (default: ../shared/bench next to the repository)')
    .option('--engines <list>', `comma-separated, from ${ENGINE_NAMES.join(',')}`, DEFAULT_ENGINES.join(','))
    .option('--runs <n>', 'fresh processes (cold runs) per program and engine', '5')
    .option('--warm <n>', 'extra runs within each process after the cold one, reported as warm medians', '0')
    .option('--timeout <ms>', 'limit per run (a process with --warm N gets N+1 times as long); exceeding it kills the process and marks timeout', '60000')
    .option('--json', 'print the results as JSON')
    .option('--args <args...>', "program arguments, replacing the manifest's (use --arg for ones starting with -)")
    .option('--arg <value>', 'one program argument (repeatable; appended after --args)', collect, [])
    .option('--env <NAME=VALUE>', "environment variable for the programs, replacing the manifest's (repeatable)", collect, [])
    .option('--expected-dir <dir>', 'directory of NAME.txt expected stdouts (default: the corpus expected/)')
    .option('--cache-dir <dir>', 'where wasm2js translations are cached (default: $HERON_CACHE_DIR/wasm2js or ~/.cache/heron/wasm2js)')
    .action(async (inputs: string[], options: BenchCommandOptions) => {
      process.exitCode = await bench(inputs, options);
    });
}
