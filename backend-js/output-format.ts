/**
 * The shape of the output file. Every format evaluates the same module body — runtime
 * helper bindings, module constants and `instantiate` — and differs only in how
 * `instantiate` is exposed and where the runtime comes from:
 *
 *   esm     `export function instantiate(imports)`
 *   cjs     `module.exports = { instantiate }`
 *   script  a plain script: `var NAME = (function () { ... return { instantiate }; })();`
 *           (NAME from `globalName`, default `heronModule`); with `runtime: 'inline'` it
 *           needs nothing from its environment (Hermes, browsers, node --jitless).
 *   factory a function expression `(function ($rt) { ... return { instantiate }; })`: the
 *           embedder passes the runtime object (runtime-support/js/index.ts) — for
 *           in-process use, where many modules share one runtime copy.
 *
 * runtime: 'inline' (default) appends the runtime as a hoisted function at the end of the
 * output (so generated line numbers, and source maps, start at line 1); `{ import: SPEC }`
 * (esm only) imports it from SPEC.
 *
 * target picks the inline runtime's syntax: 'es2022' (default; classes, class fields, arrows)
 * or 'es5', the same runtime lowered by TypeScript when the bundle is built
 * (backend-js/runtime-bundle.ts), for engines without classes such as Hermes 0.12. Generated
 * code is the same for both targets and never needs classes: its ES2015 syntax (const/let,
 * arrow functions) Hermes 0.12 has — tests/hermes runs `script` and `cjs` output there as
 * emitted. Either target needs BigInt and typed arrays.
 */
import type * as E from 'estree';
import { call, declare, functionDecl, id, member, object, returnStmt, type Expr, type Stmt } from './js-ast.js';
import type { ModuleContext } from './module-context.js';
import { RUNTIME_SOURCE, RUNTIME_SOURCE_ES5 } from './runtime-bundle.js';

export type OutputFormat = 'esm' | 'cjs' | 'script' | 'factory';
export type RuntimeMode = 'inline' | { import: string };
/** The syntax level of the inline runtime (see the header). */
export type OutputTarget = 'es2022' | 'es5';

export interface OutputOptions {
  format: OutputFormat;
  runtime: RuntimeMode;
  globalName: string;
  target: OutputTarget;
}

const RUNTIME_FUNCTION = '$heronRuntime';
const RUNTIME = '$rt';

/** The statements of the module body, before `instantiate` is exposed. */
function moduleBody(module: ModuleContext, instantiate: E.FunctionDeclaration): Stmt[] {
  const helpers = [...module.usedRuntime].sort().map((name): [string, Expr] => [`$${name}`, member(RUNTIME, name)]);
  const statements: Stmt[] = [];
  if (helpers.length > 0) statements.push(declare('const', helpers));
  if (module.constants.length > 0) statements.push(declare('const', module.constants));
  statements.push(instantiate);
  return statements;
}

function instantiateExport(): Expr {
  return object([['instantiate', id('instantiate')]]);
}

export interface FormattedOutput {
  program: E.Program;
  /** Raw JS appended after the printed program (the inline runtime). */
  trailer: string;
}

export function formatOutput(module: ModuleContext, instantiate: E.FunctionDeclaration, options: OutputOptions): FormattedOutput {
  const inline = options.runtime === 'inline' && options.format !== 'factory';
  if (options.target === 'es5' && !inline) throw new TypeError("target 'es5' applies to the inline runtime, which the factory format and an imported runtime do not carry");
  const runtimeBinding = declare('const', [[RUNTIME, call(RUNTIME_FUNCTION, [])]]);
  const trailer = inline ? `\n${runtimeFunction(options.target)}` : '';
  const body = moduleBody(module, instantiate);
  const useStrict: E.Directive = { type: 'ExpressionStatement', expression: { type: 'Literal', value: 'use strict', raw: '"use strict"' }, directive: 'use strict' };
  let statements: (Stmt | E.ModuleDeclaration)[];
  let sourceType: 'module' | 'script' = 'script';
  switch (options.format) {
    case 'esm': {
      sourceType = 'module';
      const head: (Stmt | E.ModuleDeclaration)[] = [];
      if (options.runtime === 'inline') head.push(runtimeBinding);
      else {
        head.push({
          type: 'ImportDeclaration',
          specifiers: [{ type: 'ImportNamespaceSpecifier', local: id(RUNTIME) }],
          source: { type: 'Literal', value: options.runtime.import, raw: JSON.stringify(options.runtime.import) },
          attributes: [],
        } as E.ImportDeclaration);
      }
      const exported: E.ExportNamedDeclaration = { type: 'ExportNamedDeclaration', declaration: instantiate, specifiers: [], source: null, attributes: [] } as E.ExportNamedDeclaration;
      statements = [...head, ...body.slice(0, -1), exported];
      break;
    }
    case 'cjs': {
      if (options.runtime !== 'inline') throw new TypeError("the cjs format needs runtime: 'inline'");
      const moduleExports: Stmt = { type: 'ExpressionStatement', expression: { type: 'AssignmentExpression', operator: '=', left: member('module', 'exports'), right: instantiateExport() } };
      statements = [useStrict, runtimeBinding, ...body, moduleExports];
      break;
    }
    case 'script': {
      if (options.runtime !== 'inline') throw new TypeError("the script format needs runtime: 'inline'");
      // The runtime function goes inside the IIFE so the script defines only one global.
      const factory = functionDecl('$heronModule', [], [useStrict, runtimeBinding, ...body, returnStmt(instantiateExport()), rawStatement(runtimeFunction(options.target))]);
      const iife: Expr = call({ type: 'FunctionExpression', id: null, params: [], body: factory.body, generator: false, async: false }, []);
      statements = [{ type: 'VariableDeclaration', kind: 'var', declarations: [{ type: 'VariableDeclarator', id: id(options.globalName), init: iife }] }];
      return { program: { type: 'Program', sourceType, body: statements }, trailer: '' };
    }
    case 'factory': {
      const fn: Expr = { type: 'FunctionExpression', id: null, params: [id(RUNTIME)], body: { type: 'BlockStatement', body: [useStrict, ...body, returnStmt(instantiateExport())] }, generator: false, async: false };
      statements = [{ type: 'ExpressionStatement', expression: fn }];
      break;
    }
  }
  return { program: { type: 'Program', sourceType, body: statements }, trailer };
}

/**
 * Verbatim JS as a statement: astring prints an Identifier's name as is, so the runtime
 * (already JS text) can sit inside a printed tree. It must be a complete declaration.
 */
function rawStatement(code: string): Stmt {
  return { type: 'ExpressionStatement', expression: id(code.trim()) };
}

/** The inline runtime as a function declaration (hoisted, so it can follow its uses). */
function runtimeFunction(target: OutputTarget): string {
  return `function ${RUNTIME_FUNCTION}() {\n  return ${target === 'es5' ? RUNTIME_SOURCE_ES5 : RUNTIME_SOURCE};\n}\n`;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Data segments are embedded as base64 strings (decoded once per loaded module). */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >> 18) & 63]! + BASE64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63]! : '=';
  }
  return out;
}
