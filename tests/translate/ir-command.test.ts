/** `heron ir`: function selection, colors, and one-line errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { irCommandOutput, registerIrCommand, resolveFunction } from '../../cli/ir-command.js';
import { CliInputError } from '../../cli/read-input.js';
import { assembleWat, watModule } from './wat.js';

const SOURCE = `(module
  (import "env" "log" (func $log (param i32)))
  (func $square (export "sq") (param $x i32) (result i32) (i32.mul (local.get $x) (local.get $x)))
  (func (export "twice") (param i32) (result i32) (i32.add (local.get 0) (local.get 0))))`;

/** Runs `heron ir ARGS` in-process; returns what it wrote to stdout. */
async function runIr(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  registerIrCommand(program);
  let output = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'heron', 'ir', ...args]);
  } finally {
    write.mockRestore();
  }
  return output;
}

function wasmFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'heron-ir-')), 'app.wasm');
  writeFileSync(path, assembleWat(SOURCE));
  return path;
}

describe('heron ir', () => {
  afterEach(() => vi.restoreAllMocks());

  it('selects functions by index, name-section name, $name or export name', () => {
    const module = watModule(SOURCE);
    expect(resolveFunction(module, '1')).toBe(1);
    expect(resolveFunction(module, 'square')).toBe(1);
    expect(resolveFunction(module, '$square')).toBe(1);
    expect(resolveFunction(module, 'sq')).toBe(1);
    expect(resolveFunction(module, 'twice')).toBe(2);
  });

  it('refuses imported, unknown and out-of-range functions with one-line errors', () => {
    const module = watModule(SOURCE);
    expect(() => resolveFunction(module, '0')).toThrow(CliInputError);
    expect(() => resolveFunction(module, 'log')).toThrow(/imported/);
    expect(() => resolveFunction(module, 'nope')).toThrow(/no function named 'nope'/);
    expect(() => resolveFunction(module, '9')).toThrow(/out of range/);
  });

  it('prints the whole module or one function, colored only on request', () => {
    const module = watModule(SOURCE);
    const whole = irCommandOutput(module, {});
    expect(whole).toContain('fn0: type');
    expect(whole).toContain('function fn1 $square:');
    expect(whole).toContain('function fn2 $twice:');
    const one = irCommandOutput(module, { func: 'sq' });
    expect(one).toMatch(/^function fn1 \$square: type\d+ \{/);
    expect(one).toContain('i32.mul v0, v0');
    expect(one).not.toContain('\x1b[');
    expect(irCommandOutput(module, { func: 'sq', color: true })).toContain('\x1b[');
  });

  it('runs as a subcommand: --func, --color / --no-color, errors for bad input', async () => {
    const path = wasmFile();
    const plain = await runIr([path, '--func', 'twice', '--no-color']);
    expect(plain).toContain('function fn2 $twice:');
    expect(plain).not.toContain('\x1b[');
    expect(await runIr([path, '--func', '1', '--color'])).toContain('\x1b[');
    await expect(runIr([path, '--func', 'missing'])).rejects.toThrow(CliInputError);
    const garbage = join(mkdtempSync(join(tmpdir(), 'heron-ir-')), 'bad.wasm');
    writeFileSync(garbage, 'not wasm');
    const error = await runIr([garbage]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CliInputError);
    expect((error as Error).message).toMatch(/bad\.wasm: CompileError: .*magic/);
    expect((error as Error).message).not.toContain('\n');
  });
});
