/**
 * What the -O2 pipeline does to the bench modules (not part of npm test):
 *   node --import tsx tests/passes/bench-stats.ts [--verify]
 * Prints, per pass of the sequence, the instruction count before and after summed over all
 * modules, the functions it changed and its time, then the pipeline's total time per module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModule } from '../../compiler/parse.js';
import { optimizeModule, type PassStats } from '../../compiler/pipeline.js';
import { translateModule } from '../../compiler/translate.js';
import { benchWasmDir } from './bench-modules.js';

const verify = process.argv.includes('--verify');
const totals: PassStats[] = [];
let totalMs = 0;
for (const file of readdirSync(benchWasmDir()).filter((name) => name.endsWith('.wasm')).sort()) {
  const ir = translateModule(parseModule(readFileSync(join(benchWasmDir(), file))));
  const start = performance.now();
  const stats = optimizeModule(ir, { optLevel: 2, verify });
  const ms = performance.now() - start;
  totalMs += ms;
  const before = stats[0]?.instsBefore ?? 0;
  const after = stats[stats.length - 1]?.instsAfter ?? 0;
  console.log(`${file.padEnd(22)} ${String(ir.functions.length).padStart(4)} fns  ${String(before).padStart(7)} -> ${String(after).padStart(7)} insts (${((100 * (before - after)) / Math.max(before, 1)).toFixed(1)}% removed)  ${ms.toFixed(0)} ms`);
  stats.forEach((entry, i) => {
    const total = (totals[i] ??= { ...entry, instsBefore: 0, instsAfter: 0, changedFunctions: 0, ms: 0 });
    total.instsBefore += entry.instsBefore;
    total.instsAfter += entry.instsAfter;
    total.changedFunctions += entry.changedFunctions;
    total.ms += entry.ms;
  });
}
console.log(`\nper pass, all modules${verify ? ' (verifier time not included)' : ''}:`);
for (const entry of totals) {
  const delta = entry.instsBefore - entry.instsAfter;
  console.log(`  ${entry.pass.padEnd(14)} ${String(entry.instsBefore).padStart(7)} -> ${String(entry.instsAfter).padStart(7)}  (-${delta})  changed ${entry.changedFunctions} fns  ${entry.ms.toFixed(0)} ms`);
}
console.log(`pipeline total: ${totalMs.toFixed(0)} ms`);
