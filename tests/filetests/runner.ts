/**
 * Runs one file test: reads its `test:` directives, runs each kind on the input and
 * matches the output against the file's check directives. Directives are comment lines
 * (`;` in IR, `;;` in Wasm text): `; test: KIND ARGS...`, `; check: ...`, `; nextln: ...`,
 * `; not: ...`. A file with several `test:` lines checks every kind's output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runChecks, type CheckDirective, type CheckKind } from './filecheck.js';
import { fileTestKindNames, findFileTestKind } from './registry.js';

const DIRECTIVE = /^\s*;+\s*(test|check|nextln|not)\s*:\s?(.*)$/;

export interface ParsedFileTest {
  tests: { kind: string; args: string[]; line: number }[];
  checks: CheckDirective[];
}

export function parseDirectives(text: string): ParsedFileTest {
  const parsed: ParsedFileTest = { tests: [], checks: [] };
  text.split('\n').forEach((lineText, index) => {
    const match = DIRECTIVE.exec(lineText);
    if (match === null) return;
    const [, kind, rest] = match;
    if (kind === 'test') {
      const words = rest!.trim().split(/\s+/).filter((word) => word !== '');
      if (words.length === 0) throw new Error(`line ${index + 1}: 'test:' needs a kind`);
      parsed.tests.push({ kind: words[0]!, args: words.slice(1), line: index + 1 });
    } else {
      parsed.checks.push({ kind: kind as CheckKind, pattern: rest!.trimEnd(), line: index + 1 });
    }
  });
  return parsed;
}

/** Import every kind module in kinds/ (each registers itself). */
export async function loadFileTestKinds(kindsDir: string): Promise<void> {
  const files = readdirSync(kindsDir).filter((file) => file.endsWith('.ts')).sort();
  for (const file of files) await import(pathToFileURL(join(kindsDir, file)).href);
}

/** Runs a file test; throws an Error describing every failure. */
export async function runFileTest(path: string, root: string): Promise<void> {
  const input = readFileSync(path, 'utf8');
  const { tests, checks } = parseDirectives(input);
  const name = relative(root, path);
  if (tests.length === 0) throw new Error(`${name}: no '; test: KIND' line`);
  const failures: string[] = [];
  for (const test of tests) {
    const kind = findFileTestKind(test.kind);
    if (kind === undefined) {
      throw new Error(`${name}:${test.line}: unknown test kind '${test.kind}' (known: ${fileTestKindNames().join(', ')})`);
    }
    const output = await kind({ path: name, input, args: test.args });
    for (const failure of runChecks(output, checks)) failures.push(`[${test.kind}] ${failure}`);
    if (failures.length > 0) failures.push(`--- output of '${test.kind}' ---\n${output}`);
  }
  if (failures.length > 0) throw new Error(`${name}:\n${failures.join('\n')}`);
}

/** Test files under `dir`, recursively: .ir and .wat. */
export function findFileTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findFileTests(path));
    else if (/\.(ir|wat)$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}
