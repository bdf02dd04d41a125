/**
 * Differential check against V8: spec modules with one byte changed or cut short must get the same
 * verdict (valid or not) from Heron's decoder + validator and from Node's own
 * `WebAssembly.validate`. Mutations hit types, opcodes and indices that the spec tests
 * never combine, so this catches both false rejections and false acceptances.
 *
 * V8 runs in a child process with the memory64 and extended-const flags (Node 20 ships
 * the other proposals, except multi-memory, whose suite is left out). Verdicts where V8
 * only applies one of its implementation limits (e.g. at most 262144 memory64 pages) are
 * not disagreements.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_FEATURES, type WasmFeatures } from '../../compiler/features.js';
import { CompileError } from '../../runtime-support/errors.js';
import { specRoot } from './spec-suite.js';
import { validateBytes } from './wat.js';

const MUTATIONS_PER_MODULE = 5;

/** What V8 in Node 20 implements with the flags below: everything Heron does but multi-memory. */
const V8_FEATURES: Readonly<WasmFeatures> = { ...ALL_FEATURES, multiMemory: false };

/** Reads base64 modules, one per line, and prints V8's verdict for each: "ok" or its message. */
const V8_VALIDATOR = `
const lines = require('node:fs').readFileSync(0, 'utf8').split('\\n').filter(Boolean);
const verdicts = lines.map((line) => {
  try { new WebAssembly.Module(Buffer.from(line, 'base64')); return 'ok'; }
  catch (error) { return String(error.message).replace(/\\n/g, ' '); }
});
process.stdout.write(JSON.stringify(verdicts));
`;

function v8Verdicts(modules: Uint8Array[]): string[] {
  const output = execFileSync(
    process.execPath,
    ['--experimental-wasm-memory64', '--experimental-wasm-extended-const', '-e', V8_VALIDATOR],
    { input: modules.map((bytes) => Buffer.from(bytes).toString('base64')).join('\n'), maxBuffer: 1 << 28 },
  );
  return JSON.parse(output.toString('utf8')) as string[];
}

function heronVerdict(bytes: Uint8Array): string {
  try {
    validateBytes(bytes, V8_FEATURES);
    return 'ok';
  } catch (error) {
    if (error instanceof CompileError) return (error as Error).message;
    return `crash: ${String(error)}`;
  }
}

/** Every module the suites instantiate, except multi-memory's (V8 in Node 20 lacks it). */
function suiteModules(): string[] {
  const dirs = [join(specRoot, 'core')];
  const proposals = join(specRoot, 'proposals');
  for (const name of readdirSync(proposals).sort()) if (name !== 'multi-memory') dirs.push(join(proposals, name));
  const files: string[] = [];
  for (const dir of dirs) {
    for (const test of readdirSync(dir).sort()) {
      const json = join(dir, test, `${test}.json`);
      if (!existsSync(json)) continue;
      const { commands } = JSON.parse(readFileSync(json, 'utf8')) as { commands: { type: string; filename?: string }[] };
      for (const command of commands) {
        if (command.type === 'module' && command.filename !== undefined) files.push(join(dir, test, command.filename));
      }
    }
  }
  return files;
}

describe('Heron and V8 agree on mutated modules', () => {
  it('valid or invalid alike, and Heron rejects with CompileError, never a crash', () => {
    let state = 0x2545f491;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 0x100000000;
    };
    const modules: Uint8Array[] = [];
    const labels: string[] = [];
    for (const file of suiteModules()) {
      const original = new Uint8Array(readFileSync(file));
      if (original.length <= 8) continue; // just the header: nothing to change
      for (let i = 0; i < MUTATIONS_PER_MODULE; i++) {
        const at = 8 + Math.floor(next() * (original.length - 8));
        const name = file.slice(specRoot.length);
        if (next() < 0.1) {
          modules.push(original.slice(0, at));
          labels.push(`${name} cut at byte ${at}`);
        } else {
          const mutated = original.slice();
          mutated[at] = Math.floor(next() * 256);
          modules.push(mutated);
          labels.push(`${name} byte ${at} = 0x${mutated[at]!.toString(16)}`);
        }
      }
    }
    const v8 = v8Verdicts(modules);
    const disagreements: string[] = [];
    let bothValid = 0;
    modules.forEach((bytes, i) => {
      const heron = heronVerdict(bytes);
      const theirs = v8[i]!;
      if ((heron === 'ok') === (theirs === 'ok') && !heron.startsWith('crash')) {
        if (heron === 'ok') bothValid++;
        return;
      }
      if (heron === 'ok' && theirs.includes('implementation limit')) return;
      disagreements.push(`${labels[i]}: heron ${heron === 'ok' ? 'accepts' : `rejects (${heron})`}; V8 ${theirs}`);
    });
    console.log(`${modules.length} mutated modules, ${bothValid} valid for both, ${disagreements.length} disagreements`);
    expect(disagreements).toEqual([]);
    expect(bothValid).toBeGreaterThan(100);
  });
});
