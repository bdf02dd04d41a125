/**
 * JS-visible function objects of function instances, with the WebAssembly JS API's calling
 * convention (ToWebAssemblyValue on arguments, ToJSValue on results; several results come
 * back as an array) and, under RAW_FUNCTION, the raw-call entry of runtime-support/raw-call.ts.
 * Calls from JS start a frame at `stackState.top`; a JS stack overflow inside becomes the
 * RuntimeError "call stack exhausted".
 */
import type { ValType } from '../../compiler/module.js';
import { refreshNativeMemories } from '../../runtime-support/memory.js';
import { RAW_FUNCTION, rawResults, type RawFunction } from '../../runtime-support/raw-call.js';
import { toJsValue, toRawValue } from '../../runtime-support/values.js';
import { callFunction, readRaw, writeRaw } from './execute.js';
import { FUNC_INSTANCE, type FuncInstance } from './function-instance.js';
import { bankOf } from './layout.js';
import { isHostStackOverflow, STACK_SLOTS, stackExhausted, stackState } from './stack.js';

export type JsFunction = (...args: unknown[]) => unknown;

/** Runs `callee` with raw arguments; returns raw results (array). */
function enter(callee: FuncInstance, args: readonly unknown[], convert: boolean): unknown[] {
  const fp = stackState.top;
  const { params, results } = callee.sig;
  if (fp + callee.sig.size > STACK_SLOTS) stackExhausted();
  for (let i = 0; i < params.types.length; i++) {
    const type = params.types[i]! as ValType;
    writeRaw(type, fp + params.offsets[i]!, convert ? toRawValue(type, args[i]) : args[i]);
  }
  refreshNativeMemories();
  try {
    callFunction(callee, fp);
  } catch (error) {
    if (isHostStackOverflow(error)) stackExhausted();
    throw error;
  }
  const values = new Array<unknown>(results.types.length);
  for (let i = 0; i < values.length; i++) values[i] = readRaw(results.types[i]!, fp + results.offsets[i]!);
  return values;
}

function callFromJs(callee: FuncInstance, args: readonly unknown[]): unknown {
  const types = callee.type.results;
  // v128 parameters or results make the call fail before it starts, as in V8.
  if (callee.type.params.includes('v128') || types.includes('v128')) {
    throw new TypeError('type incompatibility when transforming from/to JS: v128');
  }
  const raw = enter(callee, args, true);
  if (types.length === 0) return undefined;
  if (types.length === 1) return toJsValue(types[0]!, raw[0]);
  return raw.map((value, i) => toJsValue(types[i]!, value));
}

function callRaw(callee: FuncInstance, args: readonly unknown[]): unknown {
  const raw = enter(callee, args, false);
  const types = callee.type.results;
  if (types.length === 0) return undefined;
  if (types.length === 1) return raw[0];
  const area = rawResults();
  raw.forEach((value, i) => {
    if (bankOf(types[i]!) === 'n') area.numbers[i] = value as number;
    else area.values[i] = value;
  });
  return undefined;
}

/** The function object of `callee` (created once: funcref identity). */
export function exportedFunction(callee: FuncInstance): JsFunction {
  if (callee.exported !== null) return callee.exported;
  const js = function (...args: unknown[]): unknown {
    return callFromJs(callee, args);
  };
  const raw: RawFunction = { type: callee.type, call: (...args: unknown[]) => callRaw(callee, args) };
  Object.defineProperty(js, 'name', { value: callee.name });
  Object.defineProperty(js, 'length', { value: callee.type.params.length });
  Object.defineProperty(js, RAW_FUNCTION, { value: raw });
  Object.defineProperty(js, FUNC_INSTANCE, { value: callee });
  callee.exported = js;
  return js;
}
