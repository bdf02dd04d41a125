/**
 * `heron bench` as a user runs it: the CLI in a child process on the corpus's smoke programs
 * (hello: args/env/stdout; exitcode: stderr and proc_exit(3)), one process per engine and run.
 * Plus the pieces that need no child: output diffs and the wasm2js import adapter.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModule } from '../../compiler/parse.js';
import { checkRun, firstDifference } from '../../bench/output-check.js';
import type { BenchSummary } from '../../bench/report.js';
import { legalizingImportsSource, translateWithWasm2Js, wasm2jsFactorySource, Wasm2JsUnsupportedError } from '../../bench/wasm2js.js';
import { assembleWat } from '../translate/wat.js';

const repo = resolve(import.meta.dirname, '../..');
const benchWasm = resolve(repo, '../shared/bench/wasm');
const hello = join(benchWasm, 'hello.wasm');
const exitcode = join(benchWasm, 'exitcode.wasm');
const temporaryDirs: string[] = [];
function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}
const cacheDir = temporaryDir('heron-bench-test-cache-');
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function heron(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'cli/heron.ts'), 'bench', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, HERON_CACHE_DIR: cacheDir },
    maxBuffer: 1 << 26,
  });
}

function benchJson(args: string[]): { result: SpawnSyncReturns<string>; summary: BenchSummary } {
  const result = heron([...args, '--json']);
  expect(result.stderr).toBe('');
  return { result, summary: JSON.parse(result.stdout) as BenchSummary };
}

describe('heron bench on the smoke programs', () => {
  it('prints JSON with per-engine medians, ratios to native and checked output', () => {
    const { result, summary } = benchJson([hello, exitcode, '--runs', '1', '--warm', '1', '--engines', 'native,compiled']);
    expect(result.status).toBe(0);
    expect(summary.engines).toEqual(['native', 'compiled']);
    expect(summary.runs).toBe(1);
    expect(summary.failed).toBe(false);
    expect(summary.programs.map((program) => [program.name, program.smoke])).toEqual([
      ['hello', true],
      ['exitcode', true],
    ]);
    for (const program of summary.programs) {
      expect(program.engines.map((engine) => [engine.engine, engine.status, engine.problems])).toEqual([
        ['native', 'ok', []],
        ['compiled', 'ok', []],
      ]);
      for (const engine of program.engines) {
        expect(engine.processes).toBe(1);
        expect(engine.coldMs?.count).toBe(1);
        expect(engine.coldMs?.median).toBeGreaterThan(0);
        expect(engine.warmMs?.count).toBe(1);
        expect(engine.loadMs?.median).toBeGreaterThan(0);
      }
      const [native, compiled] = program.engines;
      expect(native!.ratioToNative.cold).toBe(1);
      expect(compiled!.ratioToNative.cold).toBeCloseTo(compiled!.coldMs!.median / native!.coldMs!.median, 6);
      expect(compiled!.prepMs).toBeGreaterThan(0);
    }
    // Smoke programs stay out of the geomean.
    expect(summary.geomeanRatioToNative.compiled).toEqual({ cold: null, warm: null, programs: 0 });
  });

  it('prints a table with a column per engine, ratios and a geomean row', () => {
    const result = heron(['hello', 'exitcode', '--runs', '1', '--engines', 'native,compiled']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    const header = lines.find((line) => line.startsWith('program'));
    expect(header?.split(/\s{2,}/)).toEqual(['program', 'native ms', 'compiled ms', '/native']);
    for (const name of ['hello (smoke)', 'exitcode (smoke)']) {
      const row = lines.find((line) => line.startsWith(name));
      expect(row, name).toMatch(/^\S+ \(smoke\)\s+[\d.]+\s+[\d.]+\s+[\d.]+x$/);
    }
    expect(lines.some((line) => /^geomean\s+- \(0\)$/.test(line))).toBe(true);
    expect(result.stdout).not.toContain('warm:');
  });

  it('flags output that does not match: wrong args, and a wrong expected file', () => {
    const { result, summary } = benchJson([hello, '--runs', '1', '--engines', 'native,compiled', '--args', 'not-the-manifest-args']);
    expect(result.status).toBe(1);
    expect(summary.failed).toBe(true);
    for (const engine of summary.programs[0]!.engines) {
      expect(engine.status).toBe('mismatch');
      expect(engine.problems.join('\n')).toMatch(/^stdout differs from .*expected\/hello\.txt at line 2: got "argc=2", expected "argc=4"$/);
      expect(engine.ratioToNative.cold).toBeNull();
    }

    const expectedDir = temporaryDir('heron-bench-expected-');
    writeFileSync(join(expectedDir, 'exitcode.txt'), 'something it never prints\n');
    const table = heron([exitcode, '--runs', '1', '--engines', 'native', '--expected-dir', expectedDir]);
    expect(table.status).toBe(1);
    expect(table.stdout).toMatch(/^exitcode \(smoke\)\s+mismatch$/m);
    expect(table.stdout).toContain(`exitcode [native] mismatch: stdout differs from ${join(expectedDir, 'exitcode.txt')} at line 1`);
  });

  it('runs wasm2js output through the adapter with Heron WASI', () => {
    const { result, summary } = benchJson([hello, '--runs', '1', '--engines', 'native,wasm2js']);
    expect(result.status).toBe(0);
    const wasm2js = summary.programs[0]!.engines[1]!;
    expect([wasm2js.engine, wasm2js.status, wasm2js.problems]).toEqual(['wasm2js', 'ok', []]);
    expect(wasm2js.coldMs?.median).toBeGreaterThan(0);
  });

  it('kills a run that outlives --timeout and marks it, without failing the bench', () => {
    const dir = temporaryDir('heron-bench-loop-');
    const file = join(dir, 'spin.wasm');
    writeFileSync(file, assembleWat('(module (memory (export "memory") 1) (func (export "_start") (loop $l (br $l))))'));
    const started = Date.now();
    const { result, summary } = benchJson([file, '--runs', '3', '--engines', 'native', '--timeout', '2500']);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.status).toBe(0);
    const native = summary.programs[0]!.engines[0]!;
    expect(native.status).toBe('timeout');
    expect(native.problems).toEqual(['process 1 exceeded 2500 ms and was killed']);
    expect(native.coldMs).toBeNull();
  });

  it('reports bad input in one line', () => {
    const unknownEngine = heron(['hello', '--engines', 'native,v8']);
    expect(unknownEngine.status).toBe(1);
    expect(unknownEngine.stderr).toBe('heron: --engines: unknown engine "v8" (known: native, compiled, interp, wasm2js)\n');
    const unknownProgram = heron(['no_such_program']);
    expect(unknownProgram.status).toBe(1);
    expect(unknownProgram.stderr).toMatch(/^heron: no_such_program: no such program in .*bench \(known: fib, .*\)\n$/);
    const dir = temporaryDir('heron-bench-reactor-');
    mkdirSync(join(dir, 'lib'));
    const notACommand = join(dir, 'lib', 'reactor.wasm');
    writeFileSync(notACommand, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    const reactor = heron([notACommand, '--engines', 'native']);
    expect(reactor.status).toBe(1);
    expect(reactor.stderr).toBe(`heron: ${notACommand}: not a WASI command (no exported function _start)\n`);
  });
});

describe('output checks', () => {
  const expectation = { stdout: 'a\nb\n', stdoutSource: 'expected/x.txt', stderr: '', exitCode: 0 };

  it('names the first differing line', () => {
    expect(firstDifference('a\nc\n', 'a\nb\n')).toBe('line 2: got "c", expected "b"');
    expect(firstDifference('a\n', 'a\nb\n')).toBe('line 2: got "", expected "b"');
    expect(firstDifference('a', 'a\nb')).toBe('line 2: got (end of output), expected "b"');
  });

  it('checks stdout, stderr and exit status; without expected stdout, against a reference run', () => {
    expect(checkRun({ stdout: 'a\nb\n', stderr: '', exitCode: 0 }, expectation, null)).toEqual([]);
    expect(checkRun({ stdout: 'a\nb\n', stderr: 'oops', exitCode: 2 }, expectation, null)).toEqual([
      'stderr "oops", expected ""',
      'exit status 2, expected 0',
    ]);
    const unexpected = { ...expectation, stdout: null, stdoutSource: null };
    expect(checkRun({ stdout: 'x', stderr: '', exitCode: 0 }, unexpected, null)).toEqual([]);
    expect(checkRun({ stdout: 'x', stderr: '', exitCode: 0 }, unexpected, { stdout: 'y', stderr: '', exitCode: 0 })).toEqual([
      'stdout differs from the native engine\'s at line 1: got "x", expected "y"',
    ]);
  });
});

describe('wasm2js adapter', () => {
  const importingModule = `(module
    (import "wasi_snapshot_preview1" "fd_seek" (func (param i32 i64 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "_start")))`;

  it('re-joins i64 parameters that wasm2js splits into (low, high) i32 pairs', () => {
    const module = parseModule(assembleWat(importingModule));
    const source = `${legalizingImportsSource(module)}\nreturn heronBenchLegalImports;`;
    const legalize = new Function(source)() as (imports: Record<string, Record<string, unknown>>) => Record<string, Record<string, (...args: unknown[]) => unknown>>;
    const calls: unknown[][] = [];
    const fdWrite = () => 0;
    const original = { wasi_snapshot_preview1: { fd_seek: (...args: unknown[]) => calls.push(args), fd_write: fdWrite } };
    const legal = legalize(original);
    legal.wasi_snapshot_preview1!.fd_seek!(3, -2, -1, 1, 64);
    legal.wasi_snapshot_preview1!.fd_seek!(4, 0x89abcdef | 0, 0x01234567, 0, 8);
    expect(calls).toEqual([
      [3, -2n, 1, 64],
      [4, 0x0123456789abcdefn, 0, 8],
    ]);
    expect(legal.wasi_snapshot_preview1!.fd_write).toBe(fdWrite);
    expect(original.wasi_snapshot_preview1.fd_seek).not.toBe(legal.wasi_snapshot_preview1!.fd_seek);
  });

  it('turns the self-instantiating output into an instantiate(imports) factory, or refuses unknown shapes', () => {
    const module = parseModule(assembleWat(importingModule));
    const output = [
      "import * as wasi_snapshot_preview1 from 'wasi_snapshot_preview1';",
      'function asmFunc(imports) { return { _start: () => imports.wasi_snapshot_preview1.fd_write(1, 2, 3, 4) }; }',
      '',
      'var retasmFunc = asmFunc({',
      '  "wasi_snapshot_preview1": wasi_snapshot_preview1,',
      '});',
      'export var _start = retasmFunc._start;',
    ].join('\n');
    const factory = wasm2jsFactorySource(output, module);
    expect(factory).not.toContain('import ');
    expect(factory).not.toContain('retasmFunc');
    expect(factory).toContain('export function instantiate(imports)');
    expect(() => wasm2jsFactorySource('export var x = 1;', module)).toThrow(/unrecognized wasm2js output/);
  });

  it('reports a module wasm2js cannot translate as unsupported', { timeout: 120_000 }, () => {
    const bytes = assembleWat('(module (func (export "_start") (drop (f32x4.splat (f32.const 1)))))');
    const translate = () => translateWithWasm2Js(bytes, parseModule(bytes), join(cacheDir, 'wasm2js-unit'));
    expect(translate).toThrow(Wasm2JsUnsupportedError);
    expect(translate).toThrow(/^Fatal: /); // the second time, from the cached verdict
  });
});
