/** Where the bench corpus's Wasm modules are (shared data, read in place). */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function benchWasmDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'bench', 'wasm');
}
