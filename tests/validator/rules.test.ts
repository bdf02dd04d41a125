/**
 * Focused checks of the validator: message format and the rules that are easy to get
 * wrong (stack polymorphism, br_table, select, exception handling, tail calls, memory64).
 */
import { describe, expect, it } from 'vitest';
import { assembleWat } from '../translate/wat.js';
import { expectValid, messageOffset, rejection } from './wat.js';

describe('error messages', () => {
  it('name the function, its name, the instruction offset and the rule', () => {
    const text = '(module (func $parse (result i32) (i32.add (i32.const 1) (f64.const 2))))';
    const message = rejection(text);
    expect(message).toMatch(/^func 0 \(\$parse\) @0x[0-9a-f]+: type mismatch: i32\.add expects i32, got f64$/);
    expect(assembleWat(text)[messageOffset(message)]).toBe(0x6a); // the offset is the i32.add byte
  });

  it('leave the name out for unnamed functions', () => {
    const message = rejection('(module (func) (func (result i64) (i32.const 0)))');
    expect(message).toMatch(/^func 1 @0x[0-9a-f]+: type mismatch: end of function expects i64, got i32$/);
  });

  it('locate module-level errors by byte offset only', () => {
    const text = '(module (func) (export "a" (func 0)) (export "a" (func 0)))';
    const message = rejection(text);
    expect(message).toMatch(/^@0x[0-9a-f]+: duplicate export name "a"$/);
    // The offset is that of the second export entry: name length 1, "a", kind func, index 0.
    const entry = Buffer.from([1, 'a'.charCodeAt(0), 0, 0]);
    const bytes = Buffer.from(assembleWat(text));
    const first = bytes.indexOf(entry);
    expect(messageOffset(message)).toBe(bytes.indexOf(entry, first + 1));
  });

  it('report constant expressions at the offending instruction', () => {
    expect(rejection('(module (global i32 (i64.const 0)))')).toMatch(
      /^@0x[0-9a-f]+: type mismatch: end of constant expression expects i32, got i64$/,
    );
  });

  it('use the spec wording for unknown indices', () => {
    expect(rejection('(module (func (call 7)))')).toMatch(/unknown function 7$/);
    expect(rejection('(module (func (drop (global.get 3))))')).toMatch(/unknown global 3$/);
    expect(rejection('(module (func (local.set 2 (i32.const 0))))')).toMatch(/unknown local 2$/);
    expect(rejection('(module (func (br 1)))')).toMatch(/unknown label 1$/);
    expect(rejection('(module (func (drop (i32.load (i32.const 0)))))')).toMatch(/unknown memory 0$/);
    expect(rejection('(module (func (drop (table.size 0))))')).toMatch(/unknown table 0$/);
    expect(rejection('(module (func (throw 0)))')).toMatch(/unknown tag 0$/);
  });
});

describe('unreachable code', () => {
  it('is stack-polymorphic after unreachable, br and return', () => {
    expectValid('(module (func (result i32) unreachable i32.add))');
    expectValid('(module (func (result i32) (return (i32.const 1)) i64.add drop i32.const 0))');
    expectValid('(module (func (result f32) (block (br 0)) unreachable))');
    expectValid('(module (func (result i64) unreachable (i64.const 0) (i32.const 1) select))');
  });

  it('still checks the values that are pushed', () => {
    expect(rejection('(module (func (result i32) unreachable (i64.const 0) i32.add))')).toMatch(
      /type mismatch: i32\.add expects i32, got i64$/,
    );
    expect(rejection('(module (func unreachable (i32.const 0)))')).toMatch(/type mismatch: end of function/);
  });

  it('is limited to the frame it occurs in', () => {
    expect(rejection('(module (func (block unreachable) i32.add drop))')).toMatch(
      /type mismatch: i32\.add expects i32, got nothing$/,
    );
  });
});

describe('br_table', () => {
  it('needs every target to carry the same number of values', () => {
    const text =
      '(module (func (block (result i32) (block (br_table 0 1 (i32.const 0) (i32.const 0)))) drop))';
    expect(rejection(text)).toMatch(/type mismatch: br_table target 0 carries \[\], but the default target carries \[i32\]$/);
  });

  it('checks the operand against every target', () => {
    const text =
      '(module (func (block (result i32) (block (result i64) (br_table 0 1 (i64.const 0) (i32.const 0))) drop (i32.const 0)) drop))';
    expect(rejection(text)).toMatch(/type mismatch: br_table expects i32, got i64$/);
  });

  it('accepts targets of different types over an unreachable stack', () => {
    expectValid(
      '(module (func (block (result f64) (block (result f32) unreachable (br_table 0 1 1 (i32.const 1))) drop (f64.const 0)) drop))',
    );
  });
});

describe('select', () => {
  it('without a type accepts only numeric and vector operands', () => {
    const text = '(module (func (param funcref funcref) (drop (select (local.get 0) (local.get 1) (i32.const 1)))))';
    expect(rejection(text)).toMatch(/type mismatch: select without a type needs numeric or vector operands, got funcref$/);
    expectValid('(module (func (param funcref funcref) (drop (select (result funcref) (local.get 0) (local.get 1) (i32.const 1)))))');
  });

  it('needs both operands to have the same type', () => {
    expect(rejection('(module (func (drop (select (i32.const 0) (i64.const 0) (i32.const 1)))))')).toMatch(
      /type mismatch: select operands differ: i32 and i64$/,
    );
  });
});

describe('exception handling (legacy)', () => {
  it('lets rethrow name an enclosing catch or catch_all', () => {
    expectValid('(module (func (try (do) (catch_all (rethrow 0)))))');
    expectValid('(module (tag $e) (func (try (do) (catch $e (block (rethrow 1))))))');
    expect(rejection('(module (func (try (do (rethrow 0)) (catch_all))))')).toMatch(/invalid rethrow label 0: not a catch block$/);
    expect(rejection('(module (func (block (rethrow 0))))')).toMatch(/invalid rethrow label 0/);
  });

  it('resolves delegate labels outside the try it closes', () => {
    expectValid('(module (func (try (do) (delegate 0))))');
    expectValid('(module (func (block (try (do) (delegate 1)))))');
    expect(rejection('(module (func (try (do) (delegate 1))))')).toMatch(/unknown label 1$/);
  });

  it('pushes the tag parameters at catch', () => {
    expectValid('(module (tag $e (param i32)) (func (result i32) (try (result i32) (do (i32.const 0)) (catch $e))))');
    expect(rejection('(module (tag $e (param i64)) (func (result i32) (try (result i32) (do (i32.const 0)) (catch $e))))')).toMatch(
      /type mismatch: end of catch expects i32, got i64$/,
    );
  });

  it('rejects tags with results', () => {
    expect(rejection('(module (type (func (result i32))) (tag (type 0)))')).toMatch(/non-empty tag result type/);
  });
});

describe('tail calls', () => {
  it('need the callee to return what the caller returns', () => {
    expect(rejection('(module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))')).toMatch(
      /type mismatch: return_call callee returns \[i64\], but the caller returns \[i32\]$/,
    );
    expect(
      rejection(
        '(module (type $t (func (result i64))) (table 1 funcref) (func (result i32) (return_call_indirect (type $t) (i32.const 0))))',
      ),
    ).toMatch(/type mismatch: return_call_indirect callee returns \[i64\]/);
  });

  it('are stack-polymorphic like return', () => {
    expectValid('(module (func $f (param i32) (result i32) (local.get 0)) (func (result i32) (f64.const 1) (return_call $f (i32.const 0))))');
  });
});

describe('memory64 and multi-memory', () => {
  it('addresses 64-bit memories with i64', () => {
    expect(rejection('(module (memory i64 1) (func (drop (i32.load (i32.const 0)))))')).toMatch(
      /type mismatch: i32\.load expects i64, got i32$/,
    );
    expectValid('(module (memory i64 1) (func (result i64) (drop (i32.load (i64.const 0))) (memory.grow (memory.size))))');
  });

  it('copies between memories with the narrower length type', () => {
    const memories = '(memory $a 1) (memory $b i64 1)';
    expectValid(`(module ${memories} (func (memory.copy $a $b (i32.const 0) (i64.const 0) (i32.const 0))))`);
    expect(rejection(`(module ${memories} (func (memory.copy $a $b (i32.const 0) (i64.const 0) (i64.const 0))))`)).toMatch(
      /type mismatch: memory\.copy expects i32, got i64$/,
    );
  });

  it('bounds memory sizes by the address type', () => {
    expectValid('(module (memory i64 0x10000 0x1000000))');
    expect(rejection('(module (memory 0x10001))')).toMatch(/memory size must be at most 65536 pages \(4GiB\)$/);
    expect(rejection('(module (memory 2 1))')).toMatch(/size minimum must not be greater than maximum$/);
    expect(rejection('(module (memory 1 shared))')).toMatch(/shared memory must have maximum$/);
  });
});

describe('memory arguments and lanes', () => {
  it('bound the alignment by the access size', () => {
    expect(rejection('(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))')).toMatch(
      /alignment must not be larger than natural$/,
    );
    expectValid('(module (memory 1) (func (drop (i64.load align=8 (i32.const 0)))))');
  });

  it('need atomics to be naturally aligned', () => {
    expectValid('(module (memory 1 1 shared) (func (drop (i32.atomic.load (i32.const 0)))))');
    expect(rejection('(module (memory 1 1 shared) (func (drop (i32.atomic.load align=2 (i32.const 0)))))')).toMatch(
      /alignment must be equal to natural$/,
    );
  });

  it('bound lane indices by the lane count', () => {
    expect(rejection('(module (func (result i32) (i32x4.extract_lane 4 (v128.const i64x2 0 0))))')).toMatch(
      /invalid lane index 4$/,
    );
    expectValid('(module (func (result i32) (i32x4.extract_lane 3 (v128.const i64x2 0 0))))');
  });
});

describe('references and constant expressions', () => {
  it('let ref.func name only declared functions', () => {
    expect(rejection('(module (func $f) (func (drop (ref.func $f))))')).toMatch(/undeclared function reference 0/);
    expectValid('(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))');
    expectValid('(module (func $f) (export "f" (func $f)) (func (drop (ref.func $f))))');
    expectValid('(module (func $f) (global funcref (ref.func $f)) (func (drop (ref.func $f))))');
  });

  it('allow extended-const arithmetic and imported immutable globals only', () => {
    expectValid('(module (import "m" "g" (global i32)) (global i32 (i32.add (global.get 0) (i32.mul (i32.const 2) (i32.const 3)))))');
    expect(rejection('(module (global i32 (i32.div_s (i32.const 1) (i32.const 1))))')).toMatch(
      /constant expression required: i32\.div_s is not a constant instruction$/,
    );
    expect(rejection('(module (global i32 (i32.const 0)) (global i32 (global.get 0)))')).toMatch(/unknown global 0$/);
    expect(rejection('(module (import "m" "g" (global (mut i32))) (global i32 (global.get 0)))')).toMatch(
      /constant expression required/,
    );
  });

  it('make global.set require a mutable global', () => {
    expect(rejection('(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))')).toMatch(/global is immutable/);
  });
});
