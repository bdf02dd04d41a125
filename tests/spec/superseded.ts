/**
 * Assertions the suite makes about restrictions that a later standard or an implemented
 * proposal lifted. The scripts were written for one feature set each: core/memory.wast
 * and the memory64, threads and exception-handling scripts still say a second memory is
 * invalid, which multi-memory makes valid; the threads scripts predate Wasm 2.0 and say
 * a second table is invalid. Running them against an engine with those features would
 * report correct behaviour as failure, so they are skipped with a reason that says why.
 */
import type { Engine } from './engine.js';
import type { ProposalName, SpecCommand } from './loader.js';

interface SupersededRule {
  type: SpecCommand['type'];
  /** The assertion's expected message, which names the restriction. */
  text: string;
  /** 'wasm-2.0' applies to every engine (Heron's baseline is Wasm 2.0). */
  liftedBy: ProposalName | 'wasm-2.0';
}

const RULES: readonly SupersededRule[] = [
  { type: 'assert_invalid', text: 'multiple tables', liftedBy: 'wasm-2.0' },
  { type: 'assert_invalid', text: 'multiple memories', liftedBy: 'multi-memory' },
];

export const SUPERSEDED_PREFIX = 'superseded:';

/** The skip reason when `command` asserts a restriction `engine` does not have. */
export function supersededReason(command: SpecCommand, engine: Engine): string | undefined {
  if (!('text' in command)) return undefined;
  const rule = RULES.find((r) => r.type === command.type && r.text === command.text);
  if (rule === undefined) return undefined;
  if (rule.liftedBy !== 'wasm-2.0' && !engine.proposals.includes(rule.liftedBy)) return undefined;
  return `${SUPERSEDED_PREFIX} "${rule.text}" is allowed by ${rule.liftedBy === 'wasm-2.0' ? 'Wasm 2.0' : `the ${rule.liftedBy} proposal`}`;
}
