/**
 * Lane forms of v128 values in generated code, and the analysis that picks one per value.
 *
 * A v128 SSA value lives in plain JS locals `vN$0..`, in one of three forms:
 *   i32  4 int32 numbers, the little-endian words (the bits; every op can read this form)
 *   f32  4 numbers, each an f32 lane in the scalar f32 representation (bit-exact NaNs)
 *   f64  2 numbers, the f64 lanes
 * Float ops read and write the float forms directly (`Math.fround(a * b)` per lane, no
 * reinterpretation); integer and bitwise ops use i32. A value's form comes from its
 * producer: a fixed form for most ops, the operands' form for lane-preserving ops
 * (bitselect by a compare mask, select, word shuffles, f32 replace_lane, abs/neg); a block
 * parameter takes the common form of its incoming values (i32 when they differ). Where a
 * consumer wants another form the lanes are converted exactly (float-bits helpers).
 * Constants have no form: they are folded into each use as literals of the wanted form.
 */
import type { InstData, IrFunction, Value } from '../ir/function.js';
import { implicitTargetParams } from '../ir/signature.js';
import type { ModuleEnv } from '../ir/types.js';
import type { Expr, Stmt } from './js-ast.js';
import { call, num } from './js-ast.js';
import type { LowerContext, Lowered } from './lowering.js';
import type { ModuleContext } from './module-context.js';

export type LaneForm = 'i32' | 'f32' | 'f64';

/** An operand's form as the result-form rules see it: undefined = constant (any form). */
export type OperandForm = LaneForm | undefined;

export const LANE_COUNT: Readonly<Record<LaneForm, number>> = { i32: 4, f32: 4, f64: 2 };

/** What an op lowering sees (built per instruction by ops-simd.ts). */
export interface SimdContext {
  readonly inst: InstData;
  readonly module: ModuleContext;
  /** The scalar side: scalar operands, memory views. */
  readonly base: LowerContext;
  /** The form the result is stored in; lanes returned in another form get converted. */
  readonly resultForm: LaneForm;
  /** Lanes of v128 operand `i` in `form` (converted exactly if it is held in another form). */
  lanes(i: number, form: LaneForm): Expr[];
  form(i: number): OperandForm;
  /** Lane width in bits when operand `i` is known to have all-ones or all-zeros lanes, else 0. */
  maskWidth(i: number): number;
  /** `expr` evaluated once into a temporary (a statement run before the result is assigned). */
  once(expr: Expr): Expr;
  /** A statement run before the result is assigned (in order with `once`). */
  emit(stmt: Stmt): void;
  /** The `simdOps` runtime entry named `name`. */
  helper(name: string): Expr;
}

/** A v128 result as lanes of some form, or (scalar results, stores) an ordinary lowering. */
export type SimdLowered = { lanes: Expr[]; form: LaneForm } | Lowered;

export type FormRule = (form: (i: number) => OperandForm, maskWidth: (i: number) => number, inst: InstData) => LaneForm;

export interface SimdOp {
  /** Form of the v128 result (default i32). */
  readonly result?: LaneForm | FormRule;
  /** Set when every result lane of this width is all ones or all zeros (comparisons). */
  readonly maskWidth?: number;
  lower(c: SimdContext): SimdLowered;
}

/** The common form of two operands: constants adapt, differing forms meet in i32. */
export function meet(a: OperandForm, b: OperandForm): OperandForm {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  return 'i32';
}

export function resultRule(op: SimdOp): FormRule {
  const rule = op.result ?? 'i32';
  return typeof rule === 'function' ? rule : () => rule;
}

/** Converts lanes between forms (exact for every bit pattern, NaN payloads included). */
export function convertLanes(module: ModuleContext, lanes: Expr[], from: LaneForm, to: LaneForm): Expr[] {
  if (from === to) return lanes;
  if (to !== 'i32' && from !== 'i32') return convertLanes(module, convertLanes(module, lanes, from, 'i32'), 'i32', to);
  if (from === 'f32') return lanes.map((lane) => call(module.rt('f32ToBits'), [lane]));
  if (from === 'f64') {
    return lanes.flatMap((lane) => [call(module.rt('f64LowWord'), [lane]), call(module.rt('f64HighWord'), [lane])]);
  }
  if (to === 'f32') return lanes.map((word) => call(module.rt('f32FromBits'), [word]));
  return [0, 1].map((j) => call(module.rt('f64FromWordsExact'), [lanes[2 * j + 1]!, lanes[2 * j]!]));
}

/** The words of a v128.const immediate. */
export function constantWords(inst: InstData): Int32Array {
  if (inst.imm.kind !== 'v128') throw new Error(`${inst.opcode}: expected a v128 immediate`);
  return new Int32Array(inst.imm.bytes.slice().buffer);
}

/** A constant's lanes as literals of `form`. */
export function constantLanes(module: ModuleContext, words: Int32Array, form: LaneForm): Expr[] {
  switch (form) {
    case 'i32':
      return [...words].map((word) => num(word));
    case 'f32':
      return [...words].map((word) => module.f32Const(word));
    case 'f64':
      return [0, 1].map((j) => module.f64Const((BigInt(words[2 * j + 1]!) << 32n) | BigInt(words[2 * j]! >>> 0)));
  }
}

/** Lane width of a constant whose lanes of that width are all-ones or zero (widest first), else 0. */
export function constantMaskWidth(words: Int32Array): number {
  if (!words.every((word) => word === 0 || word === -1)) return 0;
  return words[0] === words[1] && words[2] === words[3] ? 64 : 32;
}

const FORM_CODES: readonly (LaneForm | undefined)[] = [undefined, 'i32', 'f32', 'f64'];

/**
 * Chooses the form of every v128 value: a fixpoint over the function (forms only move
 * from "unknown" to a float form to i32), then unresolved values — block parameters fed
 * only by constants or by themselves — become i32 and the fixpoint runs again.
 */
export function analyzeForms(
  fn: IrFunction,
  env: ModuleEnv,
  opFor: (inst: InstData) => SimdOp | undefined,
  isConstant: (value: Value) => boolean,
): { forms: (LaneForm | undefined)[]; maskWidths: Int32Array } {
  const codes = new Uint8Array(fn.values.length);
  const maskWidths = new Int32Array(fn.values.length);
  const isV128 = (value: Value): boolean => fn.values[value]!.type === 'v128';
  if (!fn.values.some((data) => data.type === 'v128')) return { forms: [], maskWidths };
  const formOf = (value: Value): OperandForm => FORM_CODES[codes[value]!];
  const setForm = (value: Value, form: OperandForm): boolean => {
    const code = FORM_CODES.indexOf(form);
    if (codes[value] === code) return false;
    codes[value] = code;
    return true;
  };
  for (const block of fn.layout) {
    for (const inst of fn.blocks[block]!.insts) {
      const data = fn.insts[inst]!;
      const op = opFor(data);
      const result = data.results[0];
      if (result === undefined || !isV128(result)) continue;
      if (isConstant(result)) maskWidths[result] = constantMaskWidth(constantWords(data));
      else if (op?.maskWidth !== undefined) maskWidths[result] = op.maskWidth;
    }
  }
  const entry = fn.layout[0];
  const pass = (): boolean => {
    let changed = false;
    if (entry !== undefined) for (const param of fn.blocks[entry]!.params) if (isV128(param)) changed = setForm(param, 'i32') || changed;
    for (const block of fn.layout) {
      for (const inst of fn.blocks[block]!.insts) {
        const data = fn.insts[inst]!;
        data.results.forEach((result) => {
          if (!isV128(result) || isConstant(result)) return;
          const op = opFor(data);
          const form =
            op === undefined
              ? 'i32'
              : resultRule(op)(
                  (i) => formOf(data.args[i]!),
                  (i) => maskWidths[data.args[i]!]!,
                  data,
                );
          changed = setForm(result, form) || changed;
        });
        data.targets.forEach((target, t) => {
          const implicit = implicitTargetParams(data, t, env).length;
          fn.blocks[target.block]!.params.forEach((param, p) => {
            if (!isV128(param)) return;
            const incoming = p < implicit ? 'i32' : formOf(target.args[p - implicit]!);
            const current = formOf(param);
            const merged = current === undefined ? incoming : meet(current, incoming);
            changed = setForm(param, merged) || changed;
          });
        });
      }
    }
    return changed;
  };
  const settle = (): void => {
    // Forms only descend a 3-level lattice, so this ends; the cap guards against a bad rule.
    for (let round = 0; round < 4 * fn.values.length + 8 && pass(); round++);
  };
  settle();
  let unresolved = false;
  for (let value = 0; value < fn.values.length; value++) {
    if (isV128(value) && !isConstant(value) && codes[value] === 0) unresolved = setForm(value, 'i32') || unresolved;
  }
  if (unresolved) settle();
  return { forms: [...codes].map((code) => FORM_CODES[code]), maskWidths };
}
