/**
 * Validation is linear and cheap per instruction: a 20 MB module of ordinary code must
 * validate in about a second (the bound below leaves room for a busy machine; a
 * quadratic step or per-instruction allocation would blow well past it).
 */
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../compiler/decoder.js';
import { validateModule } from '../../compiler/validator.js';
import { HEADER, section, u32 } from '../decoder/wasm-builder.js';

/**
 * `functionCount` copies of a (param i32) (result i32) function of about `bodySize` bytes:
 * locals, arithmetic, loads and stores, blocks, br_if, select and calls.
 */
function buildModule(functionCount: number, bodySize: number): Uint8Array {
  const unit = [
    0x20, 0, 0x41, 1, 0x6a, 0x21, 0,                    // local.get 0, i32.const 1, i32.add, local.set 0
    0x20, 1, 0x20, 0, 0x28, 2, 0, 0x6a, 0x21, 1,        // local.get 1, local.get 0, i32.load, i32.add, local.set 1
    0x20, 0, 0x20, 1, 0x36, 2, 4,                       // i32.store offset=4
    0x02, 0x7f, 0x20, 0, 0x20, 1, 0x0d, 0, 0x1a, 0x20, 1, 0x0b, 0x1a, // block (result i32) ... br_if 0 ... end, drop
    0x20, 0, 0x10, 0, 0x20, 1, 0x20, 0, 0x1b, 0x21, 0,  // call 0, select, local.set 0
  ];
  const code: number[] = [];
  while (code.length < bodySize) code.push(...unit);
  code.push(0x20, 0, 0x0b);
  const body = [1, 1, 0x7f, ...code]; // one local group: 1 x i32
  const sizedBody = Uint8Array.from([...u32(body.length), ...body]);

  const head = [
    ...HEADER,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]),
    ...section(3, [...u32(functionCount), ...new Array<number>(functionCount).fill(0)]),
    ...section(5, [1, 0, 1]),
  ];
  const codePayload = u32(functionCount).length + functionCount * sizedBody.length;
  const codeHead = [10, ...u32(codePayload), ...u32(functionCount)];
  const bytes = new Uint8Array(head.length + codeHead.length + functionCount * sizedBody.length);
  bytes.set(head, 0);
  bytes.set(codeHead, head.length);
  for (let i = 0, at = head.length + codeHead.length; i < functionCount; i++, at += sizedBody.length) {
    bytes.set(sizedBody, at);
  }
  return bytes;
}

describe('validation performance', () => {
  it('validates a 20 MB module in about a second', () => {
    const bytes = buildModule(2000, 10_000);
    expect(bytes.length).toBeGreaterThan(20_000_000);
    const module = decodeModule(bytes);
    validateModule(module); // warm-up: let the JIT see the hot loop once
    const start = performance.now();
    validateModule(module);
    const elapsed = performance.now() - start;
    console.log(`validated ${(bytes.length / 1e6).toFixed(1)} MB in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(3000);
  });
});
