import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseModule } from '../../compiler/parse.js';
import { inspectModule } from '../../compiler/inspect.js';
import { assembleWat } from '../translate/wat.js';

const repo = resolve(import.meta.dirname, '../..');
const bench = resolve(repo, '../shared/bench/wasm');
const heron = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'cli/heron.ts'), ...args], { cwd: repo, encoding: 'utf8' });

describe('inspectModule', () => {
  it('groups the WASI imports of a bench program by capability', () => {
    const report = inspectModule(parseModule(readFileSync(join(bench, 'hello.wasm'))));
    expect(report.wasi?.module).toBe('wasi_snapshot_preview1');
    expect(report.wasi?.capabilities['args']).toEqual(expect.arrayContaining(['args_get', 'args_sizes_get']));
    expect(report.wasi?.capabilities['environment']).toEqual(expect.arrayContaining(['environ_get']));
    expect(report.wasi?.capabilities['process exit']).toEqual(['proc_exit']);
    expect(report.exports.map((e) => e.name)).toEqual(expect.arrayContaining(['memory', '_start']));
    expect(report.memories).toHaveLength(1);
    expect(report.functions.named).toBeGreaterThan(0);
  });

  it('reports SIMD use from the opcodes', () => {
    const report = inspectModule(parseModule(readFileSync(join(bench, 'mandelbrot_simd.wasm'))));
    expect(report.features).toContain('simd128');
    const plain = inspectModule(parseModule(readFileSync(join(bench, 'fib.wasm'))));
    expect(plain.features).not.toContain('simd128');
  });

  it('reports host imports, shared 64-bit memories and the start function', () => {
    const text = `(module
      (import "env" "log" (func $log (param i32)))
      (import "env" "counter" (global (mut i64)))
      (memory (export "mem") i64 1 10)
      (func $main (call $log (i32.const 1)))
      (start $main))`;
    const bytes = assembleWat(text);
    const report = inspectModule(parseModule(bytes));
    expect(report.hostImports['env']?.map((i) => `${i.kind} ${i.field}: ${i.type}`)).toEqual([
      'func log: (i32) -> ()',
      'global counter: mut i64',
    ]);
    expect(report.memories[0]).toMatchObject({ min: 1, max: 10, memory64: true, shared: false });
    expect(report.features).toContain('memory64');
    expect(report.start).toEqual({ index: 1, name: 'main' });
  });
});

describe('heron inspect', () => {
  it('prints a text report and JSON with --json', () => {
    const file = join(bench, 'hello.wasm');
    const text = heron(['inspect', file]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/WASI \(wasi_snapshot_preview1\)/);
    expect(text.stdout).toMatch(/args: args_get, args_sizes_get|args: args_sizes_get, args_get/);
    const json = heron(['inspect', '--json', file]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).exports.length).toBeGreaterThan(0);
  });

  it('rejects a malformed file with one CompileError line and status 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heron-inspect-'));
    const bad = join(dir, 'bad.wasm');
    writeFileSync(bad, Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60]));
    const result = heron(['inspect', bad]);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/CompileError: .*@0x/);
  });
});
