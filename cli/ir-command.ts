/** `heron ir FILE.wasm [--func NAME|INDEX] [--color|--no-color]`: print the Heron IR of a module. */
import type { Command } from 'commander';
import type { Module } from '../compiler/module.js';
import { functionNames, translateFunction, translateModule } from '../compiler/translate.js';
import { printFunction, printModule } from '../ir/printer.js';
import { CliInputError, readModuleFile } from './read-input.js';

export interface IrCommandOptions {
  /** A function's name (name section or export, with or without `$`) or its index. */
  func?: string;
  color?: boolean;
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
  if (options.func === undefined) return printModule(translateModule(module), print);
  return printFunction(translateFunction(module, resolveFunction(module, options.func)), print);
}

export function registerIrCommand(program: Command): void {
  program
    .command('ir')
    .description('print the Heron IR (SSA) the module translates to, or of one function')
    .argument('<file>', 'a .wasm file')
    .option('--func <name|index>', 'only this function: its name (name section or export) or index')
    .option('--color', 'color the output (default: when stdout is a terminal)')
    .option('--no-color', 'never color the output')
    .action((file: string, options: { func?: string; color?: boolean }) => {
      const module = readModuleFile(file);
      const color = options.color ?? process.stdout.isTTY === true;
      const text = irCommandOutput(module, { ...(options.func === undefined ? {} : { func: options.func }), color });
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    });
}
