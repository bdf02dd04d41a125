/**
 * The `name` custom section: module, function, local and global names, used in error
 * messages, `heron inspect` and generated code.
 *
 * The spec makes a malformed name section a non-error: we keep the subsections that
 * decoded completely and ignore the first malformed one and everything after it.
 */
import type { NameSection } from './module.js';
import { BinaryReader } from './binary-reader.js';

const SUBSECTION_MODULE = 0;
const SUBSECTION_FUNCTIONS = 1;
const SUBSECTION_LOCALS = 2;
/** From the extended-name-section proposal; the other ids there (labels, types, ...) are skipped. */
const SUBSECTION_GLOBALS = 7;

export function emptyNameSection(): NameSection {
  return { module: null, functions: new Map(), locals: new Map(), globals: new Map() };
}

/** Decodes the payload `bytes[start, end)` of a `name` section; never throws. */
export function parseNameSection(bytes: Uint8Array, start: number, end: number): NameSection {
  const names = emptyNameSection();
  const reader = new BinaryReader(bytes, start, end);
  try {
    while (!reader.atEnd) {
      const id = reader.u8();
      const size = reader.length();
      const sub = new BinaryReader(bytes, reader.position, reader.position + size);
      reader.position += size;
      switch (id) {
        case SUBSECTION_MODULE: {
          const name = sub.name();
          if (!sub.atEnd) return names;
          names.module = name;
          break;
        }
        case SUBSECTION_FUNCTIONS: {
          const map = readNameMap(sub);
          if (!sub.atEnd) return names;
          names.functions = map;
          break;
        }
        case SUBSECTION_LOCALS: {
          const map = readIndirectNameMap(sub);
          if (!sub.atEnd) return names;
          names.locals = map;
          break;
        }
        case SUBSECTION_GLOBALS: {
          const map = readNameMap(sub);
          if (!sub.atEnd) return names;
          names.globals = map;
          break;
        }
        default:
          break;
      }
    }
  } catch {
    // Malformed: keep what decoded before the fault (see the file comment).
  }
  return names;
}

function readNameMap(reader: BinaryReader): Map<number, string> {
  const map = new Map<number, string>();
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    const index = reader.u32();
    map.set(index, reader.name());
  }
  return map;
}

function readIndirectNameMap(reader: BinaryReader): Map<number, Map<number, string>> {
  const map = new Map<number, Map<number, string>>();
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    const index = reader.u32();
    map.set(index, readNameMap(reader));
  }
  return map;
}
