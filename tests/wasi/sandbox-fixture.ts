/**
 * A host directory layout for sandbox attacks: a preopened `sandbox/` next to an `outside/`
 * directory the guest must never reach, with escape symlinks planted inside the sandbox. The
 * same layout can be mirrored into an in-memory tree, so path attacks run on both backends.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryDirectory } from '../../runtime-support/wasi/index.js';

export const SECRET = 'top secret';

export interface SandboxFixture {
  readonly base: string;
  readonly sandbox: string;
  readonly outside: string;
  /** A description of everything below `outside/` (names, sizes, contents, mtimes). */
  snapshotOutside(): string;
  remove(): void;
}

/** Symlinks planted in the sandbox: name -> target (relative to the sandbox root). */
function plantedLinks(outside: string): [string, string][] {
  return [
    ['escape_rel', '../outside/secret.txt'],
    ['escape_dir', '../outside'],
    ['escape_abs', join(outside, 'secret.txt')],
    ['escape_abs_dir', outside],
    ['inner/up', '..'],
    ['inner/up2', '../..'],
    ['loop_a', 'loop_b'],
    ['loop_b', 'loop_a'],
    ['self', 'self'],
  ];
}

function describeTree(path: string): string {
  const lines: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const stats = statSync(full, { bigint: true });
      if (stats.isDirectory()) {
        lines.push(`${prefix}${name}/ mtime=${stats.mtimeNs}`);
        walk(full, `${prefix}${name}/`);
      } else {
        lines.push(`${prefix}${name} mtime=${stats.mtimeNs} ${readFileSync(full, 'utf8')}`);
      }
    }
  };
  walk(path, '');
  return lines.join('\n');
}

export function createHostSandbox(): SandboxFixture {
  const base = mkdtempSync(join(tmpdir(), 'heron-wasi-attack-'));
  const sandbox = join(base, 'sandbox');
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'dir'), { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  mkdirSync(join(sandbox, 'inner'), { recursive: true });
  writeFileSync(join(sandbox, 'inner', 'file.txt'), 'inner');
  for (const [name, target] of plantedLinks(outside)) symlinkSync(target, join(sandbox, name));
  return {
    base,
    sandbox,
    outside,
    snapshotOutside: () => describeTree(outside),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}

/** The same sandbox as an in-memory tree (its "outside" is simply unreachable). */
export function createMemorySandbox(hostOutsidePath = '/nonexistent/outside'): MemoryDirectory {
  const root = new MemoryDirectory();
  root.writeFile('inner/file.txt', 'inner');
  for (const [name, target] of plantedLinks(hostOutsidePath)) root.symlink(target, name);
  return root;
}
