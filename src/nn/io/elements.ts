import { GradscopeError } from "../../core/errors.js";

/*
 * The element types of safetensors that gradscope reads, and how one element is read from or
 * written to little-endian bytes. Floats wider than float32 stay float64; F16 and BF16 widen
 * exactly to float32; I64 and I32 become JavaScript numbers (for class labels).
 */

/** A safetensors dtype gradscope can read. */
export type ReadableDType = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32";

/** A safetensors dtype gradscope writes: the two float types of its tensors. */
export type WritableDType = "F64" | "F32";

/** One element type: its size in bytes, the array it decodes into, and its little-endian reader. */
interface ElementType {
  bytes: number;
  /** The decoded values are float32 (exact for F32, F16, BF16) or float64 (exact for F64 and integers up to 2^53). */
  decodesTo: "float32" | "float64";
  read(view: DataView, at: number): number;
}

/** float16 bits → value: sign, 5 exponent bits (bias 15), 10 mantissa bits; exponent 0 is subnormal. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

// NOTE: bfloat16 is the upper half of a float32, so widening it is a 16-bit shift.
const bf16Scratch = new DataView(new ArrayBuffer(4));
function bfloat16ToNumber(bits: number): number {
  bf16Scratch.setUint32(0, bits << 16, false);
  return bf16Scratch.getFloat32(0, false);
}

/** The readable element types by safetensors name. */
export const elementTypes: Record<ReadableDType, ElementType> = {
  F64: { bytes: 8, decodesTo: "float64", read: (v, at) => v.getFloat64(at, true) },
  F32: { bytes: 4, decodesTo: "float32", read: (v, at) => v.getFloat32(at, true) },
  F16: { bytes: 2, decodesTo: "float32", read: (v, at) => halfToNumber(v.getUint16(at, true)) },
  BF16: { bytes: 2, decodesTo: "float32", read: (v, at) => bfloat16ToNumber(v.getUint16(at, true)) },
  I64: { bytes: 8, decodesTo: "float64", read: (v, at) => Number(v.getBigInt64(at, true)) },
  I32: { bytes: 4, decodesTo: "float64", read: (v, at) => v.getInt32(at, true) },
};

/** True when `name` is a dtype gradscope can read. */
export function isReadable(name: string): name is ReadableDType {
  return Object.prototype.hasOwnProperty.call(elementTypes, name);
}

/** Writes `values` as little-endian F32 or F64 into `view` from byte `at` (float64 → F32 rounds to nearest). */
export function writeElements(view: DataView, at: number, dtype: WritableDType, values: ArrayLike<number>): void {
  if (dtype === "F64") for (let i = 0; i < values.length; i++) view.setFloat64(at + 8 * i, values[i], true);
  else for (let i = 0; i < values.length; i++) view.setFloat32(at + 4 * i, values[i], true);
}

/**
 * Reads `count` elements of `dtype` from byte `at` into a fresh float32 or float64 array;
 * `name` is the tensor's, for the error on an I64 value beyond ±2^53 (no exact JavaScript number).
 */
export function readElements(view: DataView, at: number, dtype: ReadableDType, count: number, name: string): Float32Array | Float64Array {
  const type = elementTypes[dtype];
  const out = type.decodesTo === "float32" ? new Float32Array(count) : new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = type.read(view, at + type.bytes * i);
  if (dtype === "I64") {
    const bad = out.findIndex((v) => !Number.isSafeInteger(v));
    if (bad >= 0) {
      throw new GradscopeError(`safetensors: tensor "${name}" element ${bad} = ${view.getBigInt64(at + 8 * bad, true)} is beyond ±(2^53 − 1) and has no exact JavaScript number`);
    }
  }
  return out;
}
