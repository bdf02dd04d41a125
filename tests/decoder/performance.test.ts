/**
 * Decoding must be linear: a ~20 MB module decodes (and scans) in well under a second on
 * an ordinary machine. The bound asserted is generous because the test machine is shared.
 */
import { describe, expect, it } from 'vitest';
import { decodeAndScan, decodeModule } from '../../compiler/decoder.js';
import { HEADER, section, u32, vec } from './wasm-builder.js';

const FUNCTION_COUNT = 100_000;
/** local.get 0; i32.const 1000; i32.add; local.set 0 */
const STEP = [0x20, 0x00, 0x41, 0xe8, 0x07, 0x6a, 0x21, 0x00];
const STEPS_PER_BODY = 24;

/** Writes the module straight into one buffer (a number[] of 20M elements would be the slow part). */
function bigModule(): Uint8Array {
  const content = [...vec([[1, 0x7f]]), ...Array.from({ length: STEPS_PER_BODY }, () => STEP).flat(), 0x0b];
  const entry = [...u32(content.length), ...content];
  const codePayloadSize = u32(FUNCTION_COUNT).length + entry.length * FUNCTION_COUNT;
  const prefix = [
    ...HEADER,
    ...section(1, vec([[0x60, 0x00, 0x00]])),
    ...section(3, vec(new Array<number[]>(FUNCTION_COUNT).fill([0x00]))),
    0x0a, ...u32(codePayloadSize), ...u32(FUNCTION_COUNT),
  ];
  const bytes = new Uint8Array(prefix.length + entry.length * FUNCTION_COUNT);
  bytes.set(prefix);
  const entryBytes = new Uint8Array(entry);
  for (let i = 0, at = prefix.length; i < FUNCTION_COUNT; i++, at += entry.length) bytes.set(entryBytes, at);
  return bytes;
}

describe('performance', () => {
  it('decodes a 20 MB module in linear time', () => {
    const bytes = bigModule();
    expect(bytes.length).toBeGreaterThan(19_000_000);

    let started = performance.now();
    const module = decodeModule(bytes);
    const decodeMs = performance.now() - started;
    expect(module.bodies.length).toBe(FUNCTION_COUNT);

    started = performance.now();
    decodeAndScan(bytes);
    const scanMs = performance.now() - started;

    console.log(
      `decoder: ${(bytes.length / 1e6).toFixed(1)} MB, ${FUNCTION_COUNT} functions: ` +
        `decodeModule ${decodeMs.toFixed(0)} ms, decodeAndScan ${scanMs.toFixed(0)} ms`,
    );
    expect(decodeMs).toBeLessThan(5000);
    // Scanning reads ~10 million instructions (about 0.3 s when the machine is idle); a
    // quadratic slip would take minutes, so a loose bound still catches it on a busy machine.
    expect(scanMs).toBeLessThan(10_000);
  });
});
