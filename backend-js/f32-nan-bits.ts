/**
 * Where an f32 NaN's exact bits matter, so loads and stores can skip the bit-exact helpers.
 *
 * `DataView.getFloat32` / `setFloat32` convert between f32 and f64, which sets the quiet bit
 * of a signalling NaN; that is why f32 loads and stores normally go through `loadF32` /
 * `storeF32` (runtime-support/js/float-bits.ts). Measured on sgemm_f32: those helper calls
 * made the whole program about 2.5x slower than plain DataView calls (TurboFan stops
 * inlining them once a large function has used up its inlining budget). But Wasm itself
 * lets most operations quiet NaNs: an arithmetic operation, comparison or conversion whose
 * operand is a non-canonical NaN only has to produce *some* arithmetic (quiet) NaN, and its
 * own NaN results are arithmetic NaNs. So:
 *   - a load whose every use is such an operation may quiet the value it reads: nothing can
 *     observe the difference (no store, reinterpret, sign operation, call, select or edge);
 *   - a store of a value such an operation produced may quiet it: it is quiet already, in
 *     Wasm's semantics, so writing it through `setFloat32` keeps every bit Wasm defines.
 * Values reaching a use by an edge (block parameters) count as observed, which keeps the
 * analysis local and obviously sound.
 */
import type { IrFunction, Value } from '../ir/function.js';

/** f32-producing operations whose NaN results only need to be arithmetic NaNs. */
const ARITHMETIC_F32 = new Set<string>([
  'f32.add', 'f32.sub', 'f32.mul', 'f32.div', 'f32.min', 'f32.max', 'f32.sqrt',
  'f32.ceil', 'f32.floor', 'f32.trunc', 'f32.nearest', 'f32.demote_f64',
  'f32.convert_i32_s', 'f32.convert_i32_u', 'f32.convert_i64_s', 'f32.convert_i64_u',
]);

/** Operations that read an f32 operand without exposing its NaN bits. */
const NAN_BLIND_USERS = new Set<string>([
  ...ARITHMETIC_F32,
  'f32.eq', 'f32.ne', 'f32.lt', 'f32.gt', 'f32.le', 'f32.ge', 'f64.promote_f32',
  'i32.trunc_f32_s', 'i32.trunc_f32_u', 'i64.trunc_f32_s', 'i64.trunc_f32_u',
  'i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u', 'i64.trunc_sat_f32_s', 'i64.trunc_sat_f32_u',
]);

export class F32NanBits {
  /** 1 when no use of the value can observe a NaN's exact bits. */
  private readonly blind: Uint8Array;

  constructor(private readonly fn: IrFunction) {
    this.blind = new Uint8Array(fn.values.length).fill(1);
    for (const block of fn.layout) {
      for (const inst of fn.blocks[block]!.insts) {
        const data = fn.insts[inst]!;
        if (!NAN_BLIND_USERS.has(data.opcode)) for (const arg of data.args) this.blind[arg] = 0;
        for (const target of data.targets) for (const arg of target.args) this.blind[arg] = 0;
      }
    }
  }

  /** True when an f32 load defining `value` may quiet a signalling NaN it reads. */
  mayQuietResult(value: Value): boolean {
    return this.blind[value] === 1;
  }

  /** True when `value` is an f32 that Wasm defines as quiet whenever it is a NaN. */
  isArithmeticNan(value: Value): boolean {
    const data = this.fn.values[value]!;
    return !data.isParam && ARITHMETIC_F32.has(this.fn.insts[data.owner]!.opcode);
  }
}
