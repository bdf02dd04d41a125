/**
 * Test modules for source maps: a `sourceMappingURL` custom section appended by hand to
 * Wasm assembled from text (tests/translate/wat.ts writes the name section), and the byte
 * offsets of instructions as the IR records them.
 */
import { parseModule } from '../../compiler/parse.js';
import { translateModule } from '../../compiler/translate.js';
import { section, str } from '../decoder/wasm-builder.js';

/** `bytes` with a `sourceMappingURL` custom section (id 0) appended. */
export function withSourceMappingUrl(bytes: Uint8Array, url: string): Uint8Array {
  return new Uint8Array([...bytes, ...section(0, [...str('sourceMappingURL'), ...str(url)])]);
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
