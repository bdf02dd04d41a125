/**
 * `heron ir FILE.wasm [--func NAME|INDEX] [-O LEVEL] [--after PASS | --passes a,b,c] [--color|--no-color]`:
 * print the Heron IR of a module, as translated or after optimization passes.
 */
import type { Command } from 'commander';
import type { Module } from '../compiler/module.js';
import { functionNames, translateFunction, translateModule } from '../compiler/translate.js';
import { printFunction, printModule } from '../ir/printer.js';
import { envFromModule } from '../ir/types.js';
import {
  optimizeFunction,
  optimizeModule,
  parseOptLevel,
  parsePassList,
  passSequence,
  PipelineOptionError,
  type PipelineOptions,
} from '../compiler/pipeline.js';
import { PASS_NAMES } from '../ir/passes/index.js';
import { CliInputError, readModuleFile } from './read-input.js';

export interface IrCommandOptions {
  /** A function's name (name section or export, with or without `$`) or its index. */
  func?: string;
  color?: boolean;
  /** Optimization level (-O); without it (and without `after` / `passes`) the IR is printed as translated. */
  optLevel?: string;
  /** Stop after the first run of this pass in the level's sequence (-O2 unless `optLevel`). */
  after?: string;
  /** An explicit comma-separated pass sequence instead of a level. */
  passes?: string;
}

/** The pipeline the options ask for, or null to print the IR as translated. */
export function irPipelineOptions(options: IrCommandOptions): PipelineOptions | null {
  if (options.optLevel === undefined && options.after === undefined && options.passes === undefined) return null;
  try {
    const pipeline: PipelineOptions = options.passes !== undefined ? { passes: parsePassList(options.passes) } : { optLevel: parseOptLevel(options.optLevel ?? '2') };
    if (options.passes !== undefined && options.optLevel !== undefined) throw new PipelineOptionError('give either -O or --passes, not both');
    if (options.after !== undefined) pipeline.after = options.after;
    passSequence(pipeline); // reject unknown pass names before translating anything
    return pipeline;
  } catch (error) {
    if (error instanceof PipelineOptionError) throw new CliInputError(error.message);
    throw error;
  }
}

/**
 * The Wasm function index `selector` names: a decimal index, else a name from the name
 * section or an export. Only defined functions have IR.
 */
export function resolveFunction(module: Module, selector: string): number {
  let index: number | undefined;
  if (/^\d+$/.test(selector)) {
    index = Number(selector);
    if (index >= module.funcTypes.length) {
      throw new CliInputError(`function index ${selector} is out of range (the module has ${module.funcTypes.length} functions)`);
    }
  } else {
    const wanted = selector.startsWith('$') ? selector.slice(1) : selector;
    for (const [candidate, name] of module.names.functions) if (name === wanted) index ??= candidate;
    for (const exported of module.exports) if (exported.kind === 'func' && exported.name === wanted) index ??= exported.index;
    for (const [candidate, name] of functionNames(module)) if (name === wanted) index ??= candidate;
    if (index === undefined) throw new CliInputError(`no function named '${selector}' (neither in the name section nor exported)`);
  }
  if (index < module.importedFuncCount) throw new CliInputError(`function ${selector} is imported: it has no body to translate`);
  return index;
}

/** The text `heron ir` prints. */
export function irCommandOutput(module: Module, options: IrCommandOptions): string {
  const print = { color: options.color === true };
  const pipeline = irPipelineOptions(options);
  if (options.func === undefined) {
    const ir = translateModule(module);
    if (pipeline !== null) optimizeModule(ir, pipeline);
    return printModule(ir, print);
  }
  const fn = translateFunction(module, resolveFunction(module, options.func));
  if (pipeline !== null) optimizeFunction(fn, envFromModule(module), pipeline);
  return printFunction(fn, print);
}

export function registerIrCommand(program: Command): void {
  program
    .command('ir')
    .description('print the Heron IR (SSA) the module translates to, or of one function')
    .argument('<file>', 'a .wasm file')
    .option('--func <name|index>', 'only this function: its name (name section or export) or index')
    .option('--color', 'color the output (default: when stdout is a terminal)')
    .option('--no-color', 'never color the output')
    .option('-O, --opt-level <0-3>', 'optimize at this level first (default: print the IR as translated)')
    .option('--after <pass>', 'stop after the first run of this pass in the -O sequence (default -O2)')
    .option('--passes <a,b,c>', `run exactly these passes, in order (${PASS_NAMES.join(', ')})`)
    .action((file: string, options: { func?: string; color?: boolean; optLevel?: string; after?: string; passes?: string }) => {
      const module = readModuleFile(file);
      const color = options.color ?? process.stdout.isTTY === true;
      const text = irCommandOutput(module, { ...options, color });
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
}
