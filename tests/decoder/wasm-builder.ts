/**
 * Byte-level helpers for building binary modules in tests, including malformed ones that
 * no text-format tool would produce.
 */

export type Bytes = number[];

/** Value type i32, and the empty block type. */
export const I32 = 0x7f;
export const EMPTY_BLOCK = 0x40;

/** Opcodes the hand-built test modules use. */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br_if: 0x0d,
  br_table: 0x0e,
  return: 0x0f,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32GtS: 0x4a,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32RemU: 0x70,
  i32And: 0x71,
  i32Xor: 0x73,
} as const;

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
