/**
 * Globals, references, explicit traps, branches, returns and exceptions.
 *
 * Exceptions: `throw` / `exn.new` build a WasmException (runtime-support/exception.ts) whose
 * payload is copied from the stack; `br_on_tag` compares the caught value's tag by identity
 * and copies the payload into the match target's parameters (via the area above the frame,
 * so the copy into parameters is one parallel move); `rethrow` throws the caught value again,
 * so foreign JS exceptions pass through unchanged.
 */
import { exceptionValue, isWasmException, WasmException } from '../../runtime-support/exception.js';
import { trap } from '../../runtime-support/js/traps.js';
import { travelsAsNumber } from '../../runtime-support/raw-call.js';
import type { IrType } from '../types.js';
import type { ImplicitSource, OpContext, OpFactory, TermFactory } from './context.js';
import { exportedFunction, loadRaw, storeRaw } from './exports.js';
import type { CompiledBlock, Op, Term } from './function-instance.js';
import { bankOf, packTypes } from './layout.js';
import { compileMoves } from './moves.js';
import { N, O } from './stack.js';

function globalGet(ctx: OpContext): Op {
  if (ctx.inst.imm.kind !== 'global') throw new Error('global.get without a global immediate');
  const global = ctx.instance.globals[ctx.inst.imm.global]!;
  const d = ctx.result(0);
  const type = ctx.resultType(0);
  // A Global holds its value raw (raw-call.ts forms): f32 and v128 differ from the stack's.
  if (type === 'f32' || type === 'v128') return (fp) => storeRaw(type, fp + d, global.v);
  if (bankOf(type) === 'n') {
    return (fp) => {
      N[fp + d] = global.v as number;
    };
  }
  return (fp) => {
    O[fp + d] = global.v;
  };
}

function globalSet(ctx: OpContext): Op {
  if (ctx.inst.imm.kind !== 'global') throw new Error('global.set without a global immediate');
  const global = ctx.instance.globals[ctx.inst.imm.global]!;
  const a = ctx.arg(0);
  const type = ctx.argType(0);
  if (type === 'f32' || type === 'v128') {
    return (fp) => {
      global.v = loadRaw(type, fp + a);
    };
  }
  if (bankOf(type) === 'n') {
    return (fp) => {
      global.v = N[fp + a];
    };
  }
  return (fp) => {
    global.v = O[fp + a];
  };
}

function refNull(ctx: OpContext): Op {
  const d = ctx.result(0);
  return (fp) => {
    O[fp + d] = null;
  };
}

function refIsNull(ctx: OpContext): Op {
  const d = ctx.result(0);
  const a = ctx.arg(0);
  return (fp) => {
    N[fp + d] = O[fp + a] === null ? 1 : 0;
  };
}

function refFunc(ctx: OpContext): Op {
  if (ctx.inst.imm.kind !== 'func') throw new Error('ref.func without a function immediate');
  const callee = ctx.instance.funcs[ctx.inst.imm.func]!;
  const d = ctx.result(0);
  return (fp) => {
    O[fp + d] = exportedFunction(callee);
  };
}

function trapCode(ctx: OpContext): Parameters<typeof trap>[0] {
  if (ctx.inst.imm.kind !== 'trap') throw new Error(`${ctx.inst.opcode} without a trap code`);
  return ctx.inst.imm.code;
}

function trapIf(whenZero: boolean): OpFactory {
  return (ctx) => {
    const code = trapCode(ctx);
    const a = ctx.arg(0);
    return (fp) => {
      if ((N[fp + a] === 0) === whenZero) trap(code);
    };
  };
}

function tagOf(ctx: OpContext) {
  if (ctx.inst.imm.kind !== 'tag') throw new Error(`${ctx.inst.opcode} without a tag immediate`);
  return ctx.instance.tags[ctx.inst.imm.tag]!;
}

/** Builds the exception of `tag` from the instruction's operands. */
function exceptionBuilder(ctx: OpContext): (fp: number) => WasmException {
  const tag = tagOf(ctx);
  const types = tag.type.params;
  const slots = types.map((_, i) => ctx.arg(i));
  return (fp) => {
    const numbers = new Float64Array(types.length);
    const values = new Array<unknown>(types.length).fill(null);
    for (let i = 0; i < types.length; i++) {
      const type = types[i]!;
      if (travelsAsNumber(type)) numbers[i] = loadRaw(type, fp + slots[i]!) as number;
      else values[i] = loadRaw(type, fp + slots[i]!);
    }
    return new WasmException(tag, numbers, values);
  };
}

function exnNew(ctx: OpContext): Op {
  const build = exceptionBuilder(ctx);
  const d = ctx.result(0);
  return (fp) => {
    O[fp + d] = build(fp);
  };
}

export const CONTROL_OPS: Record<string, OpFactory> = {
  'global.get': globalGet,
  'global.set': globalSet,
  'ref.null': refNull,
  'ref.is_null': refIsNull,
  'ref.func': refFunc,
  trapz: trapIf(true),
  trapnz: trapIf(false),
  'exn.new': exnNew,
};

// ---- terminators -------------------------------------------------------------------------

function jump(ctx: OpContext): Term {
  const { block, move } = ctx.edge(0);
  if (move === null) return () => block;
  return (fp) => {
    move(fp);
    return block;
  };
}

function brif(ctx: OpContext): Term {
  const c = ctx.arg(0);
  const taken = ctx.edge(0);
  const fallthrough = ctx.edge(1);
  const t = taken.block;
  const f = fallthrough.block;
  const tMove = taken.move;
  const fMove = fallthrough.move;
  if (tMove === null && fMove === null) return (fp) => (N[fp + c] !== 0 ? t : f);
  return (fp) => {
    if (N[fp + c] !== 0) {
      if (tMove !== null) tMove(fp);
      return t;
    }
    if (fMove !== null) fMove(fp);
    return f;
  };
}

function brTable(ctx: OpContext): Term {
  const index = ctx.arg(0);
  const edges = ctx.inst.targets.map((_, i) => ctx.edge(i));
  const last = edges.length - 1;
  const blocks = edges.map((edge) => edge.block);
  const moves = edges.map((edge) => edge.move);
  return (fp) => {
    const i = N[fp + index]! >>> 0;
    const k = i < last ? i : last;
    const move = moves[k]!;
    if (move !== null) move(fp);
    return blocks[k]!;
  };
}

/** Moves the returned values to the signature's result slots at fp. */
function returnTerm(ctx: OpContext): Term {
  const { results } = ctx;
  const move = compileMoves(ctx.inst.args.map((_, i) => ({ src: ctx.arg(i), dst: results.offsets[i]!, type: results.types[i]! })));
  if (move === null) return () => null;
  return (fp) => {
    move(fp);
    return null;
  };
}

function trapTerm(ctx: OpContext): Term {
  const code = trapCode(ctx);
  return () => trap(code);
}

function throwTerm(ctx: OpContext): Term {
  const build = exceptionBuilder(ctx);
  return (fp) => {
    throw build(fp);
  };
}

function rethrowTerm(ctx: OpContext): Term {
  const a = ctx.arg(0);
  return (fp) => {
    throw O[fp + a];
  };
}

/** br_on_tag: the payload is unpacked just above the frame, then moved with the edge args. */
function brOnTag(ctx: OpContext): Term {
  const tag = tagOf(ctx);
  const e = ctx.arg(0);
  const types: readonly IrType[] = tag.type.params;
  const area = packTypes(types);
  const base = ctx.frameSize;
  ctx.reserveAbove(area.size);
  const implicit: ImplicitSource[] = types.map((type, i) => ({ src: base + area.offsets[i]!, type }));
  const match = ctx.edge(0, implicit);
  const noMatch = ctx.edge(1);
  return (fp): CompiledBlock => {
    const caught = O[fp + e];
    if (!isWasmException(caught) || caught.tag !== tag) {
      if (noMatch.move !== null) noMatch.move(fp);
      return noMatch.block;
    }
    for (let i = 0; i < types.length; i++) {
      storeRaw(types[i]!, fp + base + area.offsets[i]!, exceptionValue(caught, i));
    }
    if (match.move !== null) match.move(fp);
    return match.block;
  };
}

export const TERMINATORS: Record<string, TermFactory> = {
  jump,
  brif,
  br_table: brTable,
  return: returnTerm,
  trap: trapTerm,
  throw: throwTerm,
  rethrow: rethrowTerm,
  br_on_tag: brOnTag,
};
