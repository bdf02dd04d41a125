/** Reading a module file for a CLI command, with errors that name the file. */
import { readFileSync } from 'node:fs';
import { CompileError } from '../runtime-support/errors.js';
import { parseModule } from '../compiler/parse.js';
import type { Module } from '../compiler/module.js';

export class CliInputError extends Error {
  override name = 'CliInputError';
}

export function readModuleFile(path: string): Module {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliInputError(`${path}: cannot read file (${reason})`);
  }
  try {
    return parseModule(bytes);
  } catch (error) {
    if (error instanceof CompileError) throw new CliInputError(`${path}: CompileError: ${error.message}`);
    throw error;
  }
}
