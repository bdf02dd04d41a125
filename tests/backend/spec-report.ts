/**
 * Runs the spec suite on the compiled engine and prints the report (not part of npm test):
 *   node --import tsx tests/backend/spec-report.ts [FILTER] [--proposals]
 */
import { defaultSpecDir, discoverScripts, PROPOSALS } from '../spec/loader.js';
import { formatReport, summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
import { createCompiledEngine } from './engine.js';

const args = process.argv.slice(2);
const withProposals = args.includes('--proposals');
const filter = args.find((arg) => !arg.startsWith('--'));
const engine = createCompiledEngine();
const scripts = discoverScripts(defaultSpecDir(), { core: true, proposals: withProposals ? [...PROPOSALS] : [], filter });
const summary = summarize(engine.name, await runScripts(engine, scripts));
console.log(formatReport(summary, { maxFailures: 60, allFiles: false }));
