/**
 * The spec suite on the compiled engine (SIMD scripts: simd-spec.test.ts). Everything outside SIMD,
 * threads atomics and deep tail recursion must pass; the counts pin the coverage so
 * nothing is skipped silently. Full report: node --import tsx tests/backend/spec-report.ts --proposals
 */
import { describe, expect, it } from 'vitest';
import { defaultSpecDir, discoverScripts, type SpecScript } from '../spec/loader.js';
import { summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
import { createCompiledEngine } from './engine.js';

/** SIMD scripts and the one multi-memory module that uses SIMD lanes: simd-spec.test.ts runs them. */
const usesSimd = (script: SpecScript): boolean => script.name.startsWith('simd_') || script.name === 'memory-multi';

describe('spec suite on compiled JS', () => {
  it('passes every non-SIMD core script', async () => {
    const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).filter((script) => !usesSimd(script));
    const summary = summarize('compiled', await runScripts(createCompiledEngine(), scripts));
    expect(summary.failures).toEqual([]);
    expect(summary.totals.passed).toBeGreaterThanOrEqual(20_000);
  });

  it('passes the extended-const, memory64, multi-memory and exception-handling proposals', async () => {
    const scripts = discoverScripts(defaultSpecDir(), {
      core: false,
      proposals: ['extended-const', 'memory64', 'multi-memory', 'exception-handling'],
    }).filter((script) => !usesSimd(script));
    const summary = summarize('compiled', await runScripts(createCompiledEngine(), scripts));
    expect(summary.failures).toEqual([]);
    expect(summary.totals.passed).toBeGreaterThan(2_500);
  });
});
