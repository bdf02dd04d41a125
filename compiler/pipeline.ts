/**
 * The optimization pipeline: runs IR passes (ir/passes/) over every function of a module,
 * in place, between translation and code generation.
 *
 * Levels:
 *   -O0  nothing
 *   -O1  simplify-cfg, dce (cheap cleanup)
 *   -O2  every pass (the default): cleanup, copy propagation, constant folding, value
 *        numbering, bounds-check elimination, then cleanup again to use what they exposed
 *   -O3  the same as -O2 for now (no more expensive passes exist yet)
 * `passes` picks an explicit sequence instead; `after` stops after the first run of a pass
 * (`heron ir --after NAME`). With `verify`, the IR verifier runs after every pass and a
 * failure names the pass that broke the function.
 */
import type { IrFunction } from '../ir/function.js';
import type { IrModule } from '../ir/module.js';
import { countInsts, findPass, PASS_NAMES, type FunctionPass } from '../ir/passes/index.js';
import type { ModuleEnv } from '../ir/types.js';
import { formatVerifierError, verifyFunction } from '../ir/verifier.js';

export type OptLevel = 0 | 1 | 2 | 3;

export const DEFAULT_OPT_LEVEL: OptLevel = 2;

const O1 = ['simplify-cfg', 'dce'] as const;
const O2 = ['simplify-cfg', 'copy-prop', 'const-fold', 'gvn', 'bounds-check', 'simplify-cfg', 'copy-prop', 'dce'] as const;

/** The pass sequence of each level. */
export const PASS_SEQUENCES: Readonly<Record<OptLevel, readonly string[]>> = { 0: [], 1: O1, 2: O2, 3: O2 };

/** Bad pipeline options: an unknown pass or level, `after` naming a pass not in the sequence. */
export class PipelineOptionError extends Error {
  override name = 'PipelineOptionError';
}

/** A pass produced IR the verifier rejects (a compiler bug); names the pass and function. */
export class PassVerifyError extends Error {
  override name = 'PassVerifyError';
  constructor(
    readonly pass: string,
    readonly funcIndex: number,
    readonly messages: readonly string[],
  ) {
    super(`IR verification failed after pass '${pass}' in fn${funcIndex}:\n${messages.join('\n')}`);
  }
}

export interface PipelineOptions {
  /** Default 2. Ignored when `passes` is given. */
  optLevel?: OptLevel;
  /** An explicit pass sequence, by name. */
  passes?: readonly string[];
  /** Stop after the first run of this pass in the sequence. */
  after?: string;
  /** Run the IR verifier after every pass (tests do). */
  verify?: boolean;
}

/** What one entry of the sequence did over the whole module. */
export interface PassStats {
  pass: string;
  /** Attached instructions (terminators included) before and after, summed over functions. */
  instsBefore: number;
  instsAfter: number;
  /** Functions the pass changed. */
  changedFunctions: number;
  ms: number;
}

export function parseOptLevel(text: string): OptLevel {
  if (text === '0' || text === '1' || text === '2' || text === '3') return Number(text) as OptLevel;
  throw new PipelineOptionError(`optimization level '${text}' is not 0, 1, 2 or 3`);
}

/** `a,b,c` → pass names, each checked. */
export function parsePassList(list: string): string[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new PipelineOptionError('the pass list is empty');
  for (const name of names) lookupPass(name);
  return names;
}

function lookupPass(name: string): FunctionPass {
  const pass = findPass(name);
  if (pass === undefined) throw new PipelineOptionError(`unknown pass '${name}' (known: ${PASS_NAMES.join(', ')})`);
  return pass;
}

/** The passes the options select, in order. */
export function passSequence(options: PipelineOptions = {}): FunctionPass[] {
  const level = options.optLevel ?? DEFAULT_OPT_LEVEL;
  if (options.passes === undefined && PASS_SEQUENCES[level] === undefined) throw new PipelineOptionError(`optimization level ${String(level)} is not 0, 1, 2 or 3`);
  let names = [...(options.passes ?? PASS_SEQUENCES[level])];
  if (options.after !== undefined) {
    lookupPass(options.after);
    const stop = names.indexOf(options.after);
    if (stop === -1) {
      throw new PipelineOptionError(`pass '${options.after}' is not in the sequence (${names.join(', ') || 'empty'})`);
    }
    names = names.slice(0, stop + 1);
  }
  return names.map(lookupPass);
}

function emptyStats(sequence: readonly FunctionPass[]): PassStats[] {
  return sequence.map((pass) => ({ pass: pass.name, instsBefore: 0, instsAfter: 0, changedFunctions: 0, ms: 0 }));
}

function runSequence(fn: IrFunction, env: ModuleEnv, sequence: readonly FunctionPass[], stats: PassStats[], verify: boolean): void {
  sequence.forEach((pass, i) => {
    const entry = stats[i]!;
    const before = countInsts(fn);
    const start = performance.now();
    const changed = pass.run(fn, { env });
    entry.ms += performance.now() - start;
    entry.instsBefore += before;
    entry.instsAfter += countInsts(fn);
    if (changed) entry.changedFunctions++;
    if (verify) {
      const errors = verifyFunction(fn, env);
      if (errors.length > 0) throw new PassVerifyError(pass.name, fn.funcIndex, errors.map((error) => formatVerifierError(fn, error)));
    }
  });
}

/** Optimizes one function in place. */
export function optimizeFunction(fn: IrFunction, env: ModuleEnv, options: PipelineOptions = {}): PassStats[] {
  const sequence = passSequence(options);
  const stats = emptyStats(sequence);
  runSequence(fn, env, sequence, stats, options.verify === true);
  return stats;
}

/** Optimizes every function of the module in place; returns per-pass statistics. */
export function optimizeModule(module: IrModule, options: PipelineOptions = {}): PassStats[] {
  const sequence = passSequence(options);
  const stats = emptyStats(sequence);
  for (const fn of module.functions) runSequence(fn, module.env, sequence, stats, options.verify === true);
  return stats;
}
