/**
 * Byte-level helpers for building binary modules in tests, including malformed ones that
 * no text-format tool would produce.
 */

export type Bytes = number[];

export function u32(value: number): Bytes {
  const out: Bytes = [];
  let rest = value;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

export function s64(value: bigint): Bytes {
  const out: Bytes = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n;
    const done = (rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

export function s32(value: number): Bytes {
  return s64(BigInt(value));
}

export function str(text: string): Bytes {
  const utf8 = [...new TextEncoder().encode(text)];
  return [...u32(utf8.length), ...utf8];
}

export function vec(items: Bytes[]): Bytes {
  return [...u32(items.length), ...items.flat()];
}

export function section(id: number, payload: Bytes): Bytes {
  return [id, ...u32(payload.length), ...payload];
}

export const HEADER: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export function moduleBytes(...sections: Bytes[]): Uint8Array {
  return new Uint8Array([...HEADER, ...sections.flat()]);
}

/** A code section entry: size, local groups, instructions (which should end with 0x0b). */
export function body(locals: [count: number, type: number][], code: Bytes): Bytes {
  const content = [...vec(locals.map(([count, type]) => [...u32(count), type])), ...code];
  return [...u32(content.length), ...content];
}

/** Type section with one type `[] -> []`, function section with `count` functions of it. */
export function voidFunctions(count: number): Bytes[] {
  return [section(1, vec([[0x60, 0x00, 0x00]])), section(3, vec(Array.from({ length: count }, () => [0x00])))];
}
