/**
 * Constant expressions (global initializers, segment offsets, element items) as JS
 * expressions evaluated during instantiation.
 */
import type { ConstExpr } from '../compiler/module.js';
import { constExprReader } from '../compiler/operators.js';
import { CompileError } from '../runtime-support/errors.js';
import { array, binary, call, member, newExpr, NULL, num, type Expr } from './js-ast.js';
import type { ModuleContext } from './module-context.js';
import { i64Const, wrap64 } from './ops-i64.js';

export function constExpression(module: ModuleContext, expr: ConstExpr, context: string): Expr {
  const reader = constExprReader(module.wasm, expr, context);
  const stack: Expr[] = [];
  const pop = (): Expr => stack.pop() ?? reader.fail('constant expression stack underflow');
  const binaryI32 = (make: (a: Expr, b: Expr) => Expr): void => {
    const b = pop();
    stack.push(make(pop(), b));
  };
  while (!reader.done) {
    const op = reader.read();
    switch (op) {
      case 0x41:
        stack.push(num(reader.i32 | 0));
        break;
      case 0x42:
        stack.push(i64Const(reader.i64));
        break;
      case 0x43:
        stack.push(module.f32Const(reader.f32Bits));
        break;
      case 0x44:
        stack.push(module.f64Const(reader.f64Bits));
        break;
      case 0xfd000c:
        stack.push(newExpr('Int32Array', [array([...new Int32Array(reader.bytes16.slice().buffer)].map((word) => num(word)))]));
        break;
      case 0xd0:
        stack.push(NULL);
        break;
      case 0xd2:
        stack.push(module.funcRefValue(reader.index));
        break;
      case 0x23:
        stack.push(module.globalAccess(reader.index));
        break;
      case 0x6a:
        binaryI32((a, b) => binary('|', binary('+', a, b), num(0)));
        break;
      case 0x6b:
        binaryI32((a, b) => binary('|', binary('-', a, b), num(0)));
        break;
      case 0x6c:
        binaryI32((a, b) => call(member('Math', 'imul'), [a, b]));
        break;
      case 0x7c:
        binaryI32((a, b) => wrap64(binary('+', a, b)));
        break;
      case 0x7d:
        binaryI32((a, b) => wrap64(binary('-', a, b)));
        break;
      case 0x7e:
        binaryI32((a, b) => wrap64(binary('*', a, b)));
        break;
      case 0x0b:
        if (stack.length !== 1) reader.fail('constant expression must leave exactly one value');
        return stack[0]!;
      default:
        reader.fail(`unsupported constant instruction 0x${op.toString(16)}`);
    }
  }
  throw new CompileError(`${context}: constant expression without end`);
}
