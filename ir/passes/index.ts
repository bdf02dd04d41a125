/**
 * The optimization passes, by name. Each is a function-local, independently runnable
 * transformation (pass.ts); compiler/pipeline.ts sequences them into -O levels.
 */
import { boundsCheckPass } from './bounds-check.js';
import { constFoldPass } from './const-fold.js';
import { copyPropPass } from './copy-prop.js';
import { dcePass } from './dce.js';
import { gvnPass } from './gvn.js';
import type { FunctionPass } from './pass.js';
import { simplifyCfgPass } from './simplify-cfg.js';

export type { FunctionPass, PassContext } from './pass.js';
export { countInsts } from './ir-edit.js';

export const PASSES: readonly FunctionPass[] = [simplifyCfgPass, dcePass, constFoldPass, copyPropPass, gvnPass, boundsCheckPass];

const BY_NAME = new Map(PASSES.map((pass) => [pass.name, pass]));

/** The pass with this name, or undefined. */
export function findPass(name: string): FunctionPass | undefined {
  return BY_NAME.get(name);
}

export const PASS_NAMES: readonly string[] = PASSES.map((pass) => pass.name);
