/**
 * JS identifiers for generated code. Internal names all start with `$` (`$mem0`, `$g3`,
 * `$trap`) and SSA values are `vN`, so the only names that need care are the functions,
 * which take their Wasm name-section names: sanitized to [A-Za-z0-9_], never starting
 * with `$`, never a reserved word or a global the generated code uses, and unique.
 */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await async arguments eval ' +
    'undefined NaN Infinity Math BigInt Number Object Array Symbol Error TypeError RangeError globalThis ' +
    'module exports require instantiate DataView Uint8Array Int32Array Float32Array Float64Array'
  ).split(' '),
);

/** Names that collide with value or temporary names. */
const GENERATED_PATTERN = /^[vt]\d+$/;

export function sanitizeIdentifier(name: string): string {
  let result = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (result === '' || /^[0-9]/.test(result)) result = `_${result}`;
  return result;
}

/** Assigns every function of the index space a unique identifier. */
export function functionIdentifiers(count: number, nameOf: (index: number) => string | undefined): string[] {
  const used = new Set<string>();
  const result: string[] = [];
  for (let index = 0; index < count; index++) {
    const wasmName = nameOf(index);
    let name = wasmName === undefined ? `f${index}` : sanitizeIdentifier(wasmName);
    if (RESERVED.has(name) || GENERATED_PATTERN.test(name) || used.has(name)) name = `${name}_${index}`;
    while (used.has(name)) name = `${name}_`;
    used.add(name);
    result.push(name);
  }
  return result;
}

export function valueName(value: number): string {
  return `v${value}`;
}
