/**
 * Times each bench program compiled to JS against V8's native WebAssembly in the same
 * process (not part of npm test):
 *   node --import tsx tests/backend/bench.ts [--runs N] [NAME...]
 * Native runs go through node:wasi, which needs --no-turbo-fast-api-calls on Node 20 (set here).
 */
import { setFlagsFromString } from 'node:v8';
import { WASI as NodeWasi } from 'node:wasi';
import { benchPrograms, benchWasm, compileForTest, runWasiCommand, type BenchProgram } from './harness.js';

setFlagsFromString('--no-turbo-fast-api-calls');

interface NativeWebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: unknown) => { exports: Record<string, unknown> };
}

const args = process.argv.slice(2);
const runsFlag = args.indexOf('--runs');
const runs = runsFlag >= 0 ? Number(args[runsFlag + 1]) : 5;
const names = args.filter((arg, i) => !arg.startsWith('--') && i !== runsFlag + 1);

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeCompiled(program: BenchProgram): number[] {
  const instantiate = compileForTest(benchWasm(program.name));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const outcome = runWasiCommand(instantiate, program);
    times.push(performance.now() - start);
    if (outcome.stdout !== program.stdout || outcome.exitCode !== program.exitCode) throw new Error(`${program.name}: wrong output`);
  }
  return times;
}

function timeNative(program: BenchProgram): number[] {
  const wasm = (globalThis as unknown as { WebAssembly: NativeWebAssembly }).WebAssembly;
  const module = new wasm.Module(benchWasm(program.name));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const wasi = new NodeWasi({ version: 'preview1', args: [program.name, ...program.args], env: program.env, returnOnExit: true, stdout: 2 });
    const instance = new wasm.Instance(module, wasi.getImportObject());
    const start = performance.now();
    wasi.start(instance as never);
    times.push(performance.now() - start);
  }
  return times;
}

console.log(`node ${process.version}, ${runs} runs each (median ms; ratio = compiled / native)`);
for (const program of benchPrograms()) {
  if (names.length > 0 && !names.includes(program.name)) continue;
  try {
    const compiled = median(timeCompiled(program));
    const native = median(timeNative(program));
    console.log(`${program.name.padEnd(16)} compiled ${compiled.toFixed(1).padStart(9)}  native ${native.toFixed(1).padStart(8)}  ratio ${(compiled / native).toFixed(2).padStart(7)}`);
  } catch (error) {
    console.log(`${program.name.padEnd(16)} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
