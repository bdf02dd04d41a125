/**
 * Assertions the suite makes about restrictions that Wasm 2.0 itself lifted, which no
 * feature set of Heron's can reproduce: the threads scripts predate Wasm 2.0 and say a
 * second table is invalid, but reference types (part of the 2.0 baseline) allow any
 * number of tables. They are skipped with a reason that says why.
 *
 * Restrictions a proposal lifts (e.g. "multiple memories", lifted by multi-memory) are
 * not listed: every suite runs with its own feature set (engine.ts `suiteFeatures`), under
 * which they hold.
 */
import type { SpecCommand, SuiteName } from './loader.js';

interface SupersededRule {
  suite: SuiteName;
  type: SpecCommand['type'];
  /** The assertion's expected message, which names the restriction. */
  text: string;
}

const RULES: readonly SupersededRule[] = [{ suite: 'threads', type: 'assert_invalid', text: 'multiple tables' }];

export const SUPERSEDED_PREFIX = 'superseded:';

/** The skip reason when `command` of a `suite` script asserts a restriction Wasm 2.0 lifted. */
export function supersededReason(command: SpecCommand, suite: SuiteName): string | undefined {
  if (!('text' in command)) return undefined;
  const rule = RULES.find((r) => r.suite === suite && r.type === command.type && r.text === command.text);
  if (rule === undefined) return undefined;
  return `${SUPERSEDED_PREFIX} "${rule.text}" is allowed by Wasm 2.0 (reference types)`;
}
