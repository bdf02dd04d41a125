/** `heron inspect FILE.wasm [--json]`: what a module asks for and what it contains. */
import type { Command } from 'commander';
import { formatInspectReport, inspectModule } from '../compiler/inspect.js';
import { readModuleFile } from './read-input.js';

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .description('show the capabilities a module requests, its exports, memories, tables, globals and features')
    .argument('<file>', 'a .wasm file')
    .option('--json', 'print a JSON report for machines')
    .action((file: string, options: { json?: boolean }) => {
      const report = inspectModule(readModuleFile(file));
      const text = options.json ? JSON.stringify(report, null, 2) : formatInspectReport(report, file);
      process.stdout.write(`${text}\n`);
    });
}
