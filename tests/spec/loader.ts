/**
 * Finding and reading the spec testsuite (wast2json form, see
 * /work/shared/spec-testsuite/README.md): which script files exist, and the typed shape of
 * their commands. Nothing here runs a module.
 */
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The proposals shipped under proposals/ in the suite, in report order. */
export const PROPOSALS = [
  'tail-call',
  'extended-const',
  'multi-memory',
  'memory64',
  'exception-handling',
  'threads',
] as const;
export type ProposalName = (typeof PROPOSALS)[number];

/** 'core' or the proposal a script belongs to. */
export type SuiteName = 'core' | ProposalName;

export function isProposalName(name: string): name is ProposalName {
  return (PROPOSALS as readonly string[]).includes(name);
}

/** A value as wast2json writes it: numbers as decimal strings of their bits, v128 as lanes. */
export interface SpecValue {
  type: string;
  /** Absent in `expected` of assert_trap-like commands, which only give result types. */
  value?: string | string[];
  /** v128 only: how `value` splits the 128 bits. */
  lane_type?: string;
}

export interface InvokeAction {
  type: 'invoke';
  field: string;
  args: SpecValue[];
  /** The `$name` of a named module; the most recent module when absent. */
  module?: string;
}

export interface GetAction {
  type: 'get';
  field: string;
  module?: string;
}

export type SpecAction = InvokeAction | GetAction;

interface CommandBase {
  line: number;
}

export interface ModuleCommand extends CommandBase {
  type: 'module';
  filename: string;
  name?: string;
}

export interface RegisterCommand extends CommandBase {
  type: 'register';
  as: string;
  name?: string;
}

/** Commands that perform an action; `expected` always lists the result types. */
export interface ActionCommand extends CommandBase {
  type: 'action' | 'assert_return' | 'assert_trap' | 'assert_exhaustion' | 'assert_exception';
  action: SpecAction;
  expected: SpecValue[];
  text?: string;
}

/** Commands about a module file other than plain `module`. */
export interface ModuleAssertionCommand extends CommandBase {
  type: 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_uninstantiable';
  filename: string;
  module_type: 'binary' | 'text';
  text: string;
}

/** wast2json turns `(assert_trap (module ...))` into assert_uninstantiable, but the JSON
 *  format allows the module form of assert_trap, so the runner accepts it too. */
export interface ModuleTrapCommand extends CommandBase {
  type: 'assert_trap';
  filename: string;
  text: string;
}

export type SpecCommand =
  | ModuleCommand
  | RegisterCommand
  | ActionCommand
  | ModuleAssertionCommand
  | ModuleTrapCommand;

export type CommandType = SpecCommand['type'];

export const COMMAND_TYPES: readonly CommandType[] = [
  'module',
  'register',
  'action',
  'assert_return',
  'assert_trap',
  'assert_exhaustion',
  'assert_exception',
  'assert_invalid',
  'assert_malformed',
  'assert_unlinkable',
  'assert_uninstantiable',
];

export function isActionCommand(command: SpecCommand): command is ActionCommand {
  return 'action' in command;
}

/** One script of the suite: core/NAME/NAME.json or proposals/P/NAME/NAME.json. */
export interface SpecScript {
  suite: SuiteName;
  name: string;
  /** Short id used in reports and by --filter: `core/i32`, `memory64/address64`. */
  id: string;
  /** Directory holding the JSON and its modules. */
  dir: string;
  jsonPath: string;
}

export class SpecSuiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecSuiteError';
  }
}

/** The suite root: $HERON_SPEC_DIR, else ../shared/spec-testsuite beside the repository. */
export function defaultSpecDir(): string {
  const fromEnv = process.env['HERON_SPEC_DIR'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return resolve(repoRoot, '..', 'shared', 'spec-testsuite');
}

function listScriptDirs(parent: string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .filter((entry) => statSync(join(parent, entry)).isDirectory())
    .sort();
}

export interface ScriptSelection {
  core: boolean;
  proposals: readonly ProposalName[];
  /** Keep only scripts whose id contains this substring. */
  filter?: string;
}

/** The scripts of the selection, core first, then proposals in the order given. */
export function discoverScripts(specDir: string, selection: ScriptSelection): SpecScript[] {
  if (!existsSync(join(specDir, 'core'))) {
    throw new SpecSuiteError(`no spec testsuite at ${specDir} (expected a core/ directory; set HERON_SPEC_DIR)`);
  }
  const groups: { suite: SuiteName; parent: string }[] = [];
  if (selection.core) groups.push({ suite: 'core', parent: join(specDir, 'core') });
  for (const proposal of selection.proposals) {
    groups.push({ suite: proposal, parent: join(specDir, 'proposals', proposal) });
  }
  const scripts: SpecScript[] = [];
  for (const { suite, parent } of groups) {
    for (const name of listScriptDirs(parent)) {
      const dir = join(parent, name);
      const jsonPath = join(dir, `${name}.json`);
      if (!existsSync(jsonPath)) continue;
      const id = `${suite}/${name}`;
      if (selection.filter !== undefined && !id.includes(selection.filter)) continue;
      scripts.push({ suite, name, id, dir, jsonPath });
    }
  }
  return scripts;
}

export function loadCommands(script: SpecScript): SpecCommand[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(script.jsonPath, 'utf8'));
  } catch (error) {
    throw new SpecSuiteError(`${script.jsonPath}: cannot read script: ${String(error)}`);
  }
  const commands = (parsed as { commands?: unknown }).commands;
  if (!Array.isArray(commands)) {
    throw new SpecSuiteError(`${script.jsonPath}: no "commands" array`);
  }
  for (const [index, command] of commands.entries()) {
    const type = (command as { type?: unknown }).type;
    if (typeof type !== 'string' || !(COMMAND_TYPES as readonly string[]).includes(type)) {
      throw new SpecSuiteError(`${script.jsonPath}: command ${index} has unknown type ${JSON.stringify(type)}`);
    }
  }
  return commands as SpecCommand[];
}

export function readModuleFile(script: SpecScript, filename: string): Uint8Array {
  return new Uint8Array(readFileSync(join(script.dir, filename)));
}

/** wast2json writes text-format modules as .wat files; only a text parser can judge them. */
export function isTextModuleFile(filename: string): boolean {
  return filename.endsWith('.wat');
}
