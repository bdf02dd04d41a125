/**
 * Everything that is not arithmetic or linear memory: select, globals, tables,
 * references, calls, control flow, traps and exceptions.
 *
 * Terminators (Effect.Terminator) end a block; branch targets live in `InstData.targets`.
 * Successor parameter conventions:
 *   try_call / try_call_indirect: targets[0] is the normal successor, whose parameters are
 *     the call's results followed by the edge's args; targets[1] is the unwind successor,
 *     whose parameters are the caught `exn` followed by the edge's args.
 *   br_on_tag: targets[0] is taken when the exception's tag is the immediate tag; its
 *     parameters are the tag's payload followed by the edge's args. targets[1] otherwise.
 *   br_table: targets are the table entries followed by the default.
 * Indirect calls check bounds, null and signature inside the operation; the callee index
 * is args[0] and the call arguments follow.
 */
import { ALL_EFFECTS, Effect, op, type OpInfo } from './info.js';

const T = Effect.Terminator;
const CALL = ALL_EFFECTS;
const INDIRECT_TRAPS = ['undefined_element', 'uninitialized_element', 'bad_signature'] as const;
const TABLE_OOB = ['table_oob'] as const;
const TABLE_RW = Effect.ReadTable | Effect.WriteTable;

export const CONTROL_OPS: readonly OpInfo[] = [
  op('select', 'plain', ['T', 'T', 'i32'], ['T']),

  op('global.get', 'global', [], ['global'], { effects: Effect.ReadGlobal }),
  op('global.set', 'global', ['global'], [], { effects: Effect.WriteGlobal }),

  op('table.get', 'table', ['tidx'], ['elem'], { effects: Effect.ReadTable, traps: TABLE_OOB }),
  op('table.set', 'table', ['tidx', 'elem'], [], { effects: Effect.WriteTable, traps: TABLE_OOB }),
  op('table.size', 'table', [], ['tidx'], { effects: Effect.ReadTable }),
  op('table.grow', 'table', ['elem', 'tidx'], ['tidx'], { effects: TABLE_RW }),
  op('table.fill', 'table', ['tidx', 'elem', 'tidx'], [], { effects: TABLE_RW, traps: TABLE_OOB }),
  op('table.copy', 'table_copy', ['tidx', 'tidx_src', 'tidx_min'], [], { effects: TABLE_RW, traps: TABLE_OOB }),
  op('table.init', 'table_init', ['tidx', 'i32', 'i32'], [], { effects: TABLE_RW, traps: TABLE_OOB }),
  op('elem.drop', 'elem', [], [], { effects: Effect.WriteTable }),

  op('ref.null', 'ref_null', [], null),
  op('ref.is_null', 'plain', ['anyref'], ['i32']),
  op('ref.func', 'ref_func', [], ['funcref']),

  op('call', 'call', null, null, { effects: CALL }),
  op('call_indirect', 'call_indirect', null, null, { effects: CALL | Effect.ReadTable, traps: INDIRECT_TRAPS }),
  op('try_call', 'try_call', null, [], { effects: CALL | T }),
  op('try_call_indirect', 'try_call_indirect', null, [], {
    effects: CALL | Effect.ReadTable | T,
    traps: INDIRECT_TRAPS,
  }),
  op('return_call', 'call', null, [], { effects: CALL | T }),
  op('return_call_indirect', 'call_indirect', null, [], {
    effects: CALL | Effect.ReadTable | T,
    traps: INDIRECT_TRAPS,
  }),

  op('jump', 'jump', [], [], { effects: T }),
  op('brif', 'brif', ['i32'], [], { effects: T }),
  op('br_table', 'br_table', ['i32'], [], { effects: T }),
  op('return', 'return', null, [], { effects: T }),

  // `trap` always traps with its code; trapz traps when the operand is zero, trapnz when not.
  op('trap', 'trap', [], [], { effects: T | Effect.Trap }),
  op('trapz', 'trap', ['i32'], [], { effects: Effect.Trap }),
  op('trapnz', 'trap', ['i32'], [], { effects: Effect.Trap }),

  // Exceptions (legacy Wasm EH). `throw` and `rethrow` propagate to the caller; inside a
  // try the translator instead builds the exception with exn.new and jumps to the handler.
  op('throw', 'tag', null, [], { effects: T | Effect.Throw }),
  op('rethrow', 'plain', ['exn'], [], { effects: T | Effect.Throw }),
  op('exn.new', 'tag', null, ['exn']),
  op('br_on_tag', 'br_on_tag', ['exn'], [], { effects: T }),
];
