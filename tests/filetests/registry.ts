/**
 * File-test kinds. A kind turns a test file's input into output text that the file's
 * `check:` lines are matched against; it throws to fail the test outright. Each module in
 * kinds/ registers its kinds at import time, so adding a kind is adding a file there.
 */

export interface FileTestContext {
  /** Path of the test file, relative to the repository root. */
  path: string;
  /** The whole file (directives are comments in both IR and Wasm text). */
  input: string;
  /** Words after the kind on the `test:` line, e.g. `; test: pass dce` gives ['dce']. */
  args: string[];
}

export type FileTestKind = (context: FileTestContext) => string | Promise<string>;

const kinds = new Map<string, FileTestKind>();

export function registerFileTestKind(name: string, run: FileTestKind): void {
  if (kinds.has(name)) throw new Error(`file-test kind '${name}' is registered twice`);
  kinds.set(name, run);
}

export function findFileTestKind(name: string): FileTestKind | undefined {
  return kinds.get(name);
}

export function fileTestKindNames(): string[] {
  return [...kinds.keys()].sort();
}
