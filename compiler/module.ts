/**
 * The decoded form of a WebAssembly module: what `parseModule` returns and what every
 * later stage (validator, translator, `heron inspect`) reads. It is plain data.
 *
 * Function bodies are not decoded into instruction objects here: a body keeps its byte
 * range and is read on demand with `OperatorReader` (compiler/operators.ts). That keeps a
 * 20 MB module at a few bytes of overhead per instruction, and lets the validator and the
 * translator stream over the same bytes.
 */

export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
export type RefType = 'funcref' | 'externref';
export type ValType = NumType | 'v128' | RefType;

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

/** Limits of a memory or table. Sizes are in pages (memories) or elements (tables).
 *  u64 values (memory64) beyond 2^53 lose precision but stay far above any valid bound. */
export interface Limits {
  min: number;
  max: number | null;
  /** threads proposal: shared memory. */
  shared: boolean;
  /** memory64 proposal: i64 addresses. */
  index64: boolean;
}

export interface MemoryType {
  limits: Limits;
}

export interface TableType {
  element: RefType;
  limits: Limits;
}

export interface GlobalType {
  type: ValType;
  mutable: boolean;
}

/** Exception-handling proposal: a tag has a function type whose results are empty. */
export interface TagType {
  typeIndex: number;
}

export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export type ImportDesc =
  | { kind: 'func'; typeIndex: number }
  | { kind: 'table'; type: TableType }
  | { kind: 'memory'; type: MemoryType }
  | { kind: 'global'; type: GlobalType }
  | { kind: 'tag'; type: TagType };

export interface Import {
  module: string;
  field: string;
  desc: ImportDesc;
  /** Byte offset of the import entry, for error messages. */
  offset: number;
}

export interface Export {
  name: string;
  kind: ExternKind;
  index: number;
  offset: number;
}

/**
 * A constant expression (global initializers, segment offsets, element items): its byte
 * range in the module, read with `OperatorReader` like a function body. It ends with `end`.
 */
export interface ConstExpr {
  start: number;
  end: number;
}

export interface Global {
  type: GlobalType;
  init: ConstExpr;
}

export type ElementMode =
  | { kind: 'passive' }
  | { kind: 'declarative' }
  | { kind: 'active'; table: number; offset: ConstExpr };

export interface ElementSegment {
  type: RefType;
  mode: ElementMode;
  /** Either function indices (the compact encodings) or constant expressions. */
  items: { kind: 'functions'; indices: number[] } | { kind: 'expressions'; exprs: ConstExpr[] };
  offset: number;
}

export type DataMode = { kind: 'passive' } | { kind: 'active'; memory: number; offset: ConstExpr };

export interface DataSegment {
  mode: DataMode;
  /** Byte range of the segment's contents within the module bytes. */
  dataStart: number;
  dataEnd: number;
  offset: number;
}

export interface LocalGroup {
  count: number;
  type: ValType;
}

/** A function defined in the module (not imported). */
export interface FunctionBody {
  /** Index in the function index space (imports come first). */
  funcIndex: number;
  typeIndex: number;
  locals: LocalGroup[];
  /** Total number of declared locals (excluding params). */
  localCount: number;
  /** Byte offset of the body's size field (the function's location in messages). */
  offset: number;
  /** Byte range of the instructions: from after the local declarations to after the final `end`. */
  codeStart: number;
  codeEnd: number;
}

export interface CustomSection {
  name: string;
  /** Byte range of the payload (after the name). */
  start: number;
  end: number;
}

export interface SectionInfo {
  id: number;
  /** Section name: 'type', 'import', ..., or 'custom:NAME'. */
  name: string;
  /** Byte offset of the section id byte. */
  offset: number;
  /** Payload size in bytes. */
  size: number;
}

/** Contents of the `name` custom section; a malformed name section is ignored, as the spec allows. */
export interface NameSection {
  module: string | null;
  functions: Map<number, string>;
  /** function index -> (local index -> name) */
  locals: Map<number, Map<number, string>>;
  globals: Map<number, string>;
}

export interface Module {
  /** The module bytes; ranges above index into it. */
  bytes: Uint8Array;
  types: FuncType[];
  imports: Import[];
  /** The type index of every function in the index space, imports first. */
  funcTypes: number[];
  importedFuncCount: number;
  /** Table types in index space order, imports first. */
  tables: TableType[];
  importedTableCount: number;
  memories: MemoryType[];
  importedMemoryCount: number;
  /** Global types in index space order, imports first; `globals` holds the defined ones. */
  globalTypes: GlobalType[];
  importedGlobalCount: number;
  globals: Global[];
  tags: TagType[];
  importedTagCount: number;
  exports: Export[];
  start: number | null;
  elements: ElementSegment[];
  /** The data count section's value, if present. */
  dataCount: number | null;
  data: DataSegment[];
  /** Defined functions, in order; `bodies[i].funcIndex === importedFuncCount + i`. */
  bodies: FunctionBody[];
  customSections: CustomSection[];
  sections: SectionInfo[];
  names: NameSection;
}
