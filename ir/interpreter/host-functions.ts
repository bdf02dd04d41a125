/**
 * Function instances for functions that are not interpreted by this process's instances:
 * Heron raw functions (compiled modules), native Wasm exports and plain JS functions.
 * One FuncInstance per function object (and type, for JS functions, whose type comes from
 * where they are used), so a funcref keeps its identity when it is read back.
 */
import type { FuncType } from '../../compiler/module.js';
import { rawFunctionOf } from '../../runtime-support/raw-call.js';
import { FuncInstance, funcInstanceOf, funcTypeId } from './function-instance.js';

const rawInstances = new WeakMap<object, FuncInstance>();
const jsInstances = new WeakMap<object, Map<number, FuncInstance>>();

type JsCallable = (...args: unknown[]) => unknown;

/** The FuncInstance a funcref (a JS function) stands for; `typeIfUnknown` types plain JS functions. */
export function funcInstanceForRef(ref: JsCallable, typeIfUnknown: FuncType): FuncInstance {
  const own = funcInstanceOf(ref);
  if (own !== undefined) return own;
  const raw = rawFunctionOf(ref);
  if (raw !== undefined) {
    let instance = rawInstances.get(ref);
    if (instance === undefined) {
      instance = new FuncInstance(raw.type, null, { kind: 'raw', raw }, ref.name);
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
    instance = new FuncInstance(typeIfUnknown, null, { kind: 'js', fn: ref }, ref.name);
    instance.exported = ref;
    byType.set(id, instance);
  }
  return instance;
}

/** A host function imported with `type`: the JS API makes a new function for each import. */
export function hostFuncInstance(fn: JsCallable, type: FuncType, name: string): FuncInstance {
  return new FuncInstance(type, null, { kind: 'js', fn }, name);
}
