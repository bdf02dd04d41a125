/**
 * Spec scripts as Hermes scripts. Hermes cannot run the spec runner (it needs Node and
 * compiles wrappers at run time), so each script becomes one Hermes script: every module
 * without imports is compiled here as emitted for Hermes (`script` format, target es5, each
 * with its own inline runtime and global `heronSpecModuleN`) and instantiated there by a
 * generated ES5 driver, and the `assert_return` / `assert_trap` commands that invoke its
 * exports with numeric values become calls with literal arguments, checked through the JS API:
 *   - i32 results compare as int32, i64 as BigInt, f32/f64 with Object.is (so -0 ≠ 0);
 *     an expected NaN only checks NaN-ness (payloads do not survive JS numbers);
 *   - assert_trap needs a RuntimeError whose message contains the expected text, and a real
 *     one: an instance of the runtime's RuntimeError class (Hermes has no WebAssembly, so
 *     the runtime defines it), not a plain Error named so.
 * Everything else (modules with imports, v128/reference values, register, exhaustion) is
 * counted as skipped, with the reason.
 */
import { parseModule } from '../../compiler/parse.js';
import type { CompileOptions } from '../../backend-js/index.js';
import { hermesModuleScript } from './hermes-script.js';
import { isActionCommand, loadCommands, readModuleFile, type ActionCommand, type SpecScript, type SpecValue } from '../spec/loader.js';

const NUMERIC_TYPES = new Set(['i32', 'i64', 'f32', 'f64']);

export interface SpecDriver {
  /** The whole Hermes script: compiled modules and driver. */
  script: string;
  /** Commands that the driver checks. */
  checked: number;
  /** Skipped commands by reason. */
  skipped: Record<string, number>;
}

/** The driver prints `HERON-RESULT {"passed": N, "failures": [{line, reason}]}`. */
export interface SpecDriverResult {
  passed: number;
  failed: number;
  /** The first 20 failures. */
  failures: { line: number; reason: string }[];
}

const float32 = new DataView(new ArrayBuffer(8));

function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return String(value); // shortest round-trip decimal: exact for every double
}

function floatValue(type: 'f32' | 'f64', bits: string): number {
  if (type === 'f32') {
    float32.setUint32(0, Number(bits));
    return float32.getFloat32(0);
  }
  float32.setBigUint64(0, BigInt(bits));
  return float32.getFloat64(0);
}

/** A JS expression for an argument, as the JS API takes it. */
function argumentLiteral(value: SpecValue): string {
  const bits = value.value as string;
  switch (value.type) {
    case 'i32':
      return String(Number(bits) | 0);
    case 'i64':
      return `BigInt(${JSON.stringify(BigInt.asIntN(64, BigInt(bits)).toString())})`;
    default:
      return numberLiteral(floatValue(value.type as 'f32' | 'f64', bits));
  }
}

/** A JS expression testing `actual` against an expected value. */
function resultTest(expected: SpecValue, actual: string): string {
  const bits = expected.value as string;
  switch (expected.type) {
    case 'i32':
      return `(typeof ${actual} === 'number' && (${actual} | 0) === ${Number(bits) | 0})`;
    case 'i64':
      return `(typeof ${actual} === 'bigint' && ${actual} === BigInt(${JSON.stringify(BigInt.asIntN(64, BigInt(bits)).toString())}))`;
    default: {
      if (bits.startsWith('nan:')) return `(${actual} !== ${actual})`;
      const value = floatValue(expected.type as 'f32' | 'f64', bits);
      return Number.isNaN(value) ? `(${actual} !== ${actual})` : `Object.is(${actual}, ${numberLiteral(value)})`;
    }
  }
}

function isNumeric(values: readonly SpecValue[]): boolean {
  return values.every((value) => NUMERIC_TYPES.has(value.type) && typeof value.value === 'string');
}

const CANONICAL_NAN_BITS: Record<string, string> = { f32: String(0x7fc00000), f64: String(0x7ff8000000000000n) };

/** A NaN argument other than the positive quiet NaN: its sign and payload cannot pass through a JS number. */
function isUnrepresentableNaN(value: SpecValue): boolean {
  if (value.type !== 'f32' && value.type !== 'f64') return false;
  return Number.isNaN(floatValue(value.type, value.value as string)) && value.value !== CANONICAL_NAN_BITS[value.type];
}

/** The check for one command, or why it is skipped. */
function commandCheck(command: ActionCommand): string | { skip: string } {
  const { action } = command;
  if (action.type !== 'invoke') return { skip: `${command.type} of a global` };
  if (action.module !== undefined) return { skip: 'action on a named module' };
  if (!isNumeric(action.args)) return { skip: 'non-numeric arguments' };
  if (action.args.some(isUnrepresentableNaN)) return { skip: 'NaN argument with a payload (not representable in JS)' };
  const call = `exports[${JSON.stringify(action.field)}](${action.args.map(argumentLiteral).join(', ')})`;
  if (command.type === 'assert_trap') {
    return `expectTrap(${command.line}, function () { return ${call}; }, ${JSON.stringify(command.text ?? '')});`;
  }
  if (command.type !== 'assert_return' && command.type !== 'action') return { skip: command.type };
  const expected = command.type === 'action' ? [] : command.expected;
  if (!isNumeric(expected)) return { skip: 'non-numeric results' };
  const tests =
    expected.length === 0 ? 'true' : expected.length === 1 ? resultTest(expected[0]!, 'r') : expected.map((value, i) => resultTest(value, `r[${i}]`)).join(' && ');
  return `expectReturn(${command.line}, function () { return ${call}; }, function (r) { return ${tests}; });`;
}

const DRIVER_PRELUDE = `
var specPassed = 0;
var specFailures = [];
function describeValue(value) {
  if (typeof value === 'bigint') return value.toString() + 'n';
  if (typeof value === 'number' && value === 0 && 1 / value < 0) return '-0';
  return String(value);
}
function expectReturn(line, run, test) {
  var result;
  try { result = run(); } catch (error) { specFailures.push({ line: line, reason: 'threw ' + String(error && error.stack || error) }); return; }
  if (test(result)) specPassed++;
  else specFailures.push({ line: line, reason: 'returned ' + (Array.isArray(result) ? result.map(describeValue).join(', ') : describeValue(result)) });
}
function isRuntimeError(error) {
  return error instanceof Error && error.name === 'RuntimeError' && error.constructor !== Error &&
    error.constructor.name === 'RuntimeError' && error instanceof error.constructor;
}
function expectTrap(line, run, text) {
  try { run(); } catch (error) {
    if (isRuntimeError(error) && String(error.message).indexOf(text) >= 0) { specPassed++; return; }
    specFailures.push({ line: line, reason: 'expected trap "' + text + '", got ' + String(error && error.name) + ': ' + String(error && error.message) });
    return;
  }
  specFailures.push({ line: line, reason: 'expected trap "' + text + '", returned normally' });
}
function instantiateModule(line, module) {
  try { return module.instantiate({}).exports; } catch (error) {
    specFailures.push({ line: line, reason: 'instantiation failed: ' + String(error && error.stack || error) });
    return null;
  }
}
`;

/** The Hermes script for `script` (core scripts whose modules need no imports), modules compiled with `i64`. */
export function specDriver(script: SpecScript, i64: CompileOptions['i64'] = 'pairs'): SpecDriver {
  const skipped: Record<string, number> = {};
  const skip = (reason: string): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const parts = [DRIVER_PRELUDE];
  let checked = 0;
  let modules = 0;
  let current: string[] | null = null; // checks for the current module; null: no usable module
  const flush = (): void => {
    if (current !== null) parts.push(...current, '})();');
    current = null;
  };
  for (const command of loadCommands(script)) {
    if (command.type === 'module') {
      flush();
      const bytes = readModuleFile(script, command.filename);
      if (command.filename.endsWith('.wat') || parseModule(bytes).imports.length > 0) {
        skip('module with imports');
        continue;
      }
      const globalName = `heronSpecModule${modules++}`;
      parts.push(hermesModuleScript(bytes, globalName, i64));
      current = [`(function () {`, `var exports = instantiateModule(${command.line}, ${globalName});`, `if (exports === null) return;`];
      continue;
    }
    if (!isActionCommand(command)) {
      skip(command.type);
      continue;
    }
    if (current === null) {
      skip('command on a skipped module');
      continue;
    }
    const check = commandCheck(command);
    if (typeof check !== 'string') {
      skip(check.skip);
      continue;
    }
    (current as string[]).push(check);
    checked++;
  }
  flush();
  parts.push(`print('HERON-RESULT ' + JSON.stringify({ passed: specPassed, failed: specFailures.length, failures: specFailures.slice(0, 20) }));`);
  return { script: parts.join('\n'), checked, skipped };
}
