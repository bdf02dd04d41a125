/**
 * Runs the official WASI preview1 testsuite (../shared/wasi-testsuite, see its README) through
 * Heron's WASI: each test's root directory is copied fresh to a temp dir and preopened as '/',
 * stdout/stderr are captured through stream objects.
 */

import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryDirectory, WASI } from '../../runtime-support/wasi/index.js';
import type { WasmEngine } from './engine.js';

export const TESTSUITE_DIR = join(import.meta.dirname, '../../../shared/wasi-testsuite/tests');

interface TestSpec {
  args?: string[];
  env?: Record<string, string>;
  root?: string;
  exit_code?: number;
  stdout?: string;
  stderr?: string;
}

export interface TestCase {
  readonly name: string;
  readonly wasmPath: string;
  readonly directory: string;
  readonly spec: TestSpec;
}

export interface TestOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function loadTestCases(root: string = TESTSUITE_DIR): TestCase[] {
  const cases: TestCase[] = [];
  for (const language of readdirSync(root).sort()) {
    const directory = join(root, language, 'testsuite', 'wasm32-wasip1');
    if (!existsSync(directory)) continue;
    for (const file of readdirSync(directory).sort()) {
      if (!file.endsWith('.wasm')) continue;
      const base = file.slice(0, -'.wasm'.length);
      const specPath = join(directory, `${base}.json`);
      const spec = existsSync(specPath) ? (JSON.parse(readFileSync(specPath, 'utf8')) as TestSpec) : {};
      cases.push({ name: `${language}/${base}`, wasmPath: join(directory, file), directory, spec });
    }
  }
  return cases;
}

/** The testsuite's files are read-only; a private copy must be writable for the guest. */
function makeWritable(path: string): void {
  const stats = statSync(path);
  chmodSync(path, stats.mode | 0o200 | (stats.isDirectory() ? 0o100 : 0));
  if (stats.isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

function collector(): { sink: { write(bytes: Uint8Array): void }; text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    sink: { write: (bytes) => void chunks.push(bytes) },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/** Mirrors a host directory (files, directories, symlinks) into a fresh in-memory tree. */
export function copyIntoMemory(hostDirectory: string, into: MemoryDirectory = new MemoryDirectory()): MemoryDirectory {
  for (const name of readdirSync(hostDirectory).sort()) {
    const full = join(hostDirectory, name);
    const stats = lstatSync(full);
    if (stats.isDirectory()) copyIntoMemory(full, into.mkdir(name));
    else if (stats.isSymbolicLink()) into.symlink(readlinkSync(full), name);
    else into.writeFile(name, readFileSync(full));
  }
  return into;
}

/** Which backend serves the test's root directory. */
export type TestFilesystem = 'host' | 'memory';

export async function runTestCase(
  engine: WasmEngine,
  testCase: TestCase,
  filesystem: TestFilesystem = 'host',
): Promise<TestOutcome> {
  const scratch = mkdtempSync(join(tmpdir(), 'heron-wasi-'));
  try {
    const preopens: Record<string, string | MemoryDirectory> = {};
    if (testCase.spec.root !== undefined) {
      const source = join(testCase.directory, testCase.spec.root);
      if (filesystem === 'memory') {
        preopens['/'] = copyIntoMemory(source);
      } else {
        const rootCopy = join(scratch, 'root');
        cpSync(source, rootCopy, { recursive: true });
        makeWritable(rootCopy);
        preopens['/'] = rootCopy;
      }
    }
    const stdout = collector();
    const stderr = collector();
    const wasi = new WASI({
      args: [testCase.name.split('/').pop()!, ...(testCase.spec.args ?? [])],
      env: testCase.spec.env ?? {},
      preopens,
      stdin: { read: () => null },
      stdout: stdout.sink,
      stderr: stderr.sink,
    });
    const instance = await engine.instantiate(readFileSync(testCase.wasmPath), wasi.getImportObject());
    const exitCode = wasi.start(instance);
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
