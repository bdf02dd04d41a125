/**
 * v128 values in a generated function: the hook the function code generator
 * (function-codegen.ts) calls for everything of type v128.
 *
 * Each non-constant v128 SSA value `vN` becomes lane locals `vN$0..` in the form chosen by
 * ops-simd-forms.ts (`$` cannot occur in function names, so lane names never collide).
 * SIMD instructions are lowered by the op tables (ops-simd-lanes.ts, ops-simd-arith.ts,
 * ops-simd-memory.ts) into assignments of the result lanes. Everywhere else a v128 is
 * boxed: `v128FromWords(w0..w3)` (an Int32Array(4), see runtime-support/js/simd.ts) for
 * calls, returns, globals and exceptions, unboxed again into lanes when it comes back.
 */
import type { Inst, InstData, IrFunction, Value } from '../ir/function.js';
import { CompileError } from '../runtime-support/errors.js';
import { assignStmt, call, conditional, exprStmt, id, index, num, type Expr, type Stmt } from './js-ast.js';
import type { LowerContext, Lowered } from './lowering.js';
import type { ModuleContext } from './module-context.js';
import { valueName } from './names.js';
import {
  analyzeForms,
  constantLanes,
  constantWords,
  convertLanes,
  LANE_COUNT,
  meet,
  type LaneForm,
  type SimdContext,
  type SimdOp,
} from './ops-simd-forms.js';
import { SIMD_ARITH_OPS } from './ops-simd-arith.js';
import { SIMD_LANE_OPS } from './ops-simd-lanes.js';
import { SIMD_MEMORY_OPS } from './ops-simd-memory.js';

const SIMD_OPS: ReadonlyMap<string, SimdOp> = new Map([...SIMD_LANE_OPS, ...SIMD_ARITH_OPS, ...SIMD_MEMORY_OPS]);

/** `select` of two v128 values: lane by lane in their common form. */
const SELECT_V128: SimdOp = {
  result: (form) => meet(form(0), form(1)) ?? 'i32',
  lower: (c) => {
    const condition = c.once(c.base.cond(2));
    const a = c.lanes(0, c.resultForm);
    const b = c.lanes(1, c.resultForm);
    return { form: c.resultForm, lanes: a.map((lane, k) => conditional(condition, lane, b[k]!)) };
  },
};

export function isSimdOpcode(opcode: string): boolean {
  return SIMD_OPS.has(opcode);
}

export function laneName(value: Value, lane: number): string {
  return `${valueName(value)}$${lane}`;
}

/** A move of one lane along a branch edge (function-codegen.ts sequentializes them). */
export interface LaneMove {
  dst: string;
  src: Expr;
  reads: string | null;
}

export class SimdFunction {
  private readonly forms: (LaneForm | undefined)[];
  private readonly maskWidths: Int32Array;
  private temps = 0;

  constructor(
    private readonly fn: IrFunction,
    private readonly module: ModuleContext,
    /** Whether a value is used (and so has locals); from the function code generator. */
    private readonly isLive: (value: Value) => boolean,
  ) {
    const analysis = analyzeForms(fn, module.env, (inst) => this.opFor(inst), (value) => this.isConstant(value));
    this.forms = analysis.forms;
    this.maskWidths = analysis.maskWidths;
  }

  private opFor(inst: InstData): SimdOp | undefined {
    if (inst.opcode === 'select') return this.fn.values[inst.results[0]!]!.type === 'v128' ? SELECT_V128 : undefined;
    return SIMD_OPS.get(inst.opcode);
  }

  private isConstant(value: Value): boolean {
    const data = this.fn.values[value]!;
    return !data.isParam && this.fn.insts[data.owner]!.opcode === 'v128.const';
  }

  private formOf(value: Value): LaneForm {
    return this.forms[value] ?? 'i32';
  }

  private laneNames(value: Value): string[] {
    return Array.from({ length: LANE_COUNT[this.formOf(value)] }, (_, lane) => laneName(value, lane));
  }

  /** Lane locals and temporaries to declare. */
  locals(): [string, Expr | null][] {
    const out: [string, Expr | null][] = [];
    for (let value = 0; value < this.fn.values.length; value++) {
      if (this.fn.values[value]!.type !== 'v128' || this.isConstant(value) || !this.isLive(value)) continue;
      for (const name of this.laneNames(value)) out.push([name, num(0)]);
    }
    for (let t = 0; t < this.temps; t++) out.push([`$q${t}`, null]);
    return out;
  }

  /** Unboxes the entry block's v128 parameters (functions receive boxes). */
  prologue(): Stmt[] {
    const entry = this.fn.layout[0];
    if (entry === undefined) return [];
    return this.fn.blocks[entry]!.params.filter((param) => this.fn.values[param]!.type === 'v128' && this.isLive(param)).flatMap((param) =>
      this.laneNames(param).map((name, k) => assignStmt(name, index(valueName(param), k))),
    );
  }

  /** The lanes of a v128 value in `form`. */
  lanes(value: Value, form: LaneForm): Expr[] {
    if (this.isConstant(value)) return constantLanes(this.module, constantWords(this.fn.insts[this.fn.values[value]!.owner]!), form);
    return convertLanes(this.module, this.laneNames(value).map((name) => id(name)), this.formOf(value), form);
  }

  /** A v128 value as a box, for consumers outside the SIMD ops. */
  box(value: Value): Expr {
    return call(this.module.rt('v128FromWords'), this.lanes(value, 'i32'));
  }

  /** Assigns a box computed by `source` to the lanes of `value` (an i32-form value). */
  unbox(value: Value, source: Expr): Stmt[] {
    if (!this.isLive(value)) return [exprStmt(source)];
    const box = this.newTemp();
    return [assignStmt(box, source), ...this.assignLanes(value, [0, 1, 2, 3].map((k) => index(box, k)), 'i32')];
  }

  private newTemp(): string {
    return `$q${this.temps++}`;
  }

  private assignLanes(value: Value, lanes: Expr[], form: LaneForm): Stmt[] {
    const converted = convertLanes(this.module, lanes, form, this.formOf(value));
    if (!this.isLive(value)) return converted.map((lane) => exprStmt(lane));
    return this.laneNames(value).map((name, k) => assignStmt(name, converted[k]!));
  }

  /** Lowers a SIMD instruction (or a v128 select); undefined for every other instruction. */
  lower(inst: Inst, base: LowerContext): Lowered | undefined {
    const data = this.fn.insts[inst]!;
    const op = this.opFor(data);
    if (op === undefined) return undefined;
    const pre: Stmt[] = [];
    const result = data.results[0];
    const context: SimdContext = {
      inst: data,
      module: this.module,
      base,
      resultForm: result === undefined ? 'i32' : this.formOf(result),
      lanes: (i, form) => this.lanes(data.args[i]!, form),
      form: (i) => (this.isConstant(data.args[i]!) ? undefined : this.formOf(data.args[i]!)),
      maskWidth: (i) => this.maskWidths[data.args[i]!]!,
      once: (expr) => {
        if (expr.type === 'Identifier' || expr.type === 'Literal') return expr;
        const temp = this.newTemp();
        pre.push(assignStmt(temp, expr));
        return id(temp);
      },
      emit: (stmt) => pre.push(stmt),
      helper: (name) => this.module.constant(`simd:${name}`, () => index(this.module.rt('simdOps'), { type: 'Literal', value: name, raw: JSON.stringify(name) })),
    };
    const lowered = op.lower(context);
    if ('lanes' in lowered) {
      if (result === undefined || this.fn.values[result]!.type !== 'v128') this.fail(data, 'lanes lowered for a non-v128 result');
      return { stmts: [...pre, ...this.assignLanes(result, lowered.lanes, lowered.form)] };
    }
    if ('stmts' in lowered) return { stmts: [...pre, ...lowered.stmts] };
    if (pre.length > 0) this.fail(data, 'an expression lowering needed statements');
    return lowered;
  }

  private fail(inst: InstData, message: string): never {
    throw new CompileError(`function ${this.fn.funcIndex}: ${inst.opcode}: ${message}`);
  }

  /**
   * The lane moves of a v128 block parameter on an edge, from a value or (call results,
   * exception payloads) a box. Conversions and unboxing read their sources into temporaries
   * first (`pre`, run before any move), so the moves stay simple copies.
   */
  edgeMoves(param: Value, source: { value: Value } | { box: Expr }): { pre: Stmt[]; moves: LaneMove[] } {
    const names = this.laneNames(param);
    const form = this.formOf(param);
    if ('box' in source) {
      const box = this.newTemp();
      const lanes = convertLanes(this.module, [0, 1, 2, 3].map((k) => index(box, k)), 'i32', form);
      return { pre: [assignStmt(box, source.box)], moves: names.map((dst, k) => ({ dst, src: lanes[k]!, reads: null })) };
    }
    const value = source.value;
    if (this.isConstant(value)) return { pre: [], moves: names.map((dst, k) => ({ dst, src: this.lanes(value, form)[k]!, reads: null })) };
    if (this.formOf(value) === form) {
      return { pre: [], moves: names.map((dst, k) => ({ dst, src: id(laneName(value, k)), reads: laneName(value, k) })) };
    }
    const pre: Stmt[] = [];
    const moves = this.lanes(value, form).map((lane, k): LaneMove => {
      const temp = this.newTemp();
      pre.push(assignStmt(temp, lane));
      return { dst: names[k]!, src: id(temp), reads: temp };
    });
    return { pre, moves };
  }
}
