/** Checking one run's stdout, stderr and exit status, with messages that show where output differs. */
import type { Expectation } from './corpus.js';

export interface RunOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const EXCERPT = 60;

function excerpt(line: string | undefined): string {
  if (line === undefined) return '(end of output)';
  return JSON.stringify(line.length > EXCERPT ? `${line.slice(0, EXCERPT)}…` : line);
}

/** "line 3: got "x", expected "y"" for the first line where the two texts differ. */
export function firstDifference(actual: string, expected: string): string {
  const got = actual.split('\n');
  const want = expected.split('\n');
  for (let line = 0; line < Math.max(got.length, want.length); line++) {
    if (got[line] !== want[line]) return `line ${line + 1}: got ${excerpt(got[line])}, expected ${excerpt(want[line])}`;
  }
  return 'texts differ';
}

/**
 * Problems with `run`: against the expected stdout when there is one, else against
 * `reference` (another engine's run) when given; stderr and exit status always.
 */
export function checkRun(run: RunOutput, expect: Expectation, reference: RunOutput | null): string[] {
  const problems: string[] = [];
  if (expect.stdout !== null) {
    if (run.stdout !== expect.stdout) problems.push(`stdout differs from ${expect.stdoutSource ?? 'the expected output'} at ${firstDifference(run.stdout, expect.stdout)}`);
  } else if (reference !== null && run.stdout !== reference.stdout) {
    problems.push(`stdout differs from the native engine's at ${firstDifference(run.stdout, reference.stdout)}`);
  }
  if (run.stderr !== expect.stderr) problems.push(`stderr ${excerpt(run.stderr)}, expected ${excerpt(expect.stderr)}`);
  if (run.exitCode !== expect.exitCode) problems.push(`exit status ${run.exitCode}, expected ${expect.exitCode}`);
  return problems;
}
