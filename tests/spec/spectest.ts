/**
 * The `spectest` host module every script may import from (README of the suite; the
 * reference interpreter's spectest.ml): print functions, four constant globals, a funcref
 * table (10, max 20), a memory (1 page, max 2) and, for the threads proposal, a shared one.
 * Host objects come from the engine under test, so Heron engines get their own kinds.
 */
import type { HostConstructors } from './engine.js';

/** Print functions discard their arguments unless a sink is given (e.g. for --verbose). */
export function createSpectest(host: HostConstructors, print?: (line: string) => void): Record<string, unknown> {
  const printer = (name: string) =>
    function (...args: unknown[]): void {
      print?.(`${name}(${args.map(String).join(', ')})`);
    };
  return {
    print: printer('print'),
    print_i32: printer('print_i32'),
    print_i64: printer('print_i64'),
    print_f32: printer('print_f32'),
    print_f64: printer('print_f64'),
    print_i32_f32: printer('print_i32_f32'),
    print_f64_f64: printer('print_f64_f64'),
    global_i32: new host.Global({ value: 'i32', mutable: false }, 666),
    global_i64: new host.Global({ value: 'i64', mutable: false }, 666n),
    global_f32: new host.Global({ value: 'f32', mutable: false }, 666.6),
    global_f64: new host.Global({ value: 'f64', mutable: false }, 666.6),
    table: new host.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new host.Memory({ initial: 1, maximum: 2 }),
    shared_memory: new host.Memory({ initial: 1, maximum: 2, shared: true }),
  };
}
