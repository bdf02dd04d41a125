/**
 * The spec testsuite through the interpreter after the -O2 pipeline (verifier after every
 * pass): every command that passes on the plain interpreter must pass here too. Failures
 * are compared with the plain `interp` engine on the same scripts, so a failure the
 * optimizer did not cause (tests/interp/spec.test.ts guards those) is not blamed on it.
 * Core runs with SIMD sampled as in tests/interp; HERON_SPEC_FULL=1 runs every SIMD script.
 */
import { describe, expect, it } from 'vitest';
import { defaultSpecDir, discoverScripts, PROPOSALS, type SpecScript } from '../spec/loader.js';
import { summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
import { createInterpEngine } from '../interp/engine.js';
import { createOptimizedInterpEngine } from './engine.js';

const full = process.env['HERON_SPEC_FULL'] === '1';
const SIMD_SAMPLE = ['simd_lane', 'simd_load', 'simd_store', 'simd_const', 'simd_bitwise', 'simd_i32x4_arith', 'simd_f32x4_arith', 'simd_conversions'];

/** Failures at -O2 that the plain interpreter does not have (location: reason). */
async function failuresCausedByPasses(scripts: SpecScript[]): Promise<{ introduced: string[]; passed: number }> {
  const optimized = summarize('interp-O2', await runScripts(createOptimizedInterpEngine({ optLevel: 2 }), scripts));
  const failing = new Set(optimized.failures.map((failure) => failure.location.split(':')[0]!));
  if (failing.size === 0) return { introduced: [], passed: optimized.totals.passed };
  const baseline = summarize('interp', await runScripts(createInterpEngine(), scripts.filter((script) => failing.has(script.id))));
  const known = new Set(baseline.failures.map((failure) => `${failure.location}: ${failure.reason}`));
  const introduced = optimized.failures.map((failure) => `${failure.location}: ${failure.reason}`).filter((text) => !known.has(text));
  return { introduced, passed: optimized.totals.passed };
}

describe('spec testsuite on the interpreter after -O2', () => {
  it(`keeps the core suite${full ? '' : ' (SIMD sampled)'}`, async () => {
    const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).filter(
      (script) => full || !script.name.startsWith('simd_') || SIMD_SAMPLE.includes(script.name),
    );
    const { introduced, passed } = await failuresCausedByPasses(scripts);
    expect(introduced).toEqual([]);
    expect(passed).toBeGreaterThan(full ? 52_000 : 20_000);
  });

  it('keeps the six proposals', async () => {
    const scripts = discoverScripts(defaultSpecDir(), { core: false, proposals: [...PROPOSALS] });
    const { introduced, passed } = await failuresCausedByPasses(scripts);
    expect(introduced).toEqual([]);
    expect(passed).toBeGreaterThan(3700);
  });
});
