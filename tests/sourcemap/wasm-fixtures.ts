/**
 * Test modules for source maps: Wasm from text (wabt, with the name section), a
 * `sourceMappingURL` custom section appended by hand, and the byte offsets of instructions
 * as the IR records them.
 */
import wabtInit from 'wabt';
import { parseModule } from '../../compiler/parse.js';
import { translateModule } from '../../compiler/translate.js';

const wabt = await wabtInit();

export function watToWasm(text: string): Uint8Array {
  const parsed = wabt.parseWat('test.wat', text, {});
  try {
    return parsed.toBinary({ write_debug_names: true }).buffer;
  } finally {
    parsed.destroy();
  }
}

function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function wasmName(text: string): number[] {
  const utf8 = [...new TextEncoder().encode(text)];
  return [...leb128(utf8.length), ...utf8];
}

/** `bytes` with a `sourceMappingURL` custom section (id 0) appended. */
export function withSourceMappingUrl(bytes: Uint8Array, url: string): Uint8Array {
  const payload = [...wasmName('sourceMappingURL'), ...wasmName(url)];
  return new Uint8Array([...bytes, 0, ...leb128(payload.length), ...payload]);
}

export interface InstructionOffset {
  funcName: string;
  opcode: string;
  offset: number;
}

/** Every IR instruction with a source offset, by function name (from the name section). */
export function instructionOffsets(bytes: Uint8Array): InstructionOffset[] {
  const wasm = parseModule(bytes);
  const ir = translateModule(wasm);
  const result: InstructionOffset[] = [];
  for (const fn of ir.functions) {
    const funcName = wasm.names.functions.get(fn.funcIndex) ?? `f${fn.funcIndex}`;
    for (const inst of fn.insts) if (inst.srcOffset >= 0 && inst.block !== -1) result.push({ funcName, opcode: inst.opcode, offset: inst.srcOffset });
  }
  return result;
}

/** The single instruction `opcode` of function `funcName`. */
export function offsetOf(bytes: Uint8Array, funcName: string, opcode: string): number {
  const matches = instructionOffsets(bytes).filter((inst) => inst.funcName === funcName && inst.opcode === opcode);
  if (matches.length !== 1) throw new Error(`${funcName}: expected one ${opcode}, found ${matches.length}`);
  return matches[0]!.offset;
}
