/**
 * i64 values as pairs of int32 inside function bodies (`CompileOptions.i64: 'pairs'`): the
 * hook the function code generator (function-codegen.ts) calls for values of type i64, in the
 * manner of the v128 lane locals of ops-simd.ts.
 *
 * A non-constant i64 SSA value `vN` becomes two int32 locals `vN$l` (low word) and `vN$h`
 * (high word); constants are folded into each use as two int literals. i64 instructions are
 * lowered on the words (ops-i64-pairs-ops.ts): add/sub with carries, mul by 16-bit limbs and
 * Math.imul, bitwise ops, shifts, constant rotates, compares, extends/wrap, select, loads and
 * stores as two 32-bit accesses, all inline; variable rotates, bit counts and div/rem through
 * small runtime helpers (runtime-support/js/i64-pairs.ts). Everything else — calls, returns,
 * globals, multi-value results, exception payloads, and the rare ops without a pair lowering
 * (float conversions, reinterpret, atomics, memory64 addresses) — sees the BigInt
 * representation: the operand is boxed (`i64FromWords`) and a BigInt result is split again,
 * so the calling convention is unchanged and both modes interoperate.
 *
 * Measured 2026-11-26 with `node --import tsx tests/backend/i64-pairs-bench.ts --runs 2 hash64 vm`
 * (native V8 Wasm, pairs and BigInt in one process, best of 2; Node 20, 2 cores shared with
 * other jobs at load ~6-8, so ±30% and worse between runs):
 *   hash64 (64-bit mul/xor/shift/rotate mixing, div/rem, bit counts):
 *     native 0.49 s   pairs 4.75 s (9.8×)   BigInt 26.2 s (54×)
 *   vm (an interpreter with a 64-bit op counter; mostly i32):
 *     native 0.94 s   pairs 2.64 s (2.8×)   BigInt 4.05 s (4.3×)
 *   earlier run, load ~9: hash64 native 0.98 s, pairs 7.3 s (7.4×), BigInt 24.5 s (25×);
 *   vm 1.08 / 2.99 (2.8×) / 3.82 (3.5×). Before inlining mul and shifts (helper calls that
 *   TurboFan stopped inlining in hash64's one big `main`) pairs took 9.0 s for hash64.
 * So pairs are 3-5× faster than BigInt on i64-heavy code but still short of the ≤3× target on
 * hash64: a CPU profile of one 3.1 s pairs run shows 1.65 s in the generated loops, 0.86 s in
 * the div/rem helper (double divisions) and 0.2 s in popcount (README.md "i64 as pairs").
 */
import type { Inst, InstData, IrFunction, Value } from '../ir/function.js';
import { CompileError } from '../runtime-support/errors.js';
import { assignStmt, bigintLit, call, exprStmt, id, num, type Expr, type Stmt } from './js-ast.js';
import type { LowerContext, Lowered } from './lowering.js';
import type { ModuleContext } from './module-context.js';
import { valueName } from './names.js';
import { PAIR_OPS, SELECT_PAIR, type Pair, type PairContext, type PairOp } from './ops-i64-pairs-ops.js';

/** How generated function bodies hold i64 values. */
export type I64Mode = 'bigint' | 'pairs';

const BIGINT_ZERO = bigintLit(0n);

const MODES = new WeakMap<ModuleContext, I64Mode>();

/** Chooses the i64 representation for a module's functions (set before code generation). */
export function setI64Mode(module: ModuleContext, mode: I64Mode): void {
  MODES.set(module, mode);
}

export function i64Mode(module: ModuleContext): I64Mode {
  return MODES.get(module) ?? 'pairs';
}

export function pairLaneNames(value: Value): [lo: string, hi: string] {
  return [`${valueName(value)}$l`, `${valueName(value)}$h`];
}

/** A lane move along a branch edge (function-codegen.ts sequentializes them). */
export interface PairMove {
  dst: string;
  src: Expr;
  reads: string | null;
}

export class I64PairFunction {
  readonly enabled: boolean;
  /**
   * Temporaries `$pN`, each holding one kind of value: its initial value (0 or 0n) keeps
   * V8's view of the local monomorphic — an int32 temp starting as `undefined` would be a
   * tagged phi in loops, boxing every word outside the Smi range into a heap number.
   */
  private readonly temps: Expr[] = [];

  constructor(
    private readonly fn: IrFunction,
    private readonly module: ModuleContext,
    /** Whether a value is used (and so has locals); from the function code generator. */
    private readonly isLive: (value: Value) => boolean,
  ) {
    this.enabled = i64Mode(module) === 'pairs';
  }

  /** Whether `value` is held as a pair of words. */
  holds(value: Value): boolean {
    return this.enabled && this.fn.values[value]!.type === 'i64';
  }

  private constantWords(value: Value): [number, number] | undefined {
    const data = this.fn.values[value]!;
    if (data.isParam) return undefined;
    const imm = this.fn.insts[data.owner]!.imm;
    if (imm.kind !== 'i64') return undefined;
    return [Number(BigInt.asIntN(32, imm.value)), Number(BigInt.asIntN(32, imm.value >> 32n))];
  }

  /** The words of an i64 value: literals for a constant, else its locals. */
  lanes(value: Value): Pair {
    const words = this.constantWords(value);
    if (words !== undefined) return [num(words[0]), num(words[1])];
    const [lo, hi] = pairLaneNames(value);
    return [id(lo), id(hi)];
  }

  /** Word locals and temporaries to declare: every non-constant i64 value a reachable instruction defines or a live parameter. */
  locals(): [string, Expr | null][] {
    const out: [string, Expr | null][] = [];
    if (!this.enabled) return out;
    for (let value = 0; value < this.fn.values.length; value++) {
      const data = this.fn.values[value]!;
      if (data.type !== 'i64' || this.constantWords(value) !== undefined) continue;
      const defined = data.isParam ? this.isLive(value) : this.fn.insts[data.owner]!.block !== -1;
      if (defined) for (const name of pairLaneNames(value)) out.push([name, num(0)]);
    }
    this.temps.forEach((initial, t) => out.push([`$p${t}`, initial]));
    return out;
  }

  /** Splits the entry block's i64 parameters (functions receive BigInts). */
  prologue(): Stmt[] {
    const entry = this.fn.layout[0];
    if (!this.enabled || entry === undefined) return [];
    return this.fn.blocks[entry]!.params.filter((param) => this.holds(param) && this.isLive(param)).flatMap((param) =>
      this.split(param, id(valueName(param))),
    );
  }

  /** An i64 value as a BigInt, for consumers outside the pair lowerings. */
  box(value: Value): Expr {
    return call(this.module.rt('i64FromWords'), [...this.lanes(value)]);
  }

  private split(value: Value, bigint: Expr): Stmt[] {
    const [lo, hi] = pairLaneNames(value);
    return [assignStmt(lo, call(this.module.rt('i64LowWord'), [bigint])), assignStmt(hi, call(this.module.rt('i64HighWord'), [bigint]))];
  }

  /** Assigns a BigInt computed by `source` to the words of `value`. */
  unbox(value: Value, source: Expr): Stmt[] {
    if (!this.isLive(value)) return [exprStmt(source)];
    const temp = this.newTemp(BIGINT_ZERO);
    return [assignStmt(temp, source), ...this.split(value, id(temp))];
  }

  private newTemp(initial: Expr): string {
    this.temps.push(initial);
    return `$p${this.temps.length - 1}`;
  }

  private opFor(inst: InstData): PairOp | undefined {
    if (inst.opcode === 'select') return this.fn.values[inst.results[0]!]!.type === 'i64' ? SELECT_PAIR : undefined;
    return PAIR_OPS.get(inst.opcode);
  }

  /** Lowers an instruction with a pair lowering; undefined for every other one (or when disabled). */
  lower(inst: Inst, base: LowerContext): Lowered | undefined {
    if (!this.enabled) return undefined;
    const data = this.fn.insts[inst]!;
    const op = this.opFor(data);
    if (op === undefined) return undefined;
    const pre: Stmt[] = [];
    const context: PairContext = {
      base,
      lanes: (i) => this.lanes(data.args[i]!),
      constant: (i) => this.constantWords(data.args[i]!),
      once: (expr) => {
        if (expr.type === 'Identifier' || expr.type === 'Literal') return expr;
        // Pair lowerings only evaluate int32 words and i32 operands once.
        const temp = this.newTemp(num(0));
        pre.push(assignStmt(temp, expr));
        return id(temp);
      },
    };
    const lowered = op(context);
    if ('pair' in lowered) {
      const result = data.results[0];
      if (result === undefined || !this.holds(result)) throw new CompileError(`function ${this.fn.funcIndex}: ${data.opcode}: a pair lowered for a non-i64 result`);
      const [lo, hi] = pairLaneNames(result);
      return { stmts: [...pre, assignStmt(lo, lowered.pair[0]), assignStmt(hi, lowered.pair[1])] };
    }
    if ('stmts' in lowered) return { stmts: [...pre, ...lowered.stmts] };
    if (pre.length === 0) return lowered;
    return { stmts: [...pre, exprStmt(lowered.expr)] };
  }

  /**
   * The word moves of an i64 block parameter on an edge, from a value or (call results,
   * exception payloads) a BigInt. A BigInt is read into a temporary first (`pre`, run before
   * any move), so the moves stay simple copies.
   */
  edgeMoves(param: Value, source: { value: Value } | { bigint: Expr }): { pre: Stmt[]; moves: PairMove[] } {
    const [lo, hi] = pairLaneNames(param);
    if ('bigint' in source) {
      const temp = this.newTemp(BIGINT_ZERO);
      const words = [call(this.module.rt('i64LowWord'), [id(temp)]), call(this.module.rt('i64HighWord'), [id(temp)])];
      return { pre: [assignStmt(temp, source.bigint)], moves: [lo, hi].map((dst, k) => ({ dst, src: words[k]!, reads: null })) };
    }
    const lanes = this.lanes(source.value);
    const names = this.constantWords(source.value) === undefined ? pairLaneNames(source.value) : [null, null];
    return { pre: [], moves: [lo, hi].map((dst, k) => ({ dst, src: lanes[k]!, reads: names[k]! })) };
  }
}
