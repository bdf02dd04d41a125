/**
 * Reading a Wasm module's own source map (version 3), to compose it with the JS → Wasm map.
 *
 * The `source-map` package's consumer is asynchronous (it parses mappings in WebAssembly),
 * and `compile` is synchronous and must not need WebAssembly, so the mappings are decoded
 * here: base64 VLQ segments, looked up with the consumer's default rule (the closest segment
 * at or before the column, on the same generated line).
 */

export class InvalidSourceMapError extends Error {
  override name = 'InvalidSourceMapError';
}

export interface OriginalPosition {
  source: string;
  /** 1-based, as in the source-map package. */
  line: number;
  /** 0-based. */
  column: number;
  name: string | null;
}

interface Segment {
  column: number;
  /** -1 for a segment that maps to no source. */
  source: number;
  line: number;
  originalColumn: number;
  name: number;
}

interface RawSourceMap {
  version: unknown;
  sources?: unknown;
  names?: unknown;
  mappings?: unknown;
  sourceRoot?: unknown;
  sourcesContent?: unknown;
  sections?: unknown;
}

const BASE64_VALUES = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((char, i) => {
  BASE64_VALUES[char.charCodeAt(0)] = i;
});

function stringArray(value: unknown, field: string): (string | null)[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' || item === null)) {
    throw new InvalidSourceMapError(`source map: "${field}" must be an array of strings`);
  }
  return value as (string | null)[];
}

export class OriginalPositions {
  private constructor(
    /** Per generated line (index = line - 1), segments sorted by column. */
    private readonly lines: Segment[][],
    private readonly sources: string[],
    private readonly names: string[],
    private readonly contents: (string | null)[],
  ) {}

  static parse(json: string): OriginalPositions {
    let raw: RawSourceMap;
    try {
      raw = JSON.parse(json) as RawSourceMap;
    } catch (error) {
      throw new InvalidSourceMapError(`source map: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof raw !== 'object' || raw === null) throw new InvalidSourceMapError('source map: not a JSON object');
    if (raw.version !== 3) throw new InvalidSourceMapError(`source map: version ${String(raw.version)} (only version 3 is supported)`);
    if (raw.sections !== undefined) throw new InvalidSourceMapError('source map: index maps ("sections") are not supported');
    if (typeof raw.mappings !== 'string') throw new InvalidSourceMapError('source map: "mappings" must be a string');
    const root = typeof raw.sourceRoot === 'string' && raw.sourceRoot !== '' ? raw.sourceRoot.replace(/\/?$/, '/') : '';
    const sources = stringArray(raw.sources, 'sources').map((source) => root + (source ?? ''));
    const names = stringArray(raw.names, 'names').map((name) => name ?? '');
    const contents = stringArray(raw.sourcesContent, 'sourcesContent');
    return new OriginalPositions(decodeMappings(raw.mappings, sources.length, names.length), sources, names, contents);
  }

  /** The original position of generated `line` (1-based) and `column` (0-based), or null. */
  lookup(line: number, column: number): OriginalPosition | null {
    const segments = this.lines[line - 1];
    if (segments === undefined || segments.length === 0) return null;
    let low = 0;
    let high = segments.length - 1;
    if (segments[0]!.column > column) return null;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (segments[middle]!.column <= column) low = middle;
      else high = middle - 1;
    }
    const segment = segments[low]!;
    if (segment.source < 0) return null;
    return {
      source: this.sources[segment.source]!,
      line: segment.line + 1,
      column: segment.originalColumn,
      name: segment.name < 0 ? null : this.names[segment.name]!,
    };
  }

  /** `[source, content]` for every source whose content the map embeds. */
  sourcesContent(): [string, string][] {
    const result: [string, string][] = [];
    this.contents.forEach((content, i) => {
      if (content !== null && i < this.sources.length) result.push([this.sources[i]!, content]);
    });
    return result;
  }
}

function decodeMappings(mappings: string, sourceCount: number, nameCount: number): Segment[][] {
  const lines: Segment[][] = [];
  let source = 0;
  let line = 0;
  let originalColumn = 0;
  let name = 0;
  let position = 0;
  const fail = (message: string): never => {
    throw new InvalidSourceMapError(`source map: "mappings" at character ${position}: ${message}`);
  };
  const readVlq = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (position >= mappings.length) fail('unterminated value');
      const digit = BASE64_VALUES[mappings.charCodeAt(position)] ?? -1;
      if (digit < 0) fail(`invalid base64 character ${JSON.stringify(mappings[position])}`);
      position++;
      result += (digit & 31) * 2 ** shift;
      shift += 5;
      if ((digit & 32) === 0) break;
      if (shift > 30) fail('value too large');
    }
    const magnitude = Math.floor(result / 2);
    return result % 2 === 1 ? -magnitude : magnitude;
  };
  let segments: Segment[] = [];
  let column = 0;
  while (position <= mappings.length) {
    const char = mappings[position];
    if (char === undefined || char === ';') {
      segments.sort((a, b) => a.column - b.column);
      lines.push(segments);
      segments = [];
      column = 0;
      position++;
      continue;
    }
    if (char === ',') {
      position++;
      continue;
    }
    column += readVlq();
    const segment: Segment = { column, source: -1, line: 0, originalColumn: 0, name: -1 };
    if (position < mappings.length && mappings[position] !== ',' && mappings[position] !== ';') {
      source += readVlq();
      line += readVlq();
      originalColumn += readVlq();
      if (source < 0 || source >= sourceCount) fail(`source index ${source} out of range`);
      if (line < 0 || originalColumn < 0) fail('negative original position');
      Object.assign(segment, { source, line, originalColumn });
      if (position < mappings.length && mappings[position] !== ',' && mappings[position] !== ';') {
        name += readVlq();
        if (name < 0 || name >= nameCount) fail(`name index ${name} out of range`);
        segment.name = name;
      }
    }
    if (column < 0) fail('negative generated column');
    segments.push(segment);
  }
  return lines;
}
