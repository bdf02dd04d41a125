/**
 * The public WASI class, shaped like node:wasi:
 *
 *   const wasi = new WASI({ args: ['prog', 'x'], env: { A: '1' }, preopens: { '/': '/host/dir' } });
 *   const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
 *   const exitCode = wasi.start(instance);
 *
 * Nothing is ambient: no arguments, no environment and no directories unless given. `preopens`
 * maps guest paths to a host directory path (Node only) or to a MemoryDirectory (any engine).
 * It works with any instance-like object `{ exports: { memory: { buffer }, _start?, _initialize? } }`,
 * so Heron's compiled or interpreted modules run it without the WebAssembly global.
 */

import { DIRECTORY_INHERITING_RIGHTS, DIRECTORY_RIGHTS, STDIN_RIGHTS, STDOUT_RIGHTS } from './constants.js';
import { WasiConfigError, WasiExitError } from './errors.js';
import { FdTable } from './fd-table.js';
import type { FsBackend } from './fs-backend.js';
import type { RandomSource } from './host.js';
import { defaultRandomSource, hasNodeFs } from './host.js';
import { MemoryBackend, MemoryDirectory } from './memory-backend.js';
import type { MemoryLike } from './memory.js';
import { GuestMemory } from './memory.js';
import { NodeBackend } from './node-backend.js';
import { fdImports } from './preview1-fd.js';
import { pathImports } from './preview1-path.js';
import { processImports } from './preview1-process.js';
import type { StdioStream, WasiInputStream, WasiOutputStream } from './streams.js';
import { consoleOutput, emptyInput, inputStream, outputStream } from './streams.js';
import type { ExitLatch, WasiContext, WasiPreview1Imports } from './syscall.js';
import { encodeUtf8 } from './utf8.js';

export interface WasiOptions {
  /** Only 'preview1' exists; accepted for node:wasi compatibility. */
  readonly version?: 'preview1';
  /** The full argv, program name first (as in node:wasi). Default: none. */
  readonly args?: readonly string[];
  /** Environment variables. Default: none (the host's are never passed implicitly). */
  readonly env?: Readonly<Record<string, string>>;
  /** Guest path -> host directory path (Node) or MemoryDirectory. Preopened in key order from fd 3. */
  readonly preopens?: Readonly<Record<string, string | MemoryDirectory>>;
  /** Host fd number (Node) or `{ read(maxBytes) }`. Default: fd 0 under Node, else empty. */
  readonly stdin?: number | WasiInputStream;
  /** Host fd number (Node) or `{ write(bytes) }`. Default: fd 1 under Node, else console.log. */
  readonly stdout?: number | WasiOutputStream;
  /** Host fd number (Node) or `{ write(bytes) }`. Default: fd 2 under Node, else console.error. */
  readonly stderr?: number | WasiOutputStream;
  /**
   * true (default): start() returns the proc_exit code. false: start() rethrows the WasiExitError
   * (carrying `code`) to the caller. The host process is never exited either way.
   */
  readonly returnOnExit?: boolean;
  /** Source of random_get bytes. Default: crypto.getRandomValues. */
  readonly randomSource?: RandomSource;
  /** Most descriptors the guest may hold open at once (EMFILE beyond). Default 4096. */
  readonly maxOpenFiles?: number;
}

/** The part of an instance WASI uses. */
export interface WasiInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

const DEFAULT_MAX_OPEN_FILES = 4096;

function checkedCString(kind: string, text: string): Uint8Array {
  if (text.includes('\0')) throw new WasiConfigError(`${kind} ${JSON.stringify(text)} contains a NUL character`);
  return encodeUtf8(text);
}

function preopenBackend(guestPath: string, source: string | MemoryDirectory): FsBackend {
  if (source instanceof MemoryDirectory) return new MemoryBackend(source);
  if (typeof source === 'string') return new NodeBackend(source);
  throw new WasiConfigError(`preopen "${guestPath}" must be a host path or a MemoryDirectory`);
}

function stdio(fds: FdTable, stream: StdioStream, rights: number): void {
  fds.insert({ kind: 'stream', stream, rightsBase: rights, rightsInheriting: 0, fdflags: 0 });
}

export class WASI {
  /** The import object for module `wasi_snapshot_preview1`. */
  readonly wasiImport: WasiPreview1Imports;
  private readonly fds: FdTable;
  private readonly returnOnExit: boolean;
  private readonly latch: ExitLatch = { exit: null };
  private memorySource: MemoryLike | null = null;
  private started = false;

  constructor(options: WasiOptions = {}) {
    if (options.version !== undefined && options.version !== 'preview1') {
      throw new WasiConfigError(`unsupported WASI version "${String(options.version)}"`);
    }
    this.returnOnExit = options.returnOnExit ?? true;
    this.fds = new FdTable(options.maxOpenFiles ?? DEFAULT_MAX_OPEN_FILES);
    const node = hasNodeFs();
    stdio(this.fds, inputStream(options.stdin ?? (node ? 0 : emptyInput)), STDIN_RIGHTS);
    stdio(this.fds, outputStream(options.stdout ?? (node ? 1 : consoleOutput('log'))), STDOUT_RIGHTS);
    stdio(this.fds, outputStream(options.stderr ?? (node ? 2 : consoleOutput('error'))), STDOUT_RIGHTS);
    for (const [guestPath, source] of Object.entries(options.preopens ?? {})) {
      this.fds.insert({
        kind: 'directory',
        backend: preopenBackend(guestPath, source),
        path: [],
        preopenName: checkedCString('preopen name', guestPath),
        listing: null,
        rightsBase: DIRECTORY_RIGHTS,
        rightsInheriting: DIRECTORY_INHERITING_RIGHTS,
        fdflags: 0,
      });
    }

    const context: WasiContext = {
      fds: this.fds,
      memory: () => {
        if (this.memorySource === null) {
          throw new WasiConfigError('WASI function called before start() or initialize() bound a memory');
        }
        return GuestMemory.of(this.memorySource);
      },
      args: (options.args ?? []).map((arg) => checkedCString('argument', arg)),
      env: Object.entries(options.env ?? {}).map(([key, value]) => {
        if (key.includes('=')) throw new WasiConfigError(`environment variable name "${key}" contains "="`);
        return checkedCString('environment entry', `${key}=${value}`);
      }),
      random: options.randomSource ?? defaultRandomSource(),
    };
    this.wasiImport = {
      ...processImports(context, this.latch),
      ...fdImports(context, this.latch),
      ...pathImports(context, this.latch),
    };
  }

  /** `{ wasi_snapshot_preview1: wasiImport }`, as node:wasi's getImportObject(). */
  getImportObject(): { wasi_snapshot_preview1: WasiPreview1Imports } {
    return { wasi_snapshot_preview1: this.wasiImport };
  }

  /** Runs a command module's `_start`; returns its exit code (0 when `_start` returns). */
  start(instance: WasiInstance): number {
    const start = this.bind(instance, '_start');
    if (instance.exports._initialize !== undefined) {
      throw new WasiConfigError('a command module must not export _initialize');
    }
    try {
      start();
      return 0;
    } catch (error) {
      if (error instanceof WasiExitError && error === this.latch.exit && this.returnOnExit) return error.code;
      throw error;
    } finally {
      this.fds.closeAll();
    }
  }

  /** Runs a reactor module's `_initialize` (if exported); the module's exports stay usable after. */
  initialize(instance: WasiInstance): void {
    if (instance.exports._start !== undefined) {
      throw new WasiConfigError('a reactor module must not export _start');
    }
    const initializeFn = instance.exports._initialize;
    if (initializeFn !== undefined && typeof initializeFn !== 'function') {
      throw new WasiConfigError('export _initialize is not a function');
    }
    this.bindMemory(instance);
    if (typeof initializeFn === 'function') (initializeFn as () => unknown)();
  }

  private bind(instance: WasiInstance, entry: '_start'): () => unknown {
    const fn = instance.exports[entry];
    if (typeof fn !== 'function') throw new WasiConfigError(`instance does not export a function ${entry}`);
    this.bindMemory(instance);
    return fn as () => unknown;
  }

  private bindMemory(instance: WasiInstance): void {
    if (this.started) throw new WasiConfigError('WASI instance has already been started');
    const memory = instance.exports.memory as Partial<MemoryLike> | undefined;
    const buffer = memory?.buffer;
    const isBuffer =
      buffer instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer);
    if (memory === undefined || !isBuffer) {
      throw new WasiConfigError('instance must export a memory named "memory" with an ArrayBuffer `buffer`');
    }
    this.memorySource = memory as MemoryLike;
    this.started = true;
  }
}
