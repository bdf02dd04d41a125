/**
 * i64 values as pairs of int32 inside function bodies (`CompileOptions.i64: 'pairs'`): the
 * hook the function code generator (function-codegen.ts) calls for values of type i64, in the
 * manner of the v128 lane locals of ops-simd.ts.
 *
 * A non-constant i64 SSA value `vN` becomes two int32 locals `vN$l` (low word) and `vN$h`
 * (high word); constants are folded into each use as two int literals, and so is any word
 * whose bits are all known statically (ops-i64-pairs-bits.ts: the zero high word of
 * `x & 0xffffffff`, `x >> 32`, zero-extended loads, bit counts, small remainders), which then
 * has no local at all. i64 instructions are lowered on the words, all inline
 * (ops-i64-pairs-ops.ts): add/sub with branch-free carries, mul by 16-bit limbs and
 * Math.imul, bitwise ops, shifts and rotates, bit counts, compares, extends/wrap, select,
 * f64 conversions, loads and stores as two 32-bit accesses; division (ops-i64-pairs-div.ts)
 * inline for constant divisors and for u32 divisors, through runtime helpers
 * (runtime-support/js/i64-pairs.ts) for wide or signed variable divisors and traps.
 * Direct calls between the module's functions with i64 in their signature pass words
 * (i64-pair-calls.ts: the callee's pair body takes two int32s per i64 parameter and returns
 * the low word, the high word in `i64PairHigh[0]`). Everything else — other calls, globals,
 * multi-value results, exception payloads, and the rare ops without a pair lowering (f32
 * conversions, truncations, reinterpret, atomics, memory64 addresses) — sees the BigInt
 * representation: the operand is boxed (`i64FromWords`) and a BigInt result is split again,
 * so the raw-call protocol is unchanged and both modes interoperate.
 *
 * Measured 2026-11-26, Node 20, 2 cores shared with other jobs (load 3-5, so ±30% between
 * runs). `node --import tsx tests/backend/i64-pairs-bench.ts --runs 3 hash64 vm` (one
 * process, best of 3, native warm):
 *   hash64 (64-bit mul/xor/shift/rotate mixing, div/rem, bit counts):
 *     native 0.35 s   pairs 1.33 s (3.8×)   BigInt 15.8 s (45×)
 *   vm (an interpreter with a 64-bit op counter; mostly i32):
 *     native 0.67 s   pairs 1.12 s (1.7×)   BigInt 2.49 s (3.7×)
 * `heron bench hash64 vm --engines native,compiled --runs 5` (cold, separate processes,
 * medians): hash64 native 0.60 s, compiled 1.61 s (2.7×, was 4.5× the same morning);
 * vm 1.06 / 1.51 s (1.4×).
 * Old and new lowerings alternating in one process: hash64 2.82 s → 1.48 s (best of 3). The
 * steps: inline division by constants and by u32 divisors (the helper call and its checks
 * were 0.86 s of a 3.1 s profile), inline bit counts and variable rotates; `+(a < b)` carries
 * instead of `a < b ? 1 : 0` (a branch mispredicted half the time on hash data: 3× on a
 * carry-chain micro-benchmark); known-word folding (mum_hash's 32×32 products lose their
 * cross terms, its sums their high-word adds). Tried and dropped: the high word of a product
 * on doubles (1.5-3× slower than 16-bit limbs in a micro-benchmark), and
 * division by multiplying with the reciprocal and correcting (no faster than the divisions).
 * A CPU profile now puts hash64's time in arith_pass (the three divisions of `x / d`,
 * ~30%), fnv1a (a per-byte multiply chain, ~25%), then splitmix, mix and mum.
 */
import type { Inst, InstData, IrFunction, Value } from '../ir/function.js';
import { CompileError } from '../runtime-support/errors.js';
import { assign, assignStmt, bigintLit, call, exprStmt, id, num, returnStmt, type Expr, type Stmt } from './js-ast.js';
import { pairBodyRef, pairResultHigh } from './i64-pair-calls.js';
import type { LowerContext, Lowered } from './lowering.js';
import type { ModuleContext } from './module-context.js';
import { valueName } from './names.js';
import { knownI64Bits, knownWord, type KnownBits } from './ops-i64-pairs-bits.js';
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

  /** Statically known bits of i64 instruction results (ops-i64-pairs-bits.ts). */
  private readonly known: ReadonlyMap<Value, KnownBits>;

  constructor(
    private readonly fn: IrFunction,
    private readonly module: ModuleContext,
    /** Whether a value is used (and so has locals); from the function code generator. */
    private readonly isLive: (value: Value) => boolean,
  ) {
    this.enabled = i64Mode(module) === 'pairs';
    this.known = this.enabled ? knownI64Bits(fn) : new Map();
    this.pairBody = this.enabled && module.usesPairConvention(fn.funcIndex);
  }

  /** Whether this function is a pair body (i64-pair-calls.ts): i64 params and result as words. */
  private readonly pairBody: boolean;

  private isEntryParam(value: Value): boolean {
    const data = this.fn.values[value]!;
    return data.isParam && data.owner === this.fn.layout[0];
  }

  /** The JS parameters of entry parameter `param`: its two words in a pair body. */
  paramNames(param: Value): string[] {
    return this.pairBody && this.holds(param) ? pairLaneNames(param) : [valueName(param)];
  }

  /** `return value` in a pair body: the high word to `i64PairHigh[0]`, the low word returned. */
  returnStatements(value: Value): Stmt[] | undefined {
    if (!this.pairBody || !this.holds(value)) return undefined;
    const [lo, hi] = this.lanes(value);
    return [exprStmt(assign(pairResultHigh(this.module), hi)), returnStmt(lo)];
  }

  private callsPairBody(data: InstData): boolean {
    return this.enabled && data.imm.kind === 'func' && this.module.usesPairConvention(data.imm.func);
  }

  /** A direct call of a pair body: i64 arguments as their two words, in order. */
  private directPairCall(data: InstData, base: LowerContext): Expr | undefined {
    if (data.imm.kind !== 'func' || !this.callsPairBody(data)) return undefined;
    const args = data.args.flatMap((arg, i): Expr[] => (this.holds(arg) ? [...this.lanes(arg)] : [base.arg(i)]));
    return call(pairBodyRef(this.module, data.imm.func), args);
  }

  /**
   * The call of a direct return_call when it can go to the callee's pair body, or undefined
   * (the BigInt raw entry). A pair body with an i64 result must return words: its tail callees
   * are pair bodies too (i64-pair-calls.ts explains why), else compiling would be wrong.
   */
  tailCall(inst: Inst, base: LowerContext): (() => Expr) | undefined {
    const data = this.fn.insts[inst]!;
    const returnsI64 = this.module.env.types[this.fn.typeIndex]!.results[0] === 'i64';
    const pairCallee = this.callsPairBody(data);
    if (this.pairBody && returnsI64 && !pairCallee) {
      throw new CompileError(`function ${this.fn.funcIndex}: ${data.opcode}: the pair body's tail callee returns a BigInt`);
    }
    if (!pairCallee || (returnsI64 && !this.pairBody)) return undefined;
    return () => this.directPairCall(data, base)!;
  }

  /** A direct call of a pair body; its i64 result read from the returned low word and the high-word slot. */
  private lowerDirectCall(data: InstData, base: LowerContext): Lowered | undefined {
    const pairCall = this.directPairCall(data, base);
    if (pairCall === undefined) return undefined;
    const result = data.results[0];
    if (result === undefined || !this.holds(result)) return { expr: pairCall };
    if (!this.isLive(result)) return { stmts: [exprStmt(pairCall)] };
    const [lo, hi] = this.wordLocals(result);
    const stmts = [lo === null ? exprStmt(pairCall) : assignStmt(lo, pairCall)];
    if (hi !== null) stmts.push(assignStmt(hi, pairResultHigh(this.module)));
    return { stmts };
  }

  /** Whether `value` is held as a pair of words. */
  holds(value: Value): boolean {
    return this.enabled && this.fn.values[value]!.type === 'i64';
  }

  /**
   * The words of `value` that are known statically — both for a constant, often the high
   * word of a zero-extended value — as int32s; undefined for a word held in a local.
   */
  private knownWords(value: Value): [lo: number | undefined, hi: number | undefined] {
    const data = this.fn.values[value]!;
    if (data.isParam) return [undefined, undefined];
    const imm = this.fn.insts[data.owner]!.imm;
    if (imm.kind === 'i64') return [Number(BigInt.asIntN(32, imm.value)), Number(BigInt.asIntN(32, imm.value >> 32n))];
    const bits = this.known.get(value);
    return bits === undefined ? [undefined, undefined] : [knownWord(bits, 0), knownWord(bits, 1)];
  }

  private constantWords(value: Value): [number, number] | undefined {
    const [lo, hi] = this.knownWords(value);
    return lo === undefined || hi === undefined ? undefined : [lo, hi];
  }

  /** The local names of the words of `value` not known statically (null for a known word). */
  private wordLocals(value: Value): [lo: string | null, hi: string | null] {
    const known = this.knownWords(value);
    const names = pairLaneNames(value);
    return [known[0] === undefined ? names[0] : null, known[1] === undefined ? names[1] : null];
  }

  /** The words of an i64 value: literals for known words, else its locals. */
  lanes(value: Value): Pair {
    const known = this.knownWords(value);
    const names = pairLaneNames(value);
    return [known[0] === undefined ? id(names[0]) : num(known[0]), known[1] === undefined ? id(names[1]) : num(known[1])];
  }

  /** The bits of operand `value` known statically. */
  private knownBits(value: Value): KnownBits {
    const words = this.constantWords(value);
    if (words !== undefined) {
      const exact = (BigInt(words[1] >>> 0) << 32n) | BigInt(words[0] >>> 0);
      return { zeros: ~exact & ((1n << 64n) - 1n), ones: exact };
    }
    return this.known.get(value) ?? { zeros: 0n, ones: 0n };
  }

  /** Word locals and temporaries to declare: every unknown word of an i64 value a reachable instruction defines or a live parameter. */
  locals(): [string, Expr | null][] {
    const out: [string, Expr | null][] = [];
    if (!this.enabled) return out;
    for (let value = 0; value < this.fn.values.length; value++) {
      const data = this.fn.values[value]!;
      if (data.type !== 'i64') continue;
      const defined = data.isParam ? this.isLive(value) : this.fn.insts[data.owner]!.block !== -1;
      // A pair body's i64 parameters arrive as JS parameters.
      if (!defined || (this.pairBody && this.isEntryParam(value))) continue;
      for (const name of this.wordLocals(value)) if (name !== null) out.push([name, num(0)]);
    }
    this.temps.forEach((initial, t) => out.push([`$p${t}`, initial]));
    return out;
  }

  /** Splits the entry block's i64 parameters (functions other than pair bodies receive BigInts). */
  prologue(): Stmt[] {
    const entry = this.fn.layout[0];
    if (!this.enabled || this.pairBody || entry === undefined) return [];
    return this.fn.blocks[entry]!.params.filter((param) => this.holds(param) && this.isLive(param)).flatMap((param) =>
      this.split(param, id(valueName(param))),
    );
  }

  /** An i64 value as a BigInt, for consumers outside the pair lowerings. */
  box(value: Value): Expr {
    return call(this.module.rt('i64FromWords'), [...this.lanes(value)]);
  }

  /** Assigns the unknown words of `value` from a BigInt held in an identifier. */
  private split(value: Value, bigint: Expr): Stmt[] {
    const [lo, hi] = this.wordLocals(value);
    const out: Stmt[] = [];
    if (lo !== null) out.push(assignStmt(lo, call(this.module.rt('i64LowWord'), [bigint])));
    if (hi !== null) out.push(assignStmt(hi, call(this.module.rt('i64HighWord'), [bigint])));
    return out;
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
    if (data.opcode === 'call') return this.lowerDirectCall(data, base);
    const op = this.opFor(data);
    if (op === undefined) return undefined;
    const pre: Stmt[] = [];
    const context: PairContext = {
      base,
      lanes: (i) => this.lanes(data.args[i]!),
      constant: (i) => this.constantWords(data.args[i]!),
      known: (i) => this.knownBits(data.args[i]!),
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
      // A known word is a literal at every use: its (pure) expression is not needed.
      const assigns = this.wordLocals(result).flatMap((name, w) => (name === null ? [] : [assignStmt(name, lowered.pair[w]!)]));
      return { stmts: [...pre, ...assigns] };
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
    const names = this.wordLocals(source.value);
    return { pre: [], moves: [lo, hi].map((dst, k) => ({ dst, src: lanes[k]!, reads: names[k]! })) };
  }
}
