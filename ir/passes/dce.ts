/**
 * dce — dead code elimination by liveness marking (mark–sweep over SSA values).
 *
 * Roots are the instructions that must stay whatever their results: anything with an
 * effect other than reading state (ir/passes/effects.ts: traps, writes, calls, throws,
 * atomics, terminators). A value is live when a live instruction uses it as an operand, or
 * when it is passed on an edge to a live block parameter. Everything else is dead: pure (or
 * read-only, non-trapping) instructions whose results are all dead are detached, and dead
 * block parameters are removed together with the arguments every incoming edge passes them.
 *
 * Sound because a removed instruction cannot change memory, globals, tables, control flow
 * or whether the function traps, and nothing live reads its results. Parameters that an
 * edge fills implicitly (call results, caught exceptions, tag payloads) and the entry
 * block's (the function signature) are kept, and so are the arguments that feed them.
 */
import type { IrFunction, Value } from '../function.js';
import { isTerminator } from '../opcodes/index.js';
import { compactAll, detachInst, edgeArgFor, forEachAttachedInst, incomingEdges, isExplicitParam, removeBlockParams } from './ir-edit.js';
import { isRemovableIfUnused } from './effects.js';
import type { FunctionPass, PassContext } from './pass.js';

function runDce(fn: IrFunction, { env }: PassContext): boolean {
  const edges = incomingEdges(fn, env);
  const live = new Uint8Array(fn.values.length);
  const liveInst = new Uint8Array(fn.insts.length);
  const worklist: Value[] = [];
  const markValue = (value: Value): void => {
    if (live[value] === 1) return;
    live[value] = 1;
    worklist.push(value);
  };
  const markInst = (inst: number): void => {
    if (liveInst[inst] === 1) return;
    liveInst[inst] = 1;
    // Operands only: a terminator's edge arguments are live only if their parameter is.
    for (const arg of fn.insts[inst]!.args) markValue(arg);
  };

  const entry = fn.layout[0]!;
  for (const block of fn.layout) {
    const blockEdges = edges[block]!;
    fn.blocks[block]!.params.forEach((param, index) => {
      if (block === entry || !isExplicitParam(blockEdges, index)) markValue(param);
    });
  }
  forEachAttachedInst(fn, (data, inst) => {
    if (isTerminator(data.opcode) || !isRemovableIfUnused(fn, inst)) markInst(inst);
  });

  while (worklist.length > 0) {
    const value = worklist.pop()!;
    const data = fn.values[value]!;
    if (!data.isParam) {
      markInst(data.owner);
      continue;
    }
    for (const edge of edges[data.owner] ?? []) {
      const arg = edgeArgFor(fn, edge, data.index);
      if (arg !== null) markValue(arg);
    }
  }

  let changed = false;
  forEachAttachedInst(fn, (_, inst) => {
    if (liveInst[inst] === 0) {
      detachInst(fn, inst);
      changed = true;
    }
  });
  compactAll(fn);
  for (const block of fn.layout) {
    if (block === entry) continue;
    const params = fn.blocks[block]!.params;
    if (removeBlockParams(fn, block, edges[block]!, (index) => live[params[index]!] === 0) > 0) changed = true;
  }
  return changed;
}

export const dcePass: FunctionPass = {
  name: 'dce',
  summary: 'remove unused pure / non-trapping read-only instructions and unused block parameters',
  run: runDce,
};
