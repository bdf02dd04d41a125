/**
 * The ES5 build of the inline runtime (RUNTIME_SOURCE_ES5 in backend-js/runtime-bundle.ts,
 * `CompileOptions.target: 'es5'`), checked without Hermes: it uses no syntax newer than ES5
 * apart from BigInt literals, provides the same names as the modern build, and its error
 * subclasses survive lowering (a lowered `super()` call would otherwise yield plain Errors).
 */
import { parse, type Node } from 'acorn';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compile } from '../../backend-js/index.js';
import { RUNTIME_EXPORTS, RUNTIME_SOURCE_ES5 } from '../../backend-js/runtime-bundle.js';

/** Node types (and operators) that ES5 lacks, as acorn names them. */
const NEWER_NODE_TYPES = new Set([
  'ClassDeclaration', 'ClassExpression', 'ArrowFunctionExpression', 'TemplateLiteral', 'TaggedTemplateExpression',
  'SpreadElement', 'RestElement', 'ObjectPattern', 'ArrayPattern', 'AssignmentPattern', 'ForOfStatement',
  'AwaitExpression', 'YieldExpression', 'ChainExpression', 'MetaProperty', 'Super', 'ImportExpression',
]);
const NEWER_OPERATORS = new Set(['**', '**=', '??', '??=', '||=', '&&=']);

/** Constructs newer than ES5 in `program`, as `type@offset` strings. */
function newerSyntax(program: Node): string[] {
  const found: string[] = [];
  const visit = (node: Node): void => {
    const record = node as Node & { kind?: string; operator?: string; generator?: boolean; async?: boolean; shorthand?: boolean; method?: boolean; computed?: boolean };
    if (NEWER_NODE_TYPES.has(node.type)) found.push(`${node.type}@${node.start}`);
    if (node.type === 'VariableDeclaration' && record.kind !== 'var') found.push(`${record.kind}@${node.start}`);
    if (record.operator !== undefined && NEWER_OPERATORS.has(record.operator)) found.push(`${record.operator}@${node.start}`);
    if (record.generator === true || record.async === true) found.push(`generator/async function@${node.start}`);
    if (node.type === 'Property' && (record.shorthand === true || record.method === true || record.computed === true)) found.push(`ES2015 property@${node.start}`);
    for (const value of Object.values(node)) {
      const children: unknown[] = Array.isArray(value) ? value : [value];
      for (const child of children) {
        if (typeof child === 'object' && child !== null && typeof (child as Node).type === 'string') visit(child as Node);
      }
    }
  };
  visit(program);
  return found;
}

describe('the ES5 runtime build', () => {
  it('uses ES5 syntax plus BigInt literals only', () => {
    const program = parse(`var runtime = ${RUNTIME_SOURCE_ES5};`, { ecmaVersion: 2020 });
    expect(newerSyntax(program)).toEqual([]);
  });

  it('detects newer syntax (the check above can fail)', () => {
    const program = parse('class A { m() { return () => `${1 ** 2}`; } }', { ecmaVersion: 2020 });
    expect(newerSyntax(program).map((entry) => entry.split('@')[0])).toEqual(['ClassDeclaration', 'ArrowFunctionExpression', 'TemplateLiteral', '**']);
  });

  it('evaluates to an object with every runtime export', () => {
    const runtime = (0, eval)(RUNTIME_SOURCE_ES5) as Record<string, unknown>;
    expect(Object.keys(runtime).sort()).toEqual([...RUNTIME_EXPORTS].sort());
  });

  it('defines real Error subclasses where there is no WebAssembly (as on Hermes)', () => {
    // A fresh realm without WebAssembly, so the runtime defines its own classes.
    const check = `delete globalThis.WebAssembly;
      var runtime = ${RUNTIME_SOURCE_ES5};
      ['CompileError', 'LinkError', 'RuntimeError'].map(function (name) {
        var error = new runtime[name]('boom');
        return [runtime[name].name, error.name, error.message, error instanceof runtime[name], error instanceof Error, String(error)].join('|');
      });`;
    expect(runInNewContext(check)).toEqual([
      'CompileError|CompileError|boom|true|true|CompileError: boom',
      'LinkError|LinkError|boom|true|true|LinkError: boom',
      'RuntimeError|RuntimeError|boom|true|true|RuntimeError: boom',
    ]);
  });

  it('keeps WasmException a real subclass with its methods', () => {
    const runtime = (0, eval)(RUNTIME_SOURCE_ES5) as {
      Tag: new (descriptor: { parameters: string[] }) => object;
      WasmException: { fromJs(tag: object, payload: unknown[]): Error & { is(tag: object): boolean; getArg(tag: object, index: number): unknown } };
    };
    const tag = new runtime.Tag({ parameters: ['i32'] });
    const exception = runtime.WasmException.fromJs(tag, [7]);
    expect(exception).toBeInstanceOf(runtime.WasmException);
    expect(exception).toBeInstanceOf(Error);
    expect(exception.name).toBe('WasmException');
    expect(exception.is(tag)).toBe(true);
    expect(exception.getArg(tag, 0)).toBe(7);
  });

  it('is what target es5 inlines, and only where the runtime is inline', () => {
    const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(compile(empty, { format: 'script', target: 'es5' }).code).toContain(RUNTIME_SOURCE_ES5);
    expect(compile(empty, { format: 'cjs', target: 'es5' }).code).toContain(RUNTIME_SOURCE_ES5);
    expect(compile(empty, { format: 'script' }).code).not.toContain(RUNTIME_SOURCE_ES5);
    expect(() => compile(empty, { format: 'factory', target: 'es5' })).toThrow(/target 'es5' applies to the inline runtime/);
  });
});
