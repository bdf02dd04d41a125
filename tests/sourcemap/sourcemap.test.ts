/**
 * Source maps of compiled output: statements map to the Wasm byte offsets of their
 * instructions (source `module.wasm`, line 1, column = offset), composed with the module's own
 * map when given, and trap stack traces name the Wasm functions.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceMapConsumer, SourceMapGenerator, type RawSourceMap } from 'source-map';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, InvalidSourceMapError, sourceMappingUrl } from '../../backend-js/index.js';
import { OriginalPositions } from '../../backend-js/source-map-compose.js';
import { parseModule } from '../../compiler/parse.js';
import { compileForTest } from '../backend/harness.js';
import { instructionOffsets, offsetOf, withSourceMappingUrl } from './wasm-fixtures.js';
import { assembleWat } from '../translate/wat.js';

const MODULE = assembleWat(`(module
  (memory (export "memory") 1)
  (func $square_twice (export "square_twice") (param $a i32) (param $b i32) (result i32) (local $p i32)
    (local.set $p (i32.mul (local.get $a) (local.get $b)))
    (i32.add (local.get $p) (local.get $p)))
  (func $boom (export "boom") (param i32) (result i32)
    (if (local.get 0) (then unreachable))
    (i32.const 7))
  (func $outer (export "outer") (param i32) (result i32)
    (i32.add (call $boom (local.get 0)) (i32.const 1)))
  (func $load_far (export "load_far") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func $count (export "count") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done (loop $next
      (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $s)))`);

interface GeneratedPosition {
  line: number;
  column: number;
}

/** The position of the first statement on the first line of `code` containing `needle`. */
function lineContaining(code: string, needle: string): GeneratedPosition {
  const lines = code.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line contains ${needle}`);
  return { line: index + 1, column: lines[index]!.search(/\S/) };
}

/** The lines of generated function `name`, numbered from 1 like source maps. */
function functionLines(code: string, name: string): { line: number; text: string }[] {
  const lines = code.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`  function ${name}(`) || line.startsWith(`function ${name}(`));
  if (start < 0) throw new Error(`no function ${name}`);
  const indent = lines[start]!.search(/\S/);
  const end = lines.findIndex((line, i) => i > start && line === `${' '.repeat(indent)}}`);
  return lines.slice(start, end).map((text, i) => ({ line: start + i + 1, text }));
}

async function withConsumer<T>(map: string, use: (consumer: SourceMapConsumer) => T): Promise<T> {
  const consumer = await new SourceMapConsumer(JSON.parse(map) as RawSourceMap);
  try {
    return use(consumer);
  } finally {
    consumer.destroy();
  }
}

describe('JS → Wasm source maps', () => {
  const { code, map } = compile(MODULE, { format: 'esm', sourceMap: true, sourceMapFile: 'square.js' });

  it('maps a statement to the byte offset of its instruction', async () => {
    const mulOffset = offsetOf(MODULE, 'square_twice', 'i32.mul');
    expect(MODULE[mulOffset]).toBe(0x6c); // the i32.mul opcode byte itself
    const statement = lineContaining(code, 'Math.imul(');
    const original = await withConsumer(map!, (consumer) => consumer.originalPositionFor(statement));
    expect(original).toMatchObject({ source: 'module.wasm', line: 1, column: mulOffset });
  });

  it('maps every statement line of a function, and only into the code section', async () => {
    const wasm = parseModule(MODULE);
    const codeStart = Math.min(...wasm.bodies.map((body) => body.offset));
    const codeEnd = Math.max(...wasm.bodies.map((body) => body.codeEnd));
    const { mappedLines, mappings } = await withConsumer(map!, (consumer) => {
      const all: { line: number; source: string; originalLine: number; originalColumn: number }[] = [];
      consumer.eachMapping((m) => all.push({ line: m.generatedLine, source: m.source, originalLine: m.originalLine, originalColumn: m.originalColumn }));
      return { mappedLines: new Set(all.map((m) => m.line)), mappings: all };
    });
    expect(mappings.length).toBeGreaterThan(10);
    for (const mapping of mappings) {
      expect(mapping.source).toBe('module.wasm');
      expect(mapping.originalLine).toBe(1);
      expect(mapping.originalColumn).toBeGreaterThanOrEqual(codeStart);
      expect(mapping.originalColumn).toBeLessThan(codeEnd);
    }
    // Structure-only lines (closing braces, labels of loops and blocks) carry no instruction.
    const structural = /^(\}|\} else \{|[A-Za-z_$][\w$]*: (while \(true\) )?\{)$/;
    const count = functionLines(code, 'count');
    expect(count.length).toBeGreaterThan(5);
    const unmapped = count.filter(({ line, text }) => !structural.test(text.trim()) && !mappedLines.has(line));
    expect(unmapped).toEqual([]);
  });

  it('names the generated file and the Wasm source', () => {
    const raw = JSON.parse(map!) as RawSourceMap;
    expect(raw.file).toBe('square.js');
    expect(raw.sources).toEqual(['module.wasm']);
    const named = JSON.parse(compile(MODULE, { sourceMap: true, sourceName: 'dist/app.wasm' }).map!) as RawSourceMap;
    expect(named.sources).toEqual(['dist/app.wasm']);
  });

  it('prints the same code with and without a source map', () => {
    expect(compile(MODULE, { format: 'esm' }).code).toBe(code);
    expect(compile(MODULE, { format: 'esm' }).map).toBeNull();
  });
});

/** A source map for MODULE as a C compiler would write it: each function's instructions on its lines. */
function inputMapFor(bytes: Uint8Array): { json: string; mulLine: number } {
  const generator = new SourceMapGenerator({ file: 'square.wasm' });
  const firstLine: Record<string, number> = { square_twice: 2, boom: 8, outer: 13, load_far: 17, count: 21 };
  const mulLine = 3;
  for (const inst of instructionOffsets(bytes)) {
    const isMul = inst.opcode === 'i32.mul';
    generator.addMapping({
      generated: { line: 1, column: inst.offset },
      original: { line: isMul ? mulLine : firstLine[inst.funcName]!, column: isMul ? 11 : 2 },
      source: 'square.c',
      name: isMul ? 'product' : undefined,
    });
  }
  generator.setSourceContent('square.c', 'int square_twice(int a, int b) {\n  int p = a * b;\n  return p + p;\n}\n');
  const json = JSON.parse(generator.toString()) as RawSourceMap;
  json.sourceRoot = 'src';
  return { json: JSON.stringify(json), mulLine };
}

describe('composition with the module’s own source map', () => {
  const withUrl = withSourceMappingUrl(MODULE, 'square.wasm.map');
  const input = inputMapFor(withUrl);

  it('reads the sourceMappingURL custom section', () => {
    expect(sourceMappingUrl(parseModule(withUrl))).toBe('square.wasm.map');
    expect(sourceMappingUrl(parseModule(MODULE))).toBeNull();
  });

  it('maps JS positions straight to the original source', async () => {
    const { code, map } = compile(withUrl, { sourceMap: true, inputSourceMap: input.json });
    const statement = lineContaining(code, 'Math.imul(');
    const raw = JSON.parse(map!) as RawSourceMap;
    expect(raw.sources).toEqual(['src/square.c']);
    expect(raw.sourcesContent?.[0]).toContain('int p = a * b;');
    await withConsumer(map!, (consumer) => {
      expect(consumer.originalPositionFor(statement)).toMatchObject({ source: 'src/square.c', line: input.mulLine, column: 11, name: 'product' });
      const loop = functionLines(code, 'count').find(({ text }) => text.includes('>= '));
      expect(loop).toBeDefined();
      expect(consumer.originalPositionFor({ line: loop!.line, column: loop!.text.search(/\S/) })).toMatchObject({ source: 'src/square.c', line: 21 });
    });
  });

  it('rejects malformed input maps with a clear error', () => {
    const attempt = (json: string) => () => compile(withUrl, { sourceMap: true, inputSourceMap: json });
    expect(attempt('{')).toThrow(InvalidSourceMapError);
    expect(attempt('{"version":2,"sources":[],"mappings":""}')).toThrow(/version 2/);
    expect(attempt('{"version":3,"sources":["a.c"],"mappings":"AAAA,C!"}')).toThrow(/character 6: invalid base64 character "!"/);
    expect(attempt('{"version":3,"sources":["a.c"],"mappings":"ACAA"}')).toThrow(/source index 1 out of range/);
    expect(attempt('{"version":3,"sections":[]}')).toThrow(/index maps/);
  });
});

describe('OriginalPositions (the synchronous mappings decoder)', () => {
  it('agrees with the source-map consumer at every column', async () => {
    const generator = new SourceMapGenerator({ file: 'x.wasm' });
    // Offsets with gaps, several sources, large columns (multi-digit VLQ), names, and line 2.
    for (let i = 0; i < 200; i++) {
      generator.addMapping({
        generated: { line: 1, column: 37 + i * 13 + (i % 7) * 5 },
        original: { line: 1 + ((i * 31) % 500), column: (i * 17) % 90 },
        source: `src/f${i % 3}.c`,
        name: i % 4 === 0 ? `name${i}` : undefined,
      });
    }
    generator.addMapping({ generated: { line: 2, column: 4 }, original: { line: 9, column: 1 }, source: 'src/f0.c' });
    const json = generator.toString();
    const positions = OriginalPositions.parse(json);
    await withConsumer(json, (consumer) => {
      for (const [line, lastColumn] of [[1, 2800], [2, 10]] as const) {
        for (let column = 0; column < lastColumn; column++) {
          const expected = consumer.originalPositionFor({ line, column, bias: SourceMapConsumer.GREATEST_LOWER_BOUND });
          const actual = positions.lookup(line, column);
          if (expected.source === null) expect(actual).toBeNull();
          else expect(actual).toEqual({ source: expected.source, line: expected.line, column: expected.column, name: expected.name });
        }
      }
    });
  });
});

describe('stack traces of traps', () => {
  const instance = compileForTest(MODULE)();
  const exports = instance.exports as Record<string, (...args: number[]) => number>;

  it('name the Wasm functions of an explicit trap', () => {
    let caught: unknown;
    try {
      exports.outer!(1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    const error = caught as Error;
    expect(error.name).toBe('RuntimeError');
    expect(error.message).toBe('unreachable');
    expect(error.stack).toMatch(/\bat boom\b[\s\S]*\bat outer\b/);
  });

  it('name the Wasm function of an out-of-bounds access (converted from RangeError)', () => {
    let caught: unknown;
    try {
      exports.load_far!(1 << 20);
    } catch (error) {
      caught = error;
    }
    const error = caught as Error;
    expect(error.message).toBe('out of bounds memory access');
    expect(error.stack).toMatch(/^RuntimeError: out of bounds memory access\n/);
    expect(error.stack).toMatch(/\bat load_far\b/);
  });

  describe('under node --enable-source-maps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heron-sourcemap-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('point at the Wasm byte offset of the trapping instruction', () => {
      const { code, map } = compile(MODULE, { format: 'esm', sourceMap: true, sourceMapFile: 'square.mjs' });
      writeFileSync(join(dir, 'square.mjs'), `${code}//# sourceMappingURL=square.mjs.map\n`);
      writeFileSync(join(dir, 'square.mjs.map'), map!);
      writeFileSync(
        join(dir, 'driver.mjs'),
        `import { instantiate } from './square.mjs';\ntry { instantiate({}).exports.outer(1); } catch (error) { console.log(error.stack); }\n`,
      );
      const child = spawnSync(process.execPath, ['--enable-source-maps', join(dir, 'driver.mjs')], { encoding: 'utf8', timeout: 30_000 });
      expect(child.stderr).toBe('');
      const unreachable = offsetOf(MODULE, 'boom', 'trap');
      // Node prints 1-based columns.
      expect(child.stdout).toMatch(new RegExp(`at boom \\(\\S*module\\.wasm:1:${unreachable + 1}\\)`));
      expect(child.stdout).toMatch(/at outer \(\S*module\.wasm:1:\d+\)/);
    });
  });
});
