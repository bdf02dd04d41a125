/**
 * The interp engine over the spec testsuite: every binary-applicable command must pass.
 * By default all proposals and the core suite without most SIMD scripts run (~10 s);
 * HERON_SPEC_FULL=1 adds every core SIMD script (~25 s in all).
 */
import { describe, expect, it } from 'vitest';
import { defaultSpecDir, discoverScripts, PROPOSALS } from '../spec/loader.js';
import { summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
import { createInterpEngine } from './engine.js';

const full = process.env['HERON_SPEC_FULL'] === '1';
/** SIMD scripts kept in the default run: lanes, loads/stores, and one arithmetic file per family. */
const SIMD_SAMPLE = ['simd_lane', 'simd_load', 'simd_store', 'simd_const', 'simd_bitwise', 'simd_i32x4_arith', 'simd_f32x4_arith', 'simd_conversions'];

describe('spec testsuite on the interpreter', () => {
  it(`passes the core suite${full ? '' : ' (SIMD sampled)'}`, async () => {
    const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).filter(
      (script) => full || !script.name.startsWith('simd_') || SIMD_SAMPLE.includes(script.name),
    );
    const summary = summarize('interp', await runScripts(createInterpEngine(), scripts));
    expect(summary.failures).toEqual([]);
    expect(summary.totals.passed).toBeGreaterThan(full ? 52_000 : 20_000);
  });

  it('passes the six proposals', async () => {
    const scripts = discoverScripts(defaultSpecDir(), { core: false, proposals: [...PROPOSALS] });
    const summary = summarize('interp', await runScripts(createInterpEngine(), scripts));
    expect(summary.failures).toEqual([]);
    expect(summary.totals.passed).toBe(3787);
  });
});
