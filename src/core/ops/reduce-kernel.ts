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
  const contiguous = contiguousIndex(shape, axes);
  if (contiguous !== null) return contiguous;
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

/** reductionIndex when the reduced axes are consecutive: input [pre, red, post] → output [pre, post]; null otherwise. */
function contiguousIndex(shape: readonly number[], axes: readonly number[]): Int32Array | null {
  const sorted = [...axes].sort((p, q) => p - q);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1] + 1) return null;
  let pre = 1, red = 1, post = 1;
  shape.forEach((d, i) => {
    if (sorted.length > 0 && i < sorted[0]) pre *= d;
    else if (sorted.includes(i)) red *= d;
    else post *= d;
  });
  const index = new Int32Array(pre * red * post);
  let i = 0;
  for (let p = 0, base = 0; p < pre; p++, base += post) {
    for (let r = 0; r < red; r++) for (let q = 0; q < post; q++) index[i++] = base + q;
  }
  return index;
}
