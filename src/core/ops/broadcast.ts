import type { FloatArray } from "../dtype.js";
import { broadcastStrides, sameShape } from "../shape.js";
import { zeros, type Tensor } from "../tensor.js";
import { reductionIndex, scatterSum } from "./reduce-kernel.js";

/** out[i] = f(a[ia(i)], b[ib(i)]) over the broadcast shape `outShape` (NumPy rules). */
export function broadcastMap(
  a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[],
  out: FloatArray, outShape: readonly number[], f: (x: number, y: number) => number,
): void {
  if (sameShape(aShape, outShape) && sameShape(bShape, outShape)) {
    for (let i = 0; i < out.length; i++) out[i] = f(a[i], b[i]);
    return;
  }
  if (broadcastMap2d(a, aShape, b, bShape, out, outShape, f)) return;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length;
  const counter = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = f(a[ia], b[ib]);
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]++;
      ia += sa[d];
      ib += sb[d];
      if (counter[d] < outShape[d]) break;
      ia -= sa[d] * outShape[d];
      ib -= sb[d] * outShape[d];
      counter[d] = 0;
    }
  }
}

/**
 * How an operand of shape `shape` maps onto the output [R, C] (R = Π out[:k], C = Π out[k:]) for
 * some split k: the element of (r, c) is at rStride·r + cStride·c. Full operands fit every split
 * (k = −1), as do scalars; a row vector [1…, out[k:]] and a column [out[:k], 1…] fix k.
 */
interface Affine2d {
  k: number;
  rStride: number;
  cStride: number;
  kind: "full" | "scalar" | "row" | "col";
}

/** The Affine2d of an operand broadcast to outShape, or null when it is neither full, scalar, a row nor a column block. */
function affine2d(shape: readonly number[], outShape: readonly number[]): Affine2d | null {
  let size = 1;
  for (const d of shape) size *= d;
  if (size === 1) return { k: -1, rStride: 0, cStride: 0, kind: "scalar" };
  if (sameShape(shape, outShape)) return { k: -1, rStride: 0, cStride: 1, kind: "full" };
  const rank = outShape.length;
  const offset = rank - shape.length;
  const own = (i: number): number => (i - offset < 0 ? 1 : shape[i - offset]);
  // broadcast (size-1) axes must form a prefix (row) or a suffix (column) of the non-trivial axes
  let k = 0;
  while (k < rank && (own(k) === 1 || outShape[k] === 1)) k++;
  let rowOk = true;
  for (let i = k; i < rank; i++) if (own(i) !== outShape[i]) rowOk = false;
  if (rowOk && k > 0) return { k, rStride: 0, cStride: 1, kind: "row" };
  k = rank;
  while (k > 0 && (own(k - 1) === 1 || outShape[k - 1] === 1)) k--;
  for (let i = 0; i < k; i++) if (own(i) !== outShape[i]) return null;
  return { k, rStride: 1, cStride: 0, kind: "col" };
}

/** The fast path of broadcastMap for full/scalar/row/column operands; false when the shapes need the general walk. */
function broadcastMap2d(
  a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[],
  out: FloatArray, outShape: readonly number[], f: (x: number, y: number) => number,
): boolean {
  const pa = affine2d(aShape, outShape), pb = affine2d(bShape, outShape);
  if (pa === null || pb === null) return false;
  if (pa.k >= 0 && pb.k >= 0 && pa.k !== pb.k) return false;
  const k = pa.k >= 0 ? pa.k : pb.k >= 0 ? pb.k : 0;
  let cols = 1;
  for (let i = k; i < outShape.length; i++) cols *= outShape[i];
  const rows = cols === 0 ? 0 : out.length / cols;
  const ar = pa.kind === "full" ? cols : pa.rStride, ac = pa.cStride;
  const br = pb.kind === "full" ? cols : pb.rStride, bc = pb.cStride;
  let o = 0;
  for (let r = 0; r < rows; r++) {
    let ia = ar * r, ib = br * r;
    for (let c = 0; c < cols; c++) {
      out[o++] = f(a[ia], b[ib]);
      ia += ac;
      ib += bc;
    }
  }
  return true;
}

/** Σ of a gradient over the axes that broadcasting expanded: [..outShape] → `shape` (a fresh tensor). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const out = zeros(shape, g.dtype);
  if (sameShape(g.shape, shape)) {
    out.data.set(g.data);
    return out;
  }
  const p = affine2d(shape, g.shape);
  if (p !== null && p.kind !== "full") {
    const gd = g.data, od = out.data;
    if (p.kind === "scalar") {
      let t = 0;
      for (let i = 0; i < gd.length; i++) t += gd[i];
      od[0] = t;
      return out;
    }
    let cols = 1;
    for (let i = p.k; i < g.rank; i++) cols *= g.shape[i];
    const rows = cols === 0 ? 0 : gd.length / cols;
    if (p.kind === "row") {
      for (let r = 0; r < rows; r++) for (let c = 0, i = r * cols; c < cols; c++, i++) od[c] += gd[i];
    } else {
      for (let r = 0; r < rows; r++) {
        let t = 0;
        for (let c = 0, i = r * cols; c < cols; c++, i++) t += gd[i];
        od[r] = t;
      }
    }
    return out;
  }
  const offset = g.rank - shape.length;
  const axes: number[] = [];
  g.shape.forEach((d, i) => {
    if (i < offset || (shape[i - offset] === 1 && d !== 1)) axes.push(i);
  });
  scatterSum(g.data, reductionIndex(g.shape, axes), out.data);
  return out;
}
