/**
 * Function instances: what a function index, a funcref or an import resolves to at run
 * time. An interpreted function has a `body` (its IR, compiled to bytecode on first call);
 * a host function has a `host` callee speaking the raw-call protocol (a compiled module's
 * function, or a plain JS function adapted with the JS API's conversions).
 *
 * The JS-visible function object of a FuncInstance (exports.ts) carries the instance under
 * a private symbol, so an interpreted instance importing another interpreted instance's
 * export calls straight into its code on the shared stack.
 */
import type { FuncType } from '../../compiler/module.js';
import type { RawFunction } from '../../runtime-support/raw-call.js';
import type { IrFunction } from '../function.js';
import { signatureLayout, type SignatureLayout } from './layout.js';
import type { CompiledFunction } from './run.js';

export type { CompiledFunction } from './run.js';

export type Op = (fp: number) => void;
/** Runs a terminator: the next block, or null when the function returns. */
export type Term = (fp: number) => CompiledBlock | null;

/** A block of compiled code: where it starts (set once the function's code is laid out). */
export interface CompiledBlock {
  pc: number;
}

export interface InterpretedBody {
  readonly fn: IrFunction;
  compiled: CompiledFunction | null;
  compile(): CompiledFunction;
}

/** A function that is not interpreted here, as a raw-call protocol function (plain JS functions
 *  are adapted by the shared runtime's `adaptJsFunction`, see host-functions.ts). */
export type HostCallee = { kind: 'raw'; raw: RawFunction };

const typeIds = new Map<string, number>();

/** Equal function types get equal ids (call_indirect compares ids). */
export function funcTypeId(type: FuncType): number {
  const key = `${type.params.join(',')}->${type.results.join(',')}`;
  let id = typeIds.get(key);
  if (id === undefined) {
    id = typeIds.size;
    typeIds.set(key, id);
  }
  return id;
}

export class FuncInstance {
  readonly typeId: number;
  readonly sig: SignatureLayout;
  /** The JS function object (funcref value), created on demand by exports.ts. */
  exported: ((...args: unknown[]) => unknown) | null = null;

  constructor(
    readonly type: FuncType,
    readonly body: InterpretedBody | null,
    readonly host: HostCallee | null,
    /** `name` of the JS function object: the Wasm function index, as in V8. */
    readonly name: string,
  ) {
    this.typeId = funcTypeId(type);
    this.sig = signatureLayout(type);
  }
}

/** Symbol under which exported function objects carry their FuncInstance. */
export const FUNC_INSTANCE = Symbol('heron.interpreter.funcInstance');

export function funcInstanceOf(value: unknown): FuncInstance | undefined {
  if (typeof value !== 'function') return undefined;
  return (value as { [FUNC_INSTANCE]?: FuncInstance })[FUNC_INSTANCE];
}
