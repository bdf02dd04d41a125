/** One vitest case per Wasm-text file test under tests/filetests/translate (kind `translate`). */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findFileTests, loadFileTestKinds, runFileTest } from '../filetests/runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const casesDir = join(root, 'tests', 'filetests', 'translate');

await loadFileTestKinds(join(root, 'tests', 'filetests', 'kinds'));

describe('translate filetests', () => {
  const files = findFileTests(casesDir);
  it('has test files', () => expect(files.length).toBeGreaterThan(0));
  for (const path of files) {
    it(relative(casesDir, path), () => runFileTest(path, root));
  }
});
