/**
 * Source maps for generated JS.
 *
 * The function generator tags each statement it emits with the Wasm byte offset of the
 * instruction it comes from (`markSourceOffset`, stored as the ESTree `loc`). Printing then
 * maps the start of every tagged statement to that offset, in the convention browsers use for
 * Wasm: source `module.wasm`, line 1, column = byte offset from the start of the file.
 *
 * When the Wasm module carries its own source map (the `sourceMappingURL` custom section,
 * written by Emscripten, wasm-pack, ...) and the caller passes that map's content, the two
 * are composed: each JS position maps straight to the C/Rust/... line the Wasm came from
 * (source-map-compose.ts).
 */
import { generate, GENERATOR, type Generator, type State } from 'astring';
import type * as E from 'estree';
import { SourceMapGenerator } from 'source-map';
import type { Module } from '../compiler/module.js';
import type { Stmt } from './js-ast.js';
import { OriginalPositions } from './source-map-compose.js';

/**
 * Tags `statements[from..]` — and the statements nested in them that carry no offset yet —
 * with `offset`. Statements that already have one (an inner block emitted earlier, inline at a
 * branch) keep it, and so does everything inside them.
 */
export function markSourceOffset(statements: readonly Stmt[], from: number, offset: number): void {
  if (offset < 0) return;
  for (let i = from; i < statements.length; i++) markStatement(statements[i]!, offset);
}

function markStatement(statement: Stmt, offset: number): void {
  if (statement.loc != null) return;
  statement.loc = { source: null, start: { line: 1, column: offset }, end: { line: 1, column: offset } };
  switch (statement.type) {
    case 'BlockStatement':
      markSourceOffset(statement.body, 0, offset);
      return;
    case 'IfStatement':
      markStatement(statement.consequent, offset);
      if (statement.alternate != null) markStatement(statement.alternate, offset);
      return;
    case 'LabeledStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ForStatement':
      markStatement(statement.body, offset);
      return;
    case 'SwitchStatement':
      for (const switchCase of statement.cases) markSourceOffset(switchCase.consequent, 0, offset);
      return;
    case 'TryStatement':
      markStatement(statement.block, offset);
      if (statement.handler != null) markStatement(statement.handler.body, offset);
      if (statement.finalizer != null) markStatement(statement.finalizer, offset);
      return;
    default:
      return;
  }
}

/** Tags a function declaration (its first line) with the offset of the function body. */
export function markFunctionOffset(fn: E.FunctionDeclaration, offset: number): void {
  if (offset >= 0) fn.loc = { source: null, start: { line: 1, column: offset }, end: { line: 1, column: offset } };
}

const SOURCE_MAPPING_URL_SECTION = 'sourceMappingURL';

/** The URL in the module's `sourceMappingURL` custom section, or null. */
export function sourceMappingUrl(wasm: Module): string | null {
  const section = wasm.customSections.find((candidate) => candidate.name === SOURCE_MAPPING_URL_SECTION);
  if (section === undefined) return null;
  // The payload is a Wasm `name`: a LEB128 byte length, then UTF-8.
  let length = 0;
  let shift = 0;
  let position = section.start;
  for (;;) {
    if (position >= section.end) return null;
    const byte = wasm.bytes[position++]!;
    length |= (byte & 0x7f) << shift;
    shift += 7;
    if ((byte & 0x80) === 0) break;
    if (shift > 28) return null;
  }
  if (position + length > section.end) return null;
  return new TextDecoder('utf-8', { fatal: false }).decode(wasm.bytes.subarray(position, position + length));
}

export interface SourceMapOptions {
  /** The `file` field: the generated file's name. */
  file: string;
  /** The Wasm module's name as a source (when not composing). */
  sourceName: string;
  /** The Wasm module's own source map (JSON text), to compose with; null maps to the Wasm. */
  inputMap: string | null;
}

/** Astring's printing state while it tracks positions (it does when given a `sourceMap`). */
interface PositionedState extends State {
  line: number;
  column: number;
}

type MappingSink = (line: number, column: number, offset: number) => void;

/** Astring's generator with a mapping recorded at the start of every node that has a `loc`. */
function mappingGenerator(record: MappingSink): Generator {
  const generator: Record<string, (node: E.Node, state: PositionedState) => void> = {};
  const base = GENERATOR as unknown as Record<string, (this: unknown, node: E.Node, state: State) => void>;
  for (const [type, print] of Object.entries(base)) {
    generator[type] = function (this: unknown, node: E.Node, state: PositionedState): void {
      if (node.loc != null) record(state.line, state.column, node.loc.start.column);
      print.call(this, node, state);
    };
  }
  return generator as unknown as Generator;
}

/**
 * Astring tracks line and column only while it has a source map to write to; it also adds
 * its own mappings for a few node kinds, with the generated file as their source. This
 * stand-in receives those and drops them: every mapping comes from `mappingGenerator`.
 */
const POSITION_TRACKING_ONLY = { addMapping: (): void => {}, file: '' } as unknown as SourceMapGenerator;

export interface PrintedWithMap {
  code: string;
  map: string;
}

export function printWithSourceMap(program: E.Program, options: SourceMapOptions): PrintedWithMap {
  const map = new SourceMapGenerator({ file: options.file });
  const original = options.inputMap === null ? null : OriginalPositions.parse(options.inputMap);
  let last = { line: -1, column: -1 };
  const record: MappingSink = (line, column, offset) => {
    if (line === last.line && column === last.column) return; // a statement's first child starts at the same place
    last = { line, column };
    const generated = { line, column };
    if (original === null) {
      map.addMapping({ generated, original: { line: 1, column: offset }, source: options.sourceName });
      return;
    }
    const position = original.lookup(1, offset);
    if (position === null) return;
    map.addMapping({ generated, original: { line: position.line, column: position.column }, source: position.source, name: position.name ?? undefined });
  };
  const code = generate(program, { sourceMap: POSITION_TRACKING_ONLY, generator: mappingGenerator(record) });
  if (original !== null) {
    for (const [source, content] of original.sourcesContent()) map.setSourceContent(source, content);
  }
  return { code, map: map.toString() };
}
