/**
 * The SIMD part of the spec suite on the compiled engine (spec.test.ts runs the rest): every
 * core simd_* script and the multi-memory module that loads SIMD lanes from two memories. The
 * count pins the coverage (24,273 assert_return in the simd scripts), so nothing is skipped
 * silently.
 */
import { describe, expect, it } from 'vitest';
import { defaultSpecDir, discoverScripts } from '../spec/loader.js';
import { summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
import { createCompiledEngine } from './engine.js';

describe('SIMD spec scripts on compiled JS', () => {
  it('passes every core simd_* script', async () => {
    const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).filter((script) => script.name.startsWith('simd_'));
    const summary = summarize('compiled', await runScripts(createCompiledEngine(), scripts));
    expect(summary.failures).toEqual([]);
    expect(scripts.length).toBeGreaterThanOrEqual(56);
    expect(summary.byType.assert_return.passed).toBe(24_273);
  }, 300_000);

  it('passes the multi-memory SIMD lane loads', async () => {
    const scripts = discoverScripts(defaultSpecDir(), { core: false, proposals: ['multi-memory'] }).filter((script) => script.name === 'memory-multi');
    expect(scripts.length).toBe(1);
    const summary = summarize('compiled', await runScripts(createCompiledEngine(), scripts));
    expect(summary.failures).toEqual([]);
    expect(summary.totals.passed).toBeGreaterThan(0);
  });
});
