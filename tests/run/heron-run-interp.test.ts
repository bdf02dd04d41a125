/**
 * `heron run --interp` on the whole bench corpus: every program gives exactly its expected
 * stdout, stderr and exit status through the IR interpreter, as through compiled code in
 * heron-run.test.ts. This is the slowest file of the suite (the interpreter runs these
 * programs at 40-280x native speed: about 8 minutes of CPU in all), so it lives on its own
 * and the scheduler can run it beside the other files; the heaviest programs go first.
 */
import { describe, it } from 'vitest';
import { benchPrograms } from '../backend/harness.js';
import { expectProgramOutput, heron, runArgs } from './harness.js';

/** Interpreter seconds on an idle machine (2026-11-26), to start the longest runs first. */
const ROUGH_SECONDS: Readonly<Record<string, number>> = {
  sgemm_f32: 112, hash64: 83, mandelbrot_simd: 73, vm: 45, trees: 45, nbody: 26, strings: 26,
  sieve: 25, matmul_f64: 20, sort: 18, fib: 14, crc32: 13,
};

const programs = benchPrograms().sort((a, b) => (ROUGH_SECONDS[b.name] ?? 0) - (ROUGH_SECONDS[a.name] ?? 0));

describe('heron run --interp: bench programs', () => {
  it.each(programs.map((p) => [p.name, p] as const))('%s', { timeout: 900_000 }, (_name, program) => {
    expectProgramOutput(program, heron(runArgs(program, ['--interp'])));
  });
});
