/** One vitest case per file under tests/filetests/cases (see runner.ts for the format). */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { findFileTests, loadFileTestKinds, runFileTest } from './runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

await loadFileTestKinds(join(here, 'kinds'));

describe('filetests', () => {
  for (const path of findFileTests(join(here, 'cases'))) {
    it(relative(join(here, 'cases'), path), () => runFileTest(path, root));
  }
});
