/**
 * The `native` engine: V8's own WebAssembly. It must pass every binary-applicable command
 * of the core suite, which is what shows the runner itself is right.
 */
import { setFlagsFromString } from 'node:v8';
import { EngineUnavailableError, type Engine, type HostConstructors, type ImportObject, type InstanceLike, type WasmErrorClasses } from '../engine.js';
import type { SuiteName } from '../loader.js';

/** The part of the WebAssembly JS API this engine uses (@types/node does not declare it). */
interface NativeWebAssembly extends WasmErrorClasses, HostConstructors {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: ImportObject) => InstanceLike;
  Exception?: abstract new (...args: never[]) => object;
}

/** V8 (Node 20) flags that switch on a proposal; proposals absent here are either shipped
 *  (tail-call, exception-handling, threads) or not implemented (multi-memory). The flags
 *  are switched off again for other suites, since they change what core tests expect
 *  (e.g. memory64 makes memory flag 0x04 well-formed). */
const PROPOSAL_FLAGS: Partial<Record<SuiteName, string>> = {
  memory64: 'experimental-wasm-memory64',
  'extended-const': 'experimental-wasm-extended-const',
};

function nativeWebAssembly(): NativeWebAssembly {
  const api = (globalThis as { WebAssembly?: NativeWebAssembly }).WebAssembly;
  if (api === undefined) throw new EngineUnavailableError('the native engine needs globalThis.WebAssembly (node without --jitless)');
  return api;
}

export function createNativeEngine(): Engine {
  const wasm = nativeWebAssembly();
  let activeFlag: string | undefined;
  return {
    name: 'native',
    executes: true,
    // Shipped in Node 20's V8, so on everywhere; memory64 and extended-const are switched
    // on per suite only (prepareFor); multi-memory is missing.
    proposals: ['tail-call', 'exception-handling', 'threads'],
    errors: { CompileError: wasm.CompileError, LinkError: wasm.LinkError, RuntimeError: wasm.RuntimeError },
    host: { Memory: wasm.Memory, Table: wasm.Table, Global: wasm.Global },
    parse(bytes) {
      new wasm.Module(bytes);
    },
    instantiate(bytes, imports) {
      return new wasm.Instance(new wasm.Module(bytes), imports);
    },
    isTrap: (error) => error instanceof wasm.RuntimeError,
    // V8 reports stack overflow in Wasm as a JS RangeError ("Maximum call stack size exceeded").
    isStackExhaustion: (error) => error instanceof RangeError,
    isWasmException: (error) => wasm.Exception !== undefined && error instanceof wasm.Exception,
    prepareFor(suite) {
      const wanted = PROPOSAL_FLAGS[suite];
      if (wanted === activeFlag) return;
      if (activeFlag !== undefined) setFlagsFromString(`--no-${activeFlag}`);
      if (wanted !== undefined) setFlagsFromString(`--${wanted}`);
      activeFlag = wanted;
    },
  };
}
