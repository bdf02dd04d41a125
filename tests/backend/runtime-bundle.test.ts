/**
 * backend-js/runtime-bundle.ts is generated from the runtime sources; it must be current
 * (rebuild: node --import tsx tests/backend/build-runtime-bundle.ts) and evaluate to the
 * same set of names the runtime module exports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUNTIME_EXPORTS, RUNTIME_SOURCE } from '../../backend-js/runtime-bundle.js';
import * as runtime from '../../runtime-support/js/index.js';
import { buildRuntimeBundle, BUNDLE_PATH } from './build-runtime-bundle.js';

describe('inline runtime bundle', () => {
  it('is up to date with the runtime sources', () => {
    expect(readFileSync(BUNDLE_PATH, 'utf8')).toBe(buildRuntimeBundle());
  });

  it('provides every runtime export', () => {
    const bundled = (0, eval)(RUNTIME_SOURCE) as Record<string, unknown>;
    const runtimeNames = Object.keys(runtime).filter((name) => !['CompileError', 'LinkError', 'RuntimeError'].includes(name));
    for (const name of runtimeNames) expect(RUNTIME_EXPORTS, name).toContain(name);
    expect(Object.keys(bundled).sort()).toEqual([...RUNTIME_EXPORTS].sort());
  });
});
