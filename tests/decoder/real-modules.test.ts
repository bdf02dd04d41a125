/**
 * Real toolchain output (the C benchmarks and the WASI testsuite) must decode and scan,
 * and the imports and exports we decode must match what Node's own WebAssembly sees.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAndScan } from '../../compiler/decoder.js';
import { decodedInterface, nativeInterface } from './native-engine.js';

const SHARED = resolve(join(__dirname, '../../../shared'));
const ROOTS = ['bench', 'wasi-testsuite'].map((name) => join(SHARED, name)).filter((dir) => existsSync(dir));

function wasmFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...wasmFiles(path));
    else if (name.endsWith('.wasm')) found.push(path);
  }
  return found;
}

describe.skipIf(ROOTS.length === 0)('real modules', () => {
  it('decode, scan and agree with the native engine on imports and exports', () => {
    const files = ROOTS.flatMap(wasmFiles);
    expect(files.length).toBeGreaterThan(0);
    let compared = 0;
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const module = decodeAndScan(bytes);
      expect(module.bodies.length + module.importedFuncCount, file).toBe(module.funcTypes.length);
      const native = nativeInterface(bytes);
      if (native === null) continue;
      expect(decodedInterface(module), file).toEqual(native);
      compared++;
    }
    console.log(`decoder: ${files.length} real modules decoded, ${compared} compared with the native engine`);
  });
});
