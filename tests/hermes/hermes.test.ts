/**
 * Compiled output on Hermes 0.12 (React Native's engine; npm hermes-engine-cli): bench
 * programs print exactly their expected output, and spec scripts pass their assertions.
 * hermes-script.ts says how a script is put together and what Hermes lacks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchPrograms, benchWasm } from '../backend/harness.js';
import { defaultSpecDir, discoverScripts } from '../spec/loader.js';
import { hermesAvailable, hermesRuntime, resultLine, runHermes, wasiCommandScript } from './hermes-script.js';
import { specDriver, type SpecDriverResult } from './spec-driver.js';

interface WasiResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const fromHex = (hex: string): string => Buffer.from(hex, 'hex').toString('utf8');

describe.runIf(hermesAvailable())('compiled output on Hermes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heron-hermes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // fib takes about 12 s on Hermes (an interpreter); crc32 and sort over 30 s each.
  for (const name of ['hello', 'exitcode', 'fib']) {
    it(`runs bench program ${name}`, () => {
      const program = benchPrograms().find((candidate) => candidate.name === name)!;
      const outcome = runHermes(wasiCommandScript(benchWasm(name), [name, ...program.args], program.env), join(dir, `${name}.js`), { timeoutMs: 120_000 });
      expect(outcome.status, outcome.stderr).toBe(0);
      const result = resultLine<WasiResult>(outcome.stdout);
      expect(fromHex(result.stdout)).toBe(program.stdout);
      expect(fromHex(result.stderr)).toBe(program.stderr);
      expect(result.exitCode).toBe(program.exitCode);
    });
  }

  /**
   * Spec scripts, and the assertions known to fail on Hermes 0.12 with the reason. The test
   * fails on any other failure, and also when a known one starts passing (update the list).
   */
  const scripts: { id: string; knownFailures?: { lines: number[]; reason: string }; optimize?: boolean }[] = [
    { id: 'core/i32' },
    { id: 'core/i64' },
    { id: 'core/f32' },
    { id: 'core/f64' },
    {
      id: 'core/conversions',
      knownFailures: {
        // Hermes 0.12 bug: Number(b) for a BigInt b >= 2^63 is wrong (Number(2n ** 63n) is
        // -2^63, Number(2n ** 64n - 1n) is -1), and the runtime's i64ToF32 / i64ToF64 use it.
        lines: [463, 514, 515, 522, 523, 534, 535, 536, 537, 538, 539, 540, 541],
        reason: 'f32/f64.convert_i64 of values whose magnitude is >= 2^63',
      },
    },
    { id: 'core/int_exprs' },
    { id: 'core/memory_trap' },
    // Hermes's optimizing bytecode compiler takes minutes on this module (over 2 min in
    // hermesc alone); with -O0 the script runs in under a second.
    { id: 'core/br_table', optimize: false },
    { id: 'core/fac' },
  ];
  const byId = new Map(discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).map((script) => [script.id, script]));
  for (const { id, knownFailures, optimize } of scripts) {
    it(`passes the numeric assertions of spec script ${id}${knownFailures === undefined ? '' : ` except ${knownFailures.reason}`}`, () => {
      const driver = specDriver(byId.get(id)!);
      expect(driver.checked).toBeGreaterThan(0);
      const outcome = runHermes(`${hermesRuntime()}\n${driver.script}`, join(dir, `${id.replace('/', '-')}.js`), { timeoutMs: 120_000, optimize });
      expect(outcome.status, outcome.stderr).toBe(0);
      const result = resultLine<SpecDriverResult>(outcome.stdout);
      const known = knownFailures?.lines ?? [];
      expect(result.failures.map((failure) => failure.line)).toEqual(known);
      expect(result.failed).toBe(known.length);
      expect(result.passed).toBe(driver.checked - known.length);
    });
  }
});
