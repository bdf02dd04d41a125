/**
 * The spec testsuite through decode + validate: every `assert_invalid` module must be
 * rejected with a CompileError, and every module the suite instantiates must be accepted.
 */
import { describe, expect, it } from 'vitest';
import { listSuites, runSuite } from './spec-suite.js';

describe('validator against the spec testsuite', () => {
  for (const suite of listSuites()) {
    it(suite.name, () => {
      const result = runSuite(suite);
      console.log(
        `${suite.name}: assert_invalid rejected ${result.invalidRejected}/` +
          `${result.invalidTotal - result.invalidText - result.invalidOverturned}` +
          ` (not counted: ${result.invalidText} text modules, ${result.invalidOverturned} overturned by Wasm 2.0` +
          ` and accepted); valid modules accepted ${result.validAccepted}/${result.validTotal}`,
      );
      expect(result.failures).toEqual([]);
      expect(result.invalidTotal + result.validTotal).toBeGreaterThan(0);
    });
  }
});
