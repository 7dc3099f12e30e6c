import type { FloatArray } from "../dtype.js";
import { stridesOf } from "../shape.js";

/** Shape after reducing `axes` (kept as size 1 when keepDims, removed otherwise). */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/**
 * For each input element, the flat index of the output element it reduces into
 * (output laid out as the keepDims shape). Length = input size.
 */
export function reductionIndex(shape: readonly number[], axes: readonly number[]): Int32Array {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outStrides = stridesOf(kept).map((s, i) => (axes.includes(i) ? 0 : s));
  let size = 1;
  for (const d of shape) size *= d;
  const index = new Int32Array(size);
  const counter = new Array<number>(shape.length).fill(0);
  let o = 0;
  for (let i = 0; i < size; i++) {
    index[i] = o;
    for (let d = shape.length - 1; d >= 0; d--) {
      counter[d]++;
      o += outStrides[d];
      if (counter[d] < shape[d]) break;
      o -= outStrides[d] * shape[d];
      counter[d] = 0;
    }
  }
  return index;
}

/** out[j] = Σ x[i] over the i with index[i] = j (out must be zero-filled by the caller). */
export function scatterSum(x: FloatArray, index: Int32Array, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[index[i]] += x[i];
}
