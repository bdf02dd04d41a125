/**
 * Runs the bench: for each program, prepares every engine once (bench/engines.ts), then makes
 * `runs` rounds; each round starts one fresh child process per engine (bench/child.ts), so
 * every timed cold run is the first run in its process. Engines alternate within a round so
 * machine noise spreads evenly over them. Each run's output is checked; a run that traps, or
 * outlives its time limit (its process is killed), ends that engine's runs for the program.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseModule } from '../compiler/parse.js';
import type { Module } from '../compiler/module.js';
import { CompileError } from '../runtime-support/errors.js';
import { childEntryPath, REPORT_FD, type ChildJob, type ChildReport, type ChildRun } from './child.js';
import { BenchInputError, type BenchProgram } from './corpus.js';
import { prepareEngine, type EngineName, type LoadPlan, type PrepareContext } from './engines.js';
import { checkRun } from './output-check.js';

export type EngineStatus =
  /** Every run matched the expected output. */
  | 'ok'
  /** Ran, but there was nothing to check the output against. */
  | 'unchecked'
  | 'mismatch'
  /** Trapped, crashed, or failed to load or compile. */
  | 'error'
  | 'timeout'
  /** The engine cannot take this module (wasm2js and SIMD); not a failure. */
  | 'unsupported';

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

export interface EngineResult {
  readonly engine: EngineName;
  readonly status: EngineStatus;
  /** What went wrong, one line each. */
  readonly problems: readonly string[];
  /** Once-per-program translation in the parent (Heron compile, wasm2js); null if none ran. */
  readonly prepMs: number | null;
  /** `_start` time of the first run in each process. */
  readonly coldMs: Stats | null;
  /** `_start` time of the later runs within the processes (with --warm). */
  readonly warmMs: Stats | null;
  /** Load time (compile or import, and instantiate) of the cold runs. */
  readonly loadMs: Stats | null;
  /** Processes whose cold run finished. */
  readonly processes: number;
}

export interface ProgramResult {
  readonly name: string;
  readonly wasmPath: string;
  readonly smoke: boolean;
  readonly engines: readonly EngineResult[];
}

export interface BenchOptions {
  readonly engines: readonly EngineName[];
  /** Fresh processes (cold runs) per program and engine. */
  readonly runs: number;
  /** Extra runs within each process after the cold one. */
  readonly warmRuns: number;
  /** Limit per run; a child process gets it once per run it makes (1 + warmRuns), start-up included. */
  readonly timeoutMs: number;
  readonly prepare: PrepareContext;
  readonly onProgress?: (line: string) => void;
}

export function stats(values: readonly number[]): Stats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, count: sorted.length };
}

type ChildOutcome = { readonly kind: 'report'; readonly report: ChildReport } | { readonly kind: 'timeout' } | { readonly kind: 'crash'; readonly reason: string };

/** Child processes inherit the loader flags (tsx when run from sources), not debugger ones. */
function childExecArgv(): string[] {
  return process.execArgv.filter((flag) => !flag.startsWith('--inspect'));
}

function runChild(job: ChildJob, timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [...childExecArgv(), childEntryPath, JSON.stringify(job)], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    const report: Buffer[] = [];
    let stderr = '';
    let timedOut = false;
    child.stdio[REPORT_FD]!.on('data', (chunk: Buffer) => void report.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolvePromise({ kind: 'crash', reason: `cannot start a child process: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolvePromise({ kind: 'timeout' });
      const text = Buffer.concat(report).toString('utf8');
      if (text === '') {
        const detail = stderr.trim().split('\n').slice(-3).join(' | ');
        return resolvePromise({ kind: 'crash', reason: `child process died (${signal ?? `exit ${code}`})${detail ? `: ${detail}` : ''}` });
      }
      resolvePromise({ kind: 'report', report: JSON.parse(text) as ChildReport });
    });
  });
}

/** Decodes and validates the module; it must be a WASI command. */
function readProgramModule(program: BenchProgram): { bytes: Uint8Array; module: Module } {
  const bytes = new Uint8Array(readFileSync(program.wasmPath));
  let module: Module;
  try {
    module = parseModule(bytes);
  } catch (error) {
    if (error instanceof CompileError) throw new BenchInputError(`${program.wasmPath}: CompileError: ${error.message}`);
    throw error;
  }
  const start = module.exports.find((entry) => entry.name === '_start');
  if (start === undefined || start.kind !== 'func') {
    throw new BenchInputError(`${program.wasmPath}: not a WASI command (no exported function _start)`);
  }
  return { bytes, module };
}

/** The runs of one engine on one program, while they last. */
interface EngineRuns {
  readonly engine: EngineName;
  readonly plan: LoadPlan | null;
  readonly prepMs: number | null;
  readonly cold: ChildRun[];
  readonly warm: ChildRun[];
  status: EngineStatus | null;
  readonly problems: string[];
}

function job(program: BenchProgram, engine: EngineName, plan: LoadPlan, warmRuns: number): ChildJob {
  return { engine, plan, argv0: program.name, args: program.args, env: program.env, warmRuns };
}

function settle(runs: EngineRuns, reference: ChildRun | null, program: BenchProgram): EngineResult {
  const problems = [...runs.problems];
  let status = runs.status;
  if (status === null) {
    const all = [...runs.cold, ...runs.warm];
    for (const [index, run] of all.entries()) {
      const found = checkRun(run, program.expect, runs.engine === 'native' ? null : reference);
      if (found.length > 0) {
        problems.push(...found.map((problem) => (all.length > 1 ? `run ${index + 1}: ${problem}` : problem)));
        break;
      }
    }
    status = problems.length > 0 ? 'mismatch' : program.expect.stdout === null ? 'unchecked' : 'ok';
  }
  return {
    engine: runs.engine,
    status,
    problems,
    prepMs: runs.prepMs,
    coldMs: stats(runs.cold.map((run) => run.runMs)),
    warmMs: stats(runs.warm.map((run) => run.runMs)),
    loadMs: stats(runs.cold.map((run) => run.loadMs)),
    processes: runs.cold.length,
  };
}

export async function benchProgram(program: BenchProgram, index: number, options: BenchOptions): Promise<ProgramResult> {
  const { bytes, module } = readProgramModule(program);
  const engines: EngineRuns[] = options.engines.map((engine) => {
    const preparation = prepareEngine(engine, { name: `${index}-${program.name}`, wasmPath: program.wasmPath }, bytes, module, options.prepare);
    return preparation.ok
      ? { engine, plan: preparation.plan, prepMs: preparation.prepMs, cold: [], warm: [], status: null, problems: [] }
      : { engine, plan: null, prepMs: null, cold: [], warm: [], status: preparation.status, problems: [preparation.reason] };
  });

  for (let round = 0; round < options.runs; round++) {
    for (const runs of engines) {
      if (runs.plan === null || runs.status !== null) continue;
      options.onProgress?.(`${program.name}: ${runs.engine} run ${round + 1}/${options.runs}`);
      const processLimitMs = options.timeoutMs * (1 + options.warmRuns);
      const outcome = await runChild(job(program, runs.engine, runs.plan, options.warmRuns), processLimitMs);
      if (outcome.kind === 'timeout') {
        runs.status = 'timeout';
        runs.problems.push(`process ${round + 1} exceeded ${processLimitMs} ms and was killed`);
      } else if (outcome.kind === 'crash') {
        runs.status = 'error';
        runs.problems.push(outcome.reason);
      } else {
        const [cold, ...warm] = outcome.report.runs;
        if (cold !== undefined) runs.cold.push(cold);
        runs.warm.push(...warm);
        if (outcome.report.error !== null) {
          runs.status = 'error';
          runs.problems.push(`process ${round + 1}, run ${outcome.report.runs.length + 1}: ${outcome.report.error}`);
        }
      }
    }
  }

  // Without an expected stdout, the native engine's output is the reference for the others.
  const native = engines.find((runs) => runs.engine === 'native' && runs.status === null);
  const reference = program.expect.stdout === null ? (native?.cold[0] ?? null) : null;
  return { name: program.name, wasmPath: program.wasmPath, smoke: program.smoke, engines: engines.map((runs) => settle(runs, reference, program)) };
}
