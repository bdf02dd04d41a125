/**
 * Translator properties the filetests do not pin down: API behaviour and errors, source
 * offsets, determinism, the IR text round trip, robustness on deep nesting and long merge
 * chains (no recursion), and a timing print for large inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Module } from '../../compiler/module.js';
import { decodeModule } from '../../compiler/decoder.js';
import { parseModule } from '../../compiler/parse.js';
import { TranslateError, translateFunction, translateModule } from '../../compiler/translate.js';
import type { IrFunction } from '../../ir/function.js';
import { parseIrModule } from '../../ir/parser.js';
import { printFunction, printModule } from '../../ir/printer.js';
import { formatVerifierError, verifyFunction } from '../../ir/verifier.js';
import type { ModuleEnv } from '../../ir/types.js';
import { benchModules } from './corpus.js';
import { deepBlocksBody, deepLoopsBody, i32Module, ifChainBody, loopBody } from './synthetic.js';
import { assembleWat, watModule } from './wat.js';

function expectVerified(fn: IrFunction, env: ModuleEnv): void {
  expect(verifyFunction(fn, env).map((error) => formatVerifierError(fn, error))).toEqual([]);
}

function codeBytes(module: Module): number {
  return module.bodies.reduce((sum, body) => sum + (body.codeEnd - body.codeStart), 0);
}

describe('translateFunction / translateModule', () => {
  it('translates one function by index, equal to its translation in the module', () => {
    const module = watModule(`(module
      (import "env" "f" (func $imported))
      (func $a (result i32) (i32.const 1))
      (func $b (export "bee") (param i32) (result i32) (i32.add (local.get 0) (call $a))))`);
    const whole = translateModule(module);
    expect(whole.functions.map((fn) => fn.funcIndex)).toEqual([1, 2]);
    const single = translateFunction(module, 2);
    expect(printFunction(single)).toBe(printFunction(whole.functions[1]!));
    expect(single.name).toBe('b');
    expect(single.typeIndex).toBe(module.funcTypes[2]);
    expect(single.srcOffset).toBe(module.bodies[1]!.offset);
  });

  it('names functions from exports when the name section has none', () => {
    const module = parseModule(i32Module([loopBody(1)]));
    expect(translateFunction(module, 0).name).toBeNull();
    const exported = watModule(`(module (func (export "run") (result i32) (i32.const 0)))`);
    exported.names.functions.clear();
    expect(translateModule(exported).functions[0]!.name).toBe('run');
  });

  it('rejects imported and unknown function indices with a TranslateError', () => {
    const module = watModule(`(module (import "env" "f" (func)) (func))`);
    expect(() => translateFunction(module, 0)).toThrow(TranslateError);
    expect(() => translateFunction(module, 0)).toThrow(/function 0 has no body/);
    expect(() => translateFunction(module, 7)).toThrow(TranslateError);
  });

  it('reports a located TranslateError (never a crash) for a module that skipped validation', () => {
    const unvalidated = decodeModule(assembleWat(`(module (func $bad (result i32) (i32.add (i32.const 1)) (br 5)))`));
    expect(() => translateModule(unvalidated)).toThrow(TranslateError);
    expect(() => translateModule(unvalidated)).toThrow(/^func 0 \(\$bad\) @0x[0-9a-f]+: /);
  });

  it('records the Wasm byte offset of every instruction (except the shared zero constants)', () => {
    const module = watModule(`(module (memory 1)
      (func (param $p i32) (result i32) (local $z i32)
        (if (local.get $p) (then (i32.store (local.get $p) (i32.const 1))))
        (i32.add (local.get $z) (i32.load offset=4 (local.get $p)))))`);
    const body = module.bodies[0]!;
    const fn = translateFunction(module, 0);
    const placed = fn.layout.flatMap((block) => fn.blocks[block]!.insts.map((inst) => fn.insts[inst]!));
    const zero = placed.filter((inst) => inst.srcOffset === -1);
    expect(zero.map((inst) => inst.opcode)).toEqual(['i32.const']);
    for (const inst of placed) {
      if (inst.srcOffset === -1) continue;
      expect(inst.srcOffset).toBeGreaterThanOrEqual(body.codeStart);
      expect(inst.srcOffset).toBeLessThan(body.codeEnd);
      expect(module.bytes[inst.srcOffset]).toBeDefined();
    }
    // The load is the instruction at its offset: opcode byte 0x28.
    const load = placed.find((inst) => inst.opcode === 'i32.load')!;
    expect(module.bytes[load.srcOffset]).toBe(0x28);
  });

  it('is deterministic and its output round-trips through the IR text format', () => {
    for (const { path } of benchModules().filter(({ name }) => name.endsWith('/fib.wasm'))) {
      const module = parseModule(readFileSync(path));
      const text = printModule(translateModule(module));
      expect(printModule(translateModule(module))).toBe(text);
      expect(printModule(parseIrModule(text))).toBe(text);
    }
  });

  it('never leaves an unsealed block, an empty block or an unreached block in the layout', () => {
    const module = watModule(`(module
      (func (param i32) (result i32)
        (block $a (block $b (br_table $a $b (local.get 0))) (unreachable))
        (loop $l (br_if $l (i32.eqz (local.get 0))))
        (if (result i32) (local.get 0) (then (return (i32.const 1))) (else (i32.const 2)))))`);
    const fn = translateFunction(module, 0);
    expectVerified(fn, translateModule(module).env);
    const reached = new Set(fn.layout);
    for (const block of fn.layout) {
      expect(fn.blocks[block]!.insts.length).toBeGreaterThan(0);
      for (const call of fn.insts[fn.blocks[block]!.insts.at(-1)!]!.targets) expect(reached.has(call.block)).toBe(true);
    }
  });
});

describe('robustness on big and deep bodies', () => {
  const cases: [string, ReturnType<typeof loopBody>][] = [
    ['20000 nested blocks', deepBlocksBody(20_000)],
    ['3000 nested loops', deepLoopsBody(3_000)],
    ['a chain of 20000 merges', ifChainBody(20_000)],
  ];
  for (const [name, body] of cases) {
    it(`${name}: no stack overflow, verified`, () => {
      const module = parseModule(i32Module([body]));
      const ir = translateModule(module);
      expectVerified(ir.functions[0]!, ir.env);
    });
  }

  it('a chain of merges gets one block param per merge that may change the local', () => {
    const ir = translateModule(parseModule(i32Module([ifChainBody(100)])));
    const fn = ir.functions[0]!;
    const params = fn.layout.slice(1).reduce((sum, block) => sum + fn.blocks[block]!.params.length, 0);
    expect(params).toBe(100);
    // Reading the local once more after the chain adds nothing: the last merge's param is memoized.
    const twice = translateModule(parseModule(i32Module([{ locals: 1, code: [...ifChainBody(100).code, 0x20, 2, 0x6a] }])));
    const again = twice.functions[0]!;
    expect(again.layout.slice(1).reduce((sum, block) => sum + again.blocks[block]!.params.length, 0)).toBe(100);
  });

  it('prints translation throughput on the bench programs and a big synthetic module', () => {
    const modules = benchModules().map(({ path }) => parseModule(readFileSync(path)));
    const synthetic = parseModule(i32Module(Array.from({ length: 400 }, () => loopBody(40))));
    modules.push(synthetic);
    translateModule(synthetic); // warm up the JIT so the numbers describe steady state
    let bytes = 0;
    let instructions = 0;
    const start = performance.now();
    for (const module of modules) {
      bytes += codeBytes(module);
      for (const fn of translateModule(module).functions) instructions += fn.insts.length;
    }
    const seconds = (performance.now() - start) / 1000;
    const syntheticStart = performance.now();
    translateModule(synthetic);
    const syntheticSeconds = (performance.now() - syntheticStart) / 1000;
    console.log(
      `translate: ${modules.length} modules, ${(bytes / 1e6).toFixed(2)} MB of code, ${instructions} IR instructions ` +
        `in ${(seconds * 1000).toFixed(0)} ms (${(bytes / 1e6 / seconds).toFixed(2)} MB/s, ` +
        `${(instructions / seconds / 1e6).toFixed(2)} M inst/s); synthetic ${(codeBytes(synthetic) / 1e6).toFixed(2)} MB ` +
        `in ${(syntheticSeconds * 1000).toFixed(0)} ms`,
    );
    expect(instructions).toBeGreaterThan(100_000);
  });
});
