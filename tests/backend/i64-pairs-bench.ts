/**
 * Times bench programs compiled with i64 as BigInt and as int32 pairs against V8's native
 * WebAssembly, all in this process (not part of npm test):
 *   node --import tsx tests/backend/i64-pairs-bench.ts [--runs N] [--modes pairs,bigint] [NAME...]
 * (default: hash64, both modes; `--modes pairs` skips the slow BigInt run while iterating).
 * The figures quoted in backend-js/ops-i64-pairs.ts and README.md come from this script.
 */
import { setFlagsFromString } from 'node:v8';
import { WASI as NodeWasi } from 'node:wasi';
import { compile } from '../../backend-js/index.js';
import type { I64Mode } from '../../backend-js/ops-i64-pairs.js';
import * as runtime from '../../runtime-support/js/index.js';
import { benchPrograms, benchWasm, runWasiCommand, type BenchProgram, type CompiledInstance } from './harness.js';

setFlagsFromString('--no-turbo-fast-api-calls');

interface NativeWebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: unknown) => { exports: Record<string, unknown> };
}
type Factory = (rt: typeof runtime) => { instantiate(imports: unknown): CompiledInstance };

const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 3;
const modesFlag = args.indexOf('--modes');
const modes = (modesFlag >= 0 ? args[modesFlag + 1]! : 'pairs,bigint').split(',') as I64Mode[];
const names = args.filter((arg, i) => !arg.startsWith('--') && i !== runsFlag + 1 && i !== modesFlag + 1);
if (names.length === 0) names.push('hash64');

function timeCompiled(program: BenchProgram, mode: I64Mode): number {
  const { code } = compile(benchWasm(program.name), { format: 'factory', i64: mode });
  const { instantiate } = ((0, eval)(code) as Factory)(runtime);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const outcome = runWasiCommand((imports) => instantiate(imports ?? {}), program);
    best = Math.min(best, performance.now() - start);
    if (outcome.stdout !== program.stdout || outcome.exitCode !== program.exitCode) throw new Error(`${program.name} (${mode}): wrong output`);
  }
  return best;
}

function timeNative(program: BenchProgram): number {
  const wasm = (globalThis as unknown as { WebAssembly: NativeWebAssembly }).WebAssembly;
  const module = new wasm.Module(benchWasm(program.name));
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const wasi = new NodeWasi({ version: 'preview1', args: [program.name, ...program.args], env: program.env, returnOnExit: true, stdout: 2 });
    const instance = new wasm.Instance(module, wasi.getImportObject());
    const start = performance.now();
    wasi.start(instance as never);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

console.log(`node ${process.version}, best of ${runs} runs (ms; ratio = compiled / native)`);
for (const program of benchPrograms()) {
  if (!names.includes(program.name)) continue;
  const native = timeNative(program);
  const ratio = (ms: number): string => `${(ms / native).toFixed(2)}x`;
  const timings = modes.map((mode) => {
    const ms = timeCompiled(program, mode);
    return `${mode} ${ms.toFixed(1)} (${ratio(ms)})`;
  });
  console.log(`${program.name.padEnd(12)} native ${native.toFixed(1)}  ${timings.join('  ')}`);
}
