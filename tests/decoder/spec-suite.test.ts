/**
 * The decoder against every binary module of the spec testsuite (core and proposals),
 * each decoded with its suite's features (core: Wasm 2.0; a proposal: Wasm 2.0 plus it):
 * modules the suite expects to load must decode and scan; binary `assert_malformed`
 * modules must be rejected with CompileError by decoding or by scanning the bodies.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAndScan } from '../../compiler/decoder.js';
import type { WasmFeatures } from '../../compiler/features.js';
import type { Module } from '../../compiler/module.js';
import { CompileError } from '../../runtime-support/errors.js';
import { suiteFeatures } from '../spec/engine.js';
import { isProposalName } from '../spec/loader.js';
import { decodedInterface, nativeInterface } from './native-engine.js';

const SPEC_DIR = resolve(process.env['HERON_SPEC_DIR'] ?? join(__dirname, '../../../shared/spec-testsuite'));

interface SpecCommand {
  type: string;
  line: number;
  filename?: string;
  text?: string;
  module_type?: string;
}

interface SpecCase {
  /** `core/binary/binary.json:123` */
  where: string;
  wasmPath: string;
  text: string;
  features: WasmFeatures;
}

/** Commands whose module must load (at least as far as decoding goes). */
const LOADABLE = new Set(['module', 'assert_unlinkable', 'assert_uninstantiable']);

/**
 * Malformed modules the decoder accepts on purpose, with the reason. The memory64 suite
 * predates reference types (part of Heron's Wasm 2.0 baseline), so its call_indirect
 * "reserved byte" is a table index: table 1 is unknown, which the validator rejects.
 */
const ACCEPTED_MALFORMED: ReadonlyMap<string, string> = new Map([
  ['proposals/memory64/binary/binary.json:71', 'call_indirect table 1: unknown table (reference types)'],
]);

/** The features of the suite a script belongs to, from its path relative to the suite root. */
function featuresOfScript(relativePath: string): WasmFeatures {
  const [top, proposal] = relativePath.split('/');
  if (top === 'core') return suiteFeatures('core');
  if (top === 'proposals' && proposal !== undefined && isProposalName(proposal)) return suiteFeatures(proposal);
  throw new Error(`spec testsuite: ${relativePath} is in no known suite`);
}

function listJsonFiles(): string[] {
  const dirs: string[] = [];
  const core = join(SPEC_DIR, 'core');
  for (const name of readdirSync(core)) dirs.push(join(core, name));
  const proposals = join(SPEC_DIR, 'proposals');
  for (const proposal of readdirSync(proposals)) {
    for (const name of readdirSync(join(proposals, proposal))) dirs.push(join(proposals, proposal, name));
  }
  const files: string[] = [];
  for (const dir of dirs.sort()) {
    for (const name of readdirSync(dir)) if (name.endsWith('.json')) files.push(join(dir, name));
  }
  return files;
}

function collectCases(): { loadable: SpecCase[]; malformed: SpecCase[] } {
  const loadable: SpecCase[] = [];
  const malformed: SpecCase[] = [];
  for (const file of listJsonFiles()) {
    const commands = (JSON.parse(readFileSync(file, 'utf8')) as { commands: SpecCommand[] }).commands;
    const features = featuresOfScript(relative(SPEC_DIR, file));
    for (const command of commands) {
      if (command.filename === undefined || !command.filename.endsWith('.wasm')) continue;
      const entry: SpecCase = {
        where: `${relative(SPEC_DIR, file)}:${command.line}`,
        wasmPath: join(file, '..', command.filename),
        text: command.text ?? '',
        features,
      };
      if (LOADABLE.has(command.type)) loadable.push(entry);
      else if (command.type === 'assert_malformed' && command.module_type === 'binary') malformed.push(entry);
    }
  }
  return { loadable, malformed };
}

function decodeError(entry: SpecCase): unknown {
  try {
    decodeAndScan(new Uint8Array(readFileSync(entry.wasmPath)), entry.features);
    return null;
  } catch (error) {
    return error;
  }
}

describe.skipIf(!existsSync(SPEC_DIR))('spec testsuite', () => {
  const { loadable, malformed } = collectCases();

  it('decodes and scans every module the suite loads, agreeing with the native engine', () => {
    const failures: string[] = [];
    let compared = 0;
    for (const entry of loadable) {
      const bytes = new Uint8Array(readFileSync(entry.wasmPath));
      let module: Module;
      try {
        module = decodeAndScan(bytes, entry.features);
      } catch (error) {
        failures.push(`${entry.where}: ${String(error)}`);
        continue;
      }
      const native = nativeInterface(bytes);
      if (native === null) continue;
      compared++;
      const ours = decodedInterface(module);
      if (ours.join() !== native.join()) failures.push(`${entry.where}: ${ours.join()} vs native ${native.join()}`);
    }
    console.log(
      `spec: ${loadable.length - failures.length}/${loadable.length} loadable modules decode ` +
        `(${compared} compared with the native engine)`,
    );
    expect(failures).toEqual([]);
    expect(loadable.length).toBeGreaterThan(1000);
  });

  it('rejects every binary assert_malformed module with CompileError', () => {
    const passedThrough: string[] = [];
    const wrongClass: string[] = [];
    let messageMatches = 0;
    let coreCount = 0;
    for (const entry of malformed) {
      if (entry.where.startsWith('core/')) coreCount++;
      const error = decodeError(entry);
      if (error === null) {
        if (!ACCEPTED_MALFORMED.has(entry.where)) passedThrough.push(`${entry.where} (expected "${entry.text}")`);
      } else if (!(error instanceof CompileError)) {
        wrongClass.push(`${entry.where}: ${String(error)}`);
      } else if ((error as Error).message.includes(entry.text)) {
        messageMatches++;
      }
    }
    const rejected = malformed.length - passedThrough.length - ACCEPTED_MALFORMED.size;
    console.log(
      `spec: ${rejected}/${malformed.length} binary assert_malformed rejected (${coreCount} in core), ` +
        `${messageMatches} with the spec's message; ${ACCEPTED_MALFORMED.size} accepted on purpose`,
    );
    expect(coreCount).toBe(736);
    expect(wrongClass).toEqual([]);
    expect(passedThrough).toEqual([]);
  });

  it('keeps the accepted-on-purpose list exact (each entry still passes through)', () => {
    const wheres = new Set(malformed.map((entry) => entry.where));
    for (const [where] of ACCEPTED_MALFORMED) {
      expect(wheres.has(where), where).toBe(true);
      const entry = malformed.find((candidate) => candidate.where === where)!;
      expect(decodeError(entry), where).toBeNull();
    }
  });
});
