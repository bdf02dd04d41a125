/**
 * Strict UTF-8 encoding and decoding, written out so the shim does not depend on
 * TextEncoder/TextDecoder (absent on some embedded engines such as Hermes).
 */

import { Errno } from './constants.js';
import { fail } from './errors.js';

/** Encodes a JS string; lone surrogates become U+FFFD, as TextEncoder does. */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) {
      out.push(code);
    } else if (code < 0x800) {
      out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    } else {
      out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    }
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8, or returns null on any malformed sequence (overlong, surrogate, truncated, > U+10FFFF). */
export function tryDecodeUtf8(bytes: Uint8Array): string | null {
  let result = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    let code: number;
    let length: number;
    let min: number;
    if (b0 < 0x80) {
      code = b0;
      length = 1;
      min = 0;
    } else if ((b0 & 0xe0) === 0xc0) {
      code = b0 & 0x1f;
      length = 2;
      min = 0x80;
    } else if ((b0 & 0xf0) === 0xe0) {
      code = b0 & 0x0f;
      length = 3;
      min = 0x800;
    } else if ((b0 & 0xf8) === 0xf0) {
      code = b0 & 0x07;
      length = 4;
      min = 0x10000;
    } else {
      return null;
    }
    if (i + length > bytes.length) return null;
    for (let k = 1; k < length; k++) {
      const b = bytes[i + k]!;
      if ((b & 0xc0) !== 0x80) return null;
      code = (code << 6) | (b & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    result += String.fromCodePoint(code);
    i += length;
  }
  return result;
}

/** Decodes a guest path: invalid UTF-8 is EILSEQ, an embedded NUL is EINVAL (as in Wasmtime). */
export function decodeGuestPath(bytes: Uint8Array): string {
  if (bytes.includes(0)) fail(Errno.INVAL, 'path contains a NUL byte');
  const text = tryDecodeUtf8(bytes);
  if (text === null) fail(Errno.ILSEQ, 'path is not valid UTF-8');
  return text;
}
