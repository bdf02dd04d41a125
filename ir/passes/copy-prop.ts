/**
 * copy-prop — block-parameter elimination (SSA copy propagation).
 *
 * Block parameters are this IR's phis, and an edge argument is a copy into one. A
 * parameter is redundant when every incoming edge passes the same value v, apart from
 * edges that pass the parameter itself (loops that keep it unchanged): then the parameter
 * always equals v, its uses are renamed to v and it is removed with its edge arguments.
 * Renaming can make further parameters redundant, so the pass repeats until none is left
 * (the "trivial phi" removal of Braun et al., applied to the whole function).
 *
 * Sound because v dominates the block: every edge from a block that the parameter's block
 * does not dominate passes v, so v's definition lies on every path into the block. Only
 * parameters that every edge fills explicitly are candidates, never the entry block's.
 */
import type { IrFunction, Value } from '../function.js';
import { computeCfg } from '../cfg.js';
import { edgeArgFor, incomingEdges, isExplicitParam, removeBlockParams, ValueAliases } from './ir-edit.js';
import type { FunctionPass, PassContext } from './pass.js';

/** The single value other than `param` itself passed on every edge, or null. */
function uniqueIncoming(fn: IrFunction, param: Value, incoming: ReturnType<typeof incomingEdges>[number], aliases: ValueAliases): Value | null {
  let unique: Value | null = null;
  for (const edge of incoming) {
    const arg = aliases.resolve(edgeArgFor(fn, edge, fn.values[param]!.index)!);
    if (arg === param) continue;
    if (unique !== null && arg !== unique) return null;
    unique = arg;
  }
  return unique;
}

function runCopyProp(fn: IrFunction, { env }: PassContext): boolean {
  const edges = incomingEdges(fn, env);
  const aliases = new ValueAliases(fn);
  const reachable = computeCfg(fn).rpoNumber;
  const entry = fn.layout[0]!;
  const redundant = new Uint8Array(fn.values.length);
  let found = 0;
  for (let progress = true; progress; ) {
    progress = false;
    for (const block of fn.layout) {
      if (block === entry || reachable[block] === -1) continue;
      const incoming = edges[block]!;
      if (incoming.length === 0) continue;
      fn.blocks[block]!.params.forEach((param, index) => {
        if (redundant[param] === 1 || !isExplicitParam(incoming, index)) return;
        const value = uniqueIncoming(fn, param, incoming, aliases);
        if (value === null) return;
        aliases.replace(param, value);
        redundant[param] = 1;
        found++;
        progress = true;
      });
    }
  }
  if (found === 0) return false;
  aliases.apply(fn);
  for (const block of fn.layout) {
    const params = fn.blocks[block]!.params;
    removeBlockParams(fn, block, edges[block]!, (index) => redundant[params[index]!] === 1);
  }
  return true;
}

export const copyPropPass: FunctionPass = {
  name: 'copy-prop',
  summary: 'remove block parameters that always receive the same value (trivial phis)',
  run: runCopyProp,
};
