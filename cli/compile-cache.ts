/**
 * The compile cache of `heron run`: compiled JS keyed by a hash of the module bytes, the
 * options and the compiler build, so a second run skips compilation. Entries are written
 * to a temporary file and renamed into place, which is atomic on POSIX file systems: two
 * concurrent runs of the same module both succeed and one of their identical outputs wins.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type CompileOptions } from '../backend-js/index.js';

/** Every compile option that changes the output must be part of the key. */
export type CacheOptions = Pick<CompileOptions, 'features' | 'optLevel'>;

export function defaultCacheDir(): string {
  if (process.env.HERON_CACHE_DIR) return process.env.HERON_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'heron');
}

/** Identifies the compiler build: a rebuilt back end must not reuse older output. */
function compilerIdentity(): string {
  const entry = fileURLToPath(new URL('../backend-js/index.js', import.meta.url));
  try {
    const stat = statSync(entry);
    return `${entry}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    // Running from TypeScript sources (tsx): the .ts file carries the identity.
    const source = entry.replace(/\.js$/, '.ts');
    const stat = statSync(source);
    return `${source}:${stat.size}:${stat.mtimeMs}`;
  }
}

export function cacheKey(bytes: Uint8Array, options: CacheOptions): string {
  return createHash('sha256')
    .update(compilerIdentity())
    .update('\0')
    .update(JSON.stringify(options))
    .update('\0')
    .update(bytes)
    .digest('hex');
}

/** Returns the path of an ES module compiled from `bytes`, compiling it if the cache lacks it.
 *  With `cacheDir` null, compiles into a fresh temporary directory. */
export function compileCached(bytes: Uint8Array, options: CacheOptions, cacheDir: string | null): string {
  const dir = cacheDir ?? mkdtempSync(join(tmpdir(), 'heron-run-'));
  const path = join(dir, `${cacheKey(bytes, options)}.mjs`);
  if (cacheDir !== null && existsSync(path)) return path;
  const { code } = compile(bytes, { ...options, format: 'esm' });
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, code);
  renameSync(temporary, path);
  return path;
}
