/**
 * V8's own WebAssembly engine as a reference in differential tests (@types/node does not
 * declare the `WebAssembly` global, so this is the slice of its API the tests use).
 */
interface NativeWebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
}

export function instantiateNative(bytes: Uint8Array, imports: object = {}): Record<string, unknown> {
  const api = (globalThis as { WebAssembly?: NativeWebAssembly }).WebAssembly;
  if (api === undefined) throw new Error('differential tests need globalThis.WebAssembly (node without --jitless)');
  return new api.Instance(new api.Module(bytes), imports).exports;
}
