import { describe, expect, it } from 'vitest';
import { ALL_OPS } from '../../ir/opcodes/index.js';
import { parseIrModule } from '../../ir/parser.js';
import { printModule } from '../../ir/printer.js';
import { formatVerifierError, verifyModule } from '../../ir/verifier.js';
import { sampleFunction } from './samples.js';

describe('every opcode of the table', () => {
  it('has a sample that verifies, prints, parses back to equal IR and prints identically', () => {
    const failures: string[] = [];
    for (const info of ALL_OPS) {
      const module = sampleFunction(info);
      const errors = verifyModule(module).map((error) => formatVerifierError(module.functions[0]!, error));
      if (errors.length > 0) {
        failures.push(`${info.name}: ${errors.join('; ')}`);
        continue;
      }
      const text = printModule(module);
      if (!text.includes(` = ${info.name} `) && !text.includes(`    ${info.name}`)) failures.push(`${info.name}: not in text`);
      const parsed = parseIrModule(text);
      if (printModule(parsed) !== text) failures.push(`${info.name}: reprint differs`);
      try {
        expect(parsed.functions).toEqual(module.functions);
        expect(parsed.env).toEqual(module.env);
      } catch {
        failures.push(`${info.name}: parsed IR differs from built IR`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('covers more than 500 opcodes, with unique names', () => {
    expect(ALL_OPS.length).toBeGreaterThan(500);
    expect(new Set(ALL_OPS.map((info) => info.name)).size).toBe(ALL_OPS.length);
  });
});
