/**
 * What `heron bench` runs: WASI command programs, each with how it is invoked (argv, env) and
 * what it must produce (stdout, stderr, exit status). Programs come from a corpus laid out like
 * ../shared/bench (`wasm/NAME.wasm`, `expected/NAME.txt`, `manifest.json`; see its README) or
 * from loose .wasm files, which take their expectations from a corpus when they sit in one.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export class BenchInputError extends Error {
  override name = 'BenchInputError';
}

/** What a run must produce; null fields are not checked. */
export interface Expectation {
  /** Exact stdout (from expected/NAME.txt), or null when there is no expected file. */
  readonly stdout: string | null;
  /** Where `stdout` came from, for messages. */
  readonly stdoutSource: string | null;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface BenchProgram {
  readonly name: string;
  readonly wasmPath: string;
  /** argv after argv[0] (which is always `name`). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly expect: Expectation;
  /** Smoke tests run in well under a millisecond; their ratios are noise, so geomeans skip them. */
  readonly smoke: boolean;
}

interface ManifestEntry {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly exitCode?: number;
  readonly stderr?: string;
  readonly smoke?: boolean;
}

export interface Corpus {
  readonly dir: string;
  readonly programs: ReadonlyMap<string, ManifestEntry>;
}

/** The repository root: the nearest ancestor of this file with Heron's package.json (works from dist/ too). */
function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      if (name === 'heron') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new BenchInputError('cannot find the heron repository root to locate the default corpus; pass --corpus DIR');
    dir = parent;
  }
}

export function defaultCorpusDir(): string {
  return resolve(repositoryRoot(), '../shared/bench');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
}

function manifestEntry(path: string, name: string, raw: unknown): ManifestEntry {
  const where = `${path}: programs.${name}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BenchInputError(`${where}: expected an object`);
  const entry = raw as Record<string, unknown>;
  if (entry.args !== undefined && !isStringArray(entry.args)) throw new BenchInputError(`${where}.args: expected an array of strings`);
  if (entry.env !== undefined && !isStringRecord(entry.env)) throw new BenchInputError(`${where}.env: expected an object of strings`);
  if (entry.exitCode !== undefined && !Number.isInteger(entry.exitCode)) throw new BenchInputError(`${where}.exitCode: expected an integer`);
  if (entry.stderr !== undefined && typeof entry.stderr !== 'string') throw new BenchInputError(`${where}.stderr: expected a string`);
  if (entry.smoke !== undefined && typeof entry.smoke !== 'boolean') throw new BenchInputError(`${where}.smoke: expected a boolean`);
  return entry as ManifestEntry;
}

/** Reads DIR/manifest.json; a corpus without one still works, with default expectations. */
export function loadCorpus(dir: string): Corpus {
  const root = resolve(dir);
  if (!existsSync(join(root, 'wasm')) || !statSync(join(root, 'wasm')).isDirectory()) {
    throw new BenchInputError(`${root}: not a bench corpus (no wasm/ directory)`);
  }
  const manifestPath = join(root, 'manifest.json');
  const programs = new Map<string, ManifestEntry>();
  if (existsSync(manifestPath)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(manifestPath, 'utf8'));
    } catch (error) {
      throw new BenchInputError(`${manifestPath}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const listed = (parsed as { programs?: unknown } | null)?.programs;
    if (typeof listed !== 'object' || listed === null || Array.isArray(listed)) {
      throw new BenchInputError(`${manifestPath}: expected an object "programs"`);
    }
    for (const [name, raw] of Object.entries(listed)) programs.set(name, manifestEntry(manifestPath, name, raw));
  }
  return { dir: root, programs };
}

/** Program names of a corpus: the manifest's order, then any other wasm/*.wasm alphabetically. */
export function corpusProgramNames(corpus: Corpus): string[] {
  const files = readdirSync(join(corpus.dir, 'wasm'))
    .filter((file) => extname(file) === '.wasm')
    .map((file) => basename(file, '.wasm'));
  const present = new Set(files);
  const listed = [...corpus.programs.keys()].filter((name) => present.has(name));
  const unlisted = files.filter((name) => !corpus.programs.has(name)).sort();
  return [...listed, ...unlisted];
}

function readOptional(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export interface InvocationOverrides {
  /** Replaces the manifest's args for every program when set. */
  readonly args?: readonly string[];
  /** Replaces the manifest's environment for every program when set. */
  readonly env?: Readonly<Record<string, string>>;
  /** Directory holding NAME.txt expected stdouts, instead of the corpus's expected/. */
  readonly expectedDir?: string;
}

function program(name: string, wasmPath: string, corpus: Corpus | null, overrides: InvocationOverrides): BenchProgram {
  const entry = corpus?.programs.get(name) ?? {};
  const expectedDir = overrides.expectedDir ?? (corpus ? join(corpus.dir, 'expected') : null);
  const expectedPath = expectedDir === null ? null : join(resolve(expectedDir), `${name}.txt`);
  const stdout = expectedPath === null ? null : readOptional(expectedPath);
  return {
    name,
    wasmPath,
    args: overrides.args ?? entry.args ?? [],
    env: overrides.env ?? entry.env ?? {},
    expect: {
      stdout,
      stdoutSource: stdout === null ? null : expectedPath,
      stderr: entry.stderr ?? '',
      exitCode: entry.exitCode ?? 0,
    },
    smoke: entry.smoke ?? false,
  };
}

/** A program of the corpus by name. */
export function corpusProgram(corpus: Corpus, name: string, overrides: InvocationOverrides): BenchProgram {
  const wasmPath = join(corpus.dir, 'wasm', `${name}.wasm`);
  if (!existsSync(wasmPath)) {
    throw new BenchInputError(`${name}: no such program in ${corpus.dir} (known: ${corpusProgramNames(corpus).join(', ')})`);
  }
  return program(name, wasmPath, corpus, overrides);
}

/**
 * A loose .wasm file. When it sits in a corpus (`DIR/wasm/NAME.wasm` next to `DIR/manifest.json`),
 * that corpus's manifest and expected output apply, so `heron bench path/to/bench/wasm/fib.wasm`
 * checks fib like the corpus run does.
 */
export function fileProgram(path: string, overrides: InvocationOverrides): BenchProgram {
  const wasmPath = resolve(path);
  if (!existsSync(wasmPath)) throw new BenchInputError(`${path}: no such file`);
  const name = basename(wasmPath, extname(wasmPath));
  const parent = dirname(wasmPath);
  const corpusDir = dirname(parent);
  const inCorpus = basename(parent) === 'wasm' && existsSync(join(corpusDir, 'manifest.json'));
  return program(name, wasmPath, inCorpus ? loadCorpus(corpusDir) : null, overrides);
}
