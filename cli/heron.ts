#!/usr/bin/env node
/**
 * The `heron` command. Each subcommand lives in its own file; this one only wires them
 * to commander and turns Heron's typed errors into one-line messages and exit status 1.
 */
import { Command } from 'commander';
import { registerBenchCommand } from './bench-command.js';
import { registerCompileCommand } from './compile-command.js';
import { registerInspectCommand } from './inspect-command.js';
import { registerIrCommand } from './ir-command.js';
import { registerRunCommand } from './run-command.js';

const program = new Command();
program
  .name('heron')
  .description('Ahead-of-time compiler from WebAssembly to JavaScript')
  .version('0.1.0');

registerInspectCommand(program);
registerIrCommand(program);
registerRunCommand(program);
registerCompileCommand(program);
registerBenchCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`heron: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
