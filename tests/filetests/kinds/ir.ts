/**
 * IR-only file-test kinds.
 *   print-parse  the file's IR (without comment-only lines) must print back exactly, and
 *                parse(print(ir)) must print identically; output: the printed IR.
 *   verify       output: one verifier error per line (empty when the IR is valid). With no
 *                check lines the IR must verify cleanly.
 */
import { parseIrModule } from '../../../ir/parser.js';
import { printModule } from '../../../ir/printer.js';
import { formatVerifierError, verifyFunction } from '../../../ir/verifier.js';
import { parseDirectives } from '../runner.js';
import { registerFileTestKind } from '../registry.js';

/** The IR text of a test file: everything but full-line comments, blank lines trimmed at both ends. */
function irText(input: string): string {
  const lines = input.split('\n').filter((line) => !/^\s*;/.test(line));
  return `${lines.join('\n').trim()}\n`;
}

registerFileTestKind('print-parse', ({ input }) => {
  const expected = irText(input);
  const printed = printModule(parseIrModule(input));
  if (printed !== expected) {
    throw new Error(`printing the parsed IR changes it:\n--- file ---\n${expected}--- printed ---\n${printed}`);
  }
  const reprinted = printModule(parseIrModule(printed));
  if (reprinted !== printed) throw new Error(`parse(print(ir)) prints differently:\n${reprinted}`);
  return printed;
});

registerFileTestKind('verify', ({ input }) => {
  const module = parseIrModule(input);
  const lines = module.functions.flatMap((fn) => verifyFunction(fn, module.env).map((error) => formatVerifierError(fn, error)));
  if (lines.length > 0 && parseDirectives(input).checks.length === 0) {
    throw new Error(`expected valid IR, the verifier reports:\n${lines.join('\n')}`);
  }
  return lines.join('\n');
});
