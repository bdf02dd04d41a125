/**
 * `heron run` end to end, as a user runs it: the CLI in a child process, real files, the
 * bench corpus's manifest (args, env, exit status, stderr) and expected stdout.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import { compile } from '../../index.js';
import { benchPrograms } from '../backend/harness.js';
import { benchWasm, expectProgramOutput, heron, heronArgs, repo, runArgs } from './harness.js';

async function wat(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  return wabt.parseWat('test.wat', text).toBinary({}).buffer;
}

const programs = benchPrograms();

// -O2 is the default; the other levels run the same corpus (-O3 is -O2's pipeline today, but
// it is a separate cache entry and a separate compile).
describe.each(['0', '1', '2', '3'])('heron run -O%s: bench programs, compiled', (level) => {
  it.each(programs.map((p) => [p.name, p] as const))('%s', (_name, program) => {
    expectProgramOutput(program, heron(runArgs(program, ['-O', level])));
  });
});

describe('heron run: sandbox, imports and cache', () => {
  it('fails before running when an import is missing, naming module, field and type', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heron-run-'));
    const file = join(dir, 'needs-env.wasm');
    writeFileSync(
      file,
      await wat(`(module
        (import "env" "log" (func (param i32 f64) (result i32)))
        (import "wasi_snapshot_preview1" "no_such_call" (func))
        (func (export "_start")))`),
    );
    const result = heron(['run', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('"env" "log": func (i32, f64) -> i32');
    expect(result.stderr).toContain('"wasi_snapshot_preview1" "no_such_call"');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('gives the program only the granted directory and environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heron-run-'));
    const granted = join(dir, 'granted');
    mkdirSync(granted);
    writeFileSync(join(granted, 'in.txt'), 'granted contents');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    const file = join(dir, 'cat.wasm');
    // Opens PATH (from the data segment) in preopen fd 3, reads it and writes it to stdout;
    // exits with the errno of path_open when that fails.
    const program = (path: string) => `(module
      (import "wasi_snapshot_preview1" "path_open"
        (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
      (memory (export "memory") 1)
      (data (i32.const 100) "${path}")
      (func (export "_start") (local $errno i32)
        (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const ${path.length})
          (i32.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 16)))
        (if (local.get $errno) (then (call $proc_exit (i32.add (i32.const 100) (local.get $errno)))))
        (i32.store (i32.const 0) (i32.const 200))
        (i32.store (i32.const 4) (i32.const 100))
        (drop (call $fd_read (i32.load (i32.const 16)) (i32.const 0) (i32.const 1) (i32.const 8)))
        (i32.store (i32.const 4) (i32.load (i32.const 8)))
        (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))`;
    writeFileSync(file, await wat(program('in.txt')));
    const ok = heron(['run', '--dir', `${granted}::/data`, file]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('granted contents');
    expect(ok.status).toBe(0);

    writeFileSync(file, await wat(program('../secret.txt')));
    const escape = heron(['run', '--dir', `${granted}::/data`, file]);
    expect(escape.stdout).toBe('');
    expect(escape.status).toBeGreaterThan(100); // 100 + errno (ENOTCAPABLE or EPERM)

    const noDir = heron(['run', file]);
    expect(noDir.status).toBe(100 + 8); // EBADF: fd 3 is no preopen without --dir
  });

  it('reuses the compile cache and is safe when runs race to fill it', async () => {
    const raceCache = mkdtempSync(join(tmpdir(), 'heron-run-race-'));
    const hello = programs.find((p) => p.name === 'hello')!;
    const runs = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<{ status: number | null; stdout: string }>((done) => {
            const child = spawn(process.execPath, heronArgs(runArgs(hello, [])), {
              cwd: repo,
              env: { ...process.env, HERON_CACHE_DIR: raceCache },
            });
            let stdout = '';
            child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
            child.on('close', (status) => done({ status, stdout }));
          }),
      ),
    );
    for (const run of runs) expect(run).toEqual({ status: 0, stdout: hello.stdout });
    const entries = readdirSync(raceCache);
    expect(entries.filter((name) => name.endsWith('.mjs'))).toHaveLength(1);
    expect(entries.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const again = heron(runArgs(hello, []), { HERON_CACHE_DIR: raceCache });
    expect(again.stdout).toBe(hello.stdout);
    expect(readdirSync(raceCache)).toEqual(entries);
  });

  it('runs a precompiled .js module the same way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heron-run-'));
    const exitcode = programs.find((p) => p.name === 'exitcode')!;
    const js = join(dir, 'exitcode.js');
    writeFileSync(js, compile(readFileSync(join(benchWasm, 'exitcode.wasm')), { format: 'esm' }).code);
    expect(existsSync(js)).toBe(true);
    const result = heron(['run', '--argv0', 'exitcode', js]);
    expect(result.stderr).toBe(exitcode.stderr);
    expect(result.status).toBe(exitcode.exitCode);
  });

  it('reports an unreadable or malformed module in one line', () => {
    const missing = heron(['run', '/nonexistent/app.wasm']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/app\.wasm: cannot read file \(ENOENT\)/);
    const dir = mkdtempSync(join(tmpdir(), 'heron-run-'));
    writeFileSync(join(dir, 'bad.wasm'), Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]));
    const bad = heron(['run', join(dir, 'bad.wasm')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/CompileError/);
  });
});
