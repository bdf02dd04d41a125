/**
 * Value types of the IR and the module-level environment IR functions refer to.
 *
 * The IR adds one type to Wasm's: `exn`, a caught exception (tag + payload, or a foreign
 * JS exception caught by `catch_all`). It only flows from an unwind edge of `try_call` or
 * from `exn.new` into `exn.matches` / `exn.payload` / `rethrow`, never into memory or locals
 * visible to Wasm.
 */
import type { FuncType, GlobalType, MemoryType, Module, RefType, TableType, TagType, ValType } from '../compiler/module.js';

export type IrType = ValType | 'exn';

export const IR_TYPES: readonly IrType[] = ['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref', 'exn'];

export function isIrType(name: string): name is IrType {
  return (IR_TYPES as readonly string[]).includes(name);
}

export function isRefType(type: IrType): type is RefType {
  return type === 'funcref' || type === 'externref';
}

/**
 * What an IR function may refer to by index: types, functions, memories, tables, globals,
 * tags, element and data segments. Built from a decoded Wasm module (`envFromModule`) or
 * from the declarations at the top of an IR text file. The arrays are shared with the
 * Wasm module, not copied.
 */
export interface ModuleEnv {
  types: FuncType[];
  /** Type index of every function in the Wasm function index space (imports first). */
  funcTypes: number[];
  memories: MemoryType[];
  tables: TableType[];
  globals: GlobalType[];
  tags: TagType[];
  /** Element type of each element segment (table.init / elem.drop operands). */
  elemTypes: RefType[];
  /** Number of data segments (memory.init / data.drop operands). */
  dataCount: number;
}

export function envFromModule(module: Module): ModuleEnv {
  return {
    types: module.types,
    funcTypes: module.funcTypes,
    memories: module.memories,
    tables: module.tables,
    globals: module.globalTypes,
    tags: module.tags,
    elemTypes: module.elements.map((segment) => segment.type),
    dataCount: module.data.length,
  };
}

export function emptyEnv(): ModuleEnv {
  return { types: [], funcTypes: [], memories: [], tables: [], globals: [], tags: [], elemTypes: [], dataCount: 0 };
}

/** Address type of a memory or table: i64 under memory64 / table64, else i32. */
export function indexTypeOf(limits: { index64: boolean }): 'i32' | 'i64' {
  return limits.index64 ? 'i64' : 'i32';
}
