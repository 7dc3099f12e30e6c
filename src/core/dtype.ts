/** Element types a tensor can hold: float32 for training, float64 for gradient checks. */
export type DType = "float32" | "float64";

/** The typed array behind a tensor of either dtype. */
export type FloatArray = Float32Array | Float64Array;

/** Bytes per element of a dtype. */
export function bytesPerElement(dtype: DType): number {
  return dtype === "float32" ? 4 : 8;
}

/** A fresh zero-filled typed array of `size` elements on the JavaScript heap. */
export function allocArray(dtype: DType, size: number): FloatArray {
  return dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
}
