/**
 * `parseModule(bytes, options)`: decode and validate a binary module. The one entry point
 * of the front end; throws `CompileError` naming the byte offset (and function) of the
 * problem. `options.features` chooses the accepted proposals (compiler/features.ts);
 * unspecified features are on.
 */
import type { Module } from './module.js';
import { decodeModule } from './decoder.js';
import { resolveFeatures, type WasmFeatures } from './features.js';
import { validateModule } from './validator.js';

export interface ParseOptions {
  features?: Partial<WasmFeatures>;
}

export function parseModule(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options: ParseOptions = {}): Module {
  const features = resolveFeatures(options.features);
  // Always a plain Uint8Array: a subclass such as Node's Buffer (what readFileSync returns)
  // has a `slice` that makes views, not copies, into a shared pool; later stages slice the
  // module bytes (v128 constants) and read `.buffer`, which must then hold just those bytes.
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
  const module = decodeModule(view, features);
  validateModule(module, features);
  return module;
}
