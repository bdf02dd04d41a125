/**
 * `pass NAME...`: runs IR passes, in the order given, on the file's module and prints the
 * result. A `.wat` file is assembled and translated first (every proposal on); any other
 * file is IR text. The IR verifier runs after every pass (compiler/pipeline.ts), so a pass
 * that breaks the IR fails the test outright. `; test: pass -O2` runs a whole level instead.
 */
import { optimizeModule, parseOptLevel, type PipelineOptions } from '../../../compiler/pipeline.js';
import { translateModule } from '../../../compiler/translate.js';
import type { IrModule } from '../../../ir/module.js';
import { parseIrModule } from '../../../ir/parser.js';
import { printModule } from '../../../ir/printer.js';
import { verifyOrThrow } from '../../../ir/verifier.js';
import { watModule } from '../../translate/wat.js';
import { registerFileTestKind } from '../registry.js';

registerFileTestKind('pass', ({ input, path, args }) => {
  if (args.length === 0) throw new Error(`${path}: 'test: pass' needs pass names (or -O<level>)`);
  const module: IrModule = path.endsWith('.wat') ? translateModule(watModule(input)) : parseIrModule(input);
  verifyOrThrow(module);
  const level = args.length === 1 && /^-O\d$/.test(args[0]!) ? parseOptLevel(args[0]!.slice(2)) : null;
  const pipeline: PipelineOptions = level === null ? { passes: args } : { optLevel: level };
  optimizeModule(module, { ...pipeline, verify: true });
  return printModule(module);
});
