/**
 * Summaries of a run: counts per command type, per suite and per script, the failures
 * with script:line and reason, and the human-readable and JSON renderings.
 */
import { COMMAND_TYPES, type CommandType } from './loader.js';
import type { Outcome, ScriptResult } from './script-runner.js';

export type Counts = Record<Outcome, number>;

export interface FailureEntry {
  /** Script id and .wast line, e.g. `core/i32:37`. */
  location: string;
  type: CommandType | 'script';
  reason: string;
}

export interface FileSummary extends Counts {
  id: string;
  milliseconds: number;
}

export interface RunSummary {
  engine: string;
  scripts: number;
  totals: Counts;
  byType: Record<CommandType, Counts>;
  bySuite: Record<string, Counts>;
  files: FileSummary[];
  failures: FailureEntry[];
  skipReasons: Record<string, number>;
  milliseconds: number;
}

function zero(): Counts {
  return { passed: 0, failed: 0, skipped: 0 };
}

export function summarize(engine: string, scriptResults: readonly ScriptResult[]): RunSummary {
  const byType = Object.fromEntries(COMMAND_TYPES.map((type) => [type, zero()])) as Record<CommandType, Counts>;
  const bySuite: Record<string, Counts> = {};
  const totals = zero();
  const files: FileSummary[] = [];
  const failures: FailureEntry[] = [];
  const skipReasons: Record<string, number> = {};
  let milliseconds = 0;
  for (const { script, results, scriptError, milliseconds: fileMs } of scriptResults) {
    const file: FileSummary = { id: script.id, milliseconds: Math.round(fileMs), ...zero() };
    const suite = (bySuite[script.suite] ??= zero());
    milliseconds += fileMs;
    if (scriptError !== undefined) {
      file.failed++;
      suite.failed++;
      totals.failed++;
      failures.push({ location: script.id, type: 'script', reason: scriptError });
    }
    for (const result of results) {
      file[result.outcome]++;
      suite[result.outcome]++;
      totals[result.outcome]++;
      byType[result.type][result.outcome]++;
      if (result.outcome === 'failed') {
        failures.push({ location: `${script.id}:${result.line}`, type: result.type, reason: result.reason ?? '' });
      } else if (result.outcome === 'skipped') {
        const reason = result.reason ?? 'unspecified';
        skipReasons[reason] = (skipReasons[reason] ?? 0) + 1;
      }
    }
    files.push(file);
  }
  return { engine, scripts: scriptResults.length, totals, byType, bySuite, files, failures, skipReasons, milliseconds: Math.round(milliseconds) };
}

export interface FormatOptions {
  /** Most failures listed (the total is always given). */
  maxFailures: number;
  /** One line per script; otherwise only scripts with failures get a line. */
  allFiles: boolean;
}

const pad = (text: string | number, width: number): string => String(text).padStart(width);

function countsLine(label: string, counts: Counts, labelWidth: number): string {
  return `${label.padEnd(labelWidth)} ${pad(counts.passed, 7)} passed ${pad(counts.failed, 6)} failed ${pad(counts.skipped, 6)} skipped`;
}

export function formatReport(summary: RunSummary, options: FormatOptions): string {
  const lines: string[] = [];
  const fileWidth = Math.max(24, ...summary.files.map((f) => f.id.length));
  const shownFiles = options.allFiles ? summary.files : summary.files.filter((f) => f.failed > 0);
  if (shownFiles.length > 0) {
    lines.push(options.allFiles ? 'Per script:' : 'Scripts with failures:');
    for (const file of shownFiles) lines.push(`  ${countsLine(file.id, file, fileWidth)} ${pad(file.milliseconds, 7)} ms`);
    lines.push('');
  }
  const typeWidth = 24;
  lines.push('Per command type:');
  for (const type of COMMAND_TYPES) {
    const counts = summary.byType[type];
    if (counts.passed + counts.failed + counts.skipped > 0) lines.push(`  ${countsLine(type, counts, typeWidth)}`);
  }
  if (Object.keys(summary.bySuite).length > 1) {
    lines.push('', 'Per suite:');
    for (const [suite, counts] of Object.entries(summary.bySuite)) lines.push(`  ${countsLine(suite, counts, typeWidth)}`);
  }
  if (Object.keys(summary.skipReasons).length > 0) {
    lines.push('', 'Skipped because:');
    for (const [reason, count] of Object.entries(summary.skipReasons)) lines.push(`  ${pad(count, 7)}  ${reason}`);
  }
  if (summary.failures.length > 0) {
    const shown = summary.failures.slice(0, options.maxFailures);
    lines.push('', `Failures (${summary.failures.length}${shown.length < summary.failures.length ? `, first ${shown.length} shown` : ''}):`);
    for (const failure of shown) lines.push(`  ${failure.location} ${failure.type}: ${failure.reason}`);
  }
  const { totals } = summary;
  lines.push(
    '',
    `TOTAL [${summary.engine}] ${summary.scripts} scripts: ${totals.passed} passed, ${totals.failed} failed, ` +
      `${totals.skipped} skipped (${totals.passed + totals.failed} run, ${summary.byType.register.passed + summary.byType.register.failed} of them register) in ${(summary.milliseconds / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}
