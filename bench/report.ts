/**
 * The bench's results for people (a table) and machines (JSON). Ratios are engine median /
 * native median from the same invocation; the geometric mean at the bottom takes the programs
 * where both engines produced checked-or-unchecked timings, leaving out smoke tests (their
 * sub-millisecond times are noise).
 */
import type { EngineName } from './engines.js';
import type { EngineResult, EngineStatus, ProgramResult, Stats } from './runner.js';

type Phase = 'cold' | 'warm';

export interface EngineSummary extends EngineResult {
  /** median / native median, when both are timed. */
  readonly ratioToNative: { readonly cold: number | null; readonly warm: number | null };
}

export interface ProgramSummary extends Omit<ProgramResult, 'engines'> {
  readonly engines: readonly EngineSummary[];
}

export interface GeomeanSummary {
  readonly cold: number | null;
  readonly warm: number | null;
  /** How many programs went into the cold geomean. */
  readonly programs: number;
}

export interface BenchSummary {
  readonly node: string;
  readonly v8: string;
  readonly engines: readonly EngineName[];
  readonly runs: number;
  readonly warmRuns: number;
  readonly timeoutMs: number;
  readonly programs: readonly ProgramSummary[];
  /** Per engine other than native (and only when native ran). */
  readonly geomeanRatioToNative: Readonly<Partial<Record<EngineName, GeomeanSummary>>>;
  /** True when any engine produced wrong output or failed (not for timeouts or unsupported modules). */
  readonly failed: boolean;
}

const TIMED: readonly EngineStatus[] = ['ok', 'unchecked'];

function timing(result: EngineResult | undefined, phase: Phase): Stats | null {
  if (result === undefined || !TIMED.includes(result.status)) return null;
  return phase === 'cold' ? result.coldMs : result.warmMs;
}

function ratio(result: EngineResult, native: EngineResult | undefined, phase: Phase): number | null {
  const mine = timing(result, phase);
  const base = timing(native, phase);
  if (mine === null || base === null || base.median <= 0) return null;
  return mine.median / base.median;
}

export function geometricMean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

export function summarize(
  results: readonly ProgramResult[],
  settings: { engines: readonly EngineName[]; runs: number; warmRuns: number; timeoutMs: number },
): BenchSummary {
  const programs: ProgramSummary[] = results.map((program) => {
    const native = program.engines.find((result) => result.engine === 'native');
    return {
      ...program,
      engines: program.engines.map((result) => ({
        ...result,
        ratioToNative: { cold: ratio(result, native, 'cold'), warm: ratio(result, native, 'warm') },
      })),
    };
  });
  const geomeans: Partial<Record<EngineName, GeomeanSummary>> = {};
  if (settings.engines.includes('native')) {
    for (const engine of settings.engines.filter((name) => name !== 'native')) {
      const ratios = (phase: Phase) =>
        programs
          .filter((program) => !program.smoke)
          .map((program) => program.engines.find((result) => result.engine === engine)?.ratioToNative[phase] ?? null)
          .filter((value): value is number => value !== null);
      const cold = ratios('cold');
      geomeans[engine] = { cold: geometricMean(cold), warm: geometricMean(ratios('warm')), programs: cold.length };
    }
  }
  const failed = programs.some((program) => program.engines.some((result) => result.status === 'mismatch' || result.status === 'error'));
  return { node: process.version, v8: process.versions.v8, ...settings, programs, geomeanRatioToNative: geomeans, failed };
}

function milliseconds(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function times(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(2)}x`;
}

function cell(result: EngineSummary | undefined, phase: Phase): string {
  if (result === undefined) return '-';
  const stats = timing(result, phase);
  if (stats !== null) return milliseconds(stats.median);
  return TIMED.includes(result.status) ? '-' : result.status;
}

function alignRows(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((text, column) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

function phaseTable(summary: BenchSummary, phase: Phase): string[] {
  const withRatio = (engine: EngineName) => engine !== 'native' && summary.engines.includes('native');
  const header = ['program'];
  for (const engine of summary.engines) header.push(`${engine} ms`, ...(withRatio(engine) ? ['/native'] : []));
  const rows: string[][] = [header];
  for (const program of summary.programs) {
    const row = [program.smoke ? `${program.name} (smoke)` : program.name];
    for (const engine of summary.engines) {
      const result = program.engines.find((candidate) => candidate.engine === engine);
      row.push(cell(result, phase));
      if (withRatio(engine)) row.push(times(result?.ratioToNative[phase] ?? null));
    }
    rows.push(row);
  }
  if (summary.engines.includes('native') && summary.engines.length > 1) {
    const row = ['geomean'];
    for (const engine of summary.engines) {
      row.push('');
      if (withRatio(engine)) {
        const geomean = summary.geomeanRatioToNative[engine];
        row.push(geomean ? `${times(geomean[phase])} (${geomean.programs})` : '-');
      }
    }
    rows.push(row);
  }
  return alignRows(rows);
}

export function formatTable(summary: BenchSummary): string {
  const lines: string[] = [];
  lines.push(`cold: median ms of _start over ${summary.runs} fresh process${summary.runs === 1 ? '' : 'es'} per engine (first run in each process)`);
  lines.push(...phaseTable(summary, 'cold'));
  if (summary.warmRuns > 0) {
    lines.push('', `warm: median ms of _start over runs 2..${summary.warmRuns + 1} within each process`);
    lines.push(...phaseTable(summary, 'warm'));
  }
  lines.push('', `node ${summary.node} (V8 ${summary.v8}); /native = engine median / native median; geomean over non-smoke programs timed on both (count in parentheses)`);
  for (const program of summary.programs) {
    for (const result of program.engines) {
      for (const problem of result.problems) lines.push(`${program.name} [${result.engine}] ${result.status}: ${problem}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
