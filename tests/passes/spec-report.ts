// Ad-hoc: run the optimized-interpreter engine over a selection and print the report (not a test).
//   node --import tsx tests/passes/spec-report.ts [FILTER|''] [core|proposals|all] [LEVEL|pass,pass]
import { parseOptLevel, parsePassList, type PipelineOptions } from '../../compiler/pipeline.js';
import { defaultSpecDir, discoverScripts, PROPOSALS } from '../spec/loader.js';
import { formatReport, summarize } from '../spec/report.js';
import { runScripts } from '../spec/script-runner.js';
import { createOptimizedInterpEngine } from './engine.js';

const [filter, which, pipelineArg] = process.argv.slice(2);
const pipeline: PipelineOptions =
  pipelineArg === undefined ? { optLevel: 2 } : /^\d$/.test(pipelineArg) ? { optLevel: parseOptLevel(pipelineArg) } : { passes: parsePassList(pipelineArg) };
const scripts = discoverScripts(defaultSpecDir(), {
  core: which !== 'proposals',
  proposals: which === 'core' ? [] : [...PROPOSALS],
  ...(filter ? { filter } : {}),
});
const engine = createOptimizedInterpEngine(pipeline);
const summary = summarize(engine.name, await runScripts(engine, scripts));
console.log(formatReport(summary, { maxFailures: Number(process.env.MAXF ?? 60), allFiles: false }));
