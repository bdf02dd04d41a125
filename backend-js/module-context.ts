/**
 * Module-wide state shared by the function code generator and the instantiation glue:
 * identifiers of functions, memories, tables, globals, tags and segments, the runtime
 * helpers the output uses, module-level constants (NaN bit patterns, signatures), and the
 * functions whose funcref values are needed.
 */
import type * as E from 'estree';
import type { Module } from '../compiler/module.js';
import type { ModuleEnv } from '../ir/types.js';
import type * as Runtime from '../runtime-support/js/index.js';
import { f32FromBits, f64FromBits } from '../runtime-support/js/float-bits.js';
import { signatureKey } from '../runtime-support/values.js';
import { assign, call, id, member, num, str, type Expr } from './js-ast.js';
import { functionIdentifiers } from './names.js';
import type { TailCallPlan } from './tail-calls.js';

export type RuntimeName = keyof typeof Runtime;

export class ModuleContext {
  readonly usedRuntime = new Set<RuntimeName>();
  /** Module-level `const` declarations, in order. */
  readonly constants: [string, Expr][] = [];
  /** Functions whose funcref value (`$refN`) the instance must create. */
  readonly referencedFunctions = new Set<number>();
  readonly functionNames: string[];
  /** Which functions are trampolined for tail calls (tail-calls.ts); set before code generation. */
  tailCalls: TailCallPlan | null = null;
  /**
   * Per function index: 1 when the function is compiled with the i64 pair calling convention
   * (i64-pair-calls.ts): its body takes and returns words, its raw entry is `NAME$raw`.
   * Set before code generation; null (no such functions) in BigInt mode.
   */
  pairConvention: Uint8Array | null = null;
  /** Globals held in a Global cell (imported or exported) rather than a closure variable. */
  private readonly globalCells: boolean[];
  private readonly constantNames = new Map<string, string>();

  constructor(
    readonly wasm: Module,
    readonly env: ModuleEnv,
  ) {
    this.functionNames = functionIdentifiers(env.funcTypes.length, (index) => wasm.names.functions.get(index));
    this.globalCells = env.globals.map((_, index) => index < wasm.importedGlobalCount);
    for (const entry of wasm.exports) if (entry.kind === 'global') this.globalCells[entry.index] = true;
  }

  rt(name: RuntimeName): E.Identifier {
    this.usedRuntime.add(name);
    return id(`$${name}`);
  }

  /** A module-level constant, shared by identical initializers (keyed by `key`). */
  constant(key: string, init: () => Expr): E.Identifier {
    let name = this.constantNames.get(key);
    if (name === undefined) {
      name = `$c${this.constants.length}`;
      this.constantNames.set(key, name);
      this.constants.push([name, init()]);
    }
    return id(name);
  }

  /** The raw callee of a function (defined functions and import adapters alike). */
  functionRef(index: number): E.Identifier {
    return id(this.usesPairConvention(index) ? `${this.functionNames[index]!}$raw` : this.functionNames[index]!);
  }

  /** Whether direct calls pass the function's i64 values as words (i64-pair-calls.ts). */
  usesPairConvention(index: number): boolean {
    return this.pairConvention?.[index] === 1;
  }

  /** The funcref value of a function (its exported-function object). */
  funcRefValue(index: number): E.Identifier {
    this.referencedFunctions.add(index);
    return id(`$ref${index}`);
  }

  signatureOfType(typeIndex: number): string {
    const type = this.env.types[typeIndex]!;
    return signatureKey(type.params, type.results);
  }

  signatureOfFunction(index: number): string {
    return this.signatureOfType(this.env.funcTypes[index]!);
  }

  signatureConstant(typeIndex: number): Expr {
    return str(this.signatureOfType(typeIndex));
  }

  memory(index: number): E.Identifier {
    return id(`$mem${index}`);
  }

  isMemory64(index: number): boolean {
    return this.env.memories[index]!.limits.index64;
  }

  table(index: number): E.Identifier {
    return id(`$table${index}`);
  }

  isTable64(index: number): boolean {
    return this.env.tables[index]!.limits.index64;
  }

  tag(index: number): E.Identifier {
    return id(`$tag${index}`);
  }

  isGlobalCell(index: number): boolean {
    return this.globalCells[index]!;
  }

  /** Read/write access to a global: a closure variable, or the raw field of its Global cell. */
  globalAccess(index: number): E.Identifier | E.MemberExpression {
    return this.globalCells[index] ? member(`$g${index}`, 'v') : id(`$g${index}`);
  }

  dataSegment(index: number): E.Identifier {
    return id(`$data${index}`);
  }

  dropDataSegment(index: number): Expr {
    return assign(`$data${index}`, this.constant('empty-bytes', () => ({ type: 'NewExpression', callee: id('Uint8Array'), arguments: [num(0)] })));
  }

  elemSegment(index: number): E.Identifier {
    return id(`$elem${index}`);
  }

  dropElemSegment(index: number): Expr {
    return assign(`$elem${index}`, { type: 'ArrayExpression', elements: [] });
  }

  /** An f32 constant from its bits; NaNs other than the canonical one become module constants. */
  f32Const(bits: number): Expr {
    const value = f32FromBits(bits);
    if (value === value || (bits >>> 0) === 0x7fc00000) return num(value);
    return this.constant(`f32:${bits >>> 0}`, () => call(this.rt('f32FromBits'), [num(bits | 0)]));
  }

  f64Const(bits: bigint): Expr {
    const value = f64FromBits(bits);
    if (value === value || bits === 0x7ff8000000000000n) return num(value);
    const unsigned = BigInt.asUintN(64, bits);
    return this.constant(`f64:${unsigned}`, () =>
      call(this.rt('f64FromWordsExact'), [num(Number(unsigned >> 32n)), num(Number(unsigned & 0xffffffffn))]),
    );
  }
}
