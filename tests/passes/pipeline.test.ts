/**
 * The pipeline driver (levels, pass lists, --after, verification naming the guilty pass),
 * the whole -O2 pipeline on every bench module with the verifier after each pass (and its
 * speed, printed), and the CLI surfaces: `heron ir -O/--after/--passes`, `heron run -O`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey } from '../../cli/compile-cache.js';
import { irCommandOutput } from '../../cli/ir-command.js';
import { CliInputError } from '../../cli/read-input.js';
import { parseModule } from '../../compiler/parse.js';
import {
  optimizeFunction,
  optimizeModule,
  parseOptLevel,
  parsePassList,
  PASS_SEQUENCES,
  passSequence,
  PassVerifyError,
  PipelineOptionError,
} from '../../compiler/pipeline.js';
import { translateModule } from '../../compiler/translate.js';
import { parseIrModule } from '../../ir/parser.js';
import { PASS_NAMES } from '../../ir/passes/index.js';
import { assembleWat } from '../translate/wat.js';
import { benchWasmDir } from './bench-modules.js';

describe('pipeline options', () => {
  it('has the documented levels', () => {
    expect(PASS_SEQUENCES[0]).toEqual([]);
    expect(PASS_SEQUENCES[1]).toEqual(['simplify-cfg', 'dce']);
    expect(new Set(PASS_SEQUENCES[2])).toEqual(new Set(PASS_NAMES));
    expect(PASS_SEQUENCES[3]).toEqual(PASS_SEQUENCES[2]);
    expect(passSequence().map((pass) => pass.name)).toEqual(PASS_SEQUENCES[2]);
  });

  it('parses levels and pass lists, rejecting bad ones with the known names', () => {
    expect(parseOptLevel('0')).toBe(0);
    expect(() => parseOptLevel('4')).toThrow(PipelineOptionError);
    expect(parsePassList('gvn, dce')).toEqual(['gvn', 'dce']);
    expect(() => parsePassList('gvn,licm')).toThrow(/unknown pass 'licm' \(known: simplify-cfg, dce/);
    expect(() => parsePassList(',')).toThrow(/empty/);
  });

  it('stops after the first run of a pass', () => {
    expect(passSequence({ after: 'const-fold' }).map((pass) => pass.name)).toEqual(['simplify-cfg', 'copy-prop', 'const-fold']);
    expect(passSequence({ after: 'simplify-cfg' }).map((pass) => pass.name)).toEqual(['simplify-cfg']);
    expect(() => passSequence({ optLevel: 1, after: 'gvn' })).toThrow(/'gvn' is not in the sequence \(simplify-cfg, dce\)/);
  });

  it('names the pass after which the verifier fails', () => {
    const module = parseIrModule(`type0 = (i32) -> (i32)
function fn0: type0 {
block0(v0: i32):
    brif v0, block1, block2
block1:
    v1: i32 = i32.const 1
    jump block2
block2:
    return v1
}
`);
    const fn = module.functions[0]!;
    const error = (() => {
      try {
        optimizeFunction(fn, module.env, { passes: ['bounds-check'], verify: true });
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PassVerifyError);
    expect((error as PassVerifyError).pass).toBe('bounds-check');
    expect((error as PassVerifyError).message).toMatch(/after pass 'bounds-check' in fn0:\n.*v1/);
  });
});

describe('the -O2 pipeline on the bench modules', () => {
  it('verifies after every pass and shrinks every module', () => {
    const files = readdirSync(benchWasmDir()).filter((name) => name.endsWith('.wasm'));
    expect(files.length).toBeGreaterThan(10);
    let pipelineMs = 0;
    let before = 0;
    let after = 0;
    for (const file of files) {
      const ir = translateModule(parseModule(readFileSync(join(benchWasmDir(), file))));
      const stats = optimizeModule(ir, { optLevel: 2, verify: true });
      pipelineMs += stats.reduce((sum, entry) => sum + entry.ms, 0);
      before += stats[0]!.instsBefore;
      after += stats[stats.length - 1]!.instsAfter;
      expect(stats[stats.length - 1]!.instsAfter, file).toBeLessThan(stats[0]!.instsBefore);
    }
    // The compile-speed figure (pass time only, verifier excluded); see bench-stats.ts for detail.
    console.log(`-O2 pipeline on ${files.length} bench modules: ${pipelineMs.toFixed(0)} ms, ${before} -> ${after} instructions`);
  });
});

const SQUARE = `(module (func $sq (export "sq") (param $x i32) (result i32)
  (local $k i32) (local.set $k (i32.const 2))
  (if (result i32) (i32.eq (local.get $k) (i32.const 2))
    (then (i32.mul (local.get $x) (local.get $x))) (else (i32.const 0)))))`;

describe('heron ir with passes', () => {
  it('prints the IR as translated by default, and after a pass with --after', () => {
    const module = parseModule(assembleWat(SQUARE));
    const translated = irCommandOutput(module, {});
    expect(translated).toContain('brif');
    const afterFold = irCommandOutput(module, { func: 'sq', after: 'const-fold' });
    expect(afterFold).toMatch(/= i32\.const 1\b/); // the comparison folded
    expect(afterFold).toContain('brif'); // simplify-cfg has not run again yet
    const optimized = irCommandOutput(module, { optLevel: '2' });
    expect(optimized).not.toContain('brif');
    expect(irCommandOutput(module, { passes: 'const-fold,simplify-cfg' })).not.toContain('brif');
  });

  it('rejects bad options as input errors', () => {
    const module = parseModule(assembleWat(SQUARE));
    expect(() => irCommandOutput(module, { after: 'nope' })).toThrow(CliInputError);
    expect(() => irCommandOutput(module, { optLevel: '9' })).toThrow(CliInputError);
    expect(() => irCommandOutput(module, { optLevel: '1', passes: 'dce' })).toThrow(/either -O or --passes/);
  });
});

describe('heron run -O', () => {
  const repo = resolve(import.meta.dirname, '../..');
  it('keys the compile cache by level and runs at every level', () => {
    const bytes = assembleWat(SQUARE);
    expect(cacheKey(bytes, { optLevel: 0 })).not.toBe(cacheKey(bytes, { optLevel: 2 }));
    const dir = mkdtempSync(join(tmpdir(), 'heron-passes-'));
    const hello = join(benchWasmDir(), 'hello.wasm');
    for (const level of ['0', '2']) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'cli/heron.ts'), 'run', '-O', level, '--cache-dir', dir, hello], {
        cwd: repo,
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain('hello');
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.mjs'))).toHaveLength(2);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'cli/heron.ts'), 'run', '-O', '5', hello], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/-O 5: optimization level '5' is not 0, 1, 2 or 3/);
  });
});
