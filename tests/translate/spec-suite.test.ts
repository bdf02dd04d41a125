/**
 * The translator's main correctness test: every function of every valid spec-suite module
 * (core and proposals) and of every bench program translates without an exception, and
 * the IR verifier finds nothing wrong with the result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../compiler/decoder.js';
import { parseModule } from '../../compiler/parse.js';
import { TranslateError, translateModule } from '../../compiler/translate.js';
import { CompileError } from '../../runtime-support/errors.js';
import { formatVerifierError, verifyFunction } from '../../ir/verifier.js';
import { benchModules, specSuites, type CorpusModule } from './corpus.js';

interface CorpusResult {
  modules: number;
  functions: number;
  instructions: number;
  failures: string[];
}

function translateAndVerify(modules: readonly CorpusModule[]): CorpusResult {
  const result: CorpusResult = { modules: 0, functions: 0, instructions: 0, failures: [] };
  for (const { name, path } of modules) {
    result.modules++;
    let irModule;
    try {
      irModule = translateModule(parseModule(readFileSync(path)));
    } catch (error) {
      result.failures.push(`${name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      continue;
    }
    for (const fn of irModule.functions) {
      result.functions++;
      result.instructions += fn.insts.length;
      const errors = verifyFunction(fn, irModule.env);
      // A few errors per function are enough to locate a bug.
      for (const error of errors.slice(0, 3)) result.failures.push(`${name}: ${formatVerifierError(fn, error)}`);
    }
  }
  return result;
}

describe('translate + verify the spec suite', () => {
  for (const [suite, modules] of specSuites()) {
    it(`${suite} (${modules.length} modules)`, () => {
      expect(modules.length).toBeGreaterThan(0);
      const result = translateAndVerify(modules);
      expect(result.failures).toEqual([]);
      expect(result.functions).toBeGreaterThan(0);
    });
  }
});

describe('translate + verify the bench programs', () => {
  it('every function of every bench module', () => {
    const modules = benchModules();
    expect(modules.length).toBeGreaterThan(0);
    const result = translateAndVerify(modules);
    expect(result.failures).toEqual([]);
    expect(result.functions).toBeGreaterThan(100);
  });
});

describe('modules that skipped validation', () => {
  it('assert_invalid modules: translated, or a located TranslateError / CompileError, never a crash', () => {
    const modules = [...specSuites(new Set(['assert_invalid'])).values()].flat();
    let rejected = 0;
    const crashes: string[] = [];
    for (const { name, path } of modules) {
      let module;
      try {
        module = decodeModule(readFileSync(path));
      } catch {
        continue; // malformed: the decoder's business
      }
      try {
        translateModule(module);
      } catch (error) {
        if (error instanceof TranslateError && /^func \d+( \(\$.*\))? @0x[0-9a-f]+: /.test(error.message)) rejected++;
        else if (!(error instanceof CompileError)) crashes.push(`${name}: ${String(error)}`);
      }
    }
    expect(crashes).toEqual([]);
    expect(rejected).toBeGreaterThan(100);
  });
});
