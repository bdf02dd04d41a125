/**
 * End to end: every bench program (C compiled to WASI wasm) compiled to JS and run with
 * Heron's WASI must print exactly the expected output and exit as the manifest says.
 */
import { describe, expect, it } from 'vitest';
import { benchPrograms, benchWasm, compileForTest, runWasiCommand } from './harness.js';

/** Features the back end does not implement yet; programs needing them are skipped visibly. */
const UNSUPPORTED_FEATURES: readonly string[] = [];

describe('bench programs compiled to JS', () => {
  for (const program of benchPrograms()) {
    const missing = program.features.filter((feature) => UNSUPPORTED_FEATURES.includes(feature));
    const test = missing.length > 0 ? it.skip : it;
    test(missing.length > 0 ? `${program.name} (needs ${missing.join(', ')}: not implemented)` : program.name, () => {
      const instantiate = compileForTest(benchWasm(program.name));
      const outcome = runWasiCommand(instantiate, program);
      expect(outcome.stdout).toBe(program.stdout);
      expect(outcome.stderr).toBe(program.stderr);
      expect(outcome.exitCode).toBe(program.exitCode);
    });
  }
});
