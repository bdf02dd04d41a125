/**
 * A minimal WebAssembly binary encoder: just enough to build the runner's wrapper modules
 * (function and global imports, one memory, functions, exports). It writes bytes directly,
 * so constants keep their exact bit patterns (an f32 signalling NaN stays signalling).
 */

export type WasmValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

const VALTYPE_CODES: Record<WasmValType, number> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
  funcref: 0x70,
  externref: 0x6f,
};

export function isWasmValType(name: string): name is WasmValType {
  return Object.hasOwn(VALTYPE_CODES, name);
}

export function isRefType(type: WasmValType): type is 'funcref' | 'externref' {
  return type === 'funcref' || type === 'externref';
}

/** Opcodes the wrappers use. SIMD ones follow the 0xfd prefix (see `CodeWriter.simd`). */
export const Op = {
  if: 0x04,
  end: 0x0b,
  return: 0x0f,
  call: 0x10,
  drop: 0x1a,
  localGet: 0x20,
  localSet: 0x21,
  globalGet: 0x23,
  i32Store: 0x36,
  i64Store: 0x37,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  i64Const: 0x42,
  f32Const: 0x43,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i64Eq: 0x51,
  i32And: 0x71,
  i64And: 0x83,
  i32ReinterpretF32: 0xbc,
  i64ReinterpretF64: 0xbd,
  refNull: 0xd0,
} as const;

export const SimdOp = {
  v128Store: 11,
  v128Const: 12,
  i8x16Eq: 35,
  v128And: 78,
  i8x16AllTrue: 99,
} as const;

const SIMD_PREFIX = 0xfd;
const BLOCK_TYPE_EMPTY = 0x40;

/** A growable byte buffer with the LEB128 encodings of the binary format. */
export class ByteWriter {
  readonly bytes: number[] = [];

  byte(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }

  raw(values: ArrayLike<number>): this {
    for (let i = 0; i < values.length; i++) this.bytes.push(values[i]! & 0xff);
    return this;
  }

  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`u32 out of range: ${value}`);
    }
    let rest = value;
    do {
      const low = rest & 0x7f;
      rest = Math.floor(rest / 128);
      this.bytes.push(rest === 0 ? low : low | 0x80);
    } while (rest !== 0);
    return this;
  }

  /** Signed LEB128 of any width (i32 and i64 immediates). */
  sleb(value: bigint): this {
    let rest = value;
    for (;;) {
      const low = Number(rest & 0x7fn);
      rest >>= 7n;
      const signBitSet = (low & 0x40) !== 0;
      if ((rest === 0n && !signBitSet) || (rest === -1n && signBitSet)) {
        this.bytes.push(low);
        return this;
      }
      this.bytes.push(low | 0x80);
    }
  }

  name(text: string): this {
    const utf8 = new TextEncoder().encode(text);
    return this.u32(utf8.length).raw(utf8);
  }

  valType(type: WasmValType): this {
    return this.byte(VALTYPE_CODES[type]);
  }

  /** A length-prefixed copy of another writer (sections, function bodies). */
  sized(content: ByteWriter): this {
    return this.u32(content.bytes.length).raw(content.bytes);
  }
}

/** Function-body instructions. */
export class CodeWriter extends ByteWriter {
  op(opcode: number): this {
    return this.byte(opcode);
  }

  simd(opcode: number): this {
    return this.byte(SIMD_PREFIX).u32(opcode);
  }

  localGet(index: number): this {
    return this.op(Op.localGet).u32(index);
  }

  localSet(index: number): this {
    return this.op(Op.localSet).u32(index);
  }

  call(funcIndex: number): this {
    return this.op(Op.call).u32(funcIndex);
  }

  globalGet(globalIndex: number): this {
    return this.op(Op.globalGet).u32(globalIndex);
  }

  i32Const(value: number | bigint): this {
    return this.op(Op.i32Const).sleb(BigInt.asIntN(32, BigInt(value)));
  }

  i64Const(value: bigint): this {
    return this.op(Op.i64Const).sleb(BigInt.asIntN(64, value));
  }

  /** f32/f64/v128 constants from their little-endian bytes, so every bit is kept. */
  f32Const(bytes: Uint8Array): this {
    return this.op(Op.f32Const).raw(expectLength(bytes, 4));
  }

  f64Const(bytes: Uint8Array): this {
    return this.op(Op.f64Const).raw(expectLength(bytes, 8));
  }

  v128Const(bytes: Uint8Array): this {
    return this.simd(SimdOp.v128Const).raw(expectLength(bytes, 16));
  }

  refNull(type: 'funcref' | 'externref'): this {
    return this.op(Op.refNull).valType(type);
  }

  /** A memory access with alignment exponent `alignLog2` and offset `offset`. */
  memoryOp(opcode: number, alignLog2: number, offset: number, simd = false): this {
    if (simd) this.simd(opcode);
    else this.op(opcode);
    return this.u32(alignLog2).u32(offset);
  }

  ifEmpty(): this {
    return this.op(Op.if).byte(BLOCK_TYPE_EMPTY);
  }
}

function expectLength(bytes: Uint8Array, length: number): Uint8Array {
  if (bytes.length !== length) throw new RangeError(`constant needs ${length} bytes, got ${bytes.length}`);
  return bytes;
}

interface FunctionType {
  params: readonly WasmValType[];
  results: readonly WasmValType[];
}

type ImportEntry =
  | { module: string; field: string; kind: 'func'; typeIndex: number }
  | { module: string; field: string; kind: 'global'; type: WasmValType; mutable: boolean };

interface FunctionEntry {
  typeIndex: number;
  locals: readonly WasmValType[];
  body: CodeWriter;
}

const SECTION = { type: 1, import: 2, function: 3, memory: 5, export: 7, code: 10 } as const;
const EXTERN_KIND = { func: 0x00, memory: 0x02, global: 0x03 } as const;

export class EncoderUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncoderUsageError';
  }
}

/** Builds a module. Imports must all be added before the first defined function, because
 *  imported functions come first in the function index space. */
export class ModuleBuilder {
  private readonly types: FunctionType[] = [];
  private readonly typeKeys = new Map<string, number>();
  private readonly imports: ImportEntry[] = [];
  private readonly functions: FunctionEntry[] = [];
  private readonly exports: { name: string; kind: 'func' | 'memory'; index: number }[] = [];
  private importedFunctionCount = 0;
  private importedGlobalCount = 0;
  private memoryPages: number | undefined;

  typeIndex(params: readonly WasmValType[], results: readonly WasmValType[]): number {
    const key = `${params.join(',')}->${results.join(',')}`;
    const existing = this.typeKeys.get(key);
    if (existing !== undefined) return existing;
    const index = this.types.length;
    this.types.push({ params, results });
    this.typeKeys.set(key, index);
    return index;
  }

  /** Returns the function index of the import. */
  importFunction(
    module: string,
    field: string,
    params: readonly WasmValType[],
    results: readonly WasmValType[],
  ): number {
    this.checkImportsStillOpen();
    this.imports.push({ module, field, kind: 'func', typeIndex: this.typeIndex(params, results) });
    return this.importedFunctionCount++;
  }

  /** Returns the global index of the import. */
  importGlobal(module: string, field: string, type: WasmValType, mutable: boolean): number {
    this.checkImportsStillOpen();
    this.imports.push({ module, field, kind: 'global', type, mutable });
    return this.importedGlobalCount++;
  }

  /** Gives the module one memory of `pages` pages (exportable as index 0). */
  addMemory(pages: number): number {
    this.memoryPages = pages;
    return 0;
  }

  /** Defines a function; `body` holds its instructions without the final `end`.
   *  Local indices start after the parameters. Returns the function index. */
  addFunction(
    params: readonly WasmValType[],
    results: readonly WasmValType[],
    locals: readonly WasmValType[],
    body: CodeWriter,
  ): number {
    this.functions.push({ typeIndex: this.typeIndex(params, results), locals, body });
    return this.importedFunctionCount + this.functions.length - 1;
  }

  exportFunction(name: string, funcIndex: number): void {
    this.exports.push({ name, kind: 'func', index: funcIndex });
  }

  exportMemory(name: string, memoryIndex: number): void {
    this.exports.push({ name, kind: 'memory', index: memoryIndex });
  }

  encode(): Uint8Array {
    const out = new ByteWriter().raw([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, count: number, fill: (w: ByteWriter) => void): void => {
      if (count === 0) return;
      const content = new ByteWriter().u32(count);
      fill(content);
      out.byte(id).sized(content);
    };
    section(SECTION.type, this.types.length, (w) => {
      for (const type of this.types) {
        w.byte(0x60).u32(type.params.length);
        for (const param of type.params) w.valType(param);
        w.u32(type.results.length);
        for (const result of type.results) w.valType(result);
      }
    });
    section(SECTION.import, this.imports.length, (w) => {
      for (const entry of this.imports) {
        w.name(entry.module).name(entry.field);
        if (entry.kind === 'func') w.byte(EXTERN_KIND.func).u32(entry.typeIndex);
        else w.byte(EXTERN_KIND.global).valType(entry.type).byte(entry.mutable ? 1 : 0);
      }
    });
    section(SECTION.function, this.functions.length, (w) => {
      for (const fn of this.functions) w.u32(fn.typeIndex);
    });
    section(SECTION.memory, this.memoryPages === undefined ? 0 : 1, (w) => {
      w.byte(0x00).u32(this.memoryPages ?? 0);
    });
    section(SECTION.export, this.exports.length, (w) => {
      for (const entry of this.exports) w.name(entry.name).byte(EXTERN_KIND[entry.kind]).u32(entry.index);
    });
    section(SECTION.code, this.functions.length, (w) => {
      for (const fn of this.functions) w.sized(encodeBody(fn));
    });
    return Uint8Array.from(out.bytes);
  }

  private checkImportsStillOpen(): void {
    if (this.functions.length > 0) throw new EncoderUsageError('imports must be added before defined functions');
  }
}

/** Locals compressed into runs of equal types, then the instructions and `end`. */
function encodeBody(fn: FunctionEntry): ByteWriter {
  const runs: { type: WasmValType; count: number }[] = [];
  for (const type of fn.locals) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.type === type) last.count++;
    else runs.push({ type, count: 1 });
  }
  const body = new ByteWriter().u32(runs.length);
  for (const run of runs) body.u32(run.count).valType(run.type);
  return body.raw(fn.body.bytes).byte(Op.end);
}
