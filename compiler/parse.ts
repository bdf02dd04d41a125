/**
 * `parseModule(bytes)`: decode and validate a binary module. The one entry point of the
 * front end; throws `CompileError` naming the byte offset (and function) of the problem.
 */
import type { Module } from './module.js';
import { decodeModule } from './decoder.js';
import { validateModule } from './validator.js';

export function parseModule(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): Module {
  const view =
    bytes instanceof Uint8Array
      ? bytes
      : ArrayBuffer.isView(bytes)
        ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
        : new Uint8Array(bytes);
  const module = decodeModule(view);
  validateModule(module);
  return module;
}
