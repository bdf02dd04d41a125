/**
 * Generated code uses nothing Hermes 0.12's compiler rejects (classes, above all — Hermes
 * parses them but refuses to compile them): every binary module of the spec suite, core and
 * proposals (SIMD, atomics, exception handling, tail calls, memory64, ...), is compiled by
 * Heron and then by Hermes to bytecode, without running it. The modules are compiled in the
 * factory format, which is exactly the generated code without the inline runtime (the es5
 * runtime is checked in es5-runtime.test.ts and run by hermes.test.ts), and batched as array
 * elements into a few files to keep Hermes invocations few.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import { CompileError } from '../../runtime-support/errors.js';
import { defaultSpecDir, discoverScripts, loadCommands, PROPOSALS, readModuleFile } from '../spec/loader.js';
import { hermesAvailable, runHermesFiles } from './hermes-script.js';

const BATCH_SIZE = 500;

/** The generated code of every binary spec module Heron compiles, labelled. */
function generatedModules(): string[] {
  const modules: string[] = [];
  for (const script of discoverScripts(defaultSpecDir(), { core: true, proposals: PROPOSALS })) {
    for (const command of loadCommands(script)) {
      if (command.type !== 'module' || command.filename.endsWith('.wat')) continue;
      let code: string;
      try {
        code = compile(readModuleFile(script, command.filename), { format: 'factory' }).code;
      } catch (error) {
        if (error instanceof CompileError) continue; // modules the suite expects to be rejected
        throw error;
      }
      modules.push(`/* ${script.id} ${command.filename} */ ${code.trim().replace(/;$/, '')}`);
    }
  }
  return modules;
}

describe.runIf(hermesAvailable())('generated code on Hermes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heron-hermes-generated-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles to Hermes bytecode for every spec module', () => {
    const modules = generatedModules();
    expect(modules.length).toBeGreaterThan(1000);
    for (let start = 0; start < modules.length; start += BATCH_SIZE) {
      const path = join(dir, `batch-${start}.js`);
      writeFileSync(path, `var modules = [\n${modules.slice(start, start + BATCH_SIZE).join(',\n')}\n];\n`);
      // -O0: the optimizer takes minutes on some modules (hermes.test.ts, br_table).
      const outcome = runHermesFiles([path], { bytecodeOutput: join(dir, 'batch.hbc'), optimize: false, timeoutMs: 120_000 });
      expect(outcome.status, outcome.stderr.slice(0, 4000)).toBe(0);
    }
  }, 300_000);
});
