/**
 * Streaming reader of instruction sequences (function bodies and constant expressions).
 *
 * One reader object is reused for every instruction: `read()` decodes the next
 * instruction and fills the immediate fields that its opcode uses; the other fields keep
 * stale values. No allocation happens per instruction except for `br_table` targets,
 * `select` types and `v128.const`/`i8x16.shuffle` bytes (fresh arrays each time, so a
 * caller may keep them). `memarg` is one object updated in place.
 *
 * Opcode numbering (`op`): a one-byte opcode is its byte (0x6a = i32.add). A prefixed
 * opcode is `(prefix << 16) | sub`, where sub is the LEB128 u32 after the prefix byte:
 * 0xfc0000 | 8 = memory.init, 0xfd0000 | 12 = v128.const, 0xfe0000 | 0x10 = i32.atomic.load.
 * compiler/opcodes.ts names every opcode and gives its immediate kind.
 *
 * Malformed encodings throw `CompileError` naming the byte offset.
 */
import type { FunctionBody, ConstExpr, Module, RefType, ValType } from './module.js';
import { BinaryReader, functionContext, MSG_UNEXPECTED_END } from './binary-reader.js';
import { ALL_FEATURES, featureDisabled, featureKey, opcodeEnabled, opcodeFeature, type WasmFeatures } from './features.js';
import { Opcode, OPCODE_INFO, opcodeName, prefixedOpcode, type OpcodeInfo } from './opcodes.js';

/** A block type: null for the empty type, a value type for one result, or a type index. */
export type BlockType = null | ValType | number;

export interface MemArg {
  /** log2 of the alignment. */
  align: number;
  /** u32 (memory32) or u64 (memory64) offset. */
  offset: number;
  /** Memory index (multi-memory: bit 6 of the align flags says an index follows). */
  memory: number;
}

export interface OperatorReaderOptions {
  /** Names the function or expression in error messages, e.g. `func 3 ($main)`. */
  context?: string;
  /**
   * Whether each memory (by index) is a memory64 memory. When given, a memarg offset for
   * a 32-bit memory is read as a u32, so an oversized offset is malformed exactly as the
   * spec says; without it every offset is read as a u64 and the validator must check
   * that 32-bit memories' offsets fit in 32 bits.
   */
  memoryIndex64?: readonly boolean[];
  /** False when the module has no data count section: memory.init and data.drop are then malformed. */
  hasDataCount?: boolean;
  /** Features whose instructions and immediates are accepted (default: all). */
  features?: Readonly<WasmFeatures>;
}

/** Value type bytes of the binary format. */
export function valTypeFromByte(byte: number): ValType | null {
  switch (byte) {
    case 0x7f: return 'i32';
    case 0x7e: return 'i64';
    case 0x7d: return 'f32';
    case 0x7c: return 'f64';
    case 0x7b: return 'v128';
    case 0x70: return 'funcref';
    case 0x6f: return 'externref';
    default: return null;
  }
}

export function refTypeFromByte(byte: number): RefType | null {
  return byte === 0x70 ? 'funcref' : byte === 0x6f ? 'externref' : null;
}

/** Opcode info of the enabled opcodes, indexed by byte (single-byte opcodes) or by sub-opcode (per prefix). */
interface OpcodeLookup {
  single: (OpcodeInfo | undefined)[];
  prefixed: Map<number, (OpcodeInfo | undefined)[]>;
}

/**
 * The lookup tables of a feature set: disabled opcodes are simply absent, so `read` pays
 * nothing per instruction for feature checks. Built once per feature set.
 */
function lookupTables(features: Readonly<WasmFeatures>): OpcodeLookup {
  const single: (OpcodeInfo | undefined)[] = new Array<OpcodeInfo | undefined>(256).fill(undefined);
  const prefixed = new Map<number, (OpcodeInfo | undefined)[]>();
  for (const info of OPCODE_INFO.values()) {
    if (!opcodeEnabled(info.op, features)) continue;
    if (info.op <= 0xff) {
      single[info.op] = info;
      continue;
    }
    const prefix = Math.floor(info.op / 0x10000);
    let table = prefixed.get(prefix);
    if (!table) {
      table = new Array<OpcodeInfo | undefined>(256).fill(undefined);
      prefixed.set(prefix, table);
    }
    table[info.op % 0x10000] = info;
  }
  return { single, prefixed };
}

const LOOKUP_BY_FEATURES = new Map<number, OpcodeLookup>();

function lookupFor(features: Readonly<WasmFeatures>): OpcodeLookup {
  const key = featureKey(features);
  let lookup = LOOKUP_BY_FEATURES.get(key);
  if (lookup === undefined) {
    lookup = lookupTables(features);
    LOOKUP_BY_FEATURES.set(key, lookup);
  }
  return lookup;
}

// Module-local copies for the per-instruction paths: test runners compile imported
// bindings to getter calls.
const { block: OP_BLOCK, loop: OP_LOOP, if: OP_IF, try: OP_TRY, end: OP_END, delegate: OP_DELEGATE } = Opcode;
const makePrefixedOpcode = prefixedOpcode;

/** Initial `bytes16` of every reader (one shared array: readers are created per body, typed arrays are costly). */
const NO_BYTES16 = new Uint8Array(16);

export class OperatorReader {
  private readonly input: BinaryReader;
  private readonly memoryIndex64: readonly boolean[] | undefined;
  private readonly hasDataCount: boolean;
  private readonly lookup: OpcodeLookup;
  private readonly simd: boolean;
  private readonly multiMemory: boolean;

  /** The opcode just read. */
  op = -1;
  /** Byte offset of the instruction just read (its first opcode byte). */
  offset = -1;
  /** block/loop/if/try. */
  blockType: BlockType = null;
  /** The first index immediate: label (br, br_if, rethrow, delegate), function (call,
   *  return_call, ref.func), type (call_indirect, return_call_indirect), local, global,
   *  table (table.get/set/size/grow/fill, table.copy's destination), memory (memory.size/grow/fill,
   *  memory.copy's destination), element segment (table.init, elem.drop), data segment
   *  (memory.init, data.drop), tag (throw, catch). */
  index = 0;
  /** The second index immediate: the table of call_indirect / return_call_indirect and of
   *  table.init, the source table of table.copy, the memory of memory.init, the source memory
   *  of memory.copy. */
  index2 = 0;
  /** br_table: the label targets, without the default. */
  targets: number[] = [];
  /** br_table: the default label. */
  defaultTarget = 0;
  /** Loads, stores, load/store lane, atomics. Updated in place. */
  memarg: MemArg = { align: 0, offset: 0, memory: 0 };
  /** SIMD extract/replace lane and load/store lane. */
  lane = 0;
  /** i32.const (signed). */
  i32 = 0;
  /** i64.const (signed). */
  i64 = 0n;
  /** f32.const: the u32 bit pattern. */
  f32Bits = 0;
  /** f64.const: the u64 bit pattern. */
  f64Bits = 0n;
  /** v128.const (16 bytes) and i8x16.shuffle (16 lane indices). */
  bytes16: Uint8Array = NO_BYTES16;
  /** Typed select (0x1c): its value types (the binary format allows a vector). */
  selectTypes: ValType[] = [];
  /** ref.null. */
  refType: RefType = 'funcref';

  constructor(bytes: Uint8Array, start: number, end: number, options: OperatorReaderOptions = {}) {
    this.input = new BinaryReader(bytes, start, end, options.context);
    this.memoryIndex64 = options.memoryIndex64;
    this.hasDataCount = options.hasDataCount ?? true;
    const features = options.features ?? ALL_FEATURES;
    this.lookup = lookupFor(features);
    this.simd = features.simd;
    this.multiMemory = features.multiMemory;
  }

  /** Byte offset of the next instruction to read. */
  get position(): number {
    return this.input.position;
  }
  set position(value: number) {
    this.input.position = value;
  }

  /** End of the range (exclusive). */
  get end(): number {
    return this.input.end;
  }

  /** True when the range is exhausted. */
  get done(): boolean {
    return this.input.position >= this.input.end;
  }

  /** Throws a located `CompileError` (default location: the instruction just read). */
  fail(message: string, offset: number = this.offset): never {
    return this.input.fail(message, offset);
  }

  /** Decode the next instruction; returns its opcode (also in `op`). */
  read(): number {
    const input = this.input;
    const offset = input.position;
    this.offset = offset;
    const byte = input.u8();
    let info: OpcodeInfo | undefined;
    let op = byte;
    const lookup = this.lookup;
    const prefixTable = byte >= 0xfc ? lookup.prefixed.get(byte) : undefined;
    if (prefixTable) {
      const sub = input.u32();
      op = makePrefixedOpcode(byte, sub);
      info = prefixTable[sub];
    } else {
      info = lookup.single[byte];
    }
    if (info === undefined) return this.failIllegalOpcode(op, offset);
    this.op = op;
    this.readImmediates(info);
    return op;
  }

  /** An unknown opcode, or a known one of a disabled feature (then named in the message). */
  private failIllegalOpcode(op: number, offset: number): never {
    const input = this.input;
    if (op === 0xfd || op === 0xfe) {
      // The prefix of a disabled feature: name the instruction if its sub-opcode reads.
      try {
        op = makePrefixedOpcode(op, input.u32());
      } catch {
        // A truncated or overlong sub-opcode: the prefix byte alone is the illegal opcode.
      }
    }
    const feature = opcodeFeature(op);
    if (feature !== undefined && OPCODE_INFO.has(op)) {
      return input.fail(`illegal opcode ${opcodeName(op)}: ${featureDisabled(feature)}`, offset);
    }
    return input.fail(`illegal opcode ${opcodeName(op)}`, offset);
  }

  private readImmediates(info: OpcodeInfo): void {
    const input = this.input;
    switch (info.immediate) {
      case 'none':
        return;
      case 'block_type':
        this.blockType = this.readBlockType();
        return;
      case 'label':
      case 'func':
      case 'local':
      case 'global':
      case 'table':
      case 'tag':
      case 'elem':
        this.index = input.u32();
        return;
      case 'data':
        this.requireDataCount();
        this.index = input.u32();
        return;
      case 'call_indirect':
      case 'table_init':
      case 'table_copy':
        this.index = input.u32();
        this.index2 = input.u32();
        return;
      case 'br_table': {
        const count = input.u32();
        const targets: number[] = [];
        // No preallocation from `count`: each target takes a byte, so a bogus count fails at the end of the range.
        for (let i = 0; i < count; i++) targets.push(input.u32());
        this.targets = targets;
        this.defaultTarget = input.u32();
        return;
      }
      case 'memarg':
        this.readMemArg();
        return;
      case 'memarg_lane':
        this.readMemArg();
        this.lane = input.u8();
        return;
      case 'memory':
        this.index = this.readMemoryIndex();
        return;
      case 'memory_init':
        this.requireDataCount();
        this.index = input.u32();
        this.index2 = this.readMemoryIndex();
        return;
      case 'memory_copy':
        this.index = this.readMemoryIndex();
        this.index2 = this.readMemoryIndex();
        return;
      case 'i32':
        this.i32 = input.s32();
        return;
      case 'i64':
        this.i64 = input.s64();
        return;
      case 'f32':
        this.f32Bits = input.fixedU32();
        return;
      case 'f64':
        this.f64Bits = input.fixedU64();
        return;
      case 'select_types': {
        const count = input.u32();
        const types: ValType[] = [];
        for (let i = 0; i < count; i++) types.push(this.readValType());
        this.selectTypes = types;
        return;
      }
      case 'ref_type': {
        const at = input.position;
        const type = refTypeFromByte(input.u8());
        this.refType = type ?? input.fail('malformed reference type', at);
        return;
      }
      case 'v128':
      case 'shuffle':
        this.bytes16 = input.copyBytes(16);
        return;
      case 'lane':
        this.lane = input.u8();
        return;
      case 'zero_byte': {
        const at = input.position;
        if (input.u8() !== 0) input.fail('zero byte expected', at);
        return;
      }
    }
  }

  private readValType(): ValType {
    const at = this.input.position;
    const type = valTypeFromByte(this.input.u8());
    if (type === null) return this.input.fail('malformed value type', at);
    if (type === 'v128' && !this.simd) this.failV128(at);
    return type;
  }

  private failV128(at: number): never {
    return this.input.fail(`malformed value type v128: ${featureDisabled('simd')}`, at);
  }

  private readBlockType(): BlockType {
    const input = this.input;
    const first = input.peekByte();
    if (first === 0x40) {
      input.position++;
      return null;
    }
    const valType = valTypeFromByte(first);
    if (valType !== null) {
      if (valType === 'v128' && !this.simd) this.failV128(input.position);
      input.position++;
      return valType;
    }
    const at = input.position;
    const typeIndex = input.s33();
    if (typeIndex < 0) input.fail('malformed block type', at);
    return typeIndex;
  }

  private readMemArg(): void {
    const input = this.input;
    const memarg = this.memarg;
    const flags = input.u32();
    // Multi-memory: bit 6 of the flags says an explicit memory index follows. Without
    // multi-memory the flags are just the alignment, and 2^64 is invalid for every access.
    if (flags & 0x40 && this.multiMemory) {
      memarg.align = flags - 0x40;
      memarg.memory = input.u32();
    } else {
      memarg.align = flags;
      memarg.memory = 0;
    }
    const is64 = this.memoryIndex64 === undefined ? true : this.memoryIndex64[memarg.memory] ?? true;
    memarg.offset = is64 ? input.u64AsNumber() : input.u32();
  }

  /**
   * The memory index of memory.size/grow/fill/copy/init: a u32 with multi-memory, a
   * reserved zero byte in Wasm 2.0 (so a padded zero such as 0x80 0x00 is malformed too).
   */
  private readMemoryIndex(): number {
    const input = this.input;
    if (this.multiMemory) return input.u32();
    const at = input.position;
    const byte = input.u8();
    if (byte !== 0) {
      input.fail(`zero byte expected: a memory index other than 0 ${featureDisabled('multiMemory')}`, at);
    }
    return 0;
  }

  private requireDataCount(): void {
    if (!this.hasDataCount) this.input.fail('data count section required', this.offset);
  }
}

/**
 * Reads instructions up to and including the `end` that closes the sequence (block
 * nesting is tracked; nothing else is checked), leaving the reader just after it.
 * Fails if the range runs out first.
 */
export function readToMatchingEnd(reader: OperatorReader): void {
  let depth = 1;
  while (depth > 0) {
    if (reader.done) reader.fail(MSG_UNEXPECTED_END, reader.position);
    switch (reader.read()) {
      case OP_BLOCK:
      case OP_LOOP:
      case OP_IF:
      case OP_TRY:
        depth++;
        break;
      case OP_END:
        depth--;
        break;
      case OP_DELEGATE:
        // delegate closes its try; outside a try it is a validation error, left to the validator.
        if (depth > 1) depth--;
        break;
    }
  }
}

/**
 * A reader for a function body, set up with the module's memories and data count and
 * named in messages. `features` must be those the module was parsed with when they matter
 * (the validator); a module valid under fewer features reads the same with all of them.
 */
export function bodyReader(module: Module, body: FunctionBody, features: Readonly<WasmFeatures> = ALL_FEATURES): OperatorReader {
  return new OperatorReader(module.bytes, body.codeStart, body.codeEnd, {
    context: functionContext(body.funcIndex, module.names.functions.get(body.funcIndex)),
    memoryIndex64: module.memories.map((memory) => memory.limits.index64),
    hasDataCount: module.dataCount !== null,
    features,
  });
}

/** A reader for a constant expression; `context` names its owner, e.g. `global 2`. */
export function constExprReader(
  module: Module,
  expr: ConstExpr,
  context?: string,
  features: Readonly<WasmFeatures> = ALL_FEATURES,
): OperatorReader {
  return new OperatorReader(module.bytes, expr.start, expr.end, {
    context,
    memoryIndex64: module.memories.map((memory) => memory.limits.index64),
    hasDataCount: module.dataCount !== null,
    features,
  });
}
