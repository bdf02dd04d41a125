/**
 * Standard input/output for the guest. Each of `stdin`, `stdout`, `stderr` in the WASI options
 * is either
 *  - a host file descriptor number (as in node:wasi; Node only) — the shim reads/writes it but
 *    never closes it, even when the guest closes or renumbers over fd 0/1/2; or
 *  - an object: `{ read(maxBytes) }` returning a Uint8Array (empty or null = end of input) for
 *    stdin, `{ write(bytes) }` for stdout/stderr (the bytes are a copy the callee may keep).
 *    Set `isTerminal: true` to have the guest see a character device (a tty).
 * Defaults: host fds 0/1/2 under Node; elsewhere empty stdin and stdout/stderr to the console.
 */

import { Errno, Filetype } from './constants.js';
import { fail, WasiErrnoError } from './errors.js';
import { loadNodeFs } from './host.js';
import { tryDecodeUtf8 } from './utf8.js';

export interface WasiInputStream {
  read(maxBytes: number): Uint8Array | null;
  readonly isTerminal?: boolean;
}

export interface WasiOutputStream {
  write(bytes: Uint8Array): void;
  readonly isTerminal?: boolean;
}

/** What the fd table holds for a standard stream. */
export interface StdioStream {
  readonly filetype: Filetype;
  read(into: Uint8Array): number;
  write(from: Uint8Array): number;
}

function hostCall<T>(operation: () => T): T {
  try {
    return operation();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') throw new WasiErrnoError(Errno.AGAIN);
    if (code === 'EPIPE') throw new WasiErrnoError(Errno.PIPE);
    if (code === 'EBADF') throw new WasiErrnoError(Errno.BADF);
    if (typeof code === 'string') throw new WasiErrnoError(Errno.IO, (error as Error).message);
    throw error;
  }
}

/** A host descriptor lent by the embedder; never closed by the shim. */
class HostFdStream implements StdioStream {
  readonly filetype: Filetype;

  constructor(private readonly fd: number) {
    const fs = loadNodeFs();
    // A descriptor that is not open (e.g. a daemon without stdin) is still accepted: reads see
    // end of input and writes fail with EBADF, as they would for a native process.
    let stats: ReturnType<typeof fs.fstatSync> | undefined;
    try {
      stats = fs.fstatSync(fd);
    } catch {
      stats = undefined;
    }
    this.filetype = stats === undefined
      ? Filetype.UNKNOWN
      : stats.isCharacterDevice()
      ? Filetype.CHARACTER_DEVICE
      : stats.isFile()
        ? Filetype.REGULAR_FILE
        : stats.isSocket()
          ? Filetype.SOCKET_STREAM
          : Filetype.UNKNOWN;
  }

  read(into: Uint8Array): number {
    const fs = loadNodeFs();
    try {
      return hostCall(() => fs.readSync(this.fd, into, 0, into.length, null));
    } catch (error) {
      // A closed or absent stdin reads as end of input.
      if (error instanceof WasiErrnoError && error.errno === Errno.BADF) return 0;
      throw error;
    }
  }

  write(from: Uint8Array): number {
    const fs = loadNodeFs();
    let written = 0;
    // Descriptors shared with Node's own streams may be non-blocking: retry partial writes.
    while (written < from.length) {
      try {
        written += hostCall(() => fs.writeSync(this.fd, from, written, from.length - written, null));
      } catch (error) {
        if (error instanceof WasiErrnoError && error.errno === Errno.AGAIN) continue;
        if (written > 0) return written;
        throw error;
      }
    }
    return written;
  }
}

class InputObjectStream implements StdioStream {
  readonly filetype: Filetype;
  private pending: Uint8Array = new Uint8Array(0);

  constructor(private readonly source: WasiInputStream) {
    this.filetype = source.isTerminal === true ? Filetype.CHARACTER_DEVICE : Filetype.UNKNOWN;
  }

  read(into: Uint8Array): number {
    if (this.pending.length === 0) {
      const chunk = this.source.read(into.length);
      if (chunk === null || chunk.length === 0) return 0;
      this.pending = chunk;
    }
    const count = Math.min(into.length, this.pending.length);
    into.set(this.pending.subarray(0, count));
    this.pending = this.pending.subarray(count);
    return count;
  }

  write(): number {
    fail(Errno.BADF, 'stdin is not writable');
  }
}

class OutputObjectStream implements StdioStream {
  readonly filetype: Filetype;

  constructor(private readonly sink: WasiOutputStream) {
    this.filetype = sink.isTerminal === true ? Filetype.CHARACTER_DEVICE : Filetype.UNKNOWN;
  }

  read(): number {
    fail(Errno.BADF, 'output stream is not readable');
  }

  write(from: Uint8Array): number {
    this.sink.write(from.slice());
    return from.length;
  }
}

/** Line-buffers text to console.log / console.error where there are no host descriptors. */
export function consoleOutput(kind: 'log' | 'error'): WasiOutputStream {
  let buffered: number[] = [];
  return {
    write(bytes: Uint8Array) {
      for (const byte of bytes) {
        if (byte === 10) {
          const line = tryDecodeUtf8(Uint8Array.from(buffered)) ?? '\uFFFD';
          buffered = [];
          console[kind](line);
        } else {
          buffered.push(byte);
        }
      }
    },
  };
}

export const emptyInput: WasiInputStream = { read: () => null };

export function inputStream(option: number | WasiInputStream): StdioStream {
  return typeof option === 'number' ? new HostFdStream(option) : new InputObjectStream(option);
}

export function outputStream(option: number | WasiOutputStream): StdioStream {
  return typeof option === 'number' ? new HostFdStream(option) : new OutputObjectStream(option);
}
