/**
 * Wasm → IR: `translateModule` translates every defined function of a validated module,
 * `translateFunction` one of them. See translate-function.ts for how a body is translated
 * and ssa-builder.ts for the SSA construction of locals.
 */
import type { Module } from './module.js';
import { FunctionTranslator } from './translate-function.js';
import { SsaScratch, TranslateError } from './ssa-builder.js';
import { createIrModule, type IrModule } from '../ir/module.js';
import type { IrFunction } from '../ir/function.js';
import { envFromModule, type ModuleEnv } from '../ir/types.js';
import { functionContext } from './binary-reader.js';
import { CompileError } from '../runtime-support/errors.js';

export { TranslateError } from './ssa-builder.js';

/** Display names of functions: the name section, else the first export name. */
export function functionNames(module: Module): Map<number, string> {
  const names = new Map<number, string>();
  for (const exported of module.exports) {
    if (exported.kind === 'func' && !names.has(exported.index)) names.set(exported.index, exported.name);
  }
  for (const [index, name] of module.names.functions) names.set(index, name);
  return names;
}

function translateBody(module: Module, env: ModuleEnv, funcIndex: number, name: string | null, scratch: SsaScratch): IrFunction {
  const body = module.bodies[funcIndex - module.importedFuncCount];
  if (body === undefined || body.funcIndex !== funcIndex) {
    throw new TranslateError(`function ${funcIndex} has no body (it is imported or out of range)`);
  }
  let translator: FunctionTranslator | null = null;
  try {
    translator = new FunctionTranslator({ module, env, body, name, scratch });
    return translator.translate();
  } catch (error) {
    // Malformed bytes keep their CompileError; anything else means the module was not
    // validated or the translator has a bug: either way, say where.
    if (error instanceof CompileError || !(error instanceof Error)) throw error;
    const offset = translator === null ? body.offset : translator.offset;
    throw new TranslateError(`${functionContext(funcIndex, name)} @0x${offset.toString(16)}: ${error.message}`, { cause: error });
  }
}

/** The IR of every defined function (imports have none), in function index order. */
export function translateModule(module: Module): IrModule {
  const irModule = createIrModule(module);
  const names = functionNames(module);
  const scratch = new SsaScratch();
  for (const body of module.bodies) {
    irModule.functions.push(translateBody(module, irModule.env, body.funcIndex, names.get(body.funcIndex) ?? null, scratch));
  }
  return irModule;
}

/** The IR of one defined function, by Wasm function index. */
export function translateFunction(module: Module, funcIndex: number): IrFunction {
  const name = module.names.functions.get(funcIndex) ?? functionNames(module).get(funcIndex) ?? null;
  return translateBody(module, envFromModule(module), funcIndex, name, new SsaScratch());
}
