/**
 * The Wasm engine the WASI tests run guests on, as a parameter: Node's native WebAssembly
 * (a reference for the WASI shim itself) and Heron's engines, driven through the library API
 * the way a user would.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, interpret } from '../../index.js';

import type { WasiInstance } from '../../runtime-support/wasi/index.js';

export type ImportObject = Record<string, object>;

export interface WasmEngine {
  readonly name: string;
  instantiate(bytes: Uint8Array, imports: ImportObject): Promise<WasiInstance>;
}

/** The slice of the WebAssembly JS API used here (the test tsconfig has no DOM/wasm lib types). */
interface NativeWebAssembly {
  instantiate(bytes: Uint8Array, imports: ImportObject): Promise<{ instance: WasiInstance }>;
}

export const nativeEngine: WasmEngine = {
  name: 'native',
  async instantiate(bytes, imports) {
    const native = (globalThis as unknown as { WebAssembly?: NativeWebAssembly }).WebAssembly;
    if (native === undefined) throw new Error('this Node has no WebAssembly global');
    return (await native.instantiate(bytes, imports)).instance;
  },
};

export const interpEngine: WasmEngine = {
  name: 'interp',
  async instantiate(bytes, imports) {
    return interpret(bytes, imports as Parameters<typeof interpret>[1]);
  },
};

const compiledDir = mkdtempSync(join(tmpdir(), 'heron-wasi-compiled-'));
/** One compiled file per distinct module: the host- and memory-backed runs share it. */
const compiledPaths = new Map<string, string>();

/** compile() to an ES module on disk, imported and instantiated as a user's program would be. */
export const compiledEngine: WasmEngine = {
  name: 'compiled',
  async instantiate(bytes, imports) {
    const key = createHash('sha256').update(bytes).digest('hex');
    let path = compiledPaths.get(key);
    if (path === undefined) {
      path = join(compiledDir, `${key}.mjs`);
      writeFileSync(path, compile(bytes, { format: 'esm' }).code);
      compiledPaths.set(key, path);
    }
    const loaded = (await import(pathToFileURL(path).href)) as { instantiate(imports: ImportObject): WasiInstance };
    return loaded.instantiate(imports);
  },
};
