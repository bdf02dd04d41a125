/**
 * `decodeModule(bytes)`: the binary format to a `Module` (compiler/module.ts).
 *
 * Everything the binary format defines is checked here except what lives inside function
 * bodies: a body is recorded as a byte range and read later with `OperatorReader` (the
 * validator does so; `decodeAndScan` does so for tests and tools). Constant expressions
 * are read while decoding because nothing else marks where they end.
 *
 * Supported beyond Wasm 2.0, each only while its feature is on (compiler/features.ts): the
 * tag section and tag imports/exports (exception handling), shared memories (threads),
 * 64-bit memories (memory64). A disabled feature's encoding is malformed as in the spec
 * suite without it, with a message naming the feature; SIMD's v128 type likewise.
 */
import type {
  ConstExpr,
  DataSegment,
  ElementSegment,
  Export,
  ExternKind,
  FunctionBody,
  GlobalType,
  Import,
  ImportDesc,
  Limits,
  LocalGroup,
  Module,
  RefType,
  TableType,
  ValType,
} from './module.js';
import { BinaryReader, compileErrorAt, functionContext, MSG_TOO_LONG, MSG_TOO_LARGE } from './binary-reader.js';
import { ALL_FEATURES, featureDisabled, type WasmFeatures } from './features.js';
import { bodyReader, OperatorReader, readToMatchingEnd, refTypeFromByte, valTypeFromByte } from './operators.js';
import { emptyNameSection, parseNameSection } from './names.js';

const WASM_MAGIC = 0x6d736100; // "\0asm" read as a little-endian u32
const WASM_VERSION = 1;

/** Section ids, in the binary format's numbering. */
export const SectionId = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

const SECTION_NAMES = [
  'custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'datacount', 'tag',
];

/** Required order of the non-custom sections: the tag section sits between memory and global,
 *  the data count section between element and code. */
const SECTION_ORDER: readonly number[] = [
  SectionId.type, SectionId.import, SectionId.function, SectionId.table, SectionId.memory, SectionId.tag,
  SectionId.global, SectionId.export, SectionId.start, SectionId.element, SectionId.dataCount,
  SectionId.code, SectionId.data,
];

/** Total local count above which a body is malformed (the spec's u32 bound). */
const MAX_LOCALS = 0xffffffff;

const EXTERN_KINDS: readonly ExternKind[] = ['func', 'table', 'memory', 'global', 'tag'];

/** Decodes a binary module; throws `CompileError` naming the byte offset of the first problem. */
export function decodeModule(bytes: Uint8Array, features: Readonly<WasmFeatures> = ALL_FEATURES): Module {
  return new ModuleDecoder(bytes, features).decode();
}

/**
 * Decodes a module and reads every instruction of every function body, so that every
 * malformation of the binary format (not validation errors) is reported.
 */
export function decodeAndScan(bytes: Uint8Array, features: Readonly<WasmFeatures> = ALL_FEATURES): Module {
  const module = decodeModule(bytes, features);
  for (const body of module.bodies) scanBody(module, body, features);
  return module;
}

/** Reads a function body's instructions, checking their encoding and that the body's final `end` is its last byte. */
export function scanBody(module: Module, body: FunctionBody, features: Readonly<WasmFeatures> = ALL_FEATURES): void {
  const reader = bodyReader(module, body, features);
  readToMatchingEnd(reader);
  if (!reader.done) reader.fail("section size mismatch: operators after the function's final end", reader.position);
}

class ModuleDecoder {
  private readonly module: Module;
  /** The function section's count, or null before (or without) one. */
  private functionSectionCount: number | null = null;
  private codeSectionCount: number | null = null;
  private dataSectionCount: number | null = null;
  private codeSectionOffset = 0;

  private readonly types: TypeReader;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly features: Readonly<WasmFeatures>,
  ) {
    this.types = new TypeReader(features);
    this.module = {
      bytes,
      types: [],
      imports: [],
      funcTypes: [],
      importedFuncCount: 0,
      tables: [],
      importedTableCount: 0,
      memories: [],
      importedMemoryCount: 0,
      globalTypes: [],
      importedGlobalCount: 0,
      globals: [],
      tags: [],
      importedTagCount: 0,
      exports: [],
      start: null,
      elements: [],
      dataCount: null,
      data: [],
      bodies: [],
      customSections: [],
      sections: [],
      names: emptyNameSection(),
    };
  }

  decode(): Module {
    const top = new BinaryReader(this.bytes, 0, this.bytes.length);
    this.readHeader(top);
    let lastRank = -1;
    let nameSection: { start: number; end: number } | null = null;
    while (!top.atEnd) {
      const sectionOffset = top.position;
      const id = top.u8();
      if (id >= SECTION_NAMES.length) top.fail('malformed section id', sectionOffset);
      if (id === SectionId.tag && !this.features.exceptionHandling) {
        top.fail(`malformed section id 13: the tag section ${featureDisabled('exceptionHandling')}`, sectionOffset);
      }
      const size = top.length();
      const reader = new BinaryReader(this.bytes, top.position, top.position + size);
      top.position += size;
      let name = SECTION_NAMES[id]!;
      if (id === SectionId.custom) {
        const customName = reader.name();
        name = `custom:${customName}`;
        this.module.customSections.push({ name: customName, start: reader.position, end: reader.end });
        if (customName === 'name' && nameSection === null) nameSection = { start: reader.position, end: reader.end };
        reader.position = reader.end;
      } else {
        const rank = SECTION_ORDER.indexOf(id);
        if (rank <= lastRank) {
          top.fail(`unexpected content after last section (${name} section out of order or repeated)`, sectionOffset);
        }
        lastRank = rank;
        this.readSection(id, reader, sectionOffset);
      }
      if (!reader.atEnd) reader.fail(`section size mismatch (${name} section)`);
      this.module.sections.push({ id, name, offset: sectionOffset, size });
    }
    this.checkCounts(top.position);
    if (nameSection) this.module.names = parseNameSection(this.bytes, nameSection.start, nameSection.end);
    return this.module;
  }

  private readHeader(top: BinaryReader): void {
    if (this.bytes.length < 4) top.fail('unexpected end', this.bytes.length);
    if (top.fixedU32() !== WASM_MAGIC) top.fail('magic header not detected', 0);
    if (this.bytes.length < 8) top.fail('unexpected end', this.bytes.length);
    if (top.fixedU32() !== WASM_VERSION) top.fail('unknown binary version', 4);
  }

  private checkCounts(endOffset: number): void {
    if ((this.functionSectionCount ?? 0) !== (this.codeSectionCount ?? 0)) {
      const at = this.codeSectionCount === null ? endOffset : this.codeSectionOffset;
      throw compileErrorAt(at, 'function and code section have inconsistent lengths');
    }
    const dataCount = this.module.dataCount;
    if (dataCount !== null && dataCount !== (this.dataSectionCount ?? 0)) {
      throw compileErrorAt(endOffset, 'data count and data section have inconsistent lengths');
    }
  }

  private readSection(id: number, r: BinaryReader, sectionOffset: number): void {
    const types = this.types;
    switch (id) {
      case SectionId.type: return this.readTypes(r);
      case SectionId.import: return this.readImports(r);
      case SectionId.function: return this.readFunctions(r);
      case SectionId.table: return readVector(r, () => this.module.tables.push(types.tableType(r)));
      case SectionId.memory:
        return readVector(r, () => this.module.memories.push({ limits: types.limits(r, 'memory') }));
      case SectionId.tag: return readVector(r, () => this.module.tags.push({ typeIndex: readTagType(r) }));
      case SectionId.global: return this.readGlobals(r);
      case SectionId.export: return this.readExports(r);
      case SectionId.start:
        this.module.start = r.u32();
        return;
      case SectionId.element: return readVector(r, () => this.module.elements.push(this.readElement(r)));
      case SectionId.dataCount:
        this.module.dataCount = r.u32();
        return;
      case SectionId.code: return this.readCode(r, sectionOffset);
      case SectionId.data: return this.readData(r);
    }
  }

  private readTypes(r: BinaryReader): void {
    readVector(r, () => {
      const at = r.position;
      const form = r.u8();
      if (form !== 0x60) {
        // The form is an s7 LEB128 in the spec grammar: a continuation bit makes it overlong.
        r.fail(form & 0x80 ? MSG_TOO_LONG : `malformed function type 0x${form.toString(16)}`, at);
      }
      const params = this.types.valTypes(r);
      const results = this.types.valTypes(r);
      this.module.types.push({ params, results });
    });
  }

  private readImports(r: BinaryReader): void {
    const m = this.module;
    const types = this.types;
    readVector(r, () => {
      const offset = r.position;
      const moduleName = r.name();
      const field = r.name();
      const kindAt = r.position;
      const kind = this.externKind(r, 'import');
      let desc: ImportDesc;
      switch (kind) {
        case 0:
          desc = { kind: 'func', typeIndex: r.u32() };
          m.funcTypes.push(desc.typeIndex);
          m.importedFuncCount++;
          break;
        case 1:
          desc = { kind: 'table', type: types.tableType(r) };
          m.tables.push(desc.type);
          m.importedTableCount++;
          break;
        case 2:
          desc = { kind: 'memory', type: { limits: types.limits(r, 'memory') } };
          m.memories.push(desc.type);
          m.importedMemoryCount++;
          break;
        case 3:
          desc = { kind: 'global', type: types.globalType(r) };
          m.globalTypes.push(desc.type);
          m.importedGlobalCount++;
          break;
        case 4:
          desc = { kind: 'tag', type: { typeIndex: readTagType(r) } };
          m.tags.push(desc.type);
          m.importedTagCount++;
          break;
        default:
          return r.fail('malformed import kind', kindAt);
      }
      const entry: Import = { module: moduleName, field, desc, offset };
      m.imports.push(entry);
    });
  }

  /** An import or export kind byte; the tag kind (4) only with exception handling. */
  private externKind(r: BinaryReader, entry: 'import' | 'export'): number {
    const at = r.position;
    const kind = r.u8();
    if (kind === 4 && !this.features.exceptionHandling) {
      r.fail(`malformed ${entry} kind: a tag ${entry} ${featureDisabled('exceptionHandling')}`, at);
    }
    return kind;
  }

  private readFunctions(r: BinaryReader): void {
    const count = r.u32();
    for (let i = 0; i < count; i++) this.module.funcTypes.push(r.u32());
    this.functionSectionCount = count;
  }

  private readGlobals(r: BinaryReader): void {
    readVector(r, () => {
      const index = this.module.globalTypes.length;
      const type = this.types.globalType(r);
      this.module.globalTypes.push(type);
      this.module.globals.push({ type, init: this.readConstExpr(r, `global ${index}`) });
    });
  }

  private readExports(r: BinaryReader): void {
    readVector(r, () => {
      const offset = r.position;
      const name = r.name();
      const kindAt = r.position;
      const kind = EXTERN_KINDS[this.externKind(r, 'export')] ?? r.fail('malformed export kind', kindAt);
      const entry: Export = { name, kind, index: r.u32(), offset };
      this.module.exports.push(entry);
    });
  }

  private readElement(r: BinaryReader): ElementSegment {
    const offset = r.position;
    const context = `elem ${this.module.elements.length}`;
    const flags = r.u32();
    if (flags > 7) r.fail(`malformed elements segment kind ${flags}`, offset);
    // Bit 0: passive or declarative; bit 1: explicit table index (active) or declarative;
    // bit 2: items are expressions rather than function indices.
    const passiveOrDeclarative = (flags & 1) !== 0;
    const explicit = (flags & 2) !== 0;
    const usesExpressions = (flags & 4) !== 0;
    let mode: ElementSegment['mode'];
    if (passiveOrDeclarative) {
      mode = explicit ? { kind: 'declarative' } : { kind: 'passive' };
    } else {
      const table = explicit ? r.u32() : 0;
      mode = { kind: 'active', table, offset: this.readConstExpr(r, context) };
    }
    let type: RefType = 'funcref';
    if (passiveOrDeclarative || explicit) {
      const at = r.position;
      const byte = r.u8();
      if (usesExpressions) type = refTypeFromByte(byte) ?? r.fail('malformed reference type', at);
      else if (byte !== 0x00) r.fail('malformed element kind', at);
    }
    let items: ElementSegment['items'];
    if (usesExpressions) {
      const exprs: ConstExpr[] = [];
      readVector(r, () => exprs.push(this.readConstExpr(r, context)));
      items = { kind: 'expressions', exprs };
    } else {
      const indices: number[] = [];
      readVector(r, () => indices.push(r.u32()));
      items = { kind: 'functions', indices };
    }
    return { type, mode, items, offset };
  }

  private readCode(r: BinaryReader, sectionOffset: number): void {
    this.codeSectionOffset = sectionOffset;
    const m = this.module;
    const countAt = r.position;
    const count = r.u32();
    if (count !== (this.functionSectionCount ?? 0)) {
      r.fail('function and code section have inconsistent lengths', countAt);
    }
    this.codeSectionCount = count;
    for (let i = 0; i < count; i++) {
      const funcIndex = m.importedFuncCount + i;
      const offset = r.position;
      const size = r.length();
      const bodyEnd = r.position + size;
      const body = new BinaryReader(this.bytes, r.position, bodyEnd, functionContext(funcIndex));
      r.position = bodyEnd;
      const { locals, localCount } = this.types.locals(body);
      if (body.atEnd) body.fail('unexpected end of section or function');
      if (this.bytes[bodyEnd - 1] !== 0x0b) body.fail('END opcode expected', bodyEnd - 1);
      const entry: FunctionBody = {
        funcIndex,
        typeIndex: m.funcTypes[funcIndex]!,
        locals,
        localCount,
        offset,
        codeStart: body.position,
        codeEnd: bodyEnd,
      };
      m.bodies.push(entry);
    }
  }

  private readData(r: BinaryReader): void {
    const count = r.u32();
    for (let i = 0; i < count; i++) {
      const offset = r.position;
      const context = `data ${i}`;
      const flags = r.u32();
      let mode: DataSegment['mode'];
      switch (flags) {
        case 0:
          mode = { kind: 'active', memory: 0, offset: this.readConstExpr(r, context) };
          break;
        case 1:
          mode = { kind: 'passive' };
          break;
        case 2: {
          const memory = r.u32();
          mode = { kind: 'active', memory, offset: this.readConstExpr(r, context) };
          break;
        }
        default:
          return r.fail(`malformed data segment kind ${flags}`, offset);
      }
      const length = r.u32();
      const dataStart = r.position;
      r.skip(length);
      this.module.data.push({ mode, dataStart, dataEnd: r.position, offset });
    }
    this.dataSectionCount = count;
  }

  /** Reads a constant expression through its final `end`; the validator checks which instructions it uses. */
  private readConstExpr(r: BinaryReader, context: string): ConstExpr {
    const start = r.position;
    const reader = new OperatorReader(this.bytes, start, r.end, {
      context,
      memoryIndex64: this.module.memories.map((memory) => memory.limits.index64),
      hasDataCount: this.module.dataCount !== null,
      features: this.features,
    });
    readToMatchingEnd(reader);
    r.position = reader.position;
    return { start, end: reader.position };
  }
}

/** Reads a u32 count, then calls `readItem` that many times (no preallocation from the count). */
function readVector(r: BinaryReader, readItem: () => void): void {
  const count = r.u32();
  for (let i = 0; i < count; i++) readItem();
}

/** Reads value, global, table and memory types and locals, under a feature set. */
class TypeReader {
  /** Limits flag bits allowed for memories and tables: bit 0 = has maximum, bit 1 =
   *  shared (threads; memories only), bit 2 = 64-bit indices (memory64). */
  private readonly memoryFlags: number;
  private readonly tableFlags: number;

  constructor(private readonly features: Readonly<WasmFeatures>) {
    const index64 = features.memory64 ? 0b100 : 0;
    this.memoryFlags = 0b001 | (features.threads ? 0b010 : 0) | index64;
    this.tableFlags = 0b001 | index64;
  }

  valType(r: BinaryReader): ValType {
    const at = r.position;
    const type = valTypeFromByte(r.u8()) ?? r.fail('malformed value type', at);
    if (type === 'v128' && !this.features.simd) r.fail(`malformed value type v128: ${featureDisabled('simd')}`, at);
    return type;
  }

  valTypes(r: BinaryReader): ValType[] {
    const types: ValType[] = [];
    readVector(r, () => types.push(this.valType(r)));
    return types;
  }

  globalType(r: BinaryReader): GlobalType {
    const type = this.valType(r);
    const at = r.position;
    const mutability = r.u8();
    if (mutability > 1) r.fail('malformed mutability', at);
    return { type, mutable: mutability === 1 };
  }

  tableType(r: BinaryReader): TableType {
    const at = r.position;
    const element = refTypeFromByte(r.u8()) ?? r.fail('malformed reference type', at);
    return { element, limits: this.limits(r, 'table') };
  }

  /** Limits; the flags are a single byte in the spec grammar, unknown bits "integer too large". */
  limits(r: BinaryReader, owner: 'memory' | 'table'): Limits {
    const at = r.position;
    const flags = r.u8();
    if (flags & 0x80) r.fail(MSG_TOO_LONG, at);
    const allowed = owner === 'memory' ? this.memoryFlags : this.tableFlags;
    if ((flags & ~allowed) !== 0) r.fail(`${MSG_TOO_LARGE}: ${limitsFlagsProblem(flags, owner, this.features)}`, at);
    const index64 = (flags & 4) !== 0;
    const readBound = (): number => (index64 ? r.u64AsNumber() : r.u32());
    const min = readBound();
    const max = flags & 1 ? readBound() : null;
    return { min, max, shared: (flags & 2) !== 0, index64 };
  }

  locals(body: BinaryReader): { locals: LocalGroup[]; localCount: number } {
    const locals: LocalGroup[] = [];
    let localCount = 0;
    const groups = body.u32();
    for (let i = 0; i < groups; i++) {
      const at = body.position;
      const count = body.u32();
      localCount += count;
      if (localCount > MAX_LOCALS) body.fail('too many locals', at);
      locals.push({ count, type: this.valType(body) });
    }
    return { locals, localCount };
  }
}

/** Why limits flags are malformed: an unknown bit, or the bit of a disabled feature. */
function limitsFlagsProblem(flags: number, owner: 'memory' | 'table', features: Readonly<WasmFeatures>): string {
  const problem = `malformed limits flags 0x${flags.toString(16)}`;
  if (flags > 0b111 || (owner === 'table' && flags & 0b010)) return problem;
  if (flags & 0b010 && !features.threads) return `${problem}: a shared memory ${featureDisabled('threads')}`;
  if (flags & 0b100 && !features.memory64) return `${problem}: a 64-bit ${owner} ${featureDisabled('memory64')}`;
  return problem;
}

/** Exception handling: a tag is an attribute byte (0 = exception) and a type index. */
function readTagType(r: BinaryReader): number {
  const at = r.position;
  if (r.u8() !== 0) r.fail('malformed tag attribute', at);
  return r.u32();
}
