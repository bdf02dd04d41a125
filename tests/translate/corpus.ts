/**
 * The modules the translator is checked on: every module the spec testsuite expects to be
 * valid (core and proposals; `module`, `assert_unlinkable` and `assert_uninstantiable`
 * commands with a binary module) and the bench programs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const specRoot = process.env.HERON_SPEC_DIR ?? resolve(repoRoot, '../shared/spec-testsuite');
export const benchDir = resolve(repoRoot, '../shared/bench/wasm');

const VALID_MODULE_COMMANDS = new Set(['module', 'assert_unlinkable', 'assert_uninstantiable']);

export interface CorpusModule {
  /** Path relative to the spec suite or bench directory, for messages. */
  name: string;
  path: string;
}

function scriptFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...scriptFiles(path));
    else if (entry.endsWith('.json')) found.push(path);
  }
  return found;
}

/** Suites: 'core' and 'proposals/NAME', each with the binary modules of its scripts' `kinds` commands. */
export function specSuites(kinds: ReadonlySet<string> = VALID_MODULE_COMMANDS): Map<string, CorpusModule[]> {
  const suites = new Map<string, CorpusModule[]>();
  const roots: [string, string][] = [['core', join(specRoot, 'core')]];
  const proposals = join(specRoot, 'proposals');
  if (existsSync(proposals)) {
    for (const name of readdirSync(proposals).sort()) roots.push([`proposals/${name}`, join(proposals, name)]);
  }
  for (const [suite, dir] of roots) {
    const modules: CorpusModule[] = [];
    for (const script of scriptFiles(dir)) {
      const commands = (JSON.parse(readFileSync(script, 'utf8')) as { commands: { type: string; filename?: string }[] }).commands;
      for (const command of commands) {
        if (!kinds.has(command.type) || command.filename?.endsWith('.wasm') !== true) continue;
        const path = join(dirname(script), command.filename);
        modules.push({ name: relative(specRoot, path), path });
      }
    }
    suites.set(suite, modules);
  }
  return suites;
}

export function benchModules(): CorpusModule[] {
  if (!existsSync(benchDir)) return [];
  return readdirSync(benchDir)
    .filter((file) => file.endsWith('.wasm'))
    .sort()
    .map((file) => ({ name: `bench/${file}`, path: join(benchDir, file) }));
}
