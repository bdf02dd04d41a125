/**
 * One vitest case per file test under tests/filetests/ (see runner.ts for the format): IR
 * text in ir/, Wasm text to translate in translate/, Wasm text to run in interpret/. The
 * `test:` line of each file picks its kind, so a file's folder is only for finding it.
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findFileTests, loadFileTestKinds, runFileTest } from './runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

await loadFileTestKinds(join(here, 'kinds'));

describe.each(['ir', 'translate', 'interpret', 'passes'])('filetests/%s', (folder) => {
  const files = findFileTests(join(here, folder));
  it('has test files', () => expect(files.length).toBeGreaterThan(0));
  for (const path of files) {
    it(relative(join(here, folder), path), () => runFileTest(path, root));
  }
});
