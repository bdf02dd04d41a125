/**
 * Function instances for functions that are not interpreted by this process's instances:
 * Heron functions of compiled modules (called through the raw-call protocol), native Wasm
 * exports and plain JS functions (adapted to the protocol with the JS API's conversions).
 * One FuncInstance per function object (and type, for JS functions, whose type comes from
 * where they are used), so a funcref keeps its identity when it is read back.
 */
import type { FuncType } from '../../compiler/module.js';
import { adaptJsFunction } from '../../runtime-support/js/functions.js';
import { funcInfoOf } from '../../runtime-support/raw-call.js';
import { signature, signatureKey } from '../../runtime-support/values.js';
import { FuncInstance, funcInstanceOf, funcTypeId } from './function-instance.js';

const rawInstances = new WeakMap<object, FuncInstance>();
const jsInstances = new WeakMap<object, Map<number, FuncInstance>>();

type JsCallable = (...args: unknown[]) => unknown;

/** The FuncInstance a funcref (a JS function) stands for; `typeIfUnknown` types plain JS functions. */
export function funcInstanceForRef(ref: JsCallable, typeIfUnknown: FuncType): FuncInstance {
  const own = funcInstanceOf(ref);
  if (own !== undefined) return own;
  const info = funcInfoOf(ref);
  if (info !== undefined) {
    let instance = rawInstances.get(ref);
    if (instance === undefined) {
      const { params, results } = signature(info.sig);
      instance = new FuncInstance({ params: [...params], results: [...results] }, null, { kind: 'raw', raw: info.raw }, ref.name);
      instance.exported = ref;
      rawInstances.set(ref, instance);
    }
    return instance;
  }
  let byType = jsInstances.get(ref);
  if (byType === undefined) jsInstances.set(ref, (byType = new Map()));
  const id = funcTypeId(typeIfUnknown);
  let instance = byType.get(id);
  if (instance === undefined) {
    instance = hostFuncInstance(ref, typeIfUnknown, ref.name);
    instance.exported = ref;
    byType.set(id, instance);
  }
  return instance;
}

/** A host function imported with `type`: the JS API makes a new function for each import. */
export function hostFuncInstance(fn: JsCallable, type: FuncType, name: string): FuncInstance {
  return new FuncInstance(type, null, { kind: 'raw', raw: adaptJsFunction(fn, signatureKey(type.params, type.results)) }, name);
}
