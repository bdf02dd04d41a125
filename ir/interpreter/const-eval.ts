/**
 * Constant expressions (global initialisers, segment offsets, element items), read from the
 * module bytes with OperatorReader: t.const, v128.const, ref.null, ref.func, global.get and
 * the extended-const i32/i64 add, sub, mul. Results are raw values (raw-call.ts forms).
 */
import type { ConstExpr, Module } from '../../compiler/module.js';
import { constExprReader } from '../../compiler/operators.js';
import { Opcode, opcodeName } from '../../compiler/opcodes.js';
import { CompileError } from '../../runtime-support/errors.js';
import { f32FromBits, f64FromBits } from '../../runtime-support/js/float-bits.js';
import type { Global } from '../../runtime-support/global.js';

export interface ConstEnv {
  globals: readonly Global[];
  /** The funcref value of a function index. */
  funcRef(index: number): unknown;
}

const BINARY: Record<string, (a: never, b: never) => unknown> = {
  'i32.add': (a: number, b: number) => (a + b) | 0,
  'i32.sub': (a: number, b: number) => (a - b) | 0,
  'i32.mul': (a: number, b: number) => Math.imul(a, b),
  'i64.add': (a: bigint, b: bigint) => BigInt.asIntN(64, a + b),
  'i64.sub': (a: bigint, b: bigint) => BigInt.asIntN(64, a - b),
  'i64.mul': (a: bigint, b: bigint) => BigInt.asIntN(64, a * b),
};

const V128_CONST = 0xfd000c;

export function evalConst(module: Module, expr: ConstExpr, env: ConstEnv, context: string): unknown {
  const reader = constExprReader(module, expr, context);
  const stack: unknown[] = [];
  while (!reader.done) {
    const op = reader.read();
    switch (op) {
      case Opcode.end:
        if (stack.length !== 1) reader.fail(`constant expression leaves ${stack.length} values`);
        return stack[0];
      case Opcode.i32_const:
        stack.push(reader.i32 | 0);
        break;
      case Opcode.i64_const:
        stack.push(BigInt.asIntN(64, reader.i64));
        break;
      case Opcode.f32_const:
        stack.push(f32FromBits(reader.f32Bits | 0));
        break;
      case Opcode.f64_const:
        stack.push(f64FromBits(reader.f64Bits));
        break;
      case V128_CONST:
        stack.push(new Int32Array(Uint8Array.from(reader.bytes16).buffer));
        break;
      case Opcode.ref_null:
        stack.push(null);
        break;
      case Opcode.ref_func:
        stack.push(env.funcRef(reader.index));
        break;
      case Opcode.global_get: {
        const global = env.globals[reader.index];
        if (global === undefined) reader.fail(`unknown global ${reader.index}`);
        stack.push(global.v);
        break;
      }
      default: {
        const name = opcodeName(op);
        const fn = BINARY[name];
        if (fn === undefined || stack.length < 2) reader.fail(`${name} is not a constant instruction`);
        const b = stack.pop();
        const a = stack.pop();
        stack.push(fn(a as never, b as never));
      }
    }
  }
  throw new CompileError(`${context}: constant expression without end`);
}
