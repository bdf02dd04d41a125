import { describe, expect, it } from 'vitest';
import { decodeAndScan, decodeModule } from '../../compiler/decoder.js';
import type { Module } from '../../compiler/module.js';
import { CompileError } from '../../runtime-support/errors.js';
import { assembleWat } from '../translate/wat.js';
import { body, moduleBytes, section, str, u32, vec, voidFunctions, type Bytes } from './wasm-builder.js';

function decodeFailure(bytes: Uint8Array, decode: (b: Uint8Array) => Module = decodeModule): string {
  try {
    decode(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(CompileError);
    return (error as Error).message;
  }
  throw new Error('expected a CompileError');
}

const END = 0x0b;
const I32_CONST_0: Bytes = [0x41, 0x00, END];

describe('decodeModule', () => {
  it('decodes an empty module', () => {
    const m = decodeModule(moduleBytes());
    expect(m.types).toEqual([]);
    expect(m.bodies).toEqual([]);
    expect(m.start).toBeNull();
    expect(m.dataCount).toBeNull();
    expect(m.names).toEqual({ module: null, functions: new Map(), locals: new Map(), globals: new Map() });
  });

  it('decodes every entity of a module built by WABT', () => {
    const m = decodeModule(
      assembleWat(`(module $M
        (type $t (func (param i32) (result i32)))
        (import "env" "f" (func $imp (type $t)))
        (import "env" "t" (table 1 10 funcref))
        (import "env" "m" (memory 1 2 shared))
        (import "env" "g" (global $g i32))
        (import "env" "e" (tag $e (param i32)))
        (func $add (export "add") (type $t) (local $wide i64) (local f32 f32) local.get 0)
        (func $init)
        (table $t2 2 externref)
        (tag $own)
        (global $counter (mut i64) (i64.const 5))
        (export "mem" (memory 0))
        (export "tag" (tag $e))
        (start $init)
        (elem (i32.const 0) $add)
        (elem func $add)
        (elem declare func $init)
        (data (i32.const 8) "hi")
        (data "passive"))`),
    );
    expect(m.types).toEqual([{ params: ['i32'], results: ['i32'] }, { params: ['i32'], results: [] }, { params: [], results: [] }]);
    expect(m.imports.map((i) => `${i.module}.${i.field}:${i.desc.kind}`)).toEqual([
      'env.f:func', 'env.t:table', 'env.m:memory', 'env.g:global', 'env.e:tag',
    ]);
    expect(m.importedFuncCount).toBe(1);
    expect(m.funcTypes).toEqual([0, 0, 2]);
    expect(m.tables).toEqual([
      { element: 'funcref', limits: { min: 1, max: 10, shared: false, index64: false } },
      { element: 'externref', limits: { min: 2, max: null, shared: false, index64: false } },
    ]);
    expect(m.importedTableCount).toBe(1);
    expect(m.memories).toEqual([{ limits: { min: 1, max: 2, shared: true, index64: false } }]);
    expect(m.globalTypes).toEqual([{ type: 'i32', mutable: false }, { type: 'i64', mutable: true }]);
    expect(m.globals.length).toBe(1);
    expect(m.tags.length).toBe(2);
    expect(m.tags[0]).toEqual({ typeIndex: 1 });
    expect(m.importedTagCount).toBe(1);
    expect(m.exports.map((e) => [e.name, e.kind, e.index])).toEqual([
      ['add', 'func', 1], ['mem', 'memory', 0], ['tag', 'tag', 0],
    ]);
    expect(m.start).toBe(2);
    expect(m.elements.map((e) => [e.mode.kind, e.type, e.items])).toEqual([
      ['active', 'funcref', { kind: 'functions', indices: [1] }],
      ['passive', 'funcref', { kind: 'functions', indices: [1] }],
      ['declarative', 'funcref', { kind: 'functions', indices: [2] }],
    ]);
    expect(m.data.map((d) => [d.mode.kind, new TextDecoder().decode(m.bytes.subarray(d.dataStart, d.dataEnd))])).toEqual([
      ['active', 'hi'], ['passive', 'passive'],
    ]);
    const add = m.bodies[0]!;
    expect(add.funcIndex).toBe(1);
    expect(add.locals).toEqual([{ count: 1, type: 'i64' }, { count: 2, type: 'f32' }]);
    expect(add.localCount).toBe(3);
    expect([...m.bytes.subarray(add.codeStart, add.codeEnd)]).toEqual([0x20, 0x00, END]);
    expect(m.names.module).toBe('M');
    expect(m.names.functions.get(1)).toBe('add');
    expect(m.names.locals.get(1)?.get(1)).toBe('wide');
    expect(m.sections.map((s) => s.name)).toEqual([
      'type', 'import', 'function', 'table', 'tag', 'global', 'export', 'start', 'element', 'code', 'data', 'custom:name',
    ]);
    expect(m.customSections.map((c) => c.name)).toEqual(['name']);
  });

  it('decodes all eight element segment encodings', () => {
    const refFunc0: Bytes = [0xd2, 0x00, END];
    const segments: Bytes[] = [
      [0x00, ...I32_CONST_0, ...vec([[0]])],
      [0x01, 0x00, ...vec([[0]])],
      [0x02, 0x01, ...I32_CONST_0, 0x00, ...vec([[0]])],
      [0x03, 0x00, ...vec([[0]])],
      [0x04, ...I32_CONST_0, ...vec([refFunc0])],
      [0x05, 0x6f, ...vec([[0xd0, 0x6f, END]])],
      [0x06, 0x01, ...I32_CONST_0, 0x70, ...vec([refFunc0, refFunc0])],
      [0x07, 0x70, ...vec([refFunc0])],
    ];
    const m = decodeModule(
      moduleBytes(...voidFunctions(1), section(9, vec(segments)), section(10, vec([body([], [END])]))),
    );
    expect(m.elements.map((e) => [e.mode.kind, e.mode.kind === 'active' ? e.mode.table : -1, e.type, e.items.kind])).toEqual([
      ['active', 0, 'funcref', 'functions'],
      ['passive', -1, 'funcref', 'functions'],
      ['active', 1, 'funcref', 'functions'],
      ['declarative', -1, 'funcref', 'functions'],
      ['active', 0, 'funcref', 'expressions'],
      ['passive', -1, 'externref', 'expressions'],
      ['active', 1, 'funcref', 'expressions'],
      ['declarative', -1, 'funcref', 'expressions'],
    ]);
    const six = m.elements[6]!;
    expect(six.items.kind === 'expressions' && six.items.exprs.length).toBe(2);
    if (six.items.kind === 'expressions') {
      const [first] = six.items.exprs;
      expect([...m.bytes.subarray(first!.start, first!.end)]).toEqual(refFunc0);
    }
    expect(decodeFailure(moduleBytes(section(9, vec([[0x08]]))))).toContain('malformed elements segment kind');
    expect(decodeFailure(moduleBytes(section(9, vec([[0x01, 0x01, 0x00]]))))).toContain('malformed element kind');
  });

  it('decodes data segments with memory indices (multi-memory) and 64-bit limits', () => {
    const m = decodeModule(
      moduleBytes(
        section(5, vec([[0x00, 0x01], [0x05, 0x01, ...u32(2 ** 20)]])),
        section(11, vec([[0x02, 0x01, 0x42, 0x10, END, ...str('xyz')], [0x01, 0x00]])),
      ),
    );
    expect(m.memories[1]!.limits).toEqual({ min: 1, max: 2 ** 20, shared: false, index64: true });
    const [active] = m.data;
    expect(active!.mode).toMatchObject({ kind: 'active', memory: 1 });
    expect(active!.dataEnd - active!.dataStart).toBe(3);
    expect(decodeFailure(moduleBytes(section(11, vec([[0x03]]))))).toContain('malformed data segment kind');
  });

  it('reports section order, size and id problems', () => {
    const type = section(1, vec([[0x60, 0x00, 0x00]]));
    expect(decodeFailure(moduleBytes(type, type))).toBe(
      '@0xe: unexpected content after last section (type section out of order or repeated)',
    );
    expect(decodeFailure(moduleBytes(section(6, [0]), section(13, [0])))).toContain('tag section out of order');
    expect(decodeFailure(moduleBytes(section(10, [0]), section(12, [0])))).toContain('datacount section out of order');
    expect(decodeFailure(moduleBytes(section(14, [])))).toBe('@0x8: malformed section id');
    expect(decodeFailure(moduleBytes(section(1, [0, 0])))).toBe('@0xb: section size mismatch (type section)');
    expect(decodeFailure(moduleBytes([1, 5, 0]))).toBe('@0x9: length out of bounds');
    // Custom sections may appear anywhere, any number of times.
    const custom = section(0, str('meta'));
    const m = decodeModule(moduleBytes(custom, type, custom, section(0, [...str('x'), 1, 2, 3])));
    expect(m.customSections.map((c) => [c.name, c.end - c.start])).toEqual([['meta', 0], ['meta', 0], ['x', 3]]);
    expect(m.sections.map((s) => [s.id, s.name, s.offset])).toEqual([
      [0, 'custom:meta', 8], [1, 'type', 15], [0, 'custom:meta', 21], [0, 'custom:x', 28],
    ]);
  });

  it('reports header problems', () => {
    expect(decodeFailure(new Uint8Array([0x00, 0x61]))).toBe('@0x2: unexpected end');
    expect(decodeFailure(new Uint8Array([0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0]))).toBe('@0x0: magic header not detected');
    expect(decodeFailure(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toBe('@0x4: unknown binary version');
  });

  it('checks function/code and data count/data consistency', () => {
    const code = section(10, vec([body([], [END])]));
    expect(decodeFailure(moduleBytes(...voidFunctions(2), code))).toContain('function and code section have inconsistent lengths');
    expect(decodeFailure(moduleBytes(...voidFunctions(1)))).toContain('function and code section have inconsistent lengths');
    expect(decodeFailure(moduleBytes(section(12, u32(1))))).toContain('data count and data section have inconsistent lengths');
    expect(decodeModule(moduleBytes(section(12, u32(0)))).dataCount).toBe(0);
  });

  it('names the function in body errors', () => {
    const functions = voidFunctions(2);
    const bad = moduleBytes(...functions, section(10, vec([body([], [END]), body([[1, 0x55]], [END])])));
    expect(decodeFailure(bad)).toMatch(/^func 1 @0x[0-9a-f]+: malformed value type$/);
    const noEnd = moduleBytes(...functions, section(10, vec([body([], [END]), body([], [0x01])])));
    expect(decodeFailure(noEnd)).toMatch(/^func 1 @0x[0-9a-f]+: END opcode expected$/);
    const tooMany = moduleBytes(
      ...voidFunctions(1),
      section(10, vec([body([[0xffffffff, 0x7f], [1, 0x7f]], [END])])),
    );
    expect(decodeFailure(tooMany)).toContain('too many locals');
  });

  it('scans bodies in decodeAndScan, with the function name in messages', () => {
    const names = section(0, [...str('name'), 1, ...u32(7), ...vec([[0, ...str('main')]])]);
    const illegal = moduleBytes(...voidFunctions(1), section(10, vec([body([], [0x27, END])])), names);
    expect(decodeModule(illegal).bodies.length).toBe(1);
    expect(decodeFailure(illegal, decodeAndScan)).toBe('func 0 ($main) @0x17: illegal opcode 0x27');
    const trailing = moduleBytes(...voidFunctions(1), section(10, vec([body([], [END, 0x01, END])])));
    expect(decodeFailure(trailing, decodeAndScan)).toContain("operators after the function's final end");
    const unclosed = moduleBytes(...voidFunctions(1), section(10, vec([body([], [0x02, 0x40, END])])));
    expect(decodeFailure(unclosed, decodeAndScan)).toContain('unexpected end');
  });

  it('requires a data count section for memory.init and data.drop', () => {
    const dataDrop: Bytes = [0xfc, 0x09, 0x00, END];
    const data = section(11, vec([[0x01, 0x00]]));
    const code = section(10, vec([body([], dataDrop)]));
    const without = moduleBytes(...voidFunctions(1), code, data);
    expect(decodeFailure(without, decodeAndScan)).toMatch(/^func 0 @0x[0-9a-f]+: data count section required$/);
    const withCount = moduleBytes(...voidFunctions(1), section(12, u32(1)), code, data);
    expect(decodeAndScan(withCount).dataCount).toBe(1);
  });

  it('checks constant expressions end with end', () => {
    const global = (expr: Bytes): Uint8Array => moduleBytes(section(6, vec([[0x7f, 0x00, ...expr]])));
    const m = decodeModule(global([0x41, 0x05, 0x41, 0x02, 0x6a, END])); // extended-const i32.add
    expect(m.globals[0]!.init.end - m.globals[0]!.init.start).toBe(6);
    expect(decodeFailure(global([0x41, 0x05]))).toBe('global 0 @0xf: unexpected end of section or function');
    expect(decodeFailure(global([0x41, 0x80, 0x80, 0x80, 0x80, 0x70, END]))).toBe('global 0 @0x12: integer too large');
  });

  it('decodes limits flags strictly', () => {
    const memory = (limits: Bytes): Uint8Array => moduleBytes(section(5, vec([limits])));
    expect(decodeModule(memory([0x03, 0x01, 0x02])).memories[0]!.limits).toEqual({ min: 1, max: 2, shared: true, index64: false });
    expect(decodeModule(memory([0x04, ...u32(2 ** 40)])).memories[0]!.limits.min).toBe(2 ** 40);
    expect(decodeFailure(memory([0x08, 0x00]))).toContain('malformed limits flags');
    expect(decodeFailure(memory([0x81, 0x00]))).toContain('integer representation too long');
    expect(decodeFailure(memory([0x00, 0x80, 0x80, 0x80, 0x80, 0x10]))).toContain('integer too large');
    const table = (limits: Bytes): Uint8Array => moduleBytes(section(4, vec([[0x70, ...limits]])));
    expect(decodeFailure(table([0x02, 0x00]))).toContain('malformed limits flags');
    expect(decodeFailure(moduleBytes(section(4, vec([[0x7f, 0x00, 0x00]]))))).toContain('malformed reference type');
  });

  it('rejects malformed import and export kinds and mutability', () => {
    expect(decodeFailure(moduleBytes(section(2, vec([[...str('a'), ...str('b'), 0x05, 0x00]]))))).toContain('malformed import kind');
    expect(decodeFailure(moduleBytes(section(7, vec([[...str('a'), 0x05, 0x00]]))))).toContain('malformed export kind');
    expect(decodeFailure(moduleBytes(section(6, vec([[0x7f, 0x02, ...I32_CONST_0]]))))).toContain('malformed mutability');
  });

  it('ignores a malformed name section, keeping complete subsections', () => {
    const functionNames = [1, ...u32(7), ...vec([[0, ...str('main')]])];
    const brokenLocals = [2, 5, 1, 0, 9, 0, 0];
    const names = section(0, [...str('name'), 0, ...u32(3), ...str('Mo'), ...functionNames, ...brokenLocals]);
    const m = decodeModule(moduleBytes(...voidFunctions(1), section(10, vec([body([], [END])])), names));
    expect(m.names.module).toBe('Mo');
    expect(m.names.functions.get(0)).toBe('main');
    expect(m.names.locals.size).toBe(0);
    const garbage = section(0, [...str('name'), 0xff, 0xff, 0xff]);
    expect(decodeModule(moduleBytes(garbage)).names.functions.size).toBe(0);
    const invalidUtf8 = section(0, [...str('name'), 1, 4, 1, 0, 1, 0xc0]);
    expect(decodeModule(moduleBytes(invalidUtf8)).names.functions.size).toBe(0);
    const globalMap = vec([[3, ...str('g')]]);
    const globalNames = section(0, [...str('name'), 7, ...u32(globalMap.length), ...globalMap]);
    expect(decodeModule(moduleBytes(globalNames)).names.globals.get(3)).toBe('g');
  });

  it('rejects malformed UTF-8 in section and import names', () => {
    expect(decodeFailure(moduleBytes(section(0, [2, 0xc0, 0x80])))).toBe('@0xb: malformed UTF-8 encoding');
    expect(decodeFailure(moduleBytes(section(2, vec([[1, 0xff, ...str('b'), 0x00, 0x00]]))))).toContain('malformed UTF-8 encoding');
  });
});

describe('input buffers', () => {
  it('copies v128 constants out of a Node Buffer that is a view into a larger pool', async () => {
    const { parseModule } = await import('../../compiler/parse.js');
    const { translateModule } = await import('../../compiler/translate.js');
    // (func (result v128) v128.const i32x4 1 2 3 4)
    const module = [
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0,
      10, 22, 1, 20, 0, 0xfd, 12, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0x0b,
    ];
    const pool = Buffer.alloc(64 + module.length, 0xee);
    Buffer.from(module).copy(pool, 64);
    const ir = translateModule(parseModule(pool.subarray(64)));
    const inst = ir.functions[0]!.insts.find((i) => i.imm.kind === 'v128')!;
    const bytes = (inst.imm as { bytes: Uint8Array }).bytes;
    expect([...new Int32Array(bytes.slice().buffer)]).toEqual([1, 2, 3, 4]);
  });
});
