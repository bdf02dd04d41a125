/**
 * Runs the commands of one script against an engine and records an outcome per command.
 * Module-level commands run one by one; each run of consecutive action commands
 * (assert_return, assert_trap, ...) is checked through one wrapper module (wrappers.ts).
 */
import type { Engine, ExportsObject, ImportObject } from './engine.js';
import {
  isActionCommand,
  isTextModuleFile,
  loadCommands,
  readModuleFile,
  type ActionCommand,
  type CommandType,
  type ModuleCommand,
  type RegisterCommand,
  type SpecCommand,
  type SpecScript,
} from './loader.js';
import { createSpectest } from './spectest.js';
import { supersededReason } from './superseded.js';
import { HostRefs } from './values.js';
import { buildWrapper, probeMismatch, RESULTS_MEMORY_EXPORT, type BuiltProbe, type BuiltWrapper, type ProbeSpec, type ResultsMemory } from './wrappers.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CommandResult {
  line: number;
  type: CommandType;
  outcome: Outcome;
  /** Why it failed or was skipped. */
  reason?: string;
}

export interface ScriptResult {
  script: SpecScript;
  results: CommandResult[];
  /** Set when the script could not run at all (unreadable JSON, the engine failed to make the
   *  spectest host objects, a runner bug); its commands then have no results. */
  scriptError?: string;
  milliseconds: number;
}

export interface ScriptRunOptions {
  /** Shared across scripts so host reference numbers keep one identity per run. */
  hostRefs?: HostRefs;
  /** Most assertions one wrapper module checks (default 500). */
  batchSize?: number;
  /** Sink for spectest print calls. */
  print?: (line: string) => void;
}

const DEFAULT_BATCH_SIZE = 500;
const MAX_REASON_LENGTH = 300;

export const SKIP_TEXT_MODULE = 'text-format module (not binary-applicable)';
export const SKIP_NOT_EXECUTED = 'engine does not execute code';

/** `Name: message` of anything thrown, shortened for reports. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `non-Error thrown: ${String(error)}`;
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH)}…` : text;
}

/** A module the script instantiated, or why it is unavailable. */
type InstanceSlot = { exports: ExportsObject } | { unavailable: string };

export async function runScript(engine: Engine, script: SpecScript, options: ScriptRunOptions = {}): Promise<ScriptResult> {
  const started = performance.now();
  const finish = (results: CommandResult[], scriptError?: string): ScriptResult => ({
    script,
    results,
    ...(scriptError !== undefined ? { scriptError } : {}),
    milliseconds: performance.now() - started,
  });
  let run: ScriptRun;
  try {
    const commands = loadCommands(script);
    engine.prepareFor?.(script.suite);
    run = new ScriptRun(engine, script, options);
    await run.runAll(commands);
  } catch (error) {
    // Commands catch their own failures; what gets here stops the whole script.
    return finish([], describeError(error));
  }
  return finish(run.results);
}

class ScriptRun {
  readonly results: CommandResult[] = [];
  private current: InstanceSlot | undefined;
  private readonly named = new Map<string, InstanceSlot>();
  private readonly registered = new Map<string, ExportsObject>();
  private readonly spectest: Record<string, unknown> | undefined;
  private readonly hostRefs: HostRefs;
  private readonly batchSize: number;

  constructor(
    private readonly engine: Engine,
    private readonly script: SpecScript,
    options: ScriptRunOptions,
  ) {
    this.hostRefs = options.hostRefs ?? new HostRefs();
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    // A fresh spectest per script, like the reference interpreter running one .wast.
    this.spectest = engine.executes ? createSpectest(engine.host, options.print) : undefined;
  }

  async runAll(commands: readonly SpecCommand[]): Promise<void> {
    for (let i = 0; i < commands.length; ) {
      const command = commands[i]!;
      if (!isActionCommand(command)) {
        await this.runModuleLevel(command);
        i++;
        continue;
      }
      let end = i + 1;
      while (end < commands.length && end - i < this.batchSize && isActionCommand(commands[end]!)) end++;
      const batch = commands.slice(i, end) as ActionCommand[];
      if (this.engine.executes) await this.runActions(batch);
      else for (const action of batch) this.record(action, 'skipped', SKIP_NOT_EXECUTED);
      i = end;
    }
  }

  private record(command: SpecCommand, outcome: Outcome, reason?: string): void {
    this.results.push(reason === undefined ? { line: command.line, type: command.type, outcome } : { line: command.line, type: command.type, outcome, reason });
  }

  private async runModuleLevel(command: Exclude<SpecCommand, ActionCommand>): Promise<void> {
    const superseded = supersededReason(command, this.script.suite);
    if (superseded !== undefined) return this.record(command, 'skipped', superseded);
    try {
      switch (command.type) {
        case 'module':
          return await this.runModule(command);
        case 'register':
          return this.runRegister(command);
        case 'assert_malformed':
        case 'assert_invalid':
          if (command.module_type === 'text' || isTextModuleFile(command.filename)) {
            return this.record(command, 'skipped', SKIP_TEXT_MODULE);
          }
          return this.expectRejected(command, this.engine.errors.CompileError, () => this.engine.parse(this.bytes(command.filename)));
        case 'assert_unlinkable':
          if (!this.engine.executes) return this.expectAccepted(command, command.filename);
          return this.expectRejected(command, this.engine.errors.LinkError, () => this.instantiate(command.filename));
        case 'assert_uninstantiable':
        case 'assert_trap':
          if (!this.engine.executes) return this.expectAccepted(command, command.filename);
          return this.expectRejected(command, this.engine.errors.RuntimeError, () => this.instantiate(command.filename));
      }
    } catch (error) {
      // Only runner-level problems get here (unreadable file, bad JSON value).
      this.record(command, 'failed', `runner error: ${describeError(error)}`);
    }
  }

  private bytes(filename: string): Uint8Array {
    return readModuleFile(this.script, filename);
  }

  private importObject(): ImportObject {
    const imports: ImportObject = {};
    if (this.spectest !== undefined) imports['spectest'] = this.spectest;
    for (const [name, exports] of this.registered) imports[name] = exports as Record<string, unknown>;
    return imports;
  }

  private async instantiate(filename: string): Promise<ExportsObject> {
    const instance = await this.engine.instantiate(this.bytes(filename), this.importObject());
    return instance.exports;
  }

  private async runModule(command: ModuleCommand): Promise<void> {
    if (isTextModuleFile(command.filename)) {
      this.setCurrent(command, { unavailable: `module at line ${command.line} is in text format` });
      return this.record(command, 'skipped', SKIP_TEXT_MODULE);
    }
    if (!this.engine.executes) {
      this.setCurrent(command, { unavailable: SKIP_NOT_EXECUTED });
      return this.expectAccepted(command, command.filename);
    }
    try {
      this.setCurrent(command, { exports: await this.instantiate(command.filename) });
      this.record(command, 'passed');
    } catch (error) {
      const reason = describeError(error);
      this.setCurrent(command, { unavailable: `module at line ${command.line} failed: ${reason}` });
      this.record(command, 'failed', reason);
    }
  }

  private setCurrent(command: ModuleCommand, slot: InstanceSlot): void {
    this.current = slot;
    if (command.name !== undefined) this.named.set(command.name, slot);
  }

  private runRegister(command: RegisterCommand): void {
    if (!this.engine.executes) return this.record(command, 'skipped', SKIP_NOT_EXECUTED);
    const slot = this.slot(command.name);
    if (!('exports' in slot)) return this.record(command, 'failed', slot.unavailable);
    this.registered.set(command.as, slot.exports);
    this.record(command, 'passed');
  }

  private slot(name: string | undefined): InstanceSlot {
    if (name === undefined) return this.current ?? { unavailable: 'no module instantiated yet' };
    return this.named.get(name) ?? { unavailable: `no module named ${name}` };
  }

  private expectAccepted(command: SpecCommand & { filename: string }, filename: string): void {
    try {
      this.engine.parse(this.bytes(filename));
      this.record(command, 'passed');
    } catch (error) {
      this.record(command, 'failed', `valid module rejected: ${describeError(error)}`);
    }
  }

  private async expectRejected(
    command: SpecCommand & { text: string },
    expectedClass: abstract new (...args: never[]) => Error,
    attempt: () => unknown,
  ): Promise<void> {
    const wanted = `${expectedClass.name} ("${command.text}")`;
    try {
      await attempt();
    } catch (error) {
      if (error instanceof expectedClass) return this.record(command, 'passed');
      return this.record(command, 'failed', `expected ${wanted}, got ${describeError(error)}`);
    }
    this.record(command, 'failed', `expected ${wanted}, but it succeeded`);
  }

  // ---- action commands ---------------------------------------------------------------

  private async runActions(commands: readonly ActionCommand[]): Promise<void> {
    // Resolve targets first; unresolvable commands fail now, the others share a wrapper.
    const resolved: { command: ActionCommand; spec: ProbeSpec }[] = [];
    const failures = new Map<ActionCommand, string>();
    for (const command of commands) {
      const spec = this.probeSpec(command);
      if (typeof spec === 'string') failures.set(command, spec);
      else resolved.push({ command, spec });
    }
    const outcomes = await this.runProbes(resolved);
    for (const command of commands) {
      const failure = failures.get(command);
      if (failure !== undefined) this.record(command, 'failed', failure);
      else {
        const outcome = outcomes.get(command)!;
        this.record(command, outcome === undefined ? 'passed' : 'failed', outcome);
      }
    }
  }

  /** The probe for an action command, or why there is none. */
  private probeSpec(command: ActionCommand): ProbeSpec | string {
    const { action } = command;
    const slot = this.slot(action.module);
    if (!('exports' in slot)) return slot.unavailable;
    if (!Object.hasOwn(slot.exports, action.field)) return `no export named "${action.field}"`;
    const value = slot.exports[action.field];
    const checkValues = command.type === 'assert_return';
    if (action.type === 'get') {
      // The suite does not say whether the global is mutable; try immutable first (runProbes retries).
      return { target: { kind: 'global', value, mutable: false }, expected: command.expected, checkValues };
    }
    return { target: { kind: 'func', value, args: action.args }, expected: command.expected, checkValues };
  }

  /**
   * Runs probes in order through one wrapper and returns, per command, undefined (passed)
   * or a failure reason. A wrapper that fails to link is split into single probes, so one
   * bad import (a wrong signature, a global of other mutability) fails only its command.
   */
  private async runProbes(entries: readonly { command: ActionCommand; spec: ProbeSpec }[]): Promise<Map<ActionCommand, string | undefined>> {
    const outcomes = new Map<ActionCommand, string | undefined>();
    if (entries.length === 0) return outcomes;
    let wrapper: BuiltWrapper;
    let exports: ExportsObject;
    try {
      wrapper = buildWrapper(entries.map((entry) => entry.spec), this.hostRefs);
      exports = (await this.engine.instantiate(wrapper.bytes, wrapper.imports)).exports;
    } catch (error) {
      if (entries.length > 1) {
        for (const entry of entries) {
          const single = await this.runProbes([entry]);
          outcomes.set(entry.command, single.get(entry.command));
        }
        return outcomes;
      }
      const entry = entries[0]!;
      const { target } = entry.spec;
      if (target.kind === 'global' && !target.mutable && error instanceof this.engine.errors.LinkError) {
        return this.runProbes([{ command: entry.command, spec: { ...entry.spec, target: { ...target, mutable: true } } }]);
      }
      outcomes.set(entry.command, `wrapper module failed: ${describeError(error)}`);
      return outcomes;
    }
    const memory = exports[RESULTS_MEMORY_EXPORT] as ResultsMemory;
    entries.forEach((entry, i) => {
      let outcome: string | undefined;
      try {
        outcome = this.callProbe(entry.command, wrapper.probes[i]!, exports, memory);
      } catch (error) {
        // E.g. an engine whose wrapper instance lacks the results memory: fail, don't crash.
        outcome = `runner error: ${describeError(error)}`;
      }
      outcomes.set(entry.command, outcome);
    });
    return outcomes;
  }

  /** Calls one probe and judges it against its command; undefined when it passed. */
  private callProbe(command: ActionCommand, probe: BuiltProbe, exports: ExportsObject, memory: ResultsMemory): string | undefined {
    const fn = exports[probe.exportName];
    if (typeof fn !== 'function') return `wrapper export ${probe.exportName} is not a function`;
    let returned: unknown;
    try {
      returned = (fn as (...args: unknown[]) => unknown)(...probe.refArgs);
    } catch (error) {
      return this.judgeThrow(command, error);
    }
    switch (command.type) {
      case 'assert_return':
        return probeMismatch(probe, returned, memory, this.hostRefs);
      case 'action':
        return undefined;
      case 'assert_trap':
        return `expected trap "${command.text ?? ''}", returned normally`;
      case 'assert_exhaustion':
        return 'expected stack exhaustion, returned normally';
      case 'assert_exception':
        return 'expected an uncaught Wasm exception, returned normally';
    }
  }

  private judgeThrow(command: ActionCommand, error: unknown): string | undefined {
    const thrown = describeError(error);
    switch (command.type) {
      case 'assert_trap':
        return this.engine.isTrap(error) ? undefined : `expected trap "${command.text ?? ''}", got ${thrown}`;
      case 'assert_exhaustion':
        return this.engine.isStackExhaustion(error) ? undefined : `expected stack exhaustion, got ${thrown}`;
      case 'assert_exception':
        return this.engine.isWasmException(error) ? undefined : `expected an uncaught Wasm exception, got ${thrown}`;
      case 'assert_return':
      case 'action':
        return `threw ${thrown}`;
    }
  }
}

/** Runs scripts one after another; host references keep one identity across them. */
export async function runScripts(
  engine: Engine,
  scripts: readonly SpecScript[],
  options: ScriptRunOptions & { onScript?: (result: ScriptResult) => void } = {},
): Promise<ScriptResult[]> {
  const shared = { ...options, hostRefs: options.hostRefs ?? new HostRefs() };
  const results: ScriptResult[] = [];
  for (const script of scripts) {
    const result = await runScript(engine, script, shared);
    options.onScript?.(result);
    results.push(result);
  }
  return results;
}
