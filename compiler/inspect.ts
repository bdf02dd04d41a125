/**
 * What `heron inspect` reports about a module: the first look at a module one does not
 * trust. Imports are grouped as the capabilities they ask for (WASI functions by what
 * they grant, other host modules by name), then exports, memories, tables, globals, the
 * start function, the Wasm features the code uses and the section sizes.
 *
 * Feature detection reads opcodes with `OperatorReader`, so it reports what the code
 * really uses, not what a producer's custom section claims.
 */
import type { ExternKind, GlobalType, ImportDesc, Limits, Module, RefType, ValType } from './module.js';
import { OperatorReader } from './operators.js';

export type WasiCapability =
  | 'args'
  | 'environment'
  | 'clocks'
  | 'random'
  | 'stdio and open files'
  | 'filesystem'
  | 'polling'
  | 'process exit'
  | 'signals'
  | 'scheduling'
  | 'sockets'
  | 'unknown WASI function';

const WASI_MODULES = new Set(['wasi_snapshot_preview1', 'wasi_unstable']);

const WASI_CAPABILITY: Record<string, WasiCapability> = {
  args_get: 'args',
  args_sizes_get: 'args',
  environ_get: 'environment',
  environ_sizes_get: 'environment',
  clock_res_get: 'clocks',
  clock_time_get: 'clocks',
  random_get: 'random',
  fd_read: 'stdio and open files',
  fd_write: 'stdio and open files',
  fd_close: 'stdio and open files',
  fd_seek: 'stdio and open files',
  fd_tell: 'stdio and open files',
  fd_fdstat_get: 'stdio and open files',
  fd_fdstat_set_flags: 'stdio and open files',
  fd_fdstat_set_rights: 'stdio and open files',
  fd_sync: 'stdio and open files',
  fd_datasync: 'stdio and open files',
  fd_pread: 'stdio and open files',
  fd_pwrite: 'stdio and open files',
  fd_renumber: 'stdio and open files',
  fd_advise: 'filesystem',
  fd_allocate: 'filesystem',
  fd_filestat_get: 'filesystem',
  fd_filestat_set_size: 'filesystem',
  fd_filestat_set_times: 'filesystem',
  fd_prestat_get: 'filesystem',
  fd_prestat_dir_name: 'filesystem',
  fd_readdir: 'filesystem',
  path_create_directory: 'filesystem',
  path_filestat_get: 'filesystem',
  path_filestat_set_times: 'filesystem',
  path_link: 'filesystem',
  path_open: 'filesystem',
  path_readlink: 'filesystem',
  path_remove_directory: 'filesystem',
  path_rename: 'filesystem',
  path_symlink: 'filesystem',
  path_unlink_file: 'filesystem',
  poll_oneoff: 'polling',
  proc_exit: 'process exit',
  proc_raise: 'signals',
  sched_yield: 'scheduling',
  sock_accept: 'sockets',
  sock_recv: 'sockets',
  sock_send: 'sockets',
  sock_shutdown: 'sockets',
};

export interface ImportReport {
  module: string;
  field: string;
  kind: ExternKind;
  /** Human-readable type: `(i32, i32) -> i32`, `memory 1..2 pages`, `global mut i32`. */
  type: string;
}

export interface InspectReport {
  moduleName: string | null;
  size: number;
  wasi: { module: string; capabilities: Partial<Record<WasiCapability, string[]>> } | null;
  /** Non-WASI imports, grouped by host module name. */
  hostImports: Record<string, ImportReport[]>;
  exports: { name: string; kind: ExternKind; index: number; type: string; internalName: string | null }[];
  memories: { index: number; imported: boolean; min: number; max: number | null; shared: boolean; memory64: boolean }[];
  tables: { index: number; imported: boolean; element: RefType; min: number; max: number | null }[];
  globals: { index: number; imported: boolean; type: ValType; mutable: boolean; name: string | null }[];
  tags: number;
  start: { index: number; name: string | null } | null;
  functions: { imported: number; defined: number; named: number };
  features: string[];
  sections: { name: string; offset: number; size: number }[];
}

function formatValTypes(types: readonly ValType[]): string {
  return types.length === 1 ? types[0]! : `(${types.join(', ')})`;
}

function describeFuncType(module: Module, typeIndex: number): string {
  const type = module.types[typeIndex];
  if (!type) return `type ${typeIndex}`;
  const results = type.results.length === 0 ? '()' : formatValTypes(type.results);
  return `(${type.params.join(', ')}) -> ${results}`;
}

function describeLimits(limits: Limits, unit: string): string {
  const range = limits.max === null ? `${limits.min}..` : `${limits.min}..${limits.max}`;
  return `${range} ${unit}${limits.shared ? ' shared' : ''}${limits.index64 ? ' i64' : ''}`;
}

function describeGlobalType(type: GlobalType): string {
  return `${type.mutable ? 'mut ' : ''}${type.type}`;
}

/** The type an import expects, as `heron inspect` and `heron run` print it. */
export function describeImportType(module: Module, desc: ImportDesc): string {
  switch (desc.kind) {
    case 'func':
      return describeFuncType(module, desc.typeIndex);
    case 'table':
      return `${desc.type.element} ${describeLimits(desc.type.limits, 'elements')}`;
    case 'memory':
      return describeLimits(desc.type.limits, 'pages');
    case 'global':
      return describeGlobalType(desc.type);
    case 'tag':
      return describeFuncType(module, desc.type.typeIndex);
  }
}

function describeExtern(module: Module, kind: ExternKind, index: number): string {
  switch (kind) {
    case 'func':
      return describeFuncType(module, module.funcTypes[index] ?? -1);
    case 'table': {
      const table = module.tables[index];
      return table ? `${table.element} ${describeLimits(table.limits, 'elements')}` : '?';
    }
    case 'memory': {
      const memory = module.memories[index];
      return memory ? describeLimits(memory.limits, 'pages') : '?';
    }
    case 'global': {
      const global = module.globalTypes[index];
      return global ? describeGlobalType(global) : '?';
    }
    case 'tag': {
      const tag = module.tags[index];
      return tag ? describeFuncType(module, tag.typeIndex) : '?';
    }
  }
}

/** The feature an opcode belongs to (op numbering as in operators.ts), or null for MVP. */
function featureOfOp(op: number): string | null {
  const prefix = op >>> 16;
  const sub = op & 0xffff;
  if (prefix === 0xfd) return 'simd128';
  if (prefix === 0xfe) return 'threads (atomics)';
  if (prefix === 0xfc) {
    if (sub <= 7) return 'non-trapping float-to-int';
    if (sub <= 11) return 'bulk memory';
    return 'reference types (table ops)';
  }
  if (op >= 0xc0 && op <= 0xc4) return 'sign extension';
  if (op === 0x12 || op === 0x13) return 'tail calls';
  if (op === 0x06 || op === 0x07 || op === 0x08 || op === 0x09 || op === 0x18 || op === 0x19) {
    return 'exception handling';
  }
  if (op === 0x1c || (op >= 0xd0 && op <= 0xd2) || op === 0x25 || op === 0x26) return 'reference types';
  return null;
}

function detectFeatures(module: Module): string[] {
  const features = new Set<string>();
  for (const memory of module.memories) {
    if (memory.limits.shared) features.add('threads (shared memory)');
    if (memory.limits.index64) features.add('memory64');
  }
  if (module.memories.length > 1) features.add('multi-memory');
  for (const type of module.types) {
    if (type.results.length > 1) features.add('multi-value');
    if ([...type.params, ...type.results].includes('v128')) features.add('simd128');
  }
  if (module.tags.length > 0) features.add('exception handling');
  if (module.dataCount !== null || module.data.some((d) => d.mode.kind === 'passive')) features.add('bulk memory');
  const mutableGlobalImport = module.imports.some((i) => i.desc.kind === 'global' && i.desc.type.mutable);
  const mutableGlobalExport = module.exports.some((e) => e.kind === 'global' && module.globalTypes[e.index]?.mutable);
  if (mutableGlobalImport || mutableGlobalExport) features.add('mutable globals import/export');
  for (const body of module.bodies) {
    const reader = new OperatorReader(module.bytes, body.codeStart, body.codeEnd);
    while (!reader.done) {
      const feature = featureOfOp(reader.read());
      if (feature !== null) features.add(feature);
      // Multi-value block types are block types given by a type index.
      if ((reader.op === 0x02 || reader.op === 0x03 || reader.op === 0x04) && typeof reader.blockType === 'number') {
        features.add('multi-value');
      }
    }
  }
  return [...features].sort();
}

export function inspectModule(module: Module): InspectReport {
  const names = module.names;
  let wasi: InspectReport['wasi'] = null;
  const hostImports: Record<string, ImportReport[]> = {};
  for (const imp of module.imports) {
    if (WASI_MODULES.has(imp.module) && imp.desc.kind === 'func') {
      wasi ??= { module: imp.module, capabilities: {} };
      const capability = WASI_CAPABILITY[imp.field] ?? 'unknown WASI function';
      (wasi.capabilities[capability] ??= []).push(imp.field);
      continue;
    }
    const type = describeImportType(module, imp.desc);
    (hostImports[imp.module] ??= []).push({ module: imp.module, field: imp.field, kind: imp.desc.kind, type });
  }
  return {
    moduleName: names.module,
    size: module.bytes.length,
    wasi,
    hostImports,
    exports: module.exports.map((e) => ({
      name: e.name,
      kind: e.kind,
      index: e.index,
      type: describeExtern(module, e.kind, e.index),
      internalName: (e.kind === 'func' ? names.functions : e.kind === 'global' ? names.globals : undefined)?.get(e.index) ?? null,
    })),
    memories: module.memories.map((m, index) => ({
      index,
      imported: index < module.importedMemoryCount,
      min: m.limits.min,
      max: m.limits.max,
      shared: m.limits.shared,
      memory64: m.limits.index64,
    })),
    tables: module.tables.map((t, index) => ({
      index,
      imported: index < module.importedTableCount,
      element: t.element,
      min: t.limits.min,
      max: t.limits.max,
    })),
    globals: module.globalTypes.map((g, index) => ({
      index,
      imported: index < module.importedGlobalCount,
      type: g.type,
      mutable: g.mutable,
      name: names.globals.get(index) ?? null,
    })),
    tags: module.tags.length,
    start: module.start === null ? null : { index: module.start, name: names.functions.get(module.start) ?? null },
    functions: {
      imported: module.importedFuncCount,
      defined: module.bodies.length,
      named: names.functions.size,
    },
    features: detectFeatures(module),
    sections: module.sections.map((s) => ({ name: s.name, offset: s.offset, size: s.size })),
  };
}

export function formatInspectReport(report: InspectReport, fileName: string): string {
  const lines: string[] = [];
  const title = report.moduleName === null ? fileName : `${fileName} (module $${report.moduleName})`;
  lines.push(`${title}: ${report.size} bytes`);
  lines.push('');
  lines.push('Capabilities requested:');
  if (report.wasi === null && Object.keys(report.hostImports).length === 0) lines.push('  none (no imports)');
  if (report.wasi !== null) {
    lines.push(`  WASI (${report.wasi.module}):`);
    for (const [capability, fields] of Object.entries(report.wasi.capabilities)) {
      lines.push(`    ${capability}: ${fields.join(', ')}`);
    }
  }
  for (const [host, imports] of Object.entries(report.hostImports)) {
    lines.push(`  host module "${host}":`);
    for (const imp of imports) lines.push(`    ${imp.kind} ${imp.field}: ${imp.type}`);
  }
  lines.push('');
  lines.push(`Exports (${report.exports.length}):`);
  for (const e of report.exports) {
    const internal = e.internalName === null ? '' : ` $${e.internalName}`;
    lines.push(`  "${e.name}": ${e.kind} ${e.index}${internal}, ${e.type}`);
  }
  const imported = (flag: boolean): string => (flag ? ' (imported)' : '');
  lines.push('');
  lines.push(`Memories (${report.memories.length}):`);
  for (const m of report.memories) {
    const max = m.max === null ? 'no max' : `max ${m.max}`;
    const flags = `${m.shared ? ', shared' : ''}${m.memory64 ? ', 64-bit' : ''}`;
    lines.push(`  memory ${m.index}: min ${m.min} pages, ${max}${flags}${imported(m.imported)}`);
  }
  lines.push(`Tables (${report.tables.length}):`);
  for (const t of report.tables) {
    const max = t.max === null ? 'no max' : `max ${t.max}`;
    lines.push(`  table ${t.index}: ${t.element}, min ${t.min}, ${max}${imported(t.imported)}`);
  }
  lines.push(`Globals (${report.globals.length}):`);
  for (const g of report.globals) {
    const name = g.name === null ? '' : ` $${g.name}`;
    lines.push(`  global ${g.index}${name}: ${g.mutable ? 'mut ' : ''}${g.type}${imported(g.imported)}`);
  }
  if (report.tags > 0) lines.push(`Tags: ${report.tags}`);
  lines.push('');
  const start = report.start === null ? 'none' : `func ${report.start.index}${report.start.name ? ` ($${report.start.name})` : ''}`;
  lines.push(`Start function: ${start}`);
  const f = report.functions;
  lines.push(`Functions: ${f.defined} defined, ${f.imported} imported, ${f.named} named`);
  lines.push(`Features used: ${report.features.length === 0 ? 'MVP only' : report.features.join(', ')}`);
  lines.push('');
  lines.push('Sections:');
  for (const s of report.sections) {
    lines.push(`  ${s.name.padEnd(24)} @0x${s.offset.toString(16).padStart(6, '0')}  ${String(s.size).padStart(9)} bytes`);
  }
  return lines.join('\n');
}
