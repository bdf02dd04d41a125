/**
 * Value types as small integers for the validator's operand stack. The codes are the
 * binary format's type bytes, so a stack of them fits a `Uint8Array` and comparing two
 * types is one integer compare. `UNKNOWN` is the spec algorithm's bottom type: what an
 * empty stack yields in unreachable code; it matches every type.
 */
import type { FuncType, ValType } from './module.js';

export const UNKNOWN = 0;
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;

const CODE_OF: Record<ValType, number> = {
  i32: I32,
  i64: I64,
  f32: F32,
  f64: F64,
  v128: V128,
  funcref: FUNCREF,
  externref: EXTERNREF,
};

export function typeCode(type: ValType): number {
  return CODE_OF[type];
}

export function typeName(code: number): string {
  switch (code) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case FUNCREF: return 'funcref';
    case EXTERNREF: return 'externref';
    case UNKNOWN: return 'any';
    default: return `type 0x${code.toString(16)}`;
  }
}

/** `[i32 f64]`: a type sequence as the spec writes it. */
export function typeListName(codes: ArrayLike<number>): string {
  const names: string[] = [];
  for (let i = 0; i < codes.length; i++) names.push(typeName(codes[i]!));
  return `[${names.join(' ')}]`;
}

export function isReference(code: number): boolean {
  return code === FUNCREF || code === EXTERNREF;
}

/** Numeric or vector: what untyped `select` accepts. */
export function isNumericOrVector(code: number): boolean {
  return code === I32 || code === I64 || code === F32 || code === F64 || code === V128;
}

export const NO_TYPES: Uint8Array = new Uint8Array(0);

/** One shared one-element sequence per value type, so single-result block types allocate nothing. */
const SINGLE: ReadonlyMap<number, Uint8Array> = new Map(
  [I32, I64, F32, F64, V128, FUNCREF, EXTERNREF].map((code) => [code, Uint8Array.of(code)]),
);

export function singleType(code: number): Uint8Array {
  const seq = SINGLE.get(code);
  if (seq === undefined) throw new Error(`validator: no value type with code ${code}`);
  return seq;
}

export function encodeTypes(types: readonly ValType[]): Uint8Array {
  const codes = new Uint8Array(types.length);
  for (let i = 0; i < types.length; i++) codes[i] = CODE_OF[types[i]!];
  return codes;
}

/** A function type with encoded parameter and result sequences. */
export interface EncodedFuncType {
  params: Uint8Array;
  results: Uint8Array;
}

export function encodeFuncType(type: FuncType): EncodedFuncType {
  return { params: encodeTypes(type.params), results: encodeTypes(type.results) };
}

export function sameTypes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
