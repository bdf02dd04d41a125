/**
 * `translate`: the file is Wasm text (directives in `;;` comments); it is assembled with
 * every proposal enabled, decoded, validated and translated. Output: the printed IR
 * module. The translation must also pass the IR verifier, or the test fails outright.
 */
import { translateModule } from '../../../compiler/translate.js';
import { printModule } from '../../../ir/printer.js';
import { formatVerifierError, verifyFunction } from '../../../ir/verifier.js';
import { watModule } from '../../translate/wat.js';
import { registerFileTestKind } from '../registry.js';

registerFileTestKind('translate', ({ input, path }) => {
  const ir = translateModule(watModule(input));
  const errors = ir.functions.flatMap((fn) => verifyFunction(fn, ir.env).map((error) => formatVerifierError(fn, error)));
  const printed = printModule(ir);
  if (errors.length > 0) throw new Error(`${path}: the translation does not verify:\n${errors.join('\n')}\n${printed}`);
  return printed;
});
