/**
 * Running the `heron` CLI as a user does, for the end-to-end tests: a child process, real
 * files, and the bench corpus's manifest (args, env, exit status, stderr) and expected stdout.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { BenchProgram } from '../backend/harness.js';

export const repo = resolve(import.meta.dirname, '../..');
export const benchWasm = resolve(repo, '../shared/bench/wasm');
export const cacheDir = mkdtempSync(join(tmpdir(), 'heron-run-cache-'));

export function heronArgs(args: string[]): string[] {
  return ['--import', 'tsx', join(repo, 'cli/heron.ts'), ...args];
}

export function heron(args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, heronArgs(args), {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, HERON_CACHE_DIR: cacheDir, ...env },
    maxBuffer: 1 << 26,
  });
}

export function runArgs(program: BenchProgram, extra: string[]): string[] {
  const env = Object.entries(program.env).flatMap(([name, value]) => ['--env', `${name}=${value}`]);
  return ['run', ...extra, '--argv0', program.name, ...env, join(benchWasm, `${program.name}.wasm`), '--', ...program.args];
}

export function expectProgramOutput(program: BenchProgram, result: SpawnSyncReturns<string>): void {
  expect(result.stderr).toBe(program.stderr);
  expect(result.stdout).toBe(program.stdout);
  expect(result.status).toBe(program.exitCode);
}

