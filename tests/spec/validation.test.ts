/**
 * Heron's front end (`parseModule`) against the spec suite, core and all six proposals:
 * every binary assert_malformed and every assert_invalid must be rejected with
 * CompileError, and every module the suite instantiates (module, assert_unlinkable,
 * assert_uninstantiable) must be accepted. Assertions of restrictions that Wasm 2.0 or
 * multi-memory lifted ("multiple tables", "multiple memories") are skipped as superseded.
 */
import { describe, expect, it } from 'vitest';
import { createValidateEngine } from './engines/validate.js';
import { defaultSpecDir, discoverScripts, PROPOSALS, type CommandType } from './loader.js';
import { formatReport, summarize } from './report.js';
import { runScripts, type ScriptResult } from './script-runner.js';
import { SUPERSEDED_PREFIX } from './superseded.js';

/** How many commands of each kind the suite holds (README; text-format ones excluded). */
const CORE_COUNTS = { malformedBinary: 736, invalid: 2144, modules: 1595 + 83 + 34 };
const PROPOSAL_COUNTS = { malformedBinary: 417, invalid: 518, modules: 602 + 207 + 40 };

/** Commands judged per kind; superseded ones (superseded.ts) count as covered. */
function coveredCounts(results: readonly ScriptResult[]): typeof CORE_COUNTS {
  const covered = (types: readonly CommandType[]): number =>
    results
      .flatMap((r) => r.results)
      .filter((c) => types.includes(c.type) && (c.outcome !== 'skipped' || c.reason?.startsWith(SUPERSEDED_PREFIX) === true)).length;
  return {
    malformedBinary: covered(['assert_malformed']),
    invalid: covered(['assert_invalid']),
    modules: covered(['module', 'assert_unlinkable', 'assert_uninstantiable', 'assert_trap']),
  };
}

describe('parseModule on the spec testsuite', () => {
  it('rejects every malformed and invalid module and accepts every other one', async () => {
    const engine = await createValidateEngine();
    const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: PROPOSALS });
    const results = await runScripts(engine, scripts);
    const summary = summarize(engine.name, results);
    console.log(formatReport(summary, { maxFailures: 30, allFiles: false }));

    // Every applicable command was judged (nothing skipped by mistake) ...
    expect(coveredCounts(results.filter((r) => r.script.suite === 'core'))).toEqual(CORE_COUNTS);
    expect(coveredCounts(results.filter((r) => r.script.suite !== 'core'))).toEqual(PROPOSAL_COUNTS);
    // ... and none failed.
    expect(summary.failures.slice(0, 30)).toEqual([]);
    expect(summary.totals.failed).toBe(0);
  });
});
