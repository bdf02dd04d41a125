/**
 * `interpret`: the file is Wasm text; it is assembled, instantiated with Heron's
 * interpreter (the library's `interpret`, no imports), and every `;; invoke: NAME ARGS...`
 * line calls an export. ARGS are `TYPE:VALUE` (`i32:-1`, `i64:5`, `f32:1.5`, `f64:-0`,
 * `f64:nan`). Output: one line per invoke, `NAME(ARGS) = RESULTS` or
 * `NAME(ARGS) trap: MESSAGE`, which `check:` lines match.
 */
import { interpret, RuntimeError } from '../../../index.js';
import { assembleWat } from '../../translate/wat.js';
import { registerFileTestKind } from '../registry.js';

function parseArgument(text: string, path: string): number | bigint {
  const split = text.indexOf(':');
  const type = text.slice(0, split);
  const value = text.slice(split + 1);
  switch (type) {
    case 'i32':
      return Number(value) | 0;
    case 'i64':
      return BigInt.asIntN(64, BigInt(value));
    case 'f32':
      return Math.fround(value === 'nan' ? NaN : Number(value));
    case 'f64':
      return value === 'nan' ? NaN : Number(value);
    default:
      throw new Error(`${path}: invoke argument "${text}" is not TYPE:VALUE with TYPE i32, i64, f32 or f64`);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  return value === undefined ? '()' : String(value);
}

registerFileTestKind('interpret', ({ input, path }) => {
  const { exports } = interpret(assembleWat(input, path));
  const lines: string[] = [];
  for (const match of input.matchAll(/^;;\s*invoke:\s*(\S+)(.*)$/gm)) {
    const name = match[1]!;
    const argTexts = match[2]!.trim().split(/\s+/).filter(Boolean);
    const fn = exports[name];
    if (typeof fn !== 'function') throw new Error(`${path}: no exported function "${name}"`);
    const args = argTexts.map((text) => parseArgument(text, path));
    const call = `${name}(${argTexts.map((t) => t.slice(t.indexOf(':') + 1)).join(', ')})`;
    try {
      lines.push(`${call} = ${formatValue((fn as (...a: unknown[]) => unknown)(...args))}`);
    } catch (error) {
      if (!(error instanceof RuntimeError)) throw error;
      lines.push(`${call} trap: ${(error as Error).message}`);
    }
  }
  if (lines.length === 0) throw new Error(`${path}: an interpret test needs at least one ';; invoke:' line`);
  return lines.join('\n');
});
