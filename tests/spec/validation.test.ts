/**
 * Heron's front end (`parseModule`) against the spec suite, core and all six proposals,
 * each script parsed with its suite's features (core: Wasm 2.0; a proposal: Wasm 2.0 plus
 * it): every binary assert_malformed and every assert_invalid must be rejected with
 * CompileError, and every module the suite instantiates (module, assert_unlinkable,
 * assert_uninstantiable) must be accepted. Nothing in core is skipped; in the proposals
 * only the threads suite's three pre-2.0 "multiple tables" assertions are (superseded.ts).
 */
import { describe, expect, it } from 'vitest';
import { createValidateEngine } from './engines/validate.js';
import { defaultSpecDir, discoverScripts, PROPOSALS, type CommandType } from './loader.js';
import { formatReport, summarize } from './report.js';
import { runScripts, type CommandResult, type ScriptResult } from './script-runner.js';
import { SUPERSEDED_PREFIX } from './superseded.js';

/** How many commands of each kind the suite holds (README; text-format ones excluded). */
const CORE_COUNTS = { malformedBinary: 736, invalid: 2144, modules: 1595 + 83 + 34 };
const PROPOSAL_COUNTS = { malformedBinary: 417, invalid: 518, modules: 602 + 207 + 40 };
/** threads/imports.wast: a second table, invalid before Wasm 2.0's reference types. */
const PROPOSAL_SUPERSEDED = ['threads/imports:310', 'threads/imports:314', 'threads/imports:318'];

const MODULE_TYPES: readonly CommandType[] = ['module', 'assert_unlinkable', 'assert_uninstantiable', 'assert_trap'];

interface Located extends CommandResult {
  where: string;
}

function located(results: readonly ScriptResult[]): Located[] {
  return results.flatMap((r) => r.results.map((c) => ({ ...c, where: `${r.script.id}:${c.line}` })));
}

const isSuperseded = (c: CommandResult): boolean => c.outcome === 'skipped' && c.reason?.startsWith(SUPERSEDED_PREFIX) === true;

/** Commands judged (passed or failed) per kind; superseded ones count as covered only if `withSuperseded`. */
function coveredCounts(commands: readonly Located[], withSuperseded: boolean): typeof CORE_COUNTS {
  const covered = (types: readonly CommandType[]): number =>
    commands.filter((c) => types.includes(c.type) && (c.outcome !== 'skipped' || (withSuperseded && isSuperseded(c)))).length;
  return {
    malformedBinary: covered(['assert_malformed']),
    invalid: covered(['assert_invalid']),
    modules: covered(MODULE_TYPES),
  };
}

describe('parseModule on the spec testsuite', () => {
  it('rejects every malformed and invalid module and accepts every other one, under each suite\'s features', async () => {
    const engine = await createValidateEngine();
    const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: PROPOSALS });
    const results = await runScripts(engine, scripts);
    const summary = summarize(engine.name, results);
    console.log(formatReport(summary, { maxFailures: 30, allFiles: false }));

    const core = located(results.filter((r) => r.script.suite === 'core'));
    const proposals = located(results.filter((r) => r.script.suite !== 'core'));
    // Every applicable command was judged: in core none is skipped ...
    expect(coveredCounts(core, false)).toEqual(CORE_COUNTS);
    expect(core.filter(isSuperseded)).toEqual([]);
    // ... and in the proposals only the known superseded ones.
    expect(coveredCounts(proposals, true)).toEqual(PROPOSAL_COUNTS);
    expect(proposals.filter(isSuperseded).map((c) => c.where)).toEqual(PROPOSAL_SUPERSEDED);
    // None failed.
    expect(summary.failures.slice(0, 30)).toEqual([]);
    expect(summary.totals.failed).toBe(0);
  });
});
