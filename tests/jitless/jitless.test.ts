/**
 * Compiled output needs no WebAssembly: under `node --jitless` (no JIT, `WebAssembly`
 * undefined) bench programs print exactly their expected output, and spec scripts pass with
 * the compiled engine (modules and checking wrappers compiled and run in that process).
 *
 * Without a JIT everything is 20-50x slower, and the bench programs have no scale below 1, so
 * the default run takes the two smoke programs. HERON_SLOW_TESTS=1 adds fib, crc32 and sort
 * (about 20, 55 and 90 s on a loaded 2-core machine).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type OutputFormat } from '../../backend-js/index.js';
import { benchPrograms, benchWasm } from '../backend/harness.js';

const BENCH_CHILD = fileURLToPath(new URL('./bench-child.ts', import.meta.url));
const SPEC_CHILD = fileURLToPath(new URL('./spec-child.ts', import.meta.url));
const SLOW = process.env.HERON_SLOW_TESTS === '1';

/** Node warns once that --jitless turns WebAssembly off; nothing else may reach stderr. */
function withoutJitlessWarning(stderr: string): string {
  return stderr.replace(/^\(node:\d+\) Warning: disabling flag --expose_wasm due to conflicting flags\n(\(Use `node --trace-warnings .*\n)?/m, '').replace(/^Warning: disabling flag --expose_wasm.*\n/m, '');
}

function jitless(args: string[], timeoutMs: number): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--jitless', '--import', import.meta.resolve('tsx'), ...args], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  if (child.error !== undefined) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: withoutJitlessWarning(child.stderr) };
}

describe('bench programs under node --jitless', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heron-jitless-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: { name: string; format: Extract<OutputFormat, 'esm' | 'cjs'>; slow: boolean }[] = [
    { name: 'hello', format: 'cjs', slow: false },
    { name: 'exitcode', format: 'esm', slow: false },
    { name: 'fib', format: 'esm', slow: true },
    { name: 'crc32', format: 'cjs', slow: true },
    { name: 'sort', format: 'esm', slow: true },
  ];
  for (const { name, format, slow } of cases) {
    const test = slow && !SLOW ? it.skip : it;
    test(`${name} (${format})${slow && !SLOW ? ': slow without a JIT, set HERON_SLOW_TESTS=1' : ''}`, () => {
      const program = benchPrograms().find((candidate) => candidate.name === name)!;
      const compiledPath = join(dir, `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
      writeFileSync(compiledPath, compile(benchWasm(name), { format }).code);
      const child = jitless([BENCH_CHILD, compiledPath, JSON.stringify(program.env), name, ...program.args], 300_000);
      expect(child.stderr).toBe(program.stderr);
      expect(child.stdout).toBe(`WebAssembly: undefined\n${program.stdout}`);
      expect(child.status).toBe(program.exitCode);
    });
  }
});

interface SpecChildResult {
  webAssembly: string;
  totals: { passed: number; failed: number; skipped: number };
  files: { id: string; passed: number; failed: number }[];
  failures: { location: string; reason: string }[];
}

describe('spec scripts under node --jitless (compiled engine)', () => {
  // Integer and i64 (BigInt) arithmetic, conversions, traps, indirect calls, recursion.
  const scripts = ['core/i32', 'core/i64', 'core/conversions', 'core/memory_trap', 'core/call_indirect', 'core/fac'];

  it(`passes ${scripts.join(', ')}`, () => {
    const child = jitless([SPEC_CHILD, ...scripts], 300_000);
    expect(child.stderr).toBe('');
    const line = child.stdout.split('\n').find((candidate) => candidate.startsWith('HERON-RESULT '));
    expect(line, child.stdout).toBeDefined();
    const result = JSON.parse(line!.slice('HERON-RESULT '.length)) as SpecChildResult;
    expect(result.webAssembly).toBe('undefined');
    expect(result.failures).toEqual([]);
    expect(result.files.map((file) => file.id).sort()).toEqual([...scripts].sort());
    for (const file of result.files) expect(file.passed, file.id).toBeGreaterThan(0);
    // i32 and i64 alone have over 400 assertions each.
    expect(result.totals.passed).toBeGreaterThan(1500);
    expect(child.status).toBe(0);
  });
});
