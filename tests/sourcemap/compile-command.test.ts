/**
 * `heron compile`: output formats, the .map file and its sourceMappingURL comment, composition
 * with the module's own map found next to the input, and one-line errors with exit status 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { SourceMapGenerator, type RawSourceMap } from 'source-map';
import { afterAll, describe, expect, it } from 'vitest';
import { compileCommand } from '../../cli/compile-command.js';
import { instructionOffsets, withSourceMappingUrl } from './wasm-fixtures.js';
import { assembleWat } from '../translate/wat.js';

const REPO = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'heron-compile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADD = assembleWat(`(module
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))`);

interface AddInstance {
  exports: { add(a: number, b: number): number };
}
type Instantiate = (imports: object) => AddInstance;

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  mkdirSync(resolve(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function heron(args: string[]): { status: number | null; stdout: string; stderr: string } {
  // Run from the temporary directory (short relative names in messages); tsx by absolute URL.
  const child = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO, 'cli/heron.ts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('heron compile', () => {
  it('writes an ES module with a source map beside it', async () => {
    const input = file('add.wasm', ADD);
    const { output, mapPath } = compileCommand(input, { format: 'esm', sourceMap: true });
    expect(output).toBe(join(dir, 'add.js'));
    expect(mapPath).toBe(join(dir, 'add.js.map'));
    const code = readFileSync(output, 'utf8');
    expect(code.endsWith('\n//# sourceMappingURL=add.js.map\n')).toBe(true);
    const map = JSON.parse(readFileSync(mapPath!, 'utf8')) as RawSourceMap;
    expect(map.file).toBe('add.js');
    expect(map.sources).toEqual(['add.wasm']);
    expect(map.mappings).not.toBe('');
    const esm = file('add.mjs', code);
    const { instantiate } = (await import(pathToFileURL(esm).href)) as { instantiate: Instantiate };
    expect(instantiate({}).exports.add(2, 40)).toBe(42);
  });

  it('writes CommonJS and plain scripts (with a chosen global name)', () => {
    const input = file('add.wasm', ADD);
    const cjs = compileCommand(input, { format: 'cjs', output: join(dir, 'add.cjs') });
    expect(cjs.mapPath).toBeNull();
    expect(readFileSync(cjs.output, 'utf8')).not.toContain('sourceMappingURL');
    const required = createRequire(import.meta.url)(cjs.output) as { instantiate: Instantiate };
    expect(required.instantiate({}).exports.add(1, 2)).toBe(3);

    const script = compileCommand(input, { format: 'script', output: join(dir, 'add.script.js'), globalName: 'AddModule' });
    const context: { AddModule?: { instantiate: Instantiate } } = {};
    runInNewContext(readFileSync(script.output, 'utf8'), context);
    expect(context.AddModule!.instantiate({}).exports.add(20, 22)).toBe(42);
  });

  it('composes with the map the module names, with sources relative to the output', () => {
    const bytes = withSourceMappingUrl(ADD, 'maps/add.wasm.map');
    const generator = new SourceMapGenerator({ file: 'add.wasm' });
    for (const inst of instructionOffsets(bytes)) {
      generator.addMapping({ generated: { line: 1, column: inst.offset }, original: { line: 7, column: 3 }, source: '../src/add.c' });
    }
    const input = file('in/add.wasm', bytes);
    file('in/maps/add.wasm.map', generator.toString());
    const { mapPath } = compileCommand(input, { format: 'esm', sourceMap: true, output: join(dir, 'out/add.js') });
    const map = JSON.parse(readFileSync(mapPath!, 'utf8')) as RawSourceMap;
    // in/maps/../src/add.c seen from out/: ../in/src/add.c
    expect(map.sources).toEqual(['../in/maps/../src/add.c']);
    expect(resolve(join(dir, 'out'), map.sources[0]!)).toBe(join(dir, 'in/src/add.c'));
  });

  it('rejects bad input with messages that name it', () => {
    const bad = file('bad.wasm', new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]));
    expect(() => compileCommand(bad, { format: 'esm' })).toThrow(/^.*bad\.wasm: CompileError: .+/);
    expect(() => compileCommand(bad, { format: 'amd' })).toThrow('--format amd: expected one of esm, cjs, script');
    const url = file('remote.wasm', withSourceMappingUrl(ADD, 'https://example.com/x.map'));
    expect(() => compileCommand(url, { format: 'esm', sourceMap: true })).toThrow(/sourceMappingURL https:\/\/example\.com\/x\.map is not a local file; pass --input-source-map FILE/);
    const badMap = file('bad.map', '{"version":3,"sources":["a.c"],"mappings":"AAAA;%"}');
    expect(() => compileCommand(url, { format: 'esm', inputSourceMap: badMap })).toThrow(/bad\.map: source map: "mappings" at character 5: invalid base64 character "%"/);
  });

  it('fails in one line with exit status 1', () => {
    file('no-map.wasm', withSourceMappingUrl(ADD, 'missing.map'));
    const cases: [string[], RegExp][] = [
      [['compile', 'absent.wasm'], /^heron: absent\.wasm: cannot read file \(ENOENT\)\n$/],
      [['compile', 'no-map.wasm', '--source-map'], /^heron: no-map\.wasm: its source map .*missing\.map \(sourceMappingURL missing\.map\) does not exist; pass --input-source-map FILE\n$/],
    ];
    for (const [args, message] of cases) {
      const result = heron(args);
      expect({ args, stderr: result.stderr }).toEqual({ args, stderr: expect.stringMatching(message) });
      expect(result.status).toBe(1);
    }
  });
});
