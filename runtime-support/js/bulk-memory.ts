/**
 * Bulk memory instructions and data segments. Bounds are checked before anything is
 * written (Wasm 2.0 semantics: an out-of-bounds bulk operation writes nothing).
 */
import type { Memory } from '../memory.js';
import { trap } from './traps.js';

export function memoryFill(memory: Memory, dst: number, value: number, count: number): void {
  if (dst + count > memory.bytes.length) trap('heap_oob');
  memory.bytes.fill(value & 0xff, dst, dst + count);
}

export function memoryCopy(dstMemory: Memory, dst: number, srcMemory: Memory, src: number, count: number): void {
  if (src + count > srcMemory.bytes.length || dst + count > dstMemory.bytes.length) trap('heap_oob');
  if (dstMemory === srcMemory) dstMemory.bytes.copyWithin(dst, src, src + count);
  else dstMemory.bytes.set(srcMemory.bytes.subarray(src, src + count), dst);
}

/** memory.init and active data segments. */
export function memoryInit(memory: Memory, dst: number, segment: Uint8Array, src: number, count: number): void {
  if (src + count > segment.length || dst + count > memory.bytes.length) trap('heap_oob');
  memory.bytes.set(segment.subarray(src, src + count), dst);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_CODES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_CODES[BASE64.charCodeAt(i)] = i;

/** Data segment contents are embedded as base64 (no atob: Hermes and old engines lack it). */
export function decodeBase64(text: string): Uint8Array {
  const length = text.length;
  let padding = 0;
  if (length > 0 && text[length - 1] === '=') padding = text[length - 2] === '=' ? 2 : 1;
  const out = new Uint8Array((length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < length; i += 4) {
    const n =
      (BASE64_CODES[text.charCodeAt(i)]! << 18) |
      (BASE64_CODES[text.charCodeAt(i + 1)]! << 12) |
      ((BASE64_CODES[text.charCodeAt(i + 2)]! & 63) << 6) |
      (BASE64_CODES[text.charCodeAt(i + 3)]! & 63);
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}
