/**
 * Self-test of the spec runner with V8's own WebAssembly: a few real scripts must pass
 * completely, and hand-made scripts with wrong expectations must fail — so a green spec
 * run means something (NaN payloads, v128 lanes, host references, traps, rejections).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wabtInit from 'wabt';
import type { Engine } from './engine.js';
import { createNativeEngine } from './engines/native.js';
import { defaultSpecDir, discoverScripts, type SpecCommand, type SpecScript, type SpecValue } from './loader.js';
import { summarize } from './report.js';
import { runScript, runScripts, type CommandResult } from './script-runner.js';

const engine: Engine = createNativeEngine();

describe('native engine on real scripts', () => {
  // `filter` is a substring: core/f32 also selects f32_bitwise and f32_cmp, throw also rethrow.
  const cases: { core: boolean; proposal?: 'tail-call' | 'exception-handling'; filter: string; passed: number }[] = [
    { core: true, filter: 'core/i32', passed: 458 },
    { core: true, filter: 'core/f32', passed: 5283 },
    { core: true, filter: 'core/simd_lane', passed: 369 },
    { core: true, filter: 'core/simd_f32x4_arith', passed: 1822 },
    { core: true, filter: 'core/linking', passed: 132 },
    { core: true, filter: 'core/exports', passed: 96 },
    { core: false, proposal: 'tail-call', filter: 'return_call', passed: 108 },
    { core: false, proposal: 'exception-handling', filter: 'throw', passed: 27 },
  ];
  for (const { core, proposal, filter, passed } of cases) {
    it(`passes ${proposal === undefined ? '' : `${proposal}: `}${filter}`, async () => {
      const scripts = discoverScripts(defaultSpecDir(), { core, proposals: proposal ? [proposal] : [], filter });
      expect(scripts.length).toBeGreaterThan(0);
      const summary = summarize(engine.name, await runScripts(engine, scripts));
      expect(summary.failures).toEqual([]);
      // Exact counts: nothing the scripts contain may be skipped silently.
      expect(summary.totals.passed).toBe(passed);
    });
  }
});

/** Hand-made scripts: modules in text format (compiled with wabt) and their commands. */
describe('runner detects wrong results', () => {
  let dir: string;
  let wabt: Awaited<ReturnType<typeof wabtInit>>;
  let scriptCount = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'heron-spec-selftest-'));
    wabt = await wabtInit();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `modules` as NAME.i.wasm and runs `commands` (filenames refer to those). */
  async function run(modules: string[], commands: SpecCommand[]): Promise<CommandResult[]> {
    const name = `selftest${scriptCount++}`;
    modules.forEach((wat, i) => {
      const module = wabt.parseWat(`${name}.${i}.wat`, wat, { simd: true, reference_types: true, multi_value: true });
      writeFileSync(join(dir, `${name}.${i}.wasm`), module.toBinary({}).buffer);
    });
    const jsonPath = join(dir, `${name}.json`);
    writeFileSync(jsonPath, JSON.stringify({ commands }));
    const script: SpecScript = { suite: 'core', name, id: `selftest/${name}`, dir, jsonPath };
    const result = await runScript(engine, script);
    expect(result.scriptError).toBeUndefined();
    return result.results;
  }

  const values = `(module
    (func (export "i32") (result i32) (i32.const 7))
    (func (export "snan") (result f32) (f32.reinterpret_i32 (i32.const 0x7fa00000)))
    (func (export "arith-nan") (result f32) (f32.reinterpret_i32 (i32.const 0x7fe00000)))
    (func (export "neg-zero") (result f64) (f64.const -0))
    (func (export "pair") (result i64 i64) (i64.const 1) (i64.const -1))
    (func (export "vec") (result v128) (v128.const i32x4 1 2 3 4))
    (func (export "vec-nan") (result v128) (v128.const i32x4 0x7fc00000 0x7fa00000 0 0))
    (func (export "id") (param externref) (result externref) (local.get 0))
    (func (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (global (export "g") f32 (f32.const 1.5))
    (global (export "gm") (mut i32) (i32.const 3)))`;
  const invoke = (field: string, args: SpecValue[] = []) => ({ type: 'invoke' as const, field, args });
  const f32 = (value: string) => ({ type: 'f32', value });
  const ret = (line: number, field: string, expected: SpecValue[], args: SpecValue[] = []): SpecCommand => ({
    type: 'assert_return',
    line,
    action: invoke(field, args),
    expected,
  });

  it('checks scalar, NaN-class, v128 and reference results bit-exactly', async () => {
    const vecI32 = (lanes: string[]) => ({ type: 'v128', lane_type: 'i32', value: lanes });
    const vecF32 = (lanes: string[]) => ({ type: 'v128', lane_type: 'f32', value: lanes });
    const host = (value: string) => ({ type: 'externref', value });
    const commands: SpecCommand[] = [
      { type: 'module', line: 1, filename: 'selftest0.0.wasm' },
      ret(10, 'i32', [{ type: 'i32', value: '7' }]),
      ret(11, 'i32', [{ type: 'i32', value: '8' }]),
      ret(12, 'snan', [f32('2141192192')]), // 0x7fa00000 exactly: a signalling NaN survives
      ret(13, 'snan', [f32('2143289344')]), // 0x7fc00000: wrong payload
      ret(14, 'snan', [f32('nan:arithmetic')]), // quiet bit clear: not arithmetic
      ret(15, 'arith-nan', [f32('nan:arithmetic')]),
      ret(16, 'arith-nan', [f32('nan:canonical')]), // payload beyond the quiet bit
      ret(17, 'neg-zero', [{ type: 'f64', value: '0' }]), // -0 is not +0
      ret(18, 'pair', [{ type: 'i64', value: '1' }, { type: 'i64', value: '18446744073709551615' }]),
      ret(19, 'pair', [{ type: 'i64', value: '1' }, { type: 'i64', value: '18446744073709551614' }]),
      ret(20, 'vec', [vecI32(['1', '2', '3', '4'])]),
      ret(21, 'vec', [vecI32(['1', '2', '3', '5'])]),
      ret(22, 'vec-nan', [vecF32(['nan:canonical', 'nan:canonical', '0', '0'])]), // lane 1 is not canonical
      ret(23, 'vec-nan', [vecF32(['nan:canonical', '2141192192', '0', '0'])]),
      ret(24, 'id', [host('1')], [host('1')]),
      ret(25, 'id', [host('2')], [host('1')]),
      ret(26, 'id', [{ type: 'externref', value: 'null' }], [host('1')]),
      ret(27, 'id', [{ type: 'externref', value: 'null' }], [{ type: 'externref', value: 'null' }]),
      { type: 'assert_return', line: 28, action: { type: 'get', field: 'g' }, expected: [f32('1069547520')] },
      { type: 'assert_return', line: 29, action: { type: 'get', field: 'gm' }, expected: [{ type: 'i32', value: '3' }] },
      { type: 'assert_return', line: 30, action: { type: 'get', field: 'gm' }, expected: [{ type: 'i32', value: '4' }] },
      ret(31, 'missing', []),
    ];
    const outcomes = Object.fromEntries((await run([values], commands)).map((r) => [r.line, r.outcome]));
    const failing = [11, 13, 14, 16, 17, 19, 21, 22, 25, 26, 30, 31];
    for (const command of commands) {
      expect([command.line, outcomes[command.line]]).toEqual([command.line, failing.includes(command.line) ? 'failed' : 'passed']);
    }
  });

  it('reports what the wrong result was', async () => {
    const results = await run([values], [
      { type: 'module', line: 1, filename: 'selftest1.0.wasm' },
      ret(2, 'snan', [f32('2143289344')]),
      ret(3, 'vec', [{ type: 'v128', lane_type: 'i32', value: ['1', '2', '3', '5'] }]),
    ]);
    expect(results[1]!.reason).toContain('nan(0x7fa00000)');
    expect(results[2]!.reason).toContain('[1 2 3 4]');
  });

  it('judges traps, rejections and module commands', async () => {
    const invalid = `(module (func (result i32) (i64.const 0)))`;
    const trapsAtStart = `(module (func $start unreachable) (start $start))`;
    const commands: SpecCommand[] = [
      { type: 'module', line: 1, name: '$m', filename: 'selftest2.0.wasm' },
      { type: 'assert_trap', line: 2, action: invoke('div', [{ type: 'i32', value: '0' }]), text: 'integer divide by zero', expected: [{ type: 'i32' }] },
      { type: 'assert_trap', line: 3, action: invoke('div', [{ type: 'i32', value: '1' }]), text: 'integer divide by zero', expected: [{ type: 'i32' }] },
      ret(4, 'div', [{ type: 'i32', value: '1' }], [{ type: 'i32', value: '0' }]),
      { type: 'assert_exhaustion', line: 5, action: invoke('i32'), text: 'call stack exhausted', expected: [{ type: 'i32' }] },
      { type: 'assert_invalid', line: 6, filename: 'selftest2.1.wasm', text: 'type mismatch', module_type: 'binary' },
      { type: 'assert_malformed', line: 7, filename: 'selftest2.0.wasm', text: 'unexpected end', module_type: 'binary' },
      { type: 'assert_unlinkable', line: 8, filename: 'selftest2.0.wasm', text: 'unknown import', module_type: 'binary' },
      { type: 'register', line: 9, name: '$m', as: 'M' },
      { type: 'register', line: 10, name: '$nope', as: 'N' },
      { type: 'assert_malformed', line: 11, filename: 'selftest2.2.wat', text: 'unexpected token', module_type: 'text' },
      { type: 'assert_uninstantiable', line: 12, filename: 'selftest2.0.wasm', text: 'unreachable', module_type: 'binary' },
      { type: 'assert_trap', line: 13, filename: 'selftest2.0.wasm', text: 'unreachable' },
      { type: 'assert_uninstantiable', line: 14, filename: 'selftest2.2.wasm', text: 'unreachable', module_type: 'binary' },
    ];
    const results = await run([values, invalid, trapsAtStart], commands);
    expect(results.map((r) => [r.line, r.outcome])).toEqual([
      [1, 'passed'],
      [2, 'passed'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'failed'],
      [6, 'passed'],
      [7, 'failed'],
      [8, 'failed'],
      [9, 'passed'],
      [10, 'failed'],
      [11, 'skipped'],
      [12, 'failed'],
      [13, 'failed'],
      [14, 'passed'],
    ]);
  });
});
