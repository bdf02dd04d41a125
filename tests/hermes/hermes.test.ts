/**
 * Compiled output on Hermes 0.12 (React Native's engine; npm hermes-engine-cli), as emitted
 * with `target: 'es5'`: bench programs print exactly their expected output (script and
 * CommonJS formats), errors keep their classes, and spec scripts pass all their numeric
 * assertions. hermes-script.ts says how a script is put together and what Hermes lacks.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { afterAll, describe, expect, it } from 'vitest';
import { benchPrograms, benchWasm } from '../backend/harness.js';
import { defaultSpecDir, discoverScripts } from '../spec/loader.js';
import { hermesAvailable, hermesCommonJsModule, hermesModuleScript, resultLine, runHermes, runHermesFiles, wasiDriver } from './hermes-script.js';
import { specDriver, type SpecDriverResult } from './spec-driver.js';

interface WasiResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const fromHex = (hex: string): string => Buffer.from(hex, 'hex').toString('utf8');

function expectBenchOutput(stdout: string, name: string): void {
  const program = benchPrograms().find((candidate) => candidate.name === name)!;
  const result = resultLine<WasiResult>(stdout);
  expect(fromHex(result.stdout)).toBe(program.stdout);
  expect(fromHex(result.stderr)).toBe(program.stderr);
  expect(result.exitCode).toBe(program.exitCode);
}

describe.runIf(hermesAvailable())('compiled output on Hermes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heron-hermes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // fib takes about 12 s on Hermes (an interpreter); crc32 and sort over 30 s each.
  for (const name of ['hello', 'exitcode', 'fib']) {
    it(`runs bench program ${name} from script output`, () => {
      const program = benchPrograms().find((candidate) => candidate.name === name)!;
      const script = `${hermesModuleScript(benchWasm(name), 'heronModule')}\n${wasiDriver('heronModule', [name, ...program.args], program.env)}`;
      const outcome = runHermes(script, join(dir, `${name}.js`), { timeoutMs: 120_000 });
      expect(outcome.status, outcome.stderr).toBe(0);
      expectBenchOutput(outcome.stdout, name);
    });
  }

  for (const name of ['hello', 'exitcode']) {
    it(`runs bench program ${name} from CommonJS output`, () => {
      const program = benchPrograms().find((candidate) => candidate.name === name)!;
      const modulePath = join(dir, `${name}.cjs.js`);
      const mainPath = join(dir, `${name}-main.js`);
      writeFileSync(modulePath, hermesCommonJsModule(benchWasm(name)));
      writeFileSync(mainPath, wasiDriver(`require('./${name}.cjs.js')`, [name, ...program.args], program.env));
      const outcome = runHermesFiles([mainPath, modulePath], { commonJs: true });
      expect(outcome.status, outcome.stderr).toBe(0);
      expectBenchOutput(outcome.stdout, name);
    });
  }

  it('throws errors of the runtime classes, with their names, messages and methods', async () => {
    const wabt = await wabtInit();
    const text = `(module
      (import "env" "f" (func))
      (tag $e (export "tag") (param i32))
      (func (export "trap") unreachable)
      (func (export "throw") (throw $e (i32.const 42))))`;
    const bytes = wabt.parseWat('errors.wat', text, { exceptions: true }).toBinary({}).buffer;
    // Hermes has no WebAssembly, so the classes are the runtime's own; reach them through the
    // errors' constructors and check each is a real subclass instance, not a plain Error.
    const driver = `
      function describe(run) {
        try { run(); return 'returned'; } catch (error) {
          var ctor = error.constructor;
          return [ctor.name, error.name, error.message, error instanceof ctor, error instanceof Error, ctor !== Error, String(error).split(':')[0]].join('|');
        }
      }
      var results = {};
      results.link = describe(function () { heronModule.instantiate({ env: {} }); });
      var exports = heronModule.instantiate({ env: { f: function () {} } }).exports;
      results.trap = describe(exports.trap);
      try { exports['throw'](); } catch (exception) {
        results.exception = [exception.constructor.name, exception.name, exception instanceof exception.constructor, exception instanceof Error,
          exception.is(exports.tag), exception.getArg(exports.tag, 0)].join('|');
      }
      print('HERON-RESULT ' + JSON.stringify(results));`;
    const outcome = runHermes(`${hermesModuleScript(bytes, 'heronModule')}\n${driver}`, join(dir, 'errors.js'));
    expect(outcome.status, outcome.stderr).toBe(0);
    const results = resultLine<Record<string, string>>(outcome.stdout);
    expect(results['link']).toMatch(/^LinkError\|LinkError\|[^|]*env[^|]*\|true\|true\|true\|LinkError$/);
    expect(results['trap']).toBe('RuntimeError|RuntimeError|unreachable|true|true|true|RuntimeError');
    expect(results['exception']).toBe('WasmException|WasmException|true|true|true|42');
  });

  /** Spec scripts whose numeric assertions must all pass. */
  const scripts: { id: string; optimize?: boolean; i64?: 'bigint' }[] = [
    { id: 'core/i32' },
    { id: 'core/i64' },
    { id: 'core/f32' },
    { id: 'core/f64' },
    // Includes f32/f64.convert_i64 of values >= 2^63, which Hermes's Number(BigInt) gets wrong
    // (runtime-support/js/numeric.ts converts through 32-bit words instead). i64 values are
    // int32 pairs in function bodies by default; the conversions box them to BigInt either way.
    { id: 'core/conversions' },
    { id: 'core/conversions', i64: 'bigint' },
    { id: 'core/i64', i64: 'bigint' },
    { id: 'core/int_exprs' },
    { id: 'core/memory_trap' },
    // Hermes's optimizing bytecode compiler takes minutes on this module (over 2 min in
    // hermesc alone); with -O0 the script runs in under a second.
    { id: 'core/br_table', optimize: false },
    { id: 'core/fac' },
  ];
  const byId = new Map(discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).map((script) => [script.id, script]));
  for (const { id, optimize, i64 } of scripts) {
    it(`passes the numeric assertions of spec script ${id}${i64 === undefined ? '' : ' with i64 as BigInt'}`, () => {
      const driver = specDriver(byId.get(id)!, i64);
      expect(driver.checked).toBeGreaterThan(0);
      const outcome = runHermes(driver.script, join(dir, `${id.replace('/', '-')}${i64 === undefined ? '' : `-${i64}`}.js`), { timeoutMs: 120_000, optimize });
      expect(outcome.status, outcome.stderr).toBe(0);
      const result = resultLine<SpecDriverResult>(outcome.stdout);
      expect(result.failures).toEqual([]);
      expect(result.failed).toBe(0);
      expect(result.passed).toBe(driver.checked);
    });
  }
});
