/**
 * Generated code must run where there is no WebAssembly: `node --jitless` (no JIT, and
 * `WebAssembly` undefined). A compiled bench program runs there and prints its expected output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import { benchPrograms, benchWasm } from './harness.js';

const RUNNER = fileURLToPath(new URL('./jitless-runner.ts', import.meta.url));

describe('generated code under node --jitless', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heron-jitless-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // hello: argv, environ and stdout through WASI; small enough to run quickly without a JIT.
  for (const name of ['hello']) {
    it(`runs ${name} without WebAssembly`, () => {
      const program = benchPrograms().find((candidate) => candidate.name === name)!;
      const compiledPath = join(dir, `${name}.mjs`);
      writeFileSync(compiledPath, compile(benchWasm(name), { format: 'esm' }).code);
      const child = spawnSync(process.execPath, ['--jitless', '--import', 'tsx', RUNNER, compiledPath, JSON.stringify(program.env), name, ...program.args], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      // Node itself warns that --jitless switches off WebAssembly; nothing else may appear.
      expect(child.stderr.replace(/^Warning: disabling flag --expose_wasm.*\n/m, '')).toBe('');
      expect(child.stdout).toBe(`WebAssembly: undefined\n${program.stdout}`);
      expect(child.status).toBe(program.exitCode);
    });
  }
});
