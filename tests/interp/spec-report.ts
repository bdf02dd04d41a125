// Ad-hoc: run the interp engine over a selection and print the report (not a test).
import { createInterpEngine } from './engine.js';
import { defaultSpecDir, discoverScripts, PROPOSALS } from '../spec/loader.js';
import { formatReport, summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
const [filter, which] = process.argv.slice(2);
const scripts = discoverScripts(defaultSpecDir(), { core: which !== 'proposals', proposals: which === 'core' ? [] : [...PROPOSALS], ...(filter ? { filter } : {}) });
const engine = createInterpEngine();
const summary = summarize(engine.name, await runScripts(engine, scripts));
console.log(formatReport(summary, { maxFailures: Number(process.env.MAXF ?? 60), allFiles: false }));
