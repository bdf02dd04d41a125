/**
 * `npm run spec -- [--engine native|validate|...] [--filter substr] [--proposal NAME|--core] [--json [file]]`
 * Runs the spec testsuite against an engine; exit status 1 on any failure.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { EngineUnavailableError } from './engine.js';
import { createEngine, ENGINE_NAMES, UnknownEngineError } from './engines/index.js';
import { defaultSpecDir, discoverScripts, isProposalName, PROPOSALS, SpecSuiteError, type ProposalName } from './loader.js';
import { formatReport, summarize } from './report.js';
import { runScripts } from './script-runner.js';

interface CliOptions {
  engine: string;
  filter?: string;
  proposal: ProposalName[];
  core?: boolean;
  json?: string | boolean;
  specDir: string;
  maxFailures: number;
  failingFilesOnly?: boolean;
  batchSize?: number;
  print?: boolean;
}

function collectProposal(value: string, previous: ProposalName[]): ProposalName[] {
  if (value === 'all') return [...PROPOSALS];
  if (!isProposalName(value)) throw new InvalidArgumentError(`unknown proposal (known: ${PROPOSALS.join(', ')}, all)`);
  return [...previous, value];
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a positive integer');
  return number;
}

async function main(): Promise<number> {
  const program = new Command()
    .name('npm run spec --')
    .description('Run the WebAssembly spec testsuite against an engine. Without --core/--proposal: core and all proposals.')
    .option('--engine <name>', `engine to test (${ENGINE_NAMES.join(', ')})`, 'native')
    .option('--filter <substr>', 'only scripts whose id (e.g. core/i32, memory64/address64) contains this')
    .option('--proposal <name>', 'run this proposal (repeatable; "all" for every one)', collectProposal, [])
    .option('--core', 'run the core suite')
    .option('--json [file]', 'write a JSON summary to file (or to stdout instead of the text report)')
    .option('--spec-dir <dir>', 'suite root (default $HERON_SPEC_DIR or ../shared/spec-testsuite)', defaultSpecDir())
    .option('--max-failures <n>', 'most failures listed', positiveInteger, 50)
    .option('--failing-files-only', 'list only scripts with failures, not one line per script')
    .option('--batch-size <n>', 'most assertions checked by one wrapper module', positiveInteger)
    .option('--print', 'show spectest print calls')
    .parse();
  const options = program.opts<CliOptions>();

  const onlyProposals = options.proposal.length > 0;
  const selection = {
    core: options.core === true || !onlyProposals,
    proposals: onlyProposals ? [...new Set(options.proposal)] : options.core === true ? [] : [...PROPOSALS],
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
  };
  const scripts = discoverScripts(options.specDir, selection);
  if (scripts.length === 0) {
    process.stderr.write('no scripts match the selection\n');
    return 1;
  }
  const engine = await createEngine(options.engine);
  const results = await runScripts(engine, scripts, {
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.print === true ? { print: (line: string) => process.stdout.write(`${line}\n`) } : {}),
  });
  const summary = summarize(engine.name, results);
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(summary, { maxFailures: options.maxFailures, allFiles: options.failingFilesOnly !== true })}\n`);
    if (typeof options.json === 'string') writeFileSync(options.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  return summary.totals.failed > 0 ? 1 : 0;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    // Usage problems get their message; anything else is a runner bug and gets its stack.
    const usage = error instanceof UnknownEngineError || error instanceof SpecSuiteError || error instanceof EngineUnavailableError;
    process.stderr.write(`${error instanceof Error ? (usage ? error.message : (error.stack ?? error.message)) : String(error)}\n`);
    process.exitCode = 1;
  },
);
