/**
 * Run time of each bench program compiled at -O0 and at -O2, interleaved, median of N runs
 * (not part of npm test; numbers are only meaningful on an otherwise idle machine):
 *   node --import tsx tests/passes/bench-levels.ts [--runs N] [NAME...]
 */
import { compile } from '../../backend-js/index.js';
import * as runtime from '../../runtime-support/js/index.js';
import type { OptLevel } from '../../compiler/pipeline.js';
import { benchPrograms, benchWasm, runWasiCommand, type CompiledInstance } from '../backend/harness.js';

type Factory = (rt: typeof runtime) => { instantiate(imports: unknown): CompiledInstance };

const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
const names = args.filter((arg, i) => !arg.startsWith('--') && i !== runsFlag + 1);

function compiledAt(bytes: Uint8Array, optLevel: OptLevel): (imports?: unknown) => CompiledInstance {
  const factory = (0, eval)(compile(bytes, { format: 'factory', optLevel }).code) as Factory;
  const { instantiate } = factory(runtime);
  return (imports) => instantiate(imports ?? {});
}

const median = (times: number[]): number => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

console.log(`${runs} runs each, median ms (ratio = O2 / O0)`);
for (const program of benchPrograms()) {
  if (names.length > 0 && !names.includes(program.name)) continue;
  const bytes = benchWasm(program.name);
  const levels = [0, 2] as const;
  const instantiate = levels.map((level) => compiledAt(bytes, level));
  const times: number[][] = [[], []];
  for (let i = 0; i < runs; i++) {
    levels.forEach((_, k) => {
      const start = performance.now();
      const outcome = runWasiCommand(instantiate[k]!, program);
      times[k]!.push(performance.now() - start);
      if (outcome.stdout !== program.stdout) throw new Error(`${program.name} at -O${levels[k]}: wrong output`);
    });
  }
  const [o0, o2] = times.map(median) as [number, number];
  console.log(`${program.name.padEnd(16)} O0 ${o0.toFixed(1).padStart(9)}  O2 ${o2.toFixed(1).padStart(9)}  ratio ${(o2 / o0).toFixed(2)}`);
}
