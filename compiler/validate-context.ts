/**
 * What instruction validation needs to know about the module, precomputed once per module
 * as type codes (validate-types.ts) so that per-instruction checks are array lookups.
 */
import type { WasmFeatures } from './features.js';
import type { Module } from './module.js';
import { EXTERNREF, FUNCREF, I32, I64, encodeFuncType, typeCode } from './validate-types.js';
import type { EncodedFuncType } from './validate-types.js';

export interface ValidationContext {
  readonly module: Module;
  /** The features the module is validated under (instructions are read with them too). */
  readonly features: Readonly<WasmFeatures>;
  /** Every type of the type section, encoded. */
  readonly types: readonly EncodedFuncType[];
  /** Per table: the element type code. */
  readonly tableElements: Uint8Array;
  /** Per memory: the address type code, I32 or I64 (memory64). */
  readonly memoryAddresses: Uint8Array;
  /** Per global: its value type code and whether it is mutable (1) or not (0). */
  readonly globalTypes: Uint8Array;
  readonly globalMutable: Uint8Array;
  /** Per element segment: its reference type code. */
  readonly elementTypes: Uint8Array;
  /**
   * Per function: 1 if the module references it outside function bodies (element
   * segments, exports, constant expressions), the spec's C.refs; `ref.func` in a body may
   * only name those. Filled while the module-level parts are validated.
   */
  readonly declaredRefs: Uint8Array;
}

export function buildContext(module: Module, features: Readonly<WasmFeatures>): ValidationContext {
  const globalTypes = new Uint8Array(module.globalTypes.length);
  const globalMutable = new Uint8Array(module.globalTypes.length);
  module.globalTypes.forEach((global, i) => {
    globalTypes[i] = typeCode(global.type);
    globalMutable[i] = global.mutable ? 1 : 0;
  });
  return {
    module,
    features,
    types: module.types.map(encodeFuncType),
    tableElements: Uint8Array.from(module.tables, (table) => (table.element === 'funcref' ? FUNCREF : EXTERNREF)),
    memoryAddresses: Uint8Array.from(module.memories, (memory) => (memory.limits.index64 ? I64 : I32)),
    globalTypes,
    globalMutable,
    elementTypes: Uint8Array.from(module.elements, (segment) => typeCode(segment.type)),
    declaredRefs: new Uint8Array(module.funcTypes.length),
  };
}
