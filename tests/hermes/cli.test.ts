/**
 * `heron compile --target es5` writes a file Hermes 0.12 runs as is: the test only appends
 * the plain-ES5 WASI driver (Hermes takes several files only as CommonJS modules, so a
 * script and its driver are one file).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BENCH_DIR, benchPrograms } from '../backend/harness.js';
import { hermesAvailable, resultLine, runHermes, wasiDriver } from './hermes-script.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function heron(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/heron.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('heron compile --target', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heron-hermes-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const input = join(BENCH_DIR, 'wasm/hello.wasm');

  it('rejects an unknown target', () => {
    const result = heron(['compile', input, '-o', join(dir, 'bad.js'), '--format', 'script', '--target', 'es3']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('--target es3: expected one of es2022, es5');
  });

  it.runIf(hermesAvailable())('writes a script that Hermes runs as emitted', () => {
    const output = join(dir, 'hello.js');
    const compiled = heron(['compile', input, '-o', output, '--format', 'script', '--target', 'es5']);
    expect(compiled.status, compiled.stderr).toBe(0);
    const code = readFileSync(output, 'utf8');
    expect(code).not.toMatch(/\bclass\s/);
    const program = benchPrograms().find((candidate) => candidate.name === 'hello')!;
    const outcome = runHermes(`${code}\n${wasiDriver('heronModule', ['hello', ...program.args], program.env)}`, join(dir, 'hello-run.js'));
    expect(outcome.status, outcome.stderr).toBe(0);
    const result = resultLine<{ exitCode: number; stdout: string }>(outcome.stdout);
    expect(Buffer.from(result.stdout, 'hex').toString('utf8')).toBe(program.stdout);
    expect(result.exitCode).toBe(program.exitCode);
  });
});
