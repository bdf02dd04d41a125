/**
 * v128 values in registers: four consecutive N slots holding the i32 lanes (little-endian
 * lane order, as in memory). SIMD operations copy operands into scratch vectors with every
 * lane view (`A`, `B`, `C` operands, `R` result), compute there, and copy `R` back.
 */
import { N } from './stack.js';

export class Vec {
  readonly buffer = new ArrayBuffer(16);
  readonly u8 = new Uint8Array(this.buffer);
  readonly i8 = new Int8Array(this.buffer);
  readonly u16 = new Uint16Array(this.buffer);
  readonly i16 = new Int16Array(this.buffer);
  readonly i32 = new Int32Array(this.buffer);
  readonly u32 = new Uint32Array(this.buffer);
  readonly f64 = new Float64Array(this.buffer);
  readonly i64 = new BigInt64Array(this.buffer);
  readonly u64 = new BigUint64Array(this.buffer);

  /** Loads the register at absolute slot `at`. */
  load(at: number): void {
    const lanes = this.i32;
    lanes[0] = N[at]!;
    lanes[1] = N[at + 1]!;
    lanes[2] = N[at + 2]!;
    lanes[3] = N[at + 3]!;
  }

  /** Stores into the register at absolute slot `at`. */
  store(at: number): void {
    const lanes = this.i32;
    N[at] = lanes[0]!;
    N[at + 1] = lanes[1]!;
    N[at + 2] = lanes[2]!;
    N[at + 3] = lanes[3]!;
  }
}

export const A = new Vec();
export const B = new Vec();
export const C = new Vec();
export const R = new Vec();
