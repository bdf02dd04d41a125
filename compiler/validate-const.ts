/**
 * Constant expressions: global initializers, segment offsets and element items. Only
 * constants, `ref.null`, `ref.func`, `global.get` of an imported immutable global and
 * (with the extended-const feature) integer add/sub/mul are allowed; the expression must
 * leave exactly one value of the expected type.
 *
 * Every `ref.func` seen here declares its function as referenceable from bodies (C.refs).
 */
import { featureDisabled } from './features.js';
import type { ConstExpr } from './module.js';
import { opcodeName } from './opcodes.js';
import { constExprReader } from './operators.js';
import type { ValidationContext } from './validate-context.js';
import { signatureOf } from './validate-signatures.js';
import { FRAME_CONST_EXPR, ValidationStack } from './validate-stack.js';
import { FUNCREF, NO_TYPES, singleType, typeCode } from './validate-types.js';

export class ConstExprValidator {
  private readonly stack: ValidationStack;

  constructor(private readonly context: ValidationContext) {
    this.stack = new ValidationStack(context.module);
  }

  /** Validate `expr` as a constant expression producing one value of type `expected` (a type code). */
  validate(expr: ConstExpr, expected: number): void {
    const { module, globalTypes, globalMutable, declaredRefs, features } = this.context;
    const reader = constExprReader(module, expr, undefined, features);
    const stack = this.stack;
    stack.reset(reader, -1);
    stack.pushFrame(FRAME_CONST_EXPR, NO_TYPES, singleType(expected));
    while (stack.depth > 0) {
      if (reader.done) stack.fail('constant expression must end with end');
      const op = reader.read();
      switch (op) {
        case 0x6a: // i32.add    (extended-const)
        case 0x6b: // i32.sub
        case 0x6c: // i32.mul
        case 0x7c: // i64.add
        case 0x7d: // i64.sub
        case 0x7e: // i64.mul
          if (!features.extendedConst) {
            stack.fail(`constant expression required: ${opcodeName(op)} ${featureDisabled('extendedConst')}`);
          }
          this.applySignature(op);
          break;
        case 0x41: // i32.const
        case 0x42: // i64.const
        case 0x43: // f32.const
        case 0x44: // f64.const
        case 0xfd000c: // v128.const
          this.applySignature(op);
          break;
        case 0xd0: // ref.null
          stack.push(typeCode(reader.refType));
          break;
        case 0xd2: // ref.func
          if (reader.index >= module.funcTypes.length) stack.fail(`unknown function ${reader.index}`);
          declaredRefs[reader.index] = 1;
          stack.push(FUNCREF);
          break;
        case 0x23: // global.get: only imported globals are visible to constant expressions
          if (reader.index >= module.importedGlobalCount) stack.fail(`unknown global ${reader.index}`);
          if (globalMutable[reader.index] === 1) {
            stack.fail(`constant expression required: global.get of mutable global ${reader.index}`);
          }
          stack.push(globalTypes[reader.index]!);
          break;
        case 0x0b: // end
          stack.popFrame();
          break;
        default:
          stack.fail(`constant expression required: ${opcodeName(op)} is not a constant instruction`);
      }
    }
    if (!reader.done) {
      reader.read();
      stack.fail('instructions after the end of a constant expression');
    }
  }

  /** A constant or extended-const arithmetic instruction: its fixed signature's stack effect. */
  private applySignature(op: number): void {
    const signature = signatureOf(op)!;
    this.stack.popAll(signature.params);
    this.stack.pushAll(signature.results);
  }
}
