/**
 * Reads the spec testsuite's wast2json output (/work/shared/spec-testsuite, or
 * HERON_SPEC_DIR) and runs each suite's modules through decode + validate under the
 * suite's features (core: Wasm 2.0; a proposal: Wasm 2.0 plus it): which modules must be
 * rejected (`assert_invalid`) and which must be accepted (every module the suite
 * instantiates or links against).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModule } from '../../compiler/decoder.js';
import type { WasmFeatures } from '../../compiler/features.js';
import { validateModule } from '../../compiler/validator.js';
import { CompileError } from '../../runtime-support/errors.js';
import { suiteFeatures } from '../spec/engine.js';
import { isProposalName } from '../spec/loader.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const specRoot = process.env.HERON_SPEC_DIR ?? resolve(repoRoot, '../shared/spec-testsuite');

/**
 * Rules of older suites that Wasm 2.0 itself overturns, per suite: the threads suite
 * predates reference types, which make a second table valid.
 */
const OVERTURNED_RULES: Readonly<Record<string, readonly string[]>> = { 'proposals/threads': ['multiple tables'] };

interface SpecCommand {
  type: string;
  line: number;
  filename?: string;
  text?: string;
  module_type?: 'binary' | 'text';
}

/** A suite is a directory: `core` or `proposals/NAME`. */
export interface Suite {
  name: string;
  dir: string;
  features: WasmFeatures;
}

export function listSuites(): Suite[] {
  const suites: Suite[] = [{ name: 'core', dir: join(specRoot, 'core'), features: suiteFeatures('core') }];
  const proposals = join(specRoot, 'proposals');
  if (existsSync(proposals)) {
    for (const name of readdirSync(proposals).sort()) {
      if (!isProposalName(name)) throw new Error(`spec testsuite: unknown proposal directory ${name}`);
      suites.push({ name: `proposals/${name}`, dir: join(proposals, name), features: suiteFeatures(name) });
    }
  }
  return suites;
}

export interface SuiteResult {
  invalidTotal: number;
  invalidRejected: number;
  /** assert_invalid of text modules (`module quote`), which need a text parser. */
  invalidText: number;
  /** assert_invalid of a rule Wasm 2.0 overturns: these must be accepted. */
  invalidOverturned: number;
  validTotal: number;
  validAccepted: number;
  /** `file:line: what went wrong`, for every miss. */
  failures: string[];
}

/** Decode and validate; the CompileError, or null when the module is accepted. Other errors propagate. */
function compileError(bytes: Uint8Array, features: WasmFeatures): Error | null {
  try {
    validateModule(decodeModule(bytes, features), features);
    return null;
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
}

export function runSuite(suite: Suite): SuiteResult {
  const result: SuiteResult = {
    invalidTotal: 0,
    invalidRejected: 0,
    invalidText: 0,
    invalidOverturned: 0,
    validTotal: 0,
    validAccepted: 0,
    failures: [],
  };
  for (const test of readdirSync(suite.dir).sort()) {
    const jsonPath = join(suite.dir, test, `${test}.json`);
    if (!existsSync(jsonPath)) continue;
    const { commands } = JSON.parse(readFileSync(jsonPath, 'utf8')) as { commands: SpecCommand[] };
    for (const command of commands) {
      const file = command.filename;
      if (file === undefined) continue;
      const where = `${suite.name}/${test}/${test}.json:${command.line} (${file})`;
      const load = (): Uint8Array => new Uint8Array(readFileSync(join(suite.dir, test, file)));
      switch (command.type) {
        case 'assert_invalid': {
          result.invalidTotal++;
          if (command.module_type !== 'binary') {
            result.invalidText++;
            break;
          }
          const overturned = OVERTURNED_RULES[suite.name]?.includes(command.text ?? '') === true;
          if (overturned) result.invalidOverturned++;
          let error: Error | null;
          try {
            error = compileError(load(), suite.features);
          } catch (crash) {
            result.failures.push(`${where}: crashed instead of rejecting (${String(crash)}); expected "${command.text}"`);
            break;
          }
          if (overturned) {
            if (error !== null) result.failures.push(`${where}: rejected a module valid in Wasm 2.0: ${error.message}`);
          } else if (error === null) {
            result.failures.push(`${where}: accepted, expected "${command.text}"`);
          } else {
            result.invalidRejected++;
          }
          break;
        }
        case 'module':
        case 'assert_unlinkable':
        case 'assert_uninstantiable': {
          result.validTotal++;
          let error: Error | null;
          try {
            error = compileError(load(), suite.features);
          } catch (crash) {
            result.failures.push(`${where}: crashed on a valid module (${String(crash)})`);
            break;
          }
          if (error === null) result.validAccepted++;
          else result.failures.push(`${where}: rejected a valid module: ${error.message}`);
          break;
        }
      }
    }
  }
  return result;
}
