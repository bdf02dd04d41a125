/** The file-test machinery itself: FileCheck semantics and loud failures. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runChecks, type CheckDirective } from './filecheck.js';
import { loadFileTestKinds, parseDirectives, runFileTest } from './runner.js';

const here = dirname(fileURLToPath(import.meta.url));
await loadFileTestKinds(join(here, 'kinds'));
const scratch = mkdtempSync(join(tmpdir(), 'heron-filetests-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeCase(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const checks = (text: string): CheckDirective[] => parseDirectives(text).checks;

describe('filecheck', () => {
  const output = 'alpha 1\nbeta 2\ngamma 3\ndelta 4';
  it('matches check, nextln, not and {{regex}} patterns in order', () => {
    expect(runChecks(output, checks('; check: beta\n; nextln: gamma {{[0-9]}}\n; not: alpha\n; check: delta'))).toEqual([]);
  });
  it('fails on order, adjacency and forbidden text', () => {
    expect(runChecks(output, checks('; check: gamma\n; check: alpha'))).toEqual(["line 2: 'check: alpha' not found after output line 3"]);
    expect(runChecks(output, checks('; check: alpha\n; nextln: gamma'))[0]).toMatch(/'nextln: gamma' not found/);
    expect(runChecks(output, checks('; check: alpha\n; not: gamma\n; check: delta'))[0]).toMatch(/'not: gamma' matched output line 3/);
  });
});

describe('runner', () => {
  it('rejects unknown kinds and files without a test line', async () => {
    await expect(runFileTest(writeCase('a.ir', '; test: frobnicate\n'), scratch)).rejects.toThrow(/unknown test kind 'frobnicate' \(known: .*print-parse.*verify/);
    await expect(runFileTest(writeCase('b.ir', 'type0 = () -> ()\n'), scratch)).rejects.toThrow(/no '; test: KIND' line/);
  });

  it('print-parse fails when the file is not in printed form', async () => {
    const text = '; test: print-parse\ntype0 = () -> ()\nfunction fn0: type0 {\nblock0:\n    v1: i32 = i32.const 0x10\n    return\n}\n';
    await expect(runFileTest(writeCase('c.ir', text), scratch)).rejects.toThrow(/printing the parsed IR changes it/);
  });

  it('verify fails on invalid IR without checks, and on a missing expected error', async () => {
    const invalid = '; test: verify\ntype0 = () -> ()\nfunction fn0: type0 {\nblock0:\n    v1: i32 = i32.const 1\n}\n';
    await expect(runFileTest(writeCase('d.ir', invalid), scratch)).rejects.toThrow(/block does not end with a terminator/);
    const valid = '; test: verify\n; check: dominate\ntype0 = () -> ()\nfunction fn0: type0 {\nblock0:\n    return\n}\n';
    await expect(runFileTest(writeCase('e.ir', valid), scratch)).rejects.toThrow(/'check: dominate' not found/);
  });
});
