/**
 * Test fixtures: a module environment with one of every entity, and a generator that
 * builds a small verified function exercising any given opcode of the table.
 */
import { FunctionBuilder } from '../../ir/builder.js';
import type { BlockCall, Imm, IrFunction, Value } from '../../ir/function.js';
import type { IrModule } from '../../ir/module.js';
import { Effect, FORMAT_IMM, type OpInfo } from '../../ir/opcodes/index.js';
import { instShape } from '../../ir/signature.js';
import type { IrType, ModuleEnv } from '../../ir/types.js';

export const SAMPLE_PARAMS: IrType[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref'];

/** fn0 imported (i32)->(i32); fn1 the sample; 32- and 64-bit memories and tables; tag0 (i32). */
export function sampleEnv(): ModuleEnv {
  const limits = (index64: boolean, shared = false) => ({ min: 1, max: shared ? 2 : null, shared, index64 });
  return {
    types: [
      { params: ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref'], results: ['i32'] },
      { params: ['i32'], results: ['i32'] },
      { params: ['i32'], results: [] },
    ],
    funcTypes: [1, 0],
    memories: [{ limits: limits(false, true) }, { limits: limits(true) }],
    tables: [
      { element: 'funcref', limits: limits(false) },
      { element: 'externref', limits: limits(true) },
    ],
    globals: [
      { type: 'i32', mutable: true },
      { type: 'f64', mutable: false },
    ],
    tags: [{ typeIndex: 2 }],
    elemTypes: ['funcref'],
    dataCount: 1,
  };
}

/** A representative immediate for each immediate kind (non-default where possible). */
function sampleImm(info: OpInfo): Imm {
  const kind = FORMAT_IMM[info.format];
  switch (kind) {
    case 'none':
      return { kind };
    case 'i32':
      return { kind, value: -7 };
    case 'i64':
      return { kind, value: -(1n << 63n) };
    case 'f32':
      return { kind, bits: 0x7fa00001 }; // signalling NaN with a payload
    case 'f64':
      return { kind, bits: 0xbff8000000000000n }; // -1.5
    case 'v128':
      return { kind, bytes: Uint8Array.from({ length: 16 }, (_, i) => i * 17) };
    case 'lane':
      return { kind, lane: info.laneCount - 1 };
    case 'shuffle':
      return { kind, lanes: Uint8Array.from({ length: 16 }, (_, i) => 31 - i) };
    case 'memarg':
      return {
        kind,
        memory: 0,
        offset: 16,
        align: Math.log2(info.accessBytes),
        inBounds: (info.effects & Effect.Atomic) === 0,
        lane: info.laneCount > 0 ? 1 : 0,
      };
    case 'memory':
      return { kind, memory: 1 };
    case 'memory_copy':
      return { kind, dst: 0, src: 1 };
    case 'memory_init':
      return { kind, memory: 1, data: 0 };
    case 'data':
      return { kind, data: 0 };
    case 'global':
      return { kind, global: 0 };
    case 'table':
      return { kind, table: 1 };
    case 'table_copy':
      return { kind, dst: 1, src: 1 };
    case 'table_init':
      return { kind, table: 0, elem: 0 };
    case 'elem':
      return { kind, elem: 0 };
    case 'ref_type':
      return { kind, type: 'externref' };
    case 'func':
      return { kind, func: 0 };
    case 'call_indirect':
      return { kind, table: 0, type: 1 };
    case 'trap':
      return { kind, code: 'int_divz' };
    case 'tag':
      return { kind, tag: 0 };
  }
}

/**
 * fn1 of `sampleEnv()` using `info` once, with operands taken from the entry params and
 * successor blocks shaped for its edges. The result verifies cleanly.
 */
export function sampleFunction(info: OpInfo): IrModule {
  const env = sampleEnv();
  const b = new FunctionBuilder(env, { funcIndex: 1, typeIndex: 0, name: `sample ${info.name}` });
  const pool = new Map<IrType, Value>();
  b.entryParams().forEach((value, i) => pool.set(SAMPLE_PARAMS[i]!, value));
  const i32 = pool.get('i32')!;
  pool.set('exn', b.value('exn.new', [i32], { kind: 'tag', tag: 0 }));
  const imm = sampleImm(info);
  const guessed: IrType[] = (info.args ?? []).map((spec) => (spec === 'anyref' ? 'funcref' : 'i32'));
  const shape = instShape(info, imm, guessed, { env, results: ['i32'] });
  const args = shape.args.map((type) => pool.get(type)!);
  b.srcOffset = 0x40;
  const returning = (params: IrType[]): BlockCall => {
    const block = b.createBlock();
    params.forEach((type) => b.appendBlockParam(block, type));
    return { block, args: [] };
  };
  const edge = (params: IrType[], edgeArgs: Value[] = []): BlockCall => ({ ...returning(params), args: edgeArgs });
  let targets: BlockCall[] = [];
  switch (info.format) {
    case 'jump':
      targets = [edge(['i32'], [i32])];
      break;
    case 'brif':
      targets = [edge(['i32'], [i32]), edge([])];
      break;
    case 'br_table':
      targets = [edge([]), edge(['i32'], [i32]), edge([])];
      break;
    case 'try_call':
    case 'try_call_indirect':
      targets = [edge(['i32', 'f64'], [pool.get('f64')!]), edge(['exn'])];
      break;
    case 'br_on_tag':
      targets = [edge(['i32']), edge([])];
      break;
    default:
      break;
  }
  const blocksToFill = targets.map((call) => call.block);
  const inst = b.ins(info.name, args, imm, targets);
  if (b.fn.insts[inst]!.results.length > 0) b.setValueName(b.fn.insts[inst]!.results[0]!, `r-${info.name}`);
  b.srcOffset = -1;
  if (!b.isFilled()) b.return([i32]);
  for (const block of blocksToFill) {
    b.switchToBlock(block);
    b.return([i32]);
  }
  return { env, functions: [b.fn], wasm: null };
}

export function onlyFunction(module: IrModule): IrFunction {
  return module.functions[0]!;
}
