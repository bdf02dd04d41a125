/**
 * The `instantiate(imports)` function of a compiled module: resolves and checks imports,
 * creates memories, tables, globals and tags, declares the compiled functions (closures
 * over that state, so instances are independent), applies element and data segments,
 * runs the start function and returns `{ exports }` — all synchronously.
 */
import type * as E from 'estree';
import type { Module } from '../compiler/module.js';
import type { IrModule } from '../ir/module.js';
import { signatureKey } from '../runtime-support/values.js';
import { constExpression } from './const-expr.js';
import {
  array,
  binary,
  bool,
  call,
  declare,
  exprStmt,
  functionDecl,
  id,
  member,
  newExpr,
  NULL,
  num,
  object,
  returnStmt,
  str,
  throwStmt,
  tryCatch,
  type Expr,
  type Stmt,
} from './js-ast.js';
import type { ModuleContext } from './module-context.js';
import { i64ToIndex } from './ops-i64.js';
import { planPairCalls } from './i64-pair-calls.js';
import { i64Mode } from './ops-i64-pairs.js';
import { funcRefTailEntry, generateFunctions, importTailEntryDeclaration, planTailCalls } from './tail-calls.js';

const IMPORTS = '$imports';

function limitsObject(min: number, max: number | null, extra: [string, Expr][]): Expr {
  const entries: [string, Expr][] = [['initial', num(min)]];
  if (max !== null) entries.push(['maximum', num(max)]);
  return object([...entries, ...extra]);
}

/** A segment offset as a JS number (i64 offsets of memory64 / table64 converted). */
function offsetNumber(expr: Expr, is64: boolean): Expr {
  return is64 ? i64ToIndex(expr) : binary('>>>', expr, num(0));
}

export function generateInstantiate(module: ModuleContext, ir: IrModule, dataConstants: (index: number) => Expr): E.FunctionDeclaration {
  const wasm: Module = module.wasm;
  const body: Stmt[] = [];
  const definitions: Stmt[] = [];
  const globals: Stmt[] = [];
  const lateDeclarations: Stmt[] = [];
  module.tailCalls = planTailCalls(ir, wasm.importedFuncCount);
  if (i64Mode(module) === 'pairs') planPairCalls(ir, module);

  // Imports, in order (the JS API reads them in order, so errors come in order too).
  let funcIndex = 0;
  let memoryIndex = 0;
  let tableIndex = 0;
  let globalIndex = 0;
  let tagIndex = 0;
  const importedFuncValues = new Map<number, string>();
  wasm.imports.forEach((entry, i) => {
    const what = str(`import ${JSON.stringify(entry.module)} ${JSON.stringify(entry.field)}`);
    const value = `$import${i}`;
    body.push(declare('const', [[value, call(module.rt('lookupImport'), [id(IMPORTS), str(entry.module), str(entry.field)])]]));
    const desc = entry.desc;
    switch (desc.kind) {
      case 'func': {
        const index = funcIndex++;
        importedFuncValues.set(index, value);
        const sig = str(module.signatureOfType(desc.typeIndex));
        body.push(declare('const', [[module.functionNames[index]!, call(module.rt('importFunction'), [id(value), sig, what])]]));
        body.push(...importTailEntryDeclaration(module, index, value));
        break;
      }
      case 'memory': {
        const { min, max, shared, index64 } = desc.type.limits;
        const args = [id(value), what, num(min), max === null ? NULL : num(max), bool(shared), bool(index64)];
        body.push(declare('const', [[`$mem${memoryIndex++}`, call(module.rt('importMemory'), args)]]));
        break;
      }
      case 'table': {
        const { min, max, index64 } = desc.type.limits;
        const args = [id(value), what, str(desc.type.element), num(min), max === null ? NULL : num(max), bool(index64)];
        body.push(declare('const', [[`$table${tableIndex++}`, call(module.rt('importTable'), args)]]));
        break;
      }
      case 'global': {
        const args = [id(value), what, str(desc.type.type), bool(desc.type.mutable)];
        body.push(declare('const', [[`$g${globalIndex++}`, call(module.rt('importGlobal'), args)]]));
        break;
      }
      case 'tag': {
        const type = wasm.types[desc.type.typeIndex]!;
        const args = [id(value), what, str(signatureKey(type.params, type.results))];
        body.push(declare('const', [[`$tag${tagIndex++}`, call(module.rt('importTag'), args)]]));
        break;
      }
    }
  });

  // Defined memories, tables and tags.
  for (let m = wasm.importedMemoryCount; m < wasm.memories.length; m++) {
    const { min, max, shared, index64 } = wasm.memories[m]!.limits;
    const extra: [string, Expr][] = [];
    if (shared) extra.push(['shared', bool(true)]);
    if (index64) extra.push(['index', str('i64')]);
    definitions.push(declare('const', [[`$mem${m}`, newExpr(module.rt('Memory'), [limitsObject(min, max, extra)])]]));
  }
  for (let t = wasm.importedTableCount; t < wasm.tables.length; t++) {
    const { element, limits } = wasm.tables[t]!;
    const extra: [string, Expr][] = [['element', str(element)]];
    if (limits.index64) extra.push(['index', str('i64')]);
    definitions.push(declare('const', [[`$table${t}`, newExpr(module.rt('Table'), [limitsObject(limits.min, limits.max, extra)])]]));
  }
  for (let t = wasm.importedTagCount; t < wasm.tags.length; t++) {
    const type = wasm.types[wasm.tags[t]!.typeIndex]!;
    definitions.push(declare('const', [[`$tag${t}`, newExpr(module.rt('Tag'), [str(signatureKey(type.params, type.results))])]]));
  }

  // Globals (initializers may read imported globals and take funcrefs).
  wasm.globals.forEach((global, i) => {
    const index = wasm.importedGlobalCount + i;
    const init = constExpression(module, global.init, `global ${index}`);
    if (module.isGlobalCell(index)) {
      const args = [str(global.type.type), bool(global.type.mutable), init];
      globals.push(declare('const', [[`$g${index}`, call(module.rt('createGlobal'), args)]]));
    } else {
      globals.push(declare(global.type.mutable ? 'let' : 'const', [[`$g${index}`, init]]));
    }
  });

  // Functions.
  const functions = generateFunctions(ir, module);

  // Element segments: evaluated now, applied below.
  wasm.elements.forEach((segment, i) => {
    const items =
      segment.items.kind === 'functions'
        ? segment.items.indices.map((index) => module.funcRefValue(index) as Expr)
        : segment.items.exprs.map((expr, j) => constExpression(module, expr, `element segment ${i} item ${j}`));
    lateDeclarations.push(declare('let', [[`$elem${i}`, array(items)]]));
  });
  wasm.data.forEach((_, i) => lateDeclarations.push(declare('let', [[`$data${i}`, dataConstants(i)]])));

  const initialization: Stmt[] = [];
  wasm.elements.forEach((segment, i) => {
    const elem = id(`$elem${i}`);
    if (segment.mode.kind === 'active') {
      const table = segment.mode.table;
      const offset = offsetNumber(constExpression(module, segment.mode.offset, `element segment ${i} offset`), module.isTable64(table));
      initialization.push(exprStmt(call(module.rt('tableInit'), [module.table(table), offset, elem, num(0), member(elem, 'length')])));
    }
    if (segment.mode.kind !== 'passive') initialization.push(exprStmt(module.dropElemSegment(i)));
  });
  wasm.data.forEach((segment, i) => {
    if (segment.mode.kind !== 'active') return;
    const memory = segment.mode.memory;
    const data = id(`$data${i}`);
    const offset = offsetNumber(constExpression(module, segment.mode.offset, `data segment ${i} offset`), module.isMemory64(memory));
    initialization.push(exprStmt(call(module.rt('memoryInit'), [module.memory(memory), offset, data, num(0), member(data, 'length')])));
    initialization.push(exprStmt(module.dropDataSegment(i)));
  });
  if (wasm.start !== null) initialization.push(exprStmt(call(module.functionRef(wasm.start), [])));

  // Exports.
  const exportEntries: [string, Expr][] = wasm.exports.map((entry) => {
    switch (entry.kind) {
      case 'func':
        return [entry.name, module.funcRefValue(entry.index)];
      case 'memory':
        return [entry.name, module.memory(entry.index)];
      case 'table':
        return [entry.name, module.table(entry.index)];
      case 'global':
        return [entry.name, id(`$g${entry.index}`)];
      case 'tag':
        return [entry.name, module.tag(entry.index)];
    }
  });

  // Funcref values: every function referenced anywhere above (now complete).
  const refs: Stmt[] = [...module.referencedFunctions].sort((a, b) => a - b).map((index) => {
    const sig = str(module.signatureOfFunction(index));
    const raw = module.functionRef(index);
    const imported = importedFuncValues.get(index);
    const value =
      imported !== undefined
        ? call(module.rt('importedFuncRef'), [id(imported), raw, sig, str(String(index))])
        : call(module.rt('exportFunction'), [raw, sig, str(String(index)), ...funcRefTailEntry(module, index)]);
    return declare('const', [[`$ref${index}`, value]]);
  });
  const caught = '$error';
  // Funcref values exist before the global initializers that may use them.
  return functionDecl('instantiate', [IMPORTS], [
    ...body,
    ...definitions,
    ...refs,
    ...globals,
    ...functions,
    ...lateDeclarations,
    ...(initialization.length === 0
      ? []
      : [tryCatch(initialization, caught, [throwStmt(call(module.rt('toBoundaryError'), [id(caught)]))])]),
    returnStmt(object([['exports', call(module.rt('exportsObject'), [object(exportEntries)])]])),
  ]);
}


