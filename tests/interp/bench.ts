// Ad-hoc benchmark runner (not a test): each /work/shared/bench program on the interpreter,
// checked against expected stdout, timed (one run, instantiation excluded).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpret } from '../../ir/interpreter/index.js';
import { WASI } from '../../runtime-support/wasi/index.js';
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'bench');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).programs;
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(manifest);
for (const name of names) {
  const entry = manifest[name];
  let out = '';
  const decoder = new TextDecoder();
  const wasi = new WASI({ args: [name, ...(entry.args ?? [])], env: entry.env ?? {}, stdout: { write: (b: Uint8Array) => { out += decoder.decode(b); } }, stderr: { write: () => {} } } as never);
  const t0 = performance.now();
  const instance = interpret(readFileSync(join(dir, 'wasm', `${name}.wasm`)), wasi.getImportObject() as never);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  let status: unknown;
  try { status = wasi.start(instance as never); } catch (e) { status = e; }
  const t2 = performance.now();
  const cpu = (process.cpuUsage().user - c1.user) / 1000;
  const expected = readFileSync(join(dir, 'expected', `${name}.txt`), 'utf8');
  console.log(`${name.padEnd(16)} instantiate ${(t1 - t0).toFixed(0).padStart(5)} ms  run ${(t2 - t1).toFixed(0).padStart(7)} ms  cpu ${cpu.toFixed(0).padStart(7)} ms  exit ${String(status)}  output ${out === expected ? 'ok' : 'MISMATCH'}`);
}
