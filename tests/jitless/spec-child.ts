/**
 * Child process of jitless.test.ts: `node --jitless --import tsx spec-child.ts ID...` runs spec
 * scripts (ids like `core/i32`) with the `compiled` engine — Heron compiles every module and
 * every checking wrapper to JS in this process, which has no WebAssembly — and prints one line:
 * `HERON-RESULT {"webAssembly": typeof WebAssembly, "totals": ..., "failures": [...]}`.
 */
import { createCompiledEngine } from '../backend/engine.js';
import { defaultSpecDir, discoverScripts } from '../spec/loader.js';
import { summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';

const ids = process.argv.slice(2);
const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: [] }).filter((script) => ids.includes(script.id));
const missing = ids.filter((id) => !scripts.some((script) => script.id === id));
if (missing.length > 0) throw new Error(`no such spec scripts: ${missing.join(', ')}`);
const summary = summarize('compiled', await runScripts(createCompiledEngine(), scripts));
const result = {
  webAssembly: typeof (globalThis as { WebAssembly?: unknown }).WebAssembly,
  totals: summary.totals,
  files: summary.files.map((file) => ({ id: file.id, passed: file.passed, failed: file.failed })),
  failures: summary.failures.slice(0, 20),
};
process.stdout.write(`HERON-RESULT ${JSON.stringify(result)}\n`);
