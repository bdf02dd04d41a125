/**
 * `validateModule(module)`: the WebAssembly validation rules for a decoded module — Wasm
 * 2.0 core plus the proposals tail-call, extended-const, multi-memory, memory64, legacy
 * exception handling and threads. Throws `CompileError` on the first violation:
 *
 *   module level:  `@0x1a2: <rule>` (offset of the offending entry or section)
 *   in a function: `func 3 ($parse) @0x1a2: <rule>` (offset of the instruction)
 *
 * Module-level parts are checked first, in section order, so that by the time function
 * bodies are validated the set of functions `ref.func` may name (C.refs) is complete.
 */
import { CompileError } from '../runtime-support/errors.js';
import { ALL_FEATURES, featureDisabled, type WasmFeatures } from './features.js';
import type { Limits, Module } from './module.js';
import { buildContext } from './validate-context.js';
import type { ValidationContext } from './validate-context.js';
import { ConstExprValidator } from './validate-const.js';
import { FunctionValidator } from './validate-function.js';
import { FUNCREF, I32, typeCode, typeName } from './validate-types.js';

/** Memory limits in pages: 4 GiB for 32-bit memories, 2^64 bytes for memory64. */
const MAX_PAGES_32 = 65536;
const MAX_PAGES_64 = 2 ** 48;
/** Table limits are u32 element counts. */
const MAX_TABLE_SIZE = 0xffffffff;

function fail(offset: number, rule: string): never {
  throw new CompileError(`@0x${offset.toString(16)}: ${rule}`);
}

/** Validates under `features` (default: all); the module must have been decoded with the same ones. */
export function validateModule(module: Module, features: Readonly<WasmFeatures> = ALL_FEATURES): void {
  new ModuleValidator(module, features).validate();
}

class ModuleValidator {
  private readonly context: ValidationContext;
  private readonly constExprs: ConstExprValidator;

  constructor(
    private readonly module: Module,
    private readonly features: Readonly<WasmFeatures>,
  ) {
    this.checkTypeIndices();
    this.context = buildContext(module, features);
    this.constExprs = new ConstExprValidator(this.context);
  }

  validate(): void {
    this.checkMemoryCount();
    this.checkLimits();
    this.checkGlobals();
    this.checkExports();
    this.checkStart();
    this.checkElements();
    this.checkData();
    const functions = new FunctionValidator(this.context);
    for (const body of this.module.bodies) functions.validate(body);
  }

  private sectionOffset(name: string): number {
    return this.module.sections.find((section) => section.name === name)?.offset ?? 0;
  }

  /** Type indices of functions and tags first: the context's encoded types rely on them. */
  private checkTypeIndices(): void {
    const { module } = this;
    const typeCount = module.types.length;
    for (const entry of module.imports) {
      const desc = entry.desc;
      if (desc.kind === 'func' && desc.typeIndex >= typeCount) fail(entry.offset, `unknown type ${desc.typeIndex}`);
      if (desc.kind === 'tag') this.checkTagType(desc.type.typeIndex, entry.offset);
    }
    const functionSection = this.sectionOffset('function');
    for (let i = module.importedFuncCount; i < module.funcTypes.length; i++) {
      const typeIndex = module.funcTypes[i]!;
      if (typeIndex >= typeCount) fail(functionSection, `unknown type ${typeIndex} for function ${i}`);
    }
    const tagSection = this.sectionOffset('tag');
    for (let i = module.importedTagCount; i < module.tags.length; i++) {
      this.checkTagType(module.tags[i]!.typeIndex, tagSection);
    }
    if (module.bodies.length !== module.funcTypes.length - module.importedFuncCount) {
      fail(this.sectionOffset('code'), 'function and code section have inconsistent lengths');
    }
  }

  private checkTagType(typeIndex: number, offset: number): void {
    const type = this.module.types[typeIndex];
    if (type === undefined) fail(offset, `unknown type ${typeIndex}`);
    if (type.results.length !== 0) fail(offset, `non-empty tag result type: tag type ${typeIndex} has results`);
  }

  /** Without multi-memory a module has at most one memory, imported or defined. */
  private checkMemoryCount(): void {
    const { module } = this;
    if (this.features.multiMemory || module.memories.length <= 1) return;
    const memoryImports = module.imports.filter((entry) => entry.desc.kind === 'memory');
    const offset = memoryImports[1]?.offset ?? this.sectionOffset('memory');
    fail(offset, `multiple memories: a second memory ${featureDisabled('multiMemory')}`);
  }

  private checkLimits(): void {
    const { module } = this;
    for (const entry of module.imports) {
      if (entry.desc.kind === 'table') this.checkTableLimits(entry.desc.type.limits, entry.offset);
      if (entry.desc.kind === 'memory') this.checkMemoryLimits(entry.desc.type.limits, entry.offset);
    }
    const tableSection = this.sectionOffset('table');
    for (let i = module.importedTableCount; i < module.tables.length; i++) {
      this.checkTableLimits(module.tables[i]!.limits, tableSection);
    }
    const memorySection = this.sectionOffset('memory');
    for (let i = module.importedMemoryCount; i < module.memories.length; i++) {
      this.checkMemoryLimits(module.memories[i]!.limits, memorySection);
    }
  }

  private checkTableLimits(limits: Limits, offset: number): void {
    if (limits.index64) fail(offset, 'table index type must be i32');
    if (limits.shared) fail(offset, 'tables cannot be shared');
    if (limits.min > MAX_TABLE_SIZE || (limits.max !== null && limits.max > MAX_TABLE_SIZE)) {
      fail(offset, 'table size must be at most 2^32-1');
    }
    if (limits.max !== null && limits.min > limits.max) fail(offset, 'size minimum must not be greater than maximum');
  }

  private checkMemoryLimits(limits: Limits, offset: number): void {
    const maxPages = limits.index64 ? MAX_PAGES_64 : MAX_PAGES_32;
    if (limits.min > maxPages || (limits.max !== null && limits.max > maxPages)) {
      fail(offset, limits.index64 ? 'memory size must be at most 2^48 pages' : 'memory size must be at most 65536 pages (4GiB)');
    }
    if (limits.max !== null && limits.min > limits.max) fail(offset, 'size minimum must not be greater than maximum');
    if (limits.shared && limits.max === null) fail(offset, 'shared memory must have maximum');
  }

  private checkGlobals(): void {
    for (const global of this.module.globals) this.constExprs.validate(global.init, typeCode(global.type.type));
  }

  private checkExports(): void {
    const { module } = this;
    const names = new Set<string>();
    for (const entry of module.exports) {
      const count =
        entry.kind === 'func' ? module.funcTypes.length
        : entry.kind === 'table' ? module.tables.length
        : entry.kind === 'memory' ? module.memories.length
        : entry.kind === 'global' ? module.globalTypes.length
        : module.tags.length;
      if (entry.index >= count) {
        const kind = entry.kind === 'func' ? 'function' : entry.kind;
        fail(entry.offset, `unknown ${kind} ${entry.index} in export "${entry.name}"`);
      }
      if (names.has(entry.name)) fail(entry.offset, `duplicate export name "${entry.name}"`);
      names.add(entry.name);
      if (entry.kind === 'func') this.context.declaredRefs[entry.index] = 1;
    }
  }

  private checkStart(): void {
    const { module } = this;
    if (module.start === null) return;
    const offset = this.sectionOffset('start');
    const typeIndex = module.funcTypes[module.start];
    if (typeIndex === undefined) fail(offset, `unknown function ${module.start} as start function`);
    const type = module.types[typeIndex]!;
    if (type.params.length !== 0 || type.results.length !== 0) {
      fail(offset, `start function ${module.start} must have type [] -> []`);
    }
  }

  private checkElements(): void {
    const { module, context } = this;
    for (const segment of module.elements) {
      const type = typeCode(segment.type);
      if (segment.mode.kind === 'active') {
        const element = context.tableElements[segment.mode.table];
        if (element === undefined) fail(segment.offset, `unknown table ${segment.mode.table}`);
        this.constExprs.validate(segment.mode.offset, I32);
        if (element !== type) {
          fail(segment.offset, `type mismatch: ${typeName(type)} segment for a ${typeName(element)} table`);
        }
      }
      if (segment.items.kind === 'functions') {
        if (type !== FUNCREF) fail(segment.offset, `type mismatch: function indices in a ${typeName(type)} segment`);
        for (const index of segment.items.indices) {
          if (index >= module.funcTypes.length) fail(segment.offset, `unknown function ${index}`);
          context.declaredRefs[index] = 1;
        }
      } else {
        for (const expr of segment.items.exprs) this.constExprs.validate(expr, type);
      }
    }
  }

  private checkData(): void {
    const { module, context } = this;
    for (const segment of module.data) {
      if (segment.mode.kind !== 'active') continue;
      const address = context.memoryAddresses[segment.mode.memory];
      if (address === undefined) fail(segment.offset, `unknown memory ${segment.mode.memory}`);
      this.constExprs.validate(segment.mode.offset, address);
    }
    if (module.dataCount !== null && module.dataCount !== module.data.length) {
      fail(this.sectionOffset('datacount'), 'data count and data section have inconsistent lengths');
    }
  }
}
