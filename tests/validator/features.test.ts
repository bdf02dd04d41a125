/**
 * Feature flags (compiler/features.ts) through `parseModule`: each feature's constructs
 * are accepted when it is on (alone on top of Wasm 2.0, or with everything) and rejected
 * with a CompileError naming the feature, at the construct's location, when it is off.
 */
import { describe, expect, it } from 'vitest';
import {
  ALL_FEATURES,
  FEATURE_CLI_NAMES,
  formatFeatureList,
  parseFeatureList,
  resolveFeatures,
  UnknownFeatureError,
  WASM_2_0_FEATURES,
  type FeatureName,
  type WasmFeatures,
} from '../../compiler/features.js';
import { decodeAndScan } from '../../compiler/decoder.js';
import { parseModule } from '../../compiler/parse.js';
import { CompileError } from '../../runtime-support/errors.js';
import { body, moduleBytes, section, vec } from '../decoder/wasm-builder.js';
import { assembleWat } from '../translate/wat.js';
import { messageOffset } from './wat.js';

function rejection(bytes: Uint8Array, features: Partial<WasmFeatures>): string {
  try {
    parseModule(bytes, { features });
  } catch (error) {
    expect(error).toBeInstanceOf(CompileError);
    return (error as Error).message;
  }
  throw new Error('expected the module to be rejected, but it parsed');
}

interface FeatureCase {
  feature: FeatureName;
  construct: string;
  text: string;
  /** The message when the feature is off: the spec suite's wording for it. */
  rejectedAs: RegExp;
}

const TAG_TYPE = '(type $t (func (param i32)))';

const CASES: readonly FeatureCase[] = [
  { feature: 'simd', construct: 'a SIMD instruction', text: '(module (func (drop (v128.const i64x2 0 0))))', rejectedAs: /illegal opcode v128\.const/ },
  { feature: 'simd', construct: 'a v128 parameter', text: '(module (func (param v128)))', rejectedAs: /malformed value type v128/ },
  { feature: 'simd', construct: 'a v128 local', text: '(module (func (local v128)))', rejectedAs: /malformed value type v128/ },
  {
    feature: 'simd',
    construct: 'a v128 block type',
    text: '(module (func (block (result v128) unreachable) drop))',
    rejectedAs: /malformed value type v128/,
  },
  { feature: 'tailCall', construct: 'return_call', text: '(module (func $f (return_call $f)))', rejectedAs: /illegal opcode return_call/ },
  {
    feature: 'tailCall',
    construct: 'return_call_indirect',
    text: '(module (table 1 funcref) (func (return_call_indirect (i32.const 0))))',
    rejectedAs: /illegal opcode return_call_indirect/,
  },
  {
    feature: 'extendedConst',
    construct: 'i32.add in a global initializer',
    text: '(module (global i32 (i32.add (i32.const 1) (i32.const 2))))',
    rejectedAs: /constant expression required: i32\.add/,
  },
  {
    feature: 'extendedConst',
    construct: 'i32.sub in a data offset',
    text: '(module (memory 1) (data (i32.sub (i32.const 2) (i32.const 1)) "x"))',
    rejectedAs: /constant expression required: i32\.sub/,
  },
  { feature: 'multiMemory', construct: 'two memories', text: '(module (memory 1) (memory 1))', rejectedAs: /^@0x[0-9a-f]+: multiple memories/ },
  {
    feature: 'multiMemory',
    construct: 'an imported and a defined memory',
    text: '(module (import "m" "mem" (memory 1)) (memory 1))',
    rejectedAs: /multiple memories/,
  },
  { feature: 'memory64', construct: 'a 64-bit memory', text: '(module (memory i64 1))', rejectedAs: /integer too large: malformed limits flags 0x4/ },
  {
    feature: 'exceptionHandling',
    construct: 'a tag section',
    text: `(module ${TAG_TYPE} (tag (type $t)))`,
    rejectedAs: /malformed section id 13/,
  },
  {
    feature: 'exceptionHandling',
    construct: 'a tag import',
    text: `(module ${TAG_TYPE} (import "m" "e" (tag (type $t))))`,
    rejectedAs: /malformed import kind/,
  },
  {
    feature: 'exceptionHandling',
    construct: 'try and catch_all',
    text: '(module (func (try (do nop) (catch_all nop))))',
    rejectedAs: /illegal opcode try/,
  },
  { feature: 'threads', construct: 'a shared memory', text: '(module (memory 1 2 shared))', rejectedAs: /integer too large: malformed limits flags 0x3/ },
  {
    feature: 'threads',
    construct: 'an atomic load',
    text: '(module (memory 1) (func (drop (i32.atomic.load (i32.const 0)))))',
    rejectedAs: /illegal opcode i32\.atomic\.load/,
  },
  { feature: 'threads', construct: 'atomic.fence', text: '(module (func atomic.fence))', rejectedAs: /illegal opcode atomic\.fence/ },
];

describe('feature flags in parseModule', () => {
  for (const { feature, construct, text, rejectedAs } of CASES) {
    it(`${FEATURE_CLI_NAMES[feature]}: ${construct}`, () => {
      const bytes = assembleWat(text);
      expect(() => parseModule(bytes)).not.toThrow();
      expect(() => parseModule(bytes, { features: { ...WASM_2_0_FEATURES, [feature]: true } })).not.toThrow();
      const message = rejection(bytes, { [feature]: false });
      expect(message).toMatch(rejectedAs);
      expect(message).toContain(`requires the ${FEATURE_CLI_NAMES[feature]} feature, which is disabled`);
    });
  }

  it('reads a memory index other than 0 as malformed without multi-memory, at its offset', () => {
    const bytes = assembleWat('(module (memory 1) (func (drop (memory.size 1))))');
    // Under multi-memory it is a memory index: an unknown one, so invalid.
    expect(rejection(bytes, {})).toMatch(/unknown memory 1$/);
    const message = rejection(bytes, { multiMemory: false });
    expect(message).toMatch(/^func 0 @0x[0-9a-f]+: zero byte expected: .*requires the multi-memory feature/);
    const at = messageOffset(message);
    expect([bytes[at - 1], bytes[at]]).toEqual([0x3f, 0x01]); // memory.size, then memory index 1
    // The decoder alone (no validation) finds it when it scans the bodies.
    const twoMemories = assembleWat('(module (memory 1) (memory $b 1) (func (drop (memory.size $b))))');
    expect(() => decodeAndScan(twoMemories, WASM_2_0_FEATURES)).toThrow(/zero byte expected/);
    expect(() => decodeAndScan(twoMemories)).not.toThrow();
  });

  it('rejects a disabled opcode at its byte offset', () => {
    const atomic = assembleWat('(module (memory 1) (func (drop (i32.atomic.load (i32.const 0)))))');
    expect(atomic[messageOffset(rejection(atomic, { threads: false }))]).toBe(0xfe);
  });

  it('reads memarg flags as a plain alignment without multi-memory', () => {
    // i32.load with flags 0x42: memory index 1 under multi-memory, alignment 2^66 in Wasm 2.0.
    const types = section(1, vec([[0x60, 0x00, 0x00]]));
    const functions = section(3, vec([[0x00]]));
    const memories = section(5, vec([[0x00, 0x01], [0x00, 0x01]]));
    const code = section(10, vec([body([], [0x41, 0x00, 0x28, 0x42, 0x01, 0x00, 0x1a, 0x0b])]));
    const twoMemories = moduleBytes(types, functions, memories, code);
    expect(() => parseModule(twoMemories)).not.toThrow();
    const oneMemory = moduleBytes(types, functions, section(5, vec([[0x00, 0x01]])), code);
    // Without multi-memory no index follows: 0x01 is the offset and 0x00 the next instruction
    // (unreachable); the alignment is what makes the load invalid.
    expect(rejection(oneMemory, { multiMemory: false })).toMatch(/alignment must not be larger than natural/);
  });

  it('accepts Wasm 2.0 modules with every proposal off', () => {
    const bytes = assembleWat(`(module
      (memory 1) (table 2 externref) (table 1 funcref)
      (func (param v128) (result i32 i64)
        (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))
        (drop (table.size 0))
        (i32.trunc_sat_f32_s (f32.const 1)) (i64.extend8_s (i64.const 1))))`);
    expect(() => parseModule(bytes, { features: WASM_2_0_FEATURES })).not.toThrow();
  });
});

describe('feature sets', () => {
  it('default to everything on', () => {
    expect(resolveFeatures()).toEqual(ALL_FEATURES);
    expect(resolveFeatures({ threads: false })).toEqual({ ...ALL_FEATURES, threads: false });
  });

  it('parse from command-line lists, left to right', () => {
    expect(parseFeatureList('')).toEqual(ALL_FEATURES);
    expect(parseFeatureList('wasm-2.0')).toEqual(WASM_2_0_FEATURES);
    expect(parseFeatureList('wasm-2.0,threads,+tail-call')).toEqual({ ...WASM_2_0_FEATURES, threads: true, tailCall: true });
    expect(parseFeatureList('-simd no-memory64')).toEqual({ ...ALL_FEATURES, simd: false, memory64: false });
    expect(parseFeatureList('multi-memory', WASM_2_0_FEATURES)).toEqual({ ...WASM_2_0_FEATURES, multiMemory: true });
    expect(parseFeatureList('wasm-2.0,all')).toEqual(ALL_FEATURES);
  });

  it('reject unknown names, listing the known ones', () => {
    expect(() => parseFeatureList('wasm-2.0,gc')).toThrow(UnknownFeatureError);
    expect(() => parseFeatureList('+tailcall')).toThrow(/unknown Wasm feature "\+tailcall" \(known: all, wasm-2.0, .*tail-call/);
  });

  it('format back to a list that parses to the same set', () => {
    const sets: WasmFeatures[] = [ALL_FEATURES, WASM_2_0_FEATURES, { ...WASM_2_0_FEATURES, simd: false, threads: true }];
    for (const features of sets) expect(parseFeatureList(formatFeatureList(features), WASM_2_0_FEATURES)).toEqual(features);
    expect(formatFeatureList(WASM_2_0_FEATURES)).toBe('wasm-2.0');
  });
});
