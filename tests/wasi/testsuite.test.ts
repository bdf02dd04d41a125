/**
 * The official WASI preview1 testsuite (72 programs in AssemblyScript, C and Rust) run through
 * Heron's WASI, once with the test's root directory as host files and once as an in-memory
 * tree, on each engine.
 */

import { describe, expect, it } from 'vitest';
import { compiledEngine, interpEngine, nativeEngine } from './engine.js';
import type { WasmEngine } from './engine.js';
import { loadTestCases, runTestCase } from './testsuite-runner.js';

const engines: readonly WasmEngine[] = [nativeEngine, interpEngine, compiledEngine];
const cases = loadTestCases();

it('finds the whole preview1 testsuite', () => {
  expect(cases.length).toBe(72);
});

const runs = engines.flatMap((engine) =>
  (['host', 'memory'] as const).map((filesystem) => ({ engine, filesystem, label: `${engine.name} engine, ${filesystem} files` })),
);

describe.each(runs)('WASI testsuite ($label)', ({ engine, filesystem }) => {
  it.each(cases)('$name', async (testCase) => {
    const outcome = await runTestCase(engine, testCase, filesystem);
    expect(outcome.exitCode, `stderr: ${outcome.stderr}`).toBe(testCase.spec.exit_code ?? 0);
    if (testCase.spec.stdout !== undefined) expect(outcome.stdout).toBe(testCase.spec.stdout);
    if (testCase.spec.stderr !== undefined) expect(outcome.stderr).toBe(testCase.spec.stderr);
  });
});
